from datetime import timedelta
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from apps.core import charts
from apps.core.forms import (
    Step,
    action_step,
    attempt,
    bound,
    form_call,
    form_step,
    record_step,
)
from apps.core.lists import xlsx_attachment
from apps.core.middleware import no_session_write
from apps.core.pagination import paginate
from apps.core.scope import reaches
from apps.core.timeline import timeline_rows
from apps.orgs.scope import units_reached

from . import selectors, services
from .choices import SurveyStatus
from .exports import results_workbook
from .forms import AnswerForm, CrosstabForm, QuestionForm, SurveyForm
from .models import Survey


@login_required
def survey_mine(request):
    """The surveys waiting for the user's answer: one phone-first page of big cards."""
    return render(
        request,
        "surveys/mine.html",
        {
            "surveys": selectors.surveys_to_answer(user=request.user),
            "manages": Survey.objects.managed_by(request.user).exists(),
        },
    )


@login_required
@no_session_write(methods=("POST",))
def survey_answer(request, pk: int):
    survey = selectors.survey_get(user=request.user, pk=pk)
    questions = list(survey.questions.all())
    form = bound(request, AnswerForm, questions=questions)

    def submit(data):
        services.answer_submit(actor=request.user, survey=survey, answers=form.answers())
        return reverse("surveys:mine")

    return form_step(
        request,
        form,
        handler=submit,
        template="surveys/answer.html",
        context={
            "survey": survey,
            "title": survey.title,
            "intro": survey.intro,
            "invitation": selectors.invitation_of(user=request.user, survey=survey),
        },
        success=_("已提交,感谢您的参与。答卷不记录您的姓名。"),
    )


@login_required
def survey_list(request):
    """The surveys of the units the cadre reaches, with each one's response rate."""
    rows = selectors.surveys_managed(user=request.user)
    return render(
        request,
        "surveys/list.html",
        {
            "page": paginate(rows, request.GET.get("page")),
            "can_create": units_reached(request.user).exists(),
        },
    )


# --- the builder ------------------------------------------------------------------------------


def _manages(user, survey) -> bool:
    return reaches(user, survey.audience)


def _survey_fields(data: dict) -> dict:
    return {k: v for k, v in data.items() if k != "template"}


STEPS = {
    "edit": Step(
        SurveyForm,
        allowed=_manages,
        title=gettext_lazy("修改问卷"),
        intro=gettext_lazy("发布后调查范围和答卷时间不能再改。"),
        form_kwargs=lambda user, survey: {
            "user": user,
            "creating": False,
            "initial": {
                **{f: getattr(survey, f) for f in SurveyForm.base_fields if f != "template"},
                "opens_at": timezone.localtime(survey.opens_at),
                "closes_at": timezone.localtime(survey.closes_at),
            },
        },
        call=lambda user, survey, data: services.survey_update(
            actor=user, survey=survey, **_survey_fields(data)
        ),
        success=gettext_lazy("问卷已保存。"),
    ),
    "question": Step(
        QuestionForm,
        allowed=_manages,
        title=gettext_lazy("添加题目"),
        intro=gettext_lazy("有人答卷后不能再修改题目。"),
        service=services.question_add,
        success=gettext_lazy("题目已添加。"),
    ),
}


@login_required
def survey_create(request):
    """A new draft: blank, or with a template's questions; then its builder page."""
    form = bound(request, SurveyForm, user=request.user, creating=True, initial=_new_window())

    def create(data):
        survey = services.survey_create(actor=request.user, **data)
        return reverse("surveys:detail", args=[survey.pk])

    return form_step(
        request,
        form,
        handler=create,
        template="surveys/form.html",
        context={"title": _("新建问卷"), "back": reverse("surveys:list")},
        success=_("问卷已创建,请检查题目后发布。"),
    )


def _new_window() -> dict:
    start = timezone.localtime().replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    return {"opens_at": start, "closes_at": start + timedelta(days=7)}


@login_required
def survey_detail(request, pk: int):
    """The builder: the survey's head, its questions with their edit, move and delete buttons,
    and the publish / close / remind buttons."""
    survey = selectors.survey_managed_get(user=request.user, pk=pk)
    counts = selectors.survey_counts(survey)
    return render(
        request,
        "surveys/detail.html",
        {
            "survey": survey,
            "questions": list(survey.questions.all()),
            "counts": counts,
            "editable": survey.status != SurveyStatus.CLOSED and not counts["responses"],
            "timeline": timeline_rows(survey),
        },
    )


@login_required
def survey_step(request, pk: int, step: str):
    survey = selectors.survey_managed_get(user=request.user, pk=pk)
    return record_step(
        request,
        survey,
        STEPS[step],
        record_kw="survey",
        back=reverse("surveys:detail", args=[survey.pk]),
        template="surveys/form.html",
        context={"survey": survey, "back": reverse("surveys:detail", args=[survey.pk])},
    )


