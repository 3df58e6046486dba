"""The pages: record a talk (bad input keeps what was typed), the lists with their filters and a
constant number of queries, the detail's one-click conversions, coverage and counts."""

import io
from datetime import date, timedelta

import openpyxl
import pytest
from django.utils import timezone

from apps.appeals.models import Appeal
from apps.talks.models import ConcernTag, Talk

from .factories import record, team_leader
from .test_indicators import talks  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


def _form(company, **changes):
    data = {
        "person": "10003 张伟",
        "day": "2026-03-02",
        "kind": "hardship",
        "place": "dorm",
        "state": "attention",
        "tags": [ConcernTag.objects.get(name="家庭困难").pk],
        "concern_note": "父亲住院,请假照顾",
        "summary": "到宿舍看望,了解到家里老人住院,经济压力大。",
        "follow_up": "下周再去看望",
    }
    data.update(changes)
    return data


def test_record_a_talk(client, login, company):
    login("shuji")
    page = client.get("/talks/new/").content.decode()
    assert '<option value="10003 张伟">' in page  # the picker offers the people of the scope
    assert "陈静" not in page
    response = client.post("/talks/new/", _form(company))
    talk = Talk.objects.get()
    assert response.status_code == 302 and response.url == f"/talks/{talk.pk}/"
    assert (talk.person, talk.kind, talk.place, talk.state) == (
        company.people["zhigong"],
        "hardship",
        "dorm",
        "attention",
    )
    assert talk.concerns.get().note == "父亲住院,请假照顾"


def test_a_person_picked_by_name_alone(client, login, company):
    login("shuji")
    assert client.post("/talks/new/", _form(company, person="张伟")).status_code == 302
    assert Talk.objects.get().person == company.people["zhigong"]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"person": "10005"}, "不在您的谈心谈话范围内"),
        ({"person": ""}, "请选择谈话对象"),
        ({"person": "99999"}, "没有找到"),
        ({"day": (timezone.localdate() + timedelta(days=1)).isoformat()}, "不能晚于今天"),
    ],
)
def test_bad_input_is_refused_keeping_what_was_typed(client, login, company, changes, message):
    login("shuji")
    response = client.post("/talks/new/", _form(company, **changes))
    body = response.content.decode()
    assert response.status_code == 400
    assert message in body
    assert "到宿舍看望" in body  # the summary is still there
    assert Talk.objects.count() == 0


def test_a_line_manager_cannot_open_the_form_and_lands_on_the_counts(client, company):
    client.force_login(team_leader(company))
    assert client.get("/talks/new/").status_code == 403
    response = client.get("/talks/")
    assert response.status_code == 302 and response.url == "/talks/counts/"


def test_list_filters(client, login, company, talks):  # noqa: F811
    login("shuji")
    rows = lambda q: client.get("/talks/" + q).context["page"].paginator.count  # noqa: E731
    assert rows("") == 3  # the secretary's three; the party admin's talks are outside 生产部
    assert rows("?state=wavering") == 1
    assert rows(f"?tag={ConcernTag.objects.get(name='薪酬待遇').pk}") == 1
    assert rows("?start=2026-02-01&end=2026-02-28") == 1
    assert rows(f"?unit={company.units['team1'].pk}") == 1
    assert rows("?kind=mood") == 0
    login("dangwei")
    assert rows("") == 5
    assert rows("?mine=true") == 2


def _sheet(response) -> list[tuple]:
    assert response.status_code == 200, response
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return list(book.active.values)


def test_the_export_holds_what_the_user_reads_with_the_filters(client, login, company, talks):  # noqa: F811
    login("shuji")
    page = client.get("/talks/?state=wavering")
    assert 'href="/talks/export/?state=wavering"' in page.content.decode()
    rows = _sheet(client.get("/talks/export/?state=wavering"))
    assert rows[0][:2] == ("谈话日期", "谈话对象") and len(rows) == 2  # the header and one talk
    assert rows[1][6] == "波动"
    assert len(_sheet(client.get("/talks/export/"))) == 1 + 3  # not the party admin's talks
    login("dangwei")
    assert len(_sheet(client.get("/talks/export/"))) == 1 + 5


def test_a_line_manager_gets_no_content_export(client, company, talks):  # noqa: F811
    client.force_login(team_leader(company))
    assert client.get("/talks/export/").status_code == 403


