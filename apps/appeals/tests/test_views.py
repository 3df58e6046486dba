"""The pages: submit (named and anonymous), the ledger with filters, counts, export and print,
the workflow pages, the receipt page, and query counts that do not grow with the rows."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from apps.appeals import receipts
from apps.appeals.models import Appeal, Category

from .factories import accepted, answered, png, receipt_from, run_batch, submit

pytestmark = pytest.mark.django_db


def _form(**kw):
    data = {
        "category": Category.objects.get(name="交通出行").pk,
        "title": "通勤班车取消",
        "description": "三号线班车取消后,早班职工没有车可坐。",
        "urgency": "normal",
    }
    data.update(kw)
    return data


def test_employee_sees_my_appeals_and_a_big_button(client, login, company):
    login("zhigong")
    submit(company)
    response = client.get(reverse("appeals:list"))
    body = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="new-appeal"' in body and "食堂晚班没有热饭" in body
    assert 'data-testid="ledger"' not in body


def test_named_submit_lands_on_the_submitted_page(client, login):
    """Every submit, named or anonymous, lands on the same page (see test_anonymity.py)."""
    login("zhigong")
    response = client.post(reverse("appeals:create"), {**_form(), "files": [png()]})
    appeal = Appeal.objects.get()
    assert response.status_code == 302 and response.url.startswith(reverse("appeals:submitted"))
    assert appeal.submitter.name == "张伟" and not appeal.anonymous
    page = client.get(response.url).content.decode()
    assert "您的诉求已提交" in page and "?mine=1" in page
    page = client.get(reverse("appeals:detail", args=[appeal.pk])).content.decode()
    assert "通勤班车取消" in page and 'data-testid="attachments"' in page


def test_anonymous_submit_shows_the_code_once(client, login):
    """The code travels in the redirect's fragment, which the browser keeps to itself: the
    server renders the same page for everyone and keeps the code nowhere."""
    login("zhigong")
    response = client.post(reverse("appeals:create"), _form(anonymous="on"))
    assert response.status_code == 302 and response.url.startswith(reverse("appeals:submitted"))
    code = receipt_from(response)
    assert receipts.well_formed(code)
    assert code not in str(client.session.items())
    page = client.get(response.url.split("#")[0])
    body = page.content.decode()
    assert code not in body and 'data-testid="receipt-code"' in body
    assert "appeals/submitted.js" in body
    assert page["Cache-Control"].startswith("max-age=0") or "no-cache" in page["Cache-Control"]


@pytest.mark.parametrize(
    "bad, field",
    [
        ({"title": ""}, "请填写标题"),
        ({"description": "长" * 2001}, "诉求内容不能超过"),
        ({"description": "短"}, "诉求内容至少需要"),
        ({"files": [SimpleUploadedFile("x.pdf", b"not a pdf")]}, "文件内容与扩展名"),
        ({"category": ""}, "请选择诉求类别"),
    ],
)
def test_bad_input_keeps_what_was_typed(client, login, bad, field):
    login("zhigong")
    data = _form(**bad)
    data.setdefault("title", "通勤班车取消")
    response = client.post(reverse("appeals:create"), data)
    body = response.content.decode()
    assert response.status_code == 400
    assert field in body
    if bad.get("title", None) != "":
        assert "通勤班车取消" in body
    assert not Appeal.all_objects.exists()


def test_ledger_filters_counts_and_sorts(client, login, company):
    a1, _ = accepted(company)
    a2, _ = submit(company, title="宿舍热水器坏了")
    answered(company)
    login("dangwei")
    response = client.get(reverse("appeals:list"))
    assert response.status_code == 200
    counts = response.context["counts"]
    assert counts["total"] == 3 and counts["submitted"] == 1 and counts["handling"] == 1
    assert counts["answered"] == 1
    response = client.get(reverse("appeals:list"), {"status": "submitted"})
    rows = response.context["page"].object_list
    assert [a.pk for a in rows] == [a2.pk]
    assert response.context["counts"]["total"] == 3  # counts ignore the status filter
    response = client.get(reverse("appeals:list"), {"q": a1.number})
    assert [a.pk for a in response.context["page"].object_list] == [a1.pk]
    response = client.get(reverse("appeals:list"), {"unit": company.units["prod"].pk})
    assert len(response.context["page"].object_list) == 2
    response = client.get(reverse("appeals:list"), {"owner_no": "10002"})
    assert len(response.context["page"].object_list) == 2  # 李明 owns the accepted ones
    response = client.get(reverse("appeals:list"), {"ordering": "due_at", "status": "bogus"})
    assert response.status_code == 200  # an invalid filter is ignored with a notice


def test_overdue_filter(client, login, company):
    from datetime import timedelta

    from django.utils import timezone

    from .factories import NOW

    late, _ = accepted(company, now=NOW - timedelta(days=60))
    accepted(company, now=timezone.now())
    login("dangwei")
    response = client.get(reverse("appeals:list"), {"overdue": "true"})
    assert [a.pk for a in response.context["page"].object_list] == [late.pk]


def test_ledger_query_count_does_not_grow(client, login, company, django_assert_max_num_queries):
    login("dangwei")
    for _ in range(3):
        accepted(company)
    with django_assert_max_num_queries(20) as small:
        client.get(reverse("appeals:list"))
    for _ in range(25):
        accepted(company)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(reverse("appeals:list"))
    assert len(response.context["page"].object_list) == 25


def test_export_has_the_ledger_columns(client, login, company):
    appeal, _ = answered(company)
    submit(company, title="别的部门", who="zhigong")
    login("dangwei")
    response = client.get(reverse("appeals:export"), {"status": "answered"})
    assert response.status_code == 200
    ws = load_workbook(BytesIO(b"".join(response.streaming_content))).active
    assert ws.column_dimensions["D"].width == 60  # 诉求内容 is wide enough to read
    rows = list(ws.values)
    assert list(rows[0]) == [
        "编号",
        "受理日期",
        "类别",
        "诉求内容",
        "责任单位",
        "责任人",
        "办结时限",
        "状态",
        "办结日期",
        "是否按期",
        "满意度",
    ]
    assert len(rows) == 2
    assert rows[1][0] == appeal.number and rows[1][4] == "生产部" and rows[1][9] == "按期"


def test_export_and_print_are_for_cadres_only(client, login, company):
    login("zhigong")
    assert client.get(reverse("appeals:export")).status_code == 404
    assert client.get(reverse("appeals:print")).status_code == 404
    assert client.get(reverse("appeals:figures")).status_code == 404


def test_print_view(client, login, company):
    answered(company)
    login("dangwei")
    response = client.get(reverse("appeals:print"), {"status": "answered"})
    body = response.content.decode()
    assert response.status_code == 200 and 'data-testid="print-table"' in body
    assert "食堂晚班没有热饭" in body and "<script src" in body and "<script>" not in body
    assert "状态:已答复" in body


def test_workflow_through_the_pages(client, company):
    appeal, _ = submit(company)
    client.force_login(company.users["dangwei"])
    url = reverse("appeals:action", args=[appeal.pk, "accept"])
    response = client.post(
        url, {"owner_unit": company.units["prod"].pk, "due_at": "2001-01-01T09:00"}
    )
    assert response.status_code == 400 and "办结时限不能早于当前时间" in response.content.decode()
    response = client.post(url, {"owner_unit": company.units["prod"].pk, "owner_no": "10002"})
    assert response.status_code == 302
    appeal.refresh_from_db()
    assert appeal.status == "handling" and appeal.owner_person == company.people["bumen"]

    client.force_login(company.users["bumen"])
    detail = client.get(reverse("appeals:detail", args=[appeal.pk])).content.decode()
    assert 'data-action="resolve"' in detail
    url = reverse("appeals:action", args=[appeal.pk, "note"])
    assert client.post(url, {"text": "已约谈食堂经理"}).status_code == 302
    url = reverse("appeals:action", args=[appeal.pk, "resolve"])
    assert client.post(url, {"text": ""}).status_code == 400
    assert client.post(url, {"text": "延长供餐到22点"}).status_code == 302

    client.force_login(company.users["zhigong"])
    detail = client.get(reverse("appeals:detail", args=[appeal.pk])).content.decode()
    assert "延长供餐到22点" in detail
    assert "已约谈食堂经理" not in detail  # progress notes are internal
    url = reverse("appeals:action", args=[appeal.pk, "rate"])
    assert client.post(url, {"rating": "7"}).status_code == 400
    assert client.post(url, {"rating": "5", "comment": "满意"}).status_code == 302
    appeal.refresh_from_db()
    assert appeal.status == "closed" and appeal.rating == 5
    # a step the state no longer allows just goes back to the appeal
    response = client.get(reverse("appeals:action", args=[appeal.pk, "reopen"]))
    assert response.status_code == 302


def test_reassign_reply_and_add_info_pages(client, company):
    appeal, _ = accepted(company)
    client.force_login(company.users["dangwei"])
    url = reverse("appeals:action", args=[appeal.pk, "reassign"])
    data = {"owner_unit": company.units["safety"].pk, "reason": "属安全部职责"}
    assert client.post(url, data).status_code == 302
    appeal.refresh_from_db()
    assert appeal.owner_unit == company.units["safety"] and appeal.owner_person is None
    assert appeal.events.get(action="reassigned").note == "属安全部职责"

    client.force_login(company.users["zhigong"])
    url = reverse("appeals:action", args=[appeal.pk, "add_info"])
    assert client.post(url, {"text": "晚班有 40 人", "files": [png("现场.png")]}).status_code == 302
    assert appeal.events.get(action="info_added").note == "晚班有 40 人"
    url = reverse("appeals:action", args=[appeal.pk, "reply"])
    assert client.post(url, {"text": "我来答复"}).status_code == 403  # not the owner


def test_someone_else_cannot_rate_through_the_page(client, company):
    appeal, _ = answered(company)
    client.force_login(company.users["bumen"])
    url = reverse("appeals:action", args=[appeal.pk, "rate"])
    assert client.get(url).status_code == 403
    assert client.post(url, {"rating": "5"}).status_code == 403


def test_merge_and_decline_pages(client, company):
    original, _ = submit(company, title="原诉求")
    dup, _ = submit(company)
    other, _ = submit(company, title="第三件")
    client.force_login(company.users["dangwei"])
    url = reverse("appeals:action", args=[dup.pk, "merge"])
    assert client.post(url, {"original": "SQ2026-999999"}).status_code == 400
    assert client.post(url, {"original": original.number}).status_code == 302
    dup.refresh_from_db()
    assert dup.merged_into == original
    url = reverse("appeals:action", args=[other.pk, "decline"])
    assert client.post(url, {"reason": ""}).status_code == 400
    assert client.post(url, {"reason": "不属于诉求范围"}).status_code == 302


def test_receipt_page_rate_and_reopen(client, company):
    appeal, code = answered(company, anonymous=True)
    url = reverse("appeals:receipt")
    response = client.post(url, {"code": code})
    body = response.content.decode()
    assert 'data-testid="receipt-rate"' in body and 'data-testid="receipt-reopen"' in body
    response = client.post(url, {"code": code, "do": "reopen", "reopen-reason": "没解决"})
    assert response.status_code == 200
    assert 'data-testid="notice"' in response.content.decode()  # queued for the next batch
    assert 'data-testid="pending"' in response.content.decode()
    appeal.refresh_from_db()
    assert appeal.status == "answered"
    run_batch(timezone.now())
    appeal.refresh_from_db()
    assert appeal.status == "handling" and appeal.reopen_count == 1
    response = client.post(url, {"code": code})
    assert 'data-testid="receipt-reopen"' not in response.content.decode()
    response = client.post(url, {"code": code, "do": "rate", "rate-rating": "5"})
    assert response.status_code == 200  # not answered now: the rate form is not offered
    assert "当前状态下不能" in response.content.decode()
    run_batch(timezone.now())
    appeal.refresh_from_db()
    assert appeal.rating is None


def test_the_timeline_names_staff_and_never_the_anonymous_submitter(client, company):
    """One timeline (components/timeline.html): staff by their name at the time, the state
    each step moved the appeal to, the step's details; the submitter as 提交人 / 匿名提交人."""
    appeal, _ = answered(company)
    client.force_login(company.users["dangwei"])
    body = client.get(reverse("appeals:detail", args=[appeal.pk])).content.decode()
    timeline = body[body.index('data-testid="timeline"') :]
    assert company.users["dangwei"].display_name in timeline  # accepted it
    assert "待受理 → 办理中" in timeline and "办理中 → 已答复" in timeline
    assert "责任单位:生产部" in timeline and ">提交人<" in timeline
    assert company.users["zhigong"].display_name not in timeline

    anonymous, code = answered(company, anonymous=True)
    body = client.post(reverse("appeals:receipt"), {"code": code}).content.decode()
    timeline = body[body.index('data-testid="timeline"') :]
    assert ">匿名提交人<" in timeline and "已协调食堂延长供餐至22点" in timeline
    assert company.users["zhigong"].display_name not in timeline
    assert anonymous.events.get(action="submitted").actor_name == ""


def test_figures_page(client, login, company):
    answered(company)
    login("dangwei")
    response = client.get(
        reverse("appeals:figures"), {"received_from": "2026-01-01", "received_to": "2026-12-31"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert 'data-chart="ap-chart-month"' in body and 'id="ap-chart-month"' in body
    month = response.context["charts"]["month"]["series"]
    assert [s["name"] for s in month] == ["受理", "办结"] and month[0]["data"] == [1]
    assert month[0]["links"][0].startswith("/appeals/?received_from=2026-")
    assert response.context["data"]["totals"]["received"] == 1
    assert "/appeals/?received_from=2026-01-01&amp;received_to=2026-12-31&amp;done=true" in body


def test_the_ledger_draws_each_appeal_once_for_the_phone_and_the_pc(client, login, company):
    a, _ = submit(company, title="食堂饭菜太咸")
    login("dangwei")
    body = client.get(reverse("appeals:list")).content.decode()
    # One table serves both widths (its rows are cards under 768 px): no second set of rows.
    assert body.count("食堂饭菜太咸") == 1 and body.count(a.number) == 1
    assert "tx-cardrows" in body and 'class="tx-card-title"' in body
