"""The builder in the platform's pages: a 党群工作部 cadre creates a survey (blank or from a
template), edits its questions, publishes it; what is refused says why and keeps what was typed."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.core.errors import DomainError
from apps.surveys import services
from apps.surveys.choices import QuestionKind, SurveyStatus
from apps.surveys.models import Invitation, Question, Survey
from apps.surveys.presets import SATISFACTION, THOUGHT

from .factories import answers, make_survey

FMT = "%Y-%m-%dT%H:%M"


def _head(company, **over):
    now = timezone.localtime()
    data = {
        "template": "",
        "title": "班组建设问卷",
        "kind": "other",
        "intro": "",
        "audience": company.units["prod"].pk,
        "opens_at": (now - timedelta(hours=1)).strftime(FMT),
        "closes_at": (now + timedelta(days=3)).strftime(FMT),
    }
    return {**data, **over}


def test_a_cadre_builds_and_publishes_a_survey_on_the_pages(client, login, company):
    login("dangwei")
    assert 'data-testid="create"' in client.get(reverse("surveys:list")).content.decode()
    response = client.post(reverse("surveys:create"), _head(company))
    survey = Survey.objects.get()
    assert response.url == reverse("surveys:detail", args=[survey.pk])
    add = reverse("surveys:question", args=[survey.pk])
    for data in (
        {"text": "班前会效果", "kind": "scale", "required": "on"},
        {"text": "最需要的培训", "kind": "multiple", "options": "安全\n技能\n\n管理\n"},
        {"text": "设施打分", "kind": "matrix", "rows": "更衣室\n休息室", "required": "on"},
        {"text": "建议", "kind": "text"},
    ):
        assert client.post(add, data).status_code == 302
    q = list(survey.questions.all())
    assert [(x.order, x.kind, x.required) for x in q] == [
        (1, "scale", True),
        (2, "multiple", False),
        (3, "matrix", True),
        (4, "text", False),
    ]
    assert (q[1].options, q[2].rows) == (["安全", "技能", "管理"], ["更衣室", "休息室"])
    # Move the matrix up, edit the scale question, delete the text question.
    client.post(reverse("surveys:question_up", args=[survey.pk, q[2].pk]))
    client.post(
        reverse("surveys:question_edit", args=[survey.pk, q[0].pk]),
        {"text": "班前会的效果如何", "kind": "single", "options": "好\n一般\n差", "required": "on"},
    )
    client.post(reverse("surveys:question_delete", args=[survey.pk, q[3].pk]))
    got = [(x.order, x.text, x.kind) for x in survey.questions.all()]
    assert got == [
        (1, "班前会的效果如何", "single"),
        (2, "设施打分", "matrix"),
        (3, "最需要的培训", "multiple"),
    ]
    page = client.get(reverse("surveys:detail", args=[survey.pk])).content.decode()
    assert page.count('data-testid="question"') == 3
    client.post(reverse("surveys:publish", args=[survey.pk]))
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.OPEN
    assert Invitation.objects.filter(survey=survey).count() == 3  # 生产部's three people


@pytest.mark.parametrize(("preset", "flag"), [(SATISFACTION, True), (THOUGHT, False)])
def test_a_survey_from_a_template_has_its_questions(client, login, company, preset, flag):
    login("dangwei")
    client.post(reverse("surveys:create"), _head(company, template=preset.key, title=""))
    survey = Survey.objects.get()
    assert (survey.title, survey.counts_for_satisfaction) == (preset.title, flag)
    assert [q.text for q in survey.questions.all()] == [q.text for q in preset.questions]
    assert survey.questions.filter(kind=QuestionKind.TEXT, required=False).exists()


def test_a_bad_window_is_refused_and_what_was_typed_is_kept(client, login, company):
    login("dangwei")
    now = timezone.localtime()
    data = _head(company, closes_at=(now - timedelta(days=2)).strftime(FMT))
    response = client.post(reverse("surveys:create"), data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "截止时间必须晚于开始时间。" in page
    assert 'value="班组建设问卷"' in page
    assert not Survey.objects.exists()
    no_title = client.post(reverse("surveys:create"), _head(company, title=""))
    assert "请填写标题。" in no_title.content.decode()


def test_an_employee_cannot_build(client, login, company):
    survey = make_survey(company, open_it=False)
    login("zhigong")
    assert 'data-testid="create"' not in client.get(reverse("surveys:list")).content.decode()
    response = client.post(reverse("surveys:create"), _head(company))
    assert response.status_code == 400 and not Survey.objects.exclude(pk=survey.pk).exists()
    assert client.get(reverse("surveys:detail", args=[survey.pk])).status_code == 404
    add = reverse("surveys:question", args=[survey.pk])
    assert client.post(add, {"text": "x", "kind": "scale"}).status_code == 404


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": "食堂", "kind": "single", "options": "好"}, "单选题和多选题至少需要两个选项。"),
        ({"text": "设施", "kind": "matrix", "rows": "\n"}, "矩阵题至少需要一行"),
        ({"text": "食堂", "kind": "single", "options": "好\n好"}, "选项或矩阵行“好”重复了。"),
        ({"text": "", "kind": "scale"}, "请填写题目。"),
    ],
)
def test_a_bad_question_is_refused_on_its_field(client, login, company, data, message):
    survey = make_survey(company, open_it=False)
    login("dangwei")
    before = survey.questions.count()
    response = client.post(reverse("surveys:question", args=[survey.pk]), data)
    page = response.content.decode()
    assert response.status_code == 400 and message in page
    if data["text"]:
        assert f'value="{data["text"]}"' in page
    assert survey.questions.count() == before


def _draft(company, **kw):
    now = timezone.now()
    return services.survey_create(
        actor=company.users["dangwei"],
        title="t",
        kind="other",
        audience=company.units["company"],
        opens_at=kw.get("opens_at", now - timedelta(hours=1)),
        closes_at=kw.get("closes_at", now + timedelta(days=1)),
    )


def _publish_refusal(company, survey) -> str:
    with pytest.raises(DomainError) as e:
        services.survey_open(actor=company.users["dangwei"], survey=survey)
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.DRAFT and not survey.invitations.exists()
    return str(e.value.message)


def test_publishing_checks_questions_choices_and_window(company):
    survey = _draft(company)
    assert _publish_refusal(company, survey) == "问卷还没有题目,不能发布。"
    Question.objects.create(survey=survey, order=1, text="x", kind="single", options=["a"])
    assert _publish_refusal(company, survey) == "第 1 题是选择题,至少需要两个选项。"
    Question.objects.filter(survey=survey).update(kind="matrix", options=[], rows=[])
    assert _publish_refusal(company, survey) == "第 1 题是矩阵题,至少需要一行。"
    Question.objects.filter(survey=survey).update(rows=["食堂"])
    now = timezone.now()
    Survey.objects.filter(pk=survey.pk).update(closes_at=now - timedelta(minutes=1))
    assert _publish_refusal(company, survey) == "截止时间已过,请重新设置答卷时间。"
    Survey.objects.filter(pk=survey.pk).update(closes_at=now + timedelta(days=1))
    assert services.survey_open(actor=company.users["dangwei"], survey=survey).status == "open"


def test_the_audience_may_be_only_party_members(company):
    company.people["tech_worker"].party_membership.delete()  # 陈静 no longer a member
    survey = _draft(company)
    survey.person_kinds = ["party"]
    survey.save()
    services.question_add(actor=company.users["dangwei"], survey=survey, text="x", kind="scale")
    services.survey_open(actor=company.users["dangwei"], survey=survey)
    invited = set(survey.invitations.values_list("person__name", flat=True))
    assert invited == {"王建国", "刘芳"}


def test_questions_cannot_change_after_the_first_answer(client, login, company):
    survey = make_survey(company)
    admin = company.users["dangwei"]
    q = survey.questions.first()
    # Open but unanswered: still editable.
    services.question_update(
        actor=admin, question=q, text="食堂饭菜", kind="single", options=["好", "差"]
    )
    services.answer_submit(actor=company.users["zhigong"], survey=survey, answers=answers(survey))
    for call in (
        lambda: services.question_add(actor=admin, survey=survey, text="y", kind="scale"),
        lambda: services.question_update(actor=admin, question=q, text="z", kind="scale"),
        lambda: services.question_delete(actor=admin, question=q),
        lambda: services.question_move(actor=admin, question=q, up=False),
    ):
        with pytest.raises(DomainError) as e:
            call()
        assert str(e.value.message) == "已有人答卷,不能再修改题目。"
    login("dangwei")
    url = reverse("surveys:question_edit", args=[survey.pk, q.pk])
    response = client.post(url, {"text": "改了", "kind": "scale", "required": "on"})
    assert (
        response.status_code == 400 and "已有人答卷,不能再修改题目。" in response.content.decode()
    )
    q.refresh_from_db()
    assert (q.text, [x.order for x in survey.questions.all()]) == ("食堂饭菜", [1, 2, 3, 4])
    page = client.get(reverse("surveys:detail", args=[survey.pk])).content.decode()
    assert "已有人答卷,题目不能再修改。" in page
    assert reverse("surveys:question_edit", args=[survey.pk, q.pk]) not in page


def test_a_published_surveys_audience_stays(client, login, company):
    survey = make_survey(company)
    login("dangwei")
    data = _head(company, title="新标题")
    response = client.post(reverse("surveys:edit", args=[survey.pk]), data)
    assert "问卷已发布,调查范围和答卷时间不能再修改。" in response.content.decode()
    survey.refresh_from_db()
    assert (survey.title, survey.audience) == ("职工满意度测评", company.units["company"])


def test_a_matrix_is_answered_row_by_row(company):
    survey = _draft(company)
    admin = company.users["dangwei"]
    q = services.question_add(
        actor=admin, survey=survey, text="生活保障", kind="matrix", rows=["食堂", "宿舍"]
    )
    services.survey_open(actor=admin, survey=survey)
    zhigong = company.users["zhigong"]
    for bad in ([4], [4, 6], "4", [4, None]):
        with pytest.raises(DomainError) as e:
            services.answer_submit(actor=zhigong, survey=survey, answers={str(q.pk): bad})
        assert str(e.value.message) == "第 1 题每一行都请打 1 到 5 分。"
    services.answer_submit(actor=zhigong, survey=survey, answers={str(q.pk): ["4", 5]})
    assert survey.responses.get().answers == {str(q.pk): [4, 5]}


def test_a_draft_is_edited_on_its_page(client, login, company):
    survey = make_survey(company, open_it=False)
    login("dangwei")
    url = reverse("surveys:edit", args=[survey.pk])
    page = client.get(url).content.decode()
    assert 'value="职工满意度测评"' in page
    data = _head(company, title="二季度满意度测评", person_kinds=["union"])
    assert client.post(url, data).status_code == 302
    survey.refresh_from_db()
    assert (survey.title, survey.audience, survey.person_kinds) == (
        "二季度满意度测评",
        company.units["prod"],
        ["union"],
    )