@login_required
def question_edit(request, pk: int, question_pk: int):
    survey = selectors.survey_managed_get(user=request.user, pk=pk)
    question = selectors.question_get(survey=survey, pk=question_pk)
    form = bound(request, QuestionForm, question=question)
    back = reverse("surveys:detail", args=[survey.pk])

    def save(data):
        services.question_update(actor=request.user, question=question, **data)
        return back

    return form_step(
        request,
        form,
        handler=save,
        template="surveys/form.html",
        context={"title": _("修改题目"), "survey": survey, "back": back},
        success=_("题目已保存。"),
    )


QUESTION_ACTIONS = {
    "up": (partial(services.question_move, up=True), None),
    "down": (partial(services.question_move, up=False), None),
    "delete": (services.question_delete, gettext_lazy("题目已删除。")),
}


@login_required
@require_POST
def question_action(request, pk: int, question_pk: int, action: str):
    survey = selectors.survey_managed_get(user=request.user, pk=pk)
    question = selectors.question_get(survey=survey, pk=question_pk)
    service, success = QUESTION_ACTIONS[action]
    back = reverse("surveys:detail", args=[survey.pk]) + f"#q-{question.pk}"
    return action_step(
        request,
        handler=lambda: service(actor=request.user, question=question) or back,
        success=success,
        back=back,
    )


SURVEY_ACTIONS = {
    "publish": (services.survey_open, gettext_lazy("问卷已发布,调查范围内的职工已收到答卷邀请。")),
    "close": (services.survey_close, gettext_lazy("问卷已结束。")),
}


@login_required
@require_POST
def survey_action(request, pk: int, action: str):
    survey = selectors.survey_managed_get(user=request.user, pk=pk)
    back = reverse("surveys:detail", args=[survey.pk])
    if action == "remind":
        asked, refusal = attempt(
            request, lambda: services.survey_remind(actor=request.user, survey=survey)
        )
        if refusal is None:
            messages.success(
                request,
                _("已提醒 %(n)d 位尚未答卷的职工(今天已提醒过的不再重复)。") % {"n": asked},
            )
        return redirect(back)
    service, success = SURVEY_ACTIONS[action]
    return action_step(
        request,
        handler=lambda: service(actor=request.user, survey=survey) and back,
        success=success,
        back=back,
    )


def _question_chart(q) -> dict | None:
    """A choice or scale question's counts as bars; a matrix's rows as stacked 1–5 bars."""
    if q.rows:
        series = [
            {"name": _("%(s)d 分") % {"s": s}, "data": [row.counts[i] for row in q.rows]}
            for i, s in enumerate(selectors.SCALE)
        ]
        return charts.bars([row.text for row in q.rows], series, stacked=True, horizontal=True)
    if q.counts:
        names = [name for name, _count in q.counts]
        data = [count for _name, count in q.counts]
        return charts.bars(names, [{"name": _("人数"), "data": data, "colour": charts.BLUE}])
    return None


@login_required
def survey_results(request, pk: int):
    """Charts per question, by unit, a cross-tab of two questions (`?rows=&columns=`) and the
    keywords of the open answers; every group under `min_group` answers hidden."""
    survey = selectors.survey_managed_get(user=request.user, pk=pk)
    results = selectors.survey_results(user=request.user, survey=survey)
    rows = [(q, f"sv-q{q.question.pk}", _question_chart(q)) for q in results.questions]
    crossable = selectors.crossable(survey)
    asked = request.GET if "rows" in request.GET or "columns" in request.GET else None
    cross_form = CrosstabForm(asked, questions=crossable)
    crosstab = None
    if cross_form.is_bound and cross_form.is_valid():
        crosstab, _refusal = form_call(
            cross_form,
            lambda: selectors.survey_crosstab(
                user=request.user, survey=survey, **cross_form.cleaned_data
            ),
        )
    keywords = [] if results.hidden else selectors.survey_keywords(user=request.user, survey=survey)
    keyword_chart = None
    if keywords:
        words = [w for w, _n in reversed(keywords)]
        counts = [n for _w, n in reversed(keywords)]
        keyword_chart = charts.bars(
            words,
            [{"name": _("出现次数"), "data": counts, "colour": charts.ORANGE}],
            horizontal=True,
        )
    return render(
        request,
        "surveys/results.html",
        {
            "survey": survey,
            "results": results,
            "rows": rows,
            "scored": [q for q in results.questions if q.question.kind in selectors.SCORED_KINDS],
            "cross_form": cross_form if len(crossable) > 1 else None,
            "crosstab": crosstab,
            "keywords": keywords,
            "keyword_chart": keyword_chart,
        },
        status=400 if cross_form.errors else 200,
    )


@login_required
def survey_export(request, pk: int):
    """The results as a workbook: the same figures as the page, the same groups hidden, and
    nothing that names a person."""
    survey = selectors.survey_managed_get(user=request.user, pk=pk)
    results = selectors.survey_results(user=request.user, survey=survey)
    keywords = [] if results.hidden else selectors.survey_keywords(user=request.user, survey=survey)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return xlsx_attachment(
        results_workbook(results, keywords),
        filename=f"{_('问卷结果')}-{survey.title}-{stamp}.xlsx",
        ascii_name=f"survey-{survey.pk}-{stamp}.xlsx",
    )
