"""Pages: lists, the session page with last session's items, one step per screen, the ledger
export; bad input keeps what was typed and never 500s; rich text shown inert."""

import io
from datetime import timedelta

import openpyxl
import pytest
from django.utils import timezone

from apps.collab import services
from apps.collab.choices import ActionStatus
from apps.collab.models import ActionItem, AgendaTopic, Resolution
from apps.supervision.models import SupervisedItem

from .factories import make_item, make_session


def test_menu_and_lists(client, login, body, session):
    login("dangwei")
    home = client.get("/").content.decode()
    assert "/collab/" in home
    page = client.get("/collab/").content.decode()
    assert "党群工作联席会议" in page and 'data-testid="new-meeting"' in page
    assert "第 1 次会议" in client.get("/collab/sessions/").content.decode()
    assert "第 1 次会议" in client.get(f"/collab/{body.pk}/").content.decode()


def test_empty_states_say_what_to_do(client, login):
    login("dangwei")
    assert "设立联席会议" in client.get("/collab/").content.decode()
    login("bumen")
    assert "还没有参加联席会议" in client.get("/collab/").content.decode()
    assert "分解为督办事项" in client.get("/collab/actions/").content.decode()


def test_set_up_a_body_through_the_pages(client, company, login):
    login("dangwei")
    r = client.post(
        "/collab/new/",
        {"name": "党群工作联席会议", "convener": company.units["party"].pk, "cadence": "monthly"},
    )
    pk = int(r["Location"].strip("/").split("/")[-1])
    r = client.post(
        f"/collab/{pk}/members/add/",
        {"unit": company.units["prod"].pk, "line": "production", "person": "10002"},
    )
    assert r.status_code == 302
    r = client.post(
        f"/collab/{pk}/members/add/",
        {"unit": company.units["tech"].pk, "line": "technology", "person": "99999"},
    )
    assert r.status_code == 400 and "没有工号为" in r.content.decode()
    held = (timezone.localtime() + timedelta(days=5)).strftime("%Y-%m-%dT%H:%M")
    r = client.post(f"/collab/{pk}/sessions/new/", {"held_at": held, "place": "党员活动室"})
    assert r.status_code == 302 and "/collab/sessions/" in r["Location"]


def test_session_page_opens_with_last_session_s_items(client, company, login, body):
    first = make_session(company, body, days=1)
    item = make_item(company, first, title="夏季送清凉慰问一线职工")
    second = make_session(company, body, days=30)
    login("bumen")
    page = client.get(f"/collab/sessions/{second.pk}/").content.decode()
    carried = page[page.index('data-testid="carried"') :]
    carried = carried[: carried.index('id="agenda"')]
    assert "上次会议督办事项" in page and "夏季送清凉慰问一线职工" in carried
    assert item.get_status_display() in carried
    first_page = client.get(f"/collab/sessions/{first.pk}/").content.decode()
    assert "这是本联席会议的第一次会议" in first_page


def test_topic_form_refuses_after_cutoff_and_keeps_the_text(client, company, login, session):
    login("bumen")
    assert client.get(f"/collab/sessions/{session.pk}/topics/new/").status_code == 200
    session.topic_deadline = timezone.now() - timedelta(minutes=1)
    session.save()
    r = client.post(
        f"/collab/sessions/{session.pk}/topics/new/",
        {"unit": company.units["prod"].pk, "title": "职工急难愁盼问题解决情况"},
    )
    html = r.content.decode()
    assert r.status_code == 400 and "截止" in html and "职工急难愁盼问题解决情况" in html
    assert not AgendaTopic.objects.exists()


