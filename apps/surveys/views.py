from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from apps.core import charts
from apps.core.forms import bound, form_step
from apps.core.middleware import no_session_write
from apps.core.pagination import paginate

from . import selectors, services
from .forms import AnswerForm
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
    return render(request, "surveys/list.html", {"page": paginate(rows, request.GET.get("page"))})


@login_required
def survey_results(request, pk: int):
    survey = selectors.survey_get(user=request.user, pk=pk)
    results = selectors.survey_results(user=request.user, survey=survey)
    rows = []
    for q in results.questions:
        option = None
        if q.counts:
            names = [name for name, _count in q.counts]
            data = [count for _name, count in q.counts]
            option = charts.bars(names, [{"name": _("人数"), "data": data, "colour": charts.BLUE}])
        rows.append((q, f"sv-q{q.question.pk}", option))
    return render(
        request, "surveys/results.html", {"survey": survey, "results": results, "rows": rows}
    )
