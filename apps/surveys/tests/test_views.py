from types import SimpleNamespace

from django.urls import reverse

from apps.surveys import services
from apps.surveys.models import Invitation, Response

from .factories import add_prod_people, answers, make_survey


def _post(survey, single="0", multiple=("0",), scale="4", text=""):
    q = list(survey.questions.all())
    return {
        f"q_{q[0].pk}": single,
        f"q_{q[1].pk}": list(multiple),
        f"q_{q[2].pk}": scale,
        f"q_{q[3].pk}": text,
    }


def test_an_employee_answers_on_the_page(client, login, company):
    survey = make_survey(company)
    login("zhigong")
    mine = client.get(reverse("surveys:mine"))
    assert survey.title in mine.content.decode()
    url = reverse("surveys:answer", args=[survey.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, _post(survey))
    assert response.status_code == 302
    assert Response.objects.count() == 1
    assert "sessionid" not in response.cookies  # the submit leaves no trace in the session
    assert survey.title not in client.get(reverse("surveys:mine")).content.decode()
    again = client.get(url).content.decode()
    assert 'data-testid="answered"' in again


def test_a_refused_answer_stays_on_the_page_with_its_message(client, login, company):
    survey = make_survey(company)
    login("zhigong")
    url = reverse("surveys:answer", args=[survey.pk])
    response = client.post(url, _post(survey, scale=""))
    assert response.status_code == 400
    assert "第 3 题为必答题,请作答。" in response.content.decode()
    assert not Response.objects.exists()


def test_out_of_scope_is_404(client, login, company):
    survey = make_survey(company, audience="prod")
    login("norole")
    assert client.get(reverse("surveys:answer", args=[survey.pk])).status_code == 404
    login("zhigong")
    assert client.get(reverse("surveys:results", args=[survey.pk])).status_code == 404


def test_the_list_shows_the_response_rate_in_a_fixed_number_of_queries(
    client, login, company, django_assert_max_num_queries
):
    first = make_survey(company)
    services.answer_submit(actor=company.users["zhigong"], survey=first, answers=answers(first))
    login("dangwei")
    client.get(reverse("surveys:list"))
    with django_assert_max_num_queries(20) as one:
        page = client.get(reverse("surveys:list")).content.decode()
    assert "1 / 6" in page
    for _ in range(3):
        make_survey(company)
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get(reverse("surveys:list")).content.decode()
    assert page.count('data-testid="survey-row"') == 4
    login("zhigong")
    assert 'data-testid="survey-row"' not in client.get(reverse("surveys:list")).content.decode()


def test_the_results_page_draws_each_question(client, login, company):
    add_prod_people(company, 5)
    survey = make_survey(company)
    for invitation in Invitation.objects.filter(survey=survey)[:5]:
        services.answer_submit(
            actor=SimpleNamespace(person_id=invitation.person_id),
            survey=survey,
            answers=answers(survey),
        )
    login("dangwei")
    page = client.get(reverse("surveys:results", args=[survey.pk])).content.decode()
    assert page.count("data-chart=") == 3  # single, multiple, scale; text has < 5 answers
    assert "已答 5 / 应答 11" in page


def test_the_admin_publishes_through_the_service(client, login, company):
    from apps.surveys.choices import SurveyStatus

    survey = make_survey(company, open_it=False)
    login("admin")
    company.users["admin"].is_staff = True
    company.users["admin"].is_superuser = True
    company.users["admin"].save()
    url = reverse("admin:surveys_survey_changelist")
    client.post(url, {"action": "publish", "_selected_action": [survey.pk]})
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.OPEN
    assert Invitation.objects.filter(survey=survey).count() == 6


def test_a_matrix_is_answered_on_the_page(client, login, company):
    survey = make_survey(company, open_it=False)
    admin = company.users["dangwei"]
    matrix = services.question_add(
        actor=admin, survey=survey, text="生活保障", kind="matrix", rows=["食堂", "宿舍"]
    )
    services.survey_open(actor=admin, survey=survey)
    login("zhigong")
    url = reverse("surveys:answer", args=[survey.pk])
    page = client.get(url).content.decode()
    assert "食堂" in page and "宿舍" in page
    half = {**_post(survey), f"q_{matrix.pk}_0": "4"}
    refused = client.post(url, half)
    assert refused.status_code == 400
    assert "第 5 题每一行都请打 1 到 5 分。" in refused.content.decode()
    assert client.post(url, {**half, f"q_{matrix.pk}_1": "5"}).status_code == 302
    assert Response.objects.get().answers[str(matrix.pk)] == [4, 5]


def test_the_builder_page_reads_in_a_fixed_number_of_queries(
    client, login, company, django_assert_max_num_queries
):
    survey = make_survey(company, open_it=False)
    login("dangwei")
    url = reverse("surveys:detail", args=[survey.pk])
    client.get(url)
    with django_assert_max_num_queries(30) as one:
        client.get(url)
    for n in range(6):
        services.question_add(
            actor=company.users["dangwei"], survey=survey, text=f"题{n}", kind="scale"
        )
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get(url).content.decode()
    assert page.count('data-testid="question"') == 10