def test_agenda_reordering_with_htmx(client, company, login, session):
    a = services.topic_submit(
        actor=company.users["bumen"], session=session, unit=company.units["prod"], title="甲议题"
    )
    b = services.topic_submit(
        actor=company.users["bumen"], session=session, unit=company.units["prod"], title="乙议题"
    )
    login("bumen")
    assert client.post(f"/collab/topics/{b.pk}/move/", {"dir": "up"}).status_code == 403
    login("dangwei")
    r = client.post(f"/collab/topics/{b.pk}/move/", {"dir": "up"}, headers={"HX-Request": "true"})
    html = r.content.decode()
    assert (
        r.status_code == 200 and "<html" not in html and html.index("乙议题") < html.index("甲议题")
    )
    r = client.post(f"/collab/topics/{a.pk}/move/", {"dir": "up"})
    assert r.status_code == 302
    assert list(AgendaTopic.objects.values_list("title", flat=True)) == ["甲议题", "乙议题"]


def test_attendance_page(client, company, login, session):
    login("dangwei")
    prod, tech = (m.pk for m in session.meeting.members.order_by("sort"))
    r = client.post(
        f"/collab/sessions/{session.pk}/attendance/",
        {f"presence_{prod}": "stand_in", f"stand_in_{prod}": "", f"presence_{tech}": "present"},
    )
    assert r.status_code == 400 and "委托参会须填写参会人姓名" in r.content.decode()
    r = client.post(
        f"/collab/sessions/{session.pk}/attendance/",
        {f"presence_{prod}": "stand_in", f"stand_in_{prod}": "周强", f"presence_{tech}": "present"},
    )
    assert r.status_code == 302
    assert "委托参会:周强" in client.get(f"/collab/sessions/{session.pk}/").content.decode()


def test_minutes_with_script_are_stored_clean_and_shown_inert(client, login, session):
    login("dangwei")
    r = client.get(f"/collab/sessions/{session.pk}/minutes/")
    assert "trix" in r.content.decode()
    r = client.post(
        f"/collab/sessions/{session.pk}/minutes/",
        {
            "minutes": '<p>研究部署<img src=x onerror="alert(1)"><script>alert(2)</script></p>',
            "publish": "1",
        },
    )
    assert r.status_code == 302
    session.refresh_from_db()
    assert "onerror" not in session.minutes and "<script" not in session.minutes
    page = client.get(f"/collab/sessions/{session.pk}/").content.decode()
    assert "研究部署" in page and "onerror" not in page and "alert(2)" not in page


def test_convener_turns_a_resolution_into_action_items(client, company, login, session):
    login("dangwei")
    r = client.post(f"/collab/sessions/{session.pk}/resolutions/new/", {"text": "开展青年创新创效"})
    resolution = Resolution.objects.get()
    assert r["Location"] == f"/collab/resolutions/{resolution.pk}/actions/new/"
    url = r["Location"]
    form = {
        "title": "组织青年创新创效成果发布",
        "expected_result": "成果 10 项以上",
        "owner_unit": "",
        "owner_person": "",
        "due_at": "",
    }
    r = client.post(url, form)
    html = r.content.decode()
    assert r.status_code == 400 and "请指定责任单位" in html and "组织青年创新创效成果发布" in html
    past = (timezone.localdate() - timedelta(days=1)).isoformat()
    form.update(owner_unit=company.units["prod"].pk, owner_person="10002", due_at=past)
    r = client.post(url, form)
    assert r.status_code == 400 and "不能早于当前时间" in r.content.decode()
    form["due_at"] = (timezone.localdate() + timedelta(days=20)).isoformat()
    r = client.post(url, {**form, "another": "1"})
    assert r["Location"] == url
    item = ActionItem.objects.get()
    assert SupervisedItem.objects.get(kind="action_item").object_id == item.pk
    page = client.get(f"/collab/sessions/{session.pk}/").content.decode()
    assert "组织青年创新创效成果发布" in page


