"""Survey open answers for early warning. A response keeps no time (it would narrow down who
answered): it counts on the day its survey closes, at its already coarsened unit."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core import texts
from apps.core.indicators import bounds

from .choices import QuestionKind
from .models import Question, Response


def open_answer_texts(*, start, end):
    lo, hi = bounds(start, end)
    responses = Response.objects.filter(survey__closes_at__gte=lo, survey__closes_at__lt=hi)
    open_keys = {
        str(pk)
        for pk in Question.objects.filter(
            kind=QuestionKind.TEXT, survey__in=responses.values("survey")
        ).values_list("pk", flat=True)
    }
    rows = responses.values_list("unit_id", "survey__closes_at", "answers")
    out = []
    for unit_id, closes_at, answers in rows.iterator():
        text = " ".join(str(answers[k]) for k in open_keys & answers.keys() if answers[k])
        if text:
            out.append(texts.Row(unit_id, timezone.localdate(closes_at), text))
    return out


def survey_link(unit_id, start, end, term):
    return texts.list_url("surveys:list")


texts.register("surveys", _("问卷开放题"), fn=open_answer_texts, link=survey_link)
