"""Pages: the phone self-check, the reviewer's page, return, rounds and the checklist; bad
input keeps what was typed and never 500s; list pages' query counts do not grow with rows."""

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.orgs.choices import UnitKind
from apps.orgs.testing import add
from apps.standards.choices import ReviewStatus
from apps.standards.models import BranchReview, Checklist, ReviewRound

from .factories import exe_as_pdf, open_round, photo

S = ReviewStatus


def _ids(review):
    rows = {ri.item.title: ri.pk for ri in review.items.select_related("item")}
    return rows["党员活动室标识统一"], rows["三会一课按规定频次召开"], rows["支部委员会配备齐全"]


def test_selfcheck_page_is_a_phone_form(client, login, review1):
    login("shuji")
    html = client.get(f"/standards/reviews/{review1.pk}/selfcheck/").content.decode()
    manual, meetings, committee = _ids(review1)
    assert f'name="score_{manual}"' in html and f'name="files_{manual}"' in html
    assert 'inputmode="decimal"' in html and 'enctype="multipart/form-data"' in html
    assert f'name="score_{committee}"' not in html  # judged by the platform
    assert f'name="score_{meetings}"' in html  # its judge is not registered here


def test_selfcheck_bad_score_keeps_what_was_typed(client, login, review1):
    login("shuji")
    manual, _m, _c = _ids(review1)
    r = client.post(
        f"/standards/reviews/{review1.pk}/selfcheck/",
        {f"score_{manual}": "80", f"note_{manual}": "活动室已挂牌", "action": "save"},
    )
    html = r.content.decode()
    assert r.status_code == 400 and "0 到 50.0 分之间" in html
    assert 'value="80"' in html and "活动室已挂牌" in html


def test_selfcheck_wrong_upload_type(client, login, review1):
    login("shuji")
    manual, _m, _c = _ids(review1)
    r = client.post(
        f"/standards/reviews/{review1.pk}/selfcheck/",
        {f"score_{manual}": "50", f"files_{manual}": exe_as_pdf(), "action": "save"},
    )
    assert r.status_code == 400 and 'data-testid="item-error"' in r.content.decode()


def test_selfcheck_save_and_submit(client, login, review1):
    login("shuji")
    manual, meetings, _c = _ids(review1)
    url = f"/standards/reviews/{review1.pk}/selfcheck/"
    r = client.post(url, {f"score_{manual}": "50", f"score_{meetings}": "30", "action": "save"})
    assert r.status_code == 302 and r.url == url
    r = client.post(url, {f"score_{manual}": "50", f"score_{meetings}": "30", "action": "submit"})
    assert r.status_code == 400 and "须上传佐证材料" in r.content.decode()
    r = client.post(
        url,
        {
            f"score_{manual}": "50",
            f"score_{meetings}": "30",
            f"files_{manual}": photo(),
            "action": "submit",
        },
    )
    assert r.status_code == 302
    review1.refresh_from_db()
    assert review1.status == S.SUBMITTED
    assert client.get(url).status_code == 302  # submitted: back to the review


def _submit(client, review):
    manual, meetings, _c = _ids(review)
    client.post(
        f"/standards/reviews/{review.pk}/selfcheck/",
        {
            f"score_{manual}": "50",
            f"score_{meetings}": "30",
            f"files_{manual}": photo(),
            "action": "submit",
        },
    )


def test_score_page(client, login, review1):
    login("dangwei")
    r = client.get(f"/standards/reviews/{review1.pk}/score/")
    assert r.status_code == 302  # not submitted yet
    login("shuji")
    _submit(client, review1)
    login("dangwei")
    manual, meetings, _c = _ids(review1)
    url = f"/standards/reviews/{review1.pk}/score/"
    page = client.get(url).content.decode()
    assert f'id="score_{manual}" name="score_{manual}" value="50.0"' in page  # the self-score
    r = client.post(url, {f"score_{manual}": "45", f"score_{meetings}": "30", "action": "save"})
    assert r.status_code == 400 and "扣分时须写明扣分理由" in r.content.decode()
    assert 'value="45"' in r.content.decode()
    r = client.post(
        url,
        {
            f"score_{manual}": "45",
            f"reason_{manual}": "照片不清晰",
            f"score_{meetings}": "30",
            "comment": "整体较好",
            "action": "finalize",
        },
    )
    assert r.status_code == 302
    review1.refresh_from_db()
    assert review1.status == S.FINALIZED and str(review1.score) == "85.0" and not review1.passed
    html = client.get(f"/standards/reviews/{review1.pk}/").content.decode()
    assert "照片不清晰" in html and "整体较好" in html


