"""The API: the same selectors and services as the pages."""

from apps.surveys.models import Response

from .factories import answers, make_survey

API = "/api/v1/surveys"


def test_an_employee_answers_through_the_api(client, company):
    survey = make_survey(company)
    client.force_login(company.users["zhigong"])
    mine = client.get(f"{API}?mine=true").json()
    assert [s["id"] for s in mine["items"]] == [survey.pk]
    detail = client.get(f"{API}/{survey.pk}").json()
    assert [q["kind"] for q in detail["questions"]] == ["single", "multiple", "scale", "text"]

    bad = client.post(
        f"{API}/{survey.pk}/answer",
        {"answers": answers(survey, scale=9)},
        content_type="application/json",
    )
    assert bad.status_code == 400
    assert bad.json()["detail"]["message"] == "第 3 题请打 1 到 5 分。"

    ok = client.post(
        f"{API}/{survey.pk}/answer", {"answers": answers(survey)}, content_type="application/json"
    )
    assert ok.status_code == 201, ok.content
    assert "sessionid" not in ok.cookies
    again = client.post(
        f"{API}/{survey.pk}/answer", {"answers": answers(survey)}, content_type="application/json"
    )
    assert (again.status_code, again.json()["detail"]["code"]) == (409, "survey_already_answered")
    assert Response.objects.count() == 1
    assert client.get(f"{API}/{survey.pk}/results").status_code == 404


def test_the_cadres_list_and_results(client, company):
    survey = make_survey(company)
    client.force_login(company.users["dangwei"])
    page = client.get(API).json()
    assert page["count"] == 1
    assert (page["items"][0]["invited"], page["items"][0]["answered"]) == (6, 0)
    results = client.get(f"{API}/{survey.pk}/results").json()
    assert (results["responses"], results["hidden"], results["questions"]) == (0, True, [])
    prod = make_survey(company, audience="prod")
    client.force_login(company.users["norole"])  # 安全部: invited to the first, not to 生产部's
    assert client.get(f"{API}/{survey.pk}").status_code == 200
    assert client.get(f"{API}/{prod.pk}").status_code == 404


def _json(client, method, url, data=None):
    return getattr(client, method)(url, data or {}, content_type="application/json")


def test_a_cadre_builds_a_survey_through_the_api(
    client, company, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.utils import timezone

    client.force_login(company.users["dangwei"])
    assert [t["key"] for t in client.get(f"{API}/templates").json()] == ["satisfaction", "thought"]
    now = timezone.now()
    head = {
        "audience_id": company.units["prod"].pk,
        "opens_at": (now - timedelta(hours=1)).isoformat(),
        "closes_at": (now - timedelta(hours=2)).isoformat(),
    }
    bad = _json(client, "post", API, {**head, "title": "班组问卷"})
    assert (bad.status_code, bad.json()["detail"]["field"]) == (400, "closes_at")
    unknown = _json(client, "post", API, {**head, "title": "x", "audience_id": 999_999})
    assert (unknown.status_code, unknown.json()["detail"]["field"]) == (422, "audience_id")
    head["closes_at"] = (now + timedelta(days=3)).isoformat()
    made = _json(client, "post", API, {**head, "template": "thought"})
    assert made.status_code == 201, made.content
    survey = made.json()
    assert (survey["title"], survey["kind"], survey["status"]) == (
        "职工思想动态调查",
        "thought",
        "draft",
    )
    url = f"{API}/{survey['id']}"
    few = _json(
        client, "post", f"{url}/questions", {"text": "x", "kind": "single", "options": ["a"]}
    )
    assert few.json()["detail"]["message"] == "单选题和多选题至少需要两个选项。"
    matrix = {"text": "设施", "kind": "matrix", "rows": ["更衣室", "休息室"]}
    added = _json(client, "post", f"{url}/questions", matrix).json()["questions"]
    last = added[-1]
    assert (last["kind"], last["rows"], last["order"]) == (
        "matrix",
        ["更衣室", "休息室"],
        len(added),
    )
    moved = _json(client, "post", f"{url}/questions/{last['id']}/move", {"up": True}).json()
    assert moved["questions"][-2]["id"] == last["id"]
    kept = _json(client, "delete", f"{url}/questions/{added[0]['id']}").json()["questions"]
    assert [q["order"] for q in kept] == list(range(1, len(added)))
    assert _json(client, "post", f"{url}/publish").json()["status"] == "open"
    with django_capture_on_commit_callbacks(execute=True):
        assert _json(client, "post", f"{url}/remind").json() == {"reminded": 3}
        assert _json(client, "post", f"{url}/remind").json() == {"reminded": 3}
    from apps.core.models import Notification

    assert Notification.objects.filter(dedupe_key__startswith="survey:").count() == 3
    client.force_login(company.users["zhigong"])
    assert _json(client, "post", f"{url}/close").status_code == 404
    assert _json(client, "post", API, {**head, "title": "x"}).status_code == 403


def test_crosstab_and_keywords_through_the_api(client, company):
    from types import SimpleNamespace

    from apps.surveys import services

    from .factories import add_prod_people

    people = add_prod_people(company, 10)
    survey = make_survey(company)
    for n, person in enumerate(people):
        services.answer_submit(
            actor=SimpleNamespace(person_id=person.pk),
            survey=survey,
            answers=answers(survey, single=0, scale=5 if n % 2 else 4, text="食堂饭菜太贵"),
        )
    client.force_login(company.users["dangwei"])
    q = [x.pk for x in survey.questions.all()]
    tab = client.get(f"{API}/{survey.pk}/crosstab", {"rows": q[0], "columns": q[2]}).json()
    # 好 × 4 分 = 5 and 好 × 5 分 = 5; the rest of 好 and all of 差 (nobody) are 0, hidden.
    assert tab["cells"] == [[None, None, None, 5, 5], [None] * 5]
    same = client.get(f"{API}/{survey.pk}/crosstab", {"rows": q[0], "columns": q[0]})
    assert same.status_code == 400
    words = client.get(f"{API}/{survey.pk}/keywords").json()
    assert {"word": "食堂", "count": 10} in words
    client.force_login(company.users["zhigong"])
    assert client.get(f"{API}/{survey.pk}/keywords").status_code == 404