def test_the_not_yet_reached_list_exports_names_only(client, login, company):
    record(company, day=timezone.localdate())
    client.force_login(team_leader(company))  # a line manager reads who is missing, too
    page = client.get("/talks/coverage/")
    missing = {p.name for p in page.context["page"].paginator.object_list}
    assert "/talks/coverage/export/" in page.content.decode()
    rows = _sheet(client.get("/talks/coverage/export/"))
    assert rows[0] == ("工号", "姓名", "部门", "班组")
    assert {r[1] for r in rows[1:]} == missing
    assert company.people["zhigong"].name not in missing  # talked with this cycle


def test_the_list_page_runs_a_constant_number_of_queries(
    client, login, company, django_assert_max_num_queries
):
    login("dangwei")
    record(company, tags=["食堂住宿"])
    with django_assert_max_num_queries(30) as few:
        client.get("/talks/")
    for i in range(6):
        record(company, who="bumen", day=date(2026, 1, 1 + i), tags=["薪酬待遇", "其他"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get("/talks/").context["page"].paginator.count == 7


def test_concern_to_appeal_in_one_click_shows_the_link(client, login, company):
    login("shuji")
    talk = record(company, tags=["食堂住宿"])
    concern = talk.concerns.get()
    response = client.post(f"/talks/{talk.pk}/concerns/{concern.pk}/appeal/")
    assert response.status_code == 302
    appeal = Appeal.objects.get()
    page = client.get(f"/talks/{talk.pk}/").content.decode()
    assert f"/appeals/{appeal.pk}/" in page
    client.post(f"/talks/{talk.pk}/concerns/{concern.pk}/appeal/")  # twice: refused
    assert Appeal.objects.count() == 1
    # The appeal names the talk it came from, to a reader of the talk; a line manager who
    # may read the appeal does not learn of the talk.
    page = client.get(f"/appeals/{appeal.pk}/").content.decode()
    assert 'data-testid="from-talk"' in page and f"/talks/{talk.pk}/" in page
    login("bumen")
    response = client.get(f"/appeals/{appeal.pk}/")
    assert f"/talks/{talk.pk}/" not in response.content.decode()


def test_the_talks_steps_are_on_its_timeline(client, login, company):
    login("shuji")
    talk = record(company, tags=["食堂住宿", "家庭困难"])
    food, family = (talk.concerns.get(tag__name=n) for n in ("食堂住宿", "家庭困难"))
    client.post(f"/talks/{talk.pk}/concerns/{food.pk}/appeal/")
    client.post(f"/talks/{talk.pk}/concerns/{family.pk}/follow/")
    client.post(f"/talks/{talk.pk}/concerns/{family.pk}/close/")
    rows = client.get(f"/talks/{talk.pk}/").context["timeline"]
    assert [(str(r["action"]), r["note"].split(":")[0]) for r in rows] == [
        ("记录谈话", ""),
        ("反映问题", "食堂住宿"),  # in the order they were picked
        ("反映问题", "家庭困难"),
        ("转为诉求", "食堂住宿"),
        ("列入督办", "家庭困难"),
        ("督办办结", "家庭困难"),
    ]
    assert rows[0]["actor"] == "王建国"
    assert rows[3]["note"].endswith(Appeal.objects.get().number)  # the appeal it became
    login("tech_shuji")  # another scope: neither the talk nor its steps
    assert client.get(f"/talks/{talk.pk}/").status_code == 404


def test_the_workbench_offers_talks_to_a_cadre_only(client, login, company):
    login("shuji")
    assert 'href="/talks/"' in client.get("/").content.decode()
    login("zhigong")
    assert 'href="/talks/"' not in client.get("/").content.decode()


def test_another_scope_cannot_act_on_a_concern(client, login, company):
    talk = record(company, tags=["食堂住宿"])
    login("tech_shuji")
    url = f"/talks/{talk.pk}/concerns/{talk.concerns.get().pk}/appeal/"
    assert client.post(url).status_code == 404
    assert Appeal.objects.count() == 0


def test_coverage_page(client, login, company, talks, django_assert_max_num_queries):  # noqa: F811
    login("dangwei")
    with django_assert_max_num_queries(30):
        page = client.get("/talks/coverage/?start=2026-01-01&end=2026-03-31")
    ctx = page.context
    by_unit = {r["unit"].name: (r["reached"], r["people"], r["rate"]) for r in ctx["rows"]}
    assert by_unit["生产部"] == (2, 3, 66.7)
    assert by_unit["技术部"] == (0, 1, 0.0)
    missing = {p.name for p in ctx["page"].object_list}
    assert missing == {"王建国", "刘芳", "陈静"}
    narrowed = client.get(
        f"/talks/coverage/?start=2026-01-01&end=2026-03-31&unit={company.units['prod'].pk}"
    )
    assert {p.name for p in narrowed.context["page"].object_list} == {"王建国"}


def test_coverage_defaults_to_the_current_cycle(client, login, company):
    login("dangwei")
    ctx = client.get("/talks/coverage/").context
    today = timezone.localdate()
    assert ctx["start"] == date(today.year, (today.month - 1) // 3 * 3 + 1, 1)


def test_the_cycle_follows_the_settings(company):
    from apps.talks.models import TalkPolicy
    from apps.talks.selectors import current_cycle, cycle_of

    assert cycle_of(date(2026, 11, 20), 3) == (date(2026, 10, 1), date(2026, 12, 31))
    assert cycle_of(date(2026, 2, 10), 1) == (date(2026, 2, 1), date(2026, 2, 28))
    assert cycle_of(date(2026, 8, 1), 6) == (date(2026, 7, 1), date(2026, 12, 31))
    TalkPolicy.objects.create(months_per_cycle=12)
    assert current_cycle(date(2026, 5, 5)) == (date(2026, 1, 1), date(2026, 12, 31))


def test_the_reports_list_runs_a_constant_number_of_queries(
    client, login, company, django_assert_max_num_queries
):
    from apps.talks.models import MoodReport

    login("dangwei")
    MoodReport.objects.create(unit=company.units["branch1"], year=2026, quarter=1, analysis="x")
    with django_assert_max_num_queries(30) as few:
        client.get("/talks/reports/")
    for q in (2, 3):
        for key in ("branch1", "branch2", "gb"):
            MoodReport.objects.create(unit=company.units[key], year=2026, quarter=q, analysis="x")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get("/talks/reports/").context["page"].paginator.count == 7


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_page_renders(client, login, company, talks, language):  # noqa: F811
    from apps.talks.models import MoodReport

    client.cookies["django_language"] = language
    report = MoodReport.objects.create(
        unit=company.units["branch1"], year=2026, quarter=1, analysis="x", figures={}
    )
    talk = Talk.objects.filter(talker=company.users["dangwei"]).first()
    login("dangwei")
    for url in (
        "/talks/?mine=true",
        f"/talks/{talk.pk}/",
        "/talks/new/",
        "/talks/coverage/",
        "/talks/counts/",
        "/talks/reports/",
        f"/talks/reports/{report.pk}/",
        f"/talks/reports/{report.pk}/score/",
    ):
        assert client.get(url).status_code == 200, url
    if language == "en":
        assert "Record a talk" in client.get("/talks/new/").content.decode()


def test_out_of_range_filters_are_ignored_or_refused_never_a_500(client, login, company):
    login("dangwei")
    huge = "9" * 30
    for url in (
        f"/talks/coverage/?unit={huge}&start=nonsense",
        f"/talks/counts/?unit={huge}",
        f"/talks/?unit={huge}&tag={huge}",
        f"/talks/reports/?year={huge}&unit={huge}",
    ):
        assert client.get(url).status_code == 200, url
    assert client.get(f"/api/v1/talks/reports?year={huge}").status_code == 422
    assert client.get(f"/api/v1/talks?unit={huge}").status_code == 422


def test_the_party_admin_sets_the_cycle(client, login, company):
    from apps.talks.models import TalkPolicy

    login("shuji")
    assert client.get("/talks/settings/").status_code == 403
    login("dangwei")
    assert client.post("/talks/settings/", {"months_per_cycle": "5"}).status_code == 400
    response = client.post("/talks/settings/", {"months_per_cycle": "1"})
    assert response.status_code == 302
    assert TalkPolicy.current().months_per_cycle == 1
    ctx = client.get("/talks/coverage/").context
    assert ctx["start"].day == 1 and ctx["start"].month == ctx["end"].month
