"""In-app notifications: sent after commit, deduplicated, counted in the header, marked read."""

from apps.core.models import Notification
from apps.core.services import notify


def test_notify_sends_only_after_commit(company, django_capture_on_commit_callbacks):
    zhigong = company.users["zhigong"]
    with django_capture_on_commit_callbacks(execute=True):
        notify(users=[zhigong], title="会议通知", body="周五下午支部党员大会")
        assert not Notification.objects.exists()  # nothing before the commit
    assert Notification.objects.get(user=zhigong).title == "会议通知"


def test_notify_is_dropped_when_the_transaction_rolls_back(
    company, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify(users=[company.users["zhigong"]], title="不会发出")
    assert len(callbacks) == 1  # queued for the commit, never run here
    assert not Notification.objects.exists()


def test_dedupe_key_makes_a_second_run_send_nothing(company, django_capture_on_commit_callbacks):
    users = [company.users["zhigong"], company.users["bumen"]]
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            notify(users=users, title="诉求即将到期", dedupe_key="appeal:7:due")
    assert Notification.objects.count() == 2
    with django_capture_on_commit_callbacks(execute=True):
        notify(users=users, title="诉求即将到期", dedupe_key="appeal:8:due")
    assert Notification.objects.count() == 4


def test_without_dedupe_key_each_call_sends(company, django_capture_on_commit_callbacks):
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            notify(users=[company.users["zhigong"]], title="学习提醒")
    assert Notification.objects.count() == 2


def test_notify_nobody_is_harmless(company, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notify(users=[], title="x")
    assert callbacks == []


def make(user, title="通知", **kw):
    return Notification.objects.create(user=user, title=title, **kw)


def test_unread_count_in_the_header(client, login):
    user = login("zhigong")
    make(user)
    make(user)
    make(user, read_at="2025-01-01T00:00:00+08:00")
    html = client.get("/").content.decode()
    assert 'data-testid="unread">2<' in html


def test_no_badge_when_all_read(client, login):
    login("zhigong")
    assert 'data-testid="unread"' not in client.get("/").content.decode()


def test_notification_list_shows_mine_only(client, login, company):
    user = login("zhigong")
    make(user, title="我的通知")
    make(company.users["bumen"], title="别人的通知")
    html = client.get("/notifications/").content.decode()
    assert "我的通知" in html and "别人的通知" not in html
    unread = client.get("/notifications/", {"unread": "1"}).context["page"]
    assert [n.title for n in unread] == ["我的通知"]


def test_mark_one_read(client, login):
    user = login("zhigong")
    a, b = make(user, title="a"), make(user, title="b")
    response = client.post("/notifications/read/", {"id": a.pk, "next": "/notifications/"})
    assert response.status_code == 302 and response.url == "/notifications/"
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.read_at is not None and b.read_at is None


def test_mark_all_read(client, login):
    user = login("zhigong")
    for i in range(3):
        make(user, title=str(i))
    client.post("/notifications/read/")
    assert not Notification.objects.filter(user=user, read_at__isnull=True).exists()


def test_cannot_mark_someone_elses_notification(client, login, company):
    login("zhigong")
    theirs = make(company.users["bumen"], title="别人的")
    client.post("/notifications/read/", {"id": theirs.pk})
    client.post("/notifications/read/")  # "all" means all of mine
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_read_refuses_offsite_next_and_junk_ids(client, login):
    login("zhigong")
    response = client.post("/notifications/read/", {"id": "abc", "next": "https://evil.example/"})
    assert response.status_code == 302
    assert response.url == "/notifications/"
    assert client.post("/notifications/read/", {"next": "//evil.example"}).url == "/notifications/"


def test_mark_read_needs_post(client, login):
    login("zhigong")
    assert client.get("/notifications/read/").status_code == 405
