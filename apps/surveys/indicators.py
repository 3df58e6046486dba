"""量化考核 calculator of surveys (apps.py imports this module to register it): 满意度测评得分,
read from the answer counts of the surveys flagged `counts_for_satisfaction`."""

from decimal import ROUND_HALF_UP, Decimal

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from apps.core import indicators

from .choices import QuestionKind, SurveyStatus
from .models import MIN_GROUP, Question, Survey, Tally
from .tallies import SHEETS

POINTS_PER_SCORE = 20  # 5 分 (很满意) is 100 points


@indicators.calculator("surveys.satisfaction", _("满意度测评得分"), measure="分")
def satisfaction(*, units, start, end) -> dict[int, indicators.Value]:
    """The mean of every 1–5 score (scale questions and each row of a matrix) in the answer
    sheets of the satisfaction surveys opened in the period whose unit lies in the subtree,
    × 20 (100 points), to two decimals. A subtree holding fewer than five sheets gets None: its
    figure is not shown anywhere else either. A sheet counts where the survey kept it (its
    coarsened unit), so a unit too small to keep its own sheets has none."""
    lo, hi = indicators.bounds(start, end)
    surveys = Survey.objects.filter(
        counts_for_satisfaction=True, opens_at__gte=lo, opens_at__lt=hi
    ).exclude(status=SurveyStatus.DRAFT)
    scored = {
        str(pk)
        for pk in Question.objects.filter(
            survey__in=surveys, kind__in=(QuestionKind.SCALE, QuestionKind.MATRIX)
        ).values_list("pk", flat=True)
    }
    # From the running counts (apps.surveys.tallies), never the sheets: "*" counts the sheets,
    # "<question>:<score>" a scale's scores and "<question>:<row>:<score>" a matrix's.
    rows = []
    for path, key, n in Tally.objects.filter(survey__in=surveys, count__gt=0).values_list(
        "unit__path", "key", "count"
    ):
        question, *rest = key.split(":")
        if key == SHEETS:
            rows.append({"path": path, "sheets": n, "total": 0, "scores": 0})
        elif question in scored and rest:
            rows.append({"path": path, "sheets": 0, "total": int(rest[-1]) * n, "scores": n})
    sums = indicators.roll_up(units, rows, path="path", keys=("sheets", "total", "scores"))
    url = reverse("surveys:list")
    out = {}
    for unit in units:
        s = sums[unit.pk]
        value = None
        if s["sheets"] >= MIN_GROUP and s["scores"]:
            value = (Decimal(s["total"] * POINTS_PER_SCORE) / s["scores"]).quantize(
                Decimal("0.01"), rounding=ROUND_HALF_UP
            )
        out[unit.pk] = indicators.Value(value, s["total"], s["scores"], url)
    return out