def test_return_page(client, login, review1):
    login("shuji")
    _submit(client, review1)
    login("dangwei")
    url = f"/standards/reviews/{review1.pk}/return/"
    assert client.post(url, {"comment": ""}).status_code == 400
    assert client.post(url, {"comment": "请补充照片"}).status_code == 302
    review1.refresh_from_db()
    assert review1.status == S.RETURNED
    r = client.post(url, {"comment": "再次退回"})
    assert r.status_code == 400 and "只有已提交自查的支部才能退回" in r.content.decode()


def test_secretary_cannot_score(client, login, review1):
    login("shuji")
    assert client.get(f"/standards/reviews/{review1.pk}/score/").status_code == 403


def test_round_create_page(client, company, login, checklist):
    login("dangwei")
    assert client.get("/standards/rounds/new/").status_code == 200
    today = timezone.localdate()
    data = {
        "checklist": checklist.pk,
        "unit": company.units["party"].pk,
        "title": "三月检查",
        "period_start": f"{checklist.year}-03-31",
        "period_end": f"{checklist.year}-03-01",
        "deadline": (today + timedelta(days=5)).isoformat(),
    }
    r = client.post("/standards/rounds/new/", data)
    assert r.status_code == 400 and "考核期起不能晚于考核期止" in r.content.decode()
    assert "三月检查" in r.content.decode()
    data["period_start"], data["period_end"] = data["period_end"], data["period_start"]
    r = client.post("/standards/rounds/new/", data)
    assert r.status_code == 302 and ReviewRound.objects.get().reviews.count() == 2
    login("shuji")
    assert client.get("/standards/rounds/new/").status_code == 403


def test_round_list_and_close(client, login, rnd):
    login("dangwei")
    html = client.get("/standards/rounds/").content.decode()
    assert rnd.title in html
    assert client.post(f"/standards/rounds/{rnd.pk}/close/").status_code == 302
    rnd.refresh_from_db()
    assert rnd.status == "closed"


def test_checklist_page_and_copy(client, login, checklist):
    login("shuji")
    html = client.get("/standards/checklist/").content.decode()
    assert "党员活动室标识统一" in html and "判定规则未启用" in html  # meetings judge absent
    assert client.post("/standards/checklist/", {"to_year": checklist.year + 1}).status_code == 403
    login("dangwei")
    r = client.post("/standards/checklist/", {"to_year": checklist.year + 1})
    assert r.status_code == 302 and Checklist.objects.filter(year=checklist.year + 1).exists()
    r = client.post("/standards/checklist/", {"to_year": checklist.year + 1})
    assert r.status_code == 400 and "已存在" in r.content.decode()
    assert client.get("/standards/checklist/?year=abc").status_code == 200


def test_overview_shows_my_self_checks(client, login, rnd):
    login("shuji")
    html = client.get("/standards/").content.decode()
    assert 'data-testid="my-selfchecks"' in html and "生产一支部" in html


def test_empty_states(client, login, checklist):
    login("dangwei")
    for url in ("/standards/", "/standards/reviews/", "/standards/rounds/"):
        html = client.get(url).content.decode()
        assert 'data-testid="empty"' in html, url


def test_bad_filters_do_not_fail(client, login, rnd):
    login("dangwei")
    for q in ("?round=abc", "?status=bogus", "?unit=99999", "?year=x&unit=y", "?page=999"):
        assert client.get("/standards/reviews/" + q).status_code == 200, q
        assert client.get("/standards/" + q).status_code == 200, q


@pytest.mark.parametrize("extra", [0, 10])
def test_list_query_counts_do_not_grow(
    client, company, login, checklist, extra, django_assert_max_num_queries
):
    for i in range(extra):
        add(company.units["gb"], name=f"生产{i + 4}支部", kind=UnitKind.BRANCH, code=f"P-X{i}")
    open_round(company, checklist)
    assert BranchReview.objects.count() == 2 + extra
    login("dangwei")
    review = BranchReview.objects.first()
    for url, most in (
        ("/standards/reviews/", 17),
        ("/api/v1/standards/reviews", 12),
        ("/api/v1/standards/rounds", 12),
        ("/standards/rounds/", 16),
        ("/standards/", 19),
        (f"/standards/reviews/{review.pk}/", 16),
        (f"/standards/branches/{review.branch_id}/", 15),
    ):
        with django_assert_max_num_queries(most):
            assert client.get(url).status_code == 200, url


def test_admin_edits_the_checklist_and_copies_a_year(client, company, checklist):
    company.users["admin"].is_staff = company.users["admin"].is_superuser = True
    company.users["admin"].save()
    client.force_login(company.users["admin"])
    assert client.get(f"/admin/standards/checklist/{checklist.pk}/change/").status_code == 200
    r = client.post(
        "/admin/standards/checklist/",
        {"action": "copy_to_next_year", "_selected_action": [checklist.pk]},
    )
    assert r.status_code == 302
    assert Checklist.objects.get(year=checklist.year + 1).items.count() == 4
