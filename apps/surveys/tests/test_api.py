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