def test_owner_reports_and_convener_decides(client, company, login, session):
    item = make_item(company, session)
    login("bumen")
    detail = client.get(f"/collab/actions/{item.pk}/").content.decode()
    assert "报送进展" in detail and "同意办结" not in detail
    r = client.post(f"/collab/actions/{item.pk}/progress/", {"note": "方案初稿已完成"})
    assert r.status_code == 302
    r = client.post(f"/collab/actions/{item.pk}/request/", {"note": ""})
    assert r.status_code == 400
    client.post(f"/collab/actions/{item.pk}/request/", {"note": "方案已印发"})
    assert client.get(f"/collab/actions/{item.pk}/accept/").status_code == 403
    login("dangwei")
    detail = client.get(f"/collab/actions/{item.pk}/").content.decode()
    assert "同意办结" in detail and "方案初稿已完成" in detail
    client.post(f"/collab/actions/{item.pk}/return/", {"reason": "缺少班组分解表"})
    item.refresh_from_db()
    assert item.status == ActionStatus.OPEN
    services.action_request_close(actor=company.users["bumen"], item=item, note="已补充")
    client.post(f"/collab/actions/{item.pk}/accept/", {"note": "同意"})
    item.refresh_from_db()
    assert item.status == ActionStatus.CLOSED


def test_the_supervision_view_shows_action_items_beside_the_other_kinds(
    client, company, login, session
):
    from apps.hazards import services as hazard_services

    make_item(company, session, title="隐患排查治理情况通报整改")
    hazard = hazard_services.hazard_report(
        actor=company.users["zhigong"], place="运行一班配电室", description="电缆破损"
    )
    hazard_services.hazard_confirm(
        actor=company.users["dangwei"], hazard=hazard, owner_unit=company.units["prod"]
    )
    login("dangwei")
    page = client.get("/supervision/").content.decode()
    assert "联席会议督办事项" in page and "隐患整改" in page
    assert "隐患排查治理情况通报整改" in page and "运行一班配电室" in page
    only = client.get("/supervision/?kind=action_item").content.decode()
    assert "隐患排查治理情况通报整改" in only and "运行一班配电室" not in only


def test_ledger_export(client, company, login, session):
    make_item(company, session, title="重点订单交付保障")
    login("dangwei")
    r = client.get("/collab/actions/export/?state=open")
    assert r["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = openpyxl.load_workbook(io.BytesIO(b"".join(r.streaming_content))).active
    rows = list(ws.values)
    assert rows[0][:5] == ("编号", "联席会议", "会次", "会议日期", "督办事项")
    assert rows[1][4] == "重点订单交付保障" and rows[1][6] == "生产部"
    login("norole")
    r = client.get("/collab/actions/export/")
    assert (
        len(list(openpyxl.load_workbook(io.BytesIO(b"".join(r.streaming_content))).active.values))
        == 1
    )


def test_bad_ids_and_filters_do_not_500(client, login, session):
    login("dangwei")
    assert client.get("/collab/sessions/?year=abc&meeting=x&status=zz").status_code == 200
    assert client.get("/collab/actions/?state=nope&owner_unit=999999").status_code == 200
    assert client.get("/collab/resolutions/999999/actions/new/").status_code == 404
    assert client.post("/collab/topics/999999/move/").status_code == 404


@pytest.mark.parametrize(
    "url", ["/collab/", "/collab/sessions/", "/collab/actions/", "/collab/{body}/"]
)
def test_list_query_counts_do_not_grow(
    client, company, login, body, url, django_assert_max_num_queries
):
    login("dangwei")
    url = url.format(body=body.pk)

    def count():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx)

    make_item(company, make_session(company, body))
    small = count()
    for days in (30, 60, 90):
        s = make_session(company, body, days=days)
        make_item(company, s)
        make_item(company, s, title="第二项")
    with django_assert_max_num_queries(small):
        assert client.get(url).status_code == 200


def test_session_page_query_count(client, company, login, body, django_assert_max_num_queries):
    first = make_session(company, body, days=1)
    for n in range(4):
        make_item(company, first, title=f"事项{n}")
    second = make_session(company, body, days=30)
    for n in range(4):
        make_item(company, second, title=f"新事项{n}")
    login("dangwei")
    with django_assert_max_num_queries(30):
        assert client.get(f"/collab/sessions/{second.pk}/").status_code == 200
