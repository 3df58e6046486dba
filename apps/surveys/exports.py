"""A survey's results as a workbook: the figures of the results page, with the same groups
hidden. It is built from `SurveyResults` only, which holds no invitation: nothing in it can
join a person to an answer."""

from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from .selectors import SCORED_KINDS, SurveyResults


def _sheet(wb, title: str, header: list, rows):
    ws = wb.create_sheet(title)
    ws.append([str(h) for h in header])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append(list(row))
    ws.column_dimensions["A"].width = 40
    return ws


def results_workbook(results: SurveyResults, keywords: list[tuple[str, int]]) -> bytes:
    survey = results.survey
    wb = Workbook()
    wb.remove(wb.active)
    hidden = _("答卷不足 %(n)d 份,不显示") % {"n": survey.min_group}
    _sheet(
        wb,
        _("概况"),
        [_("项目"), _("内容")],
        [
            (_("问卷"), survey.title),
            (_("类型"), str(survey.get_kind_display())),
            (_("调查范围"), survey.audience.name),
            (_("应答人数"), results.invited),
            (_("已答份数"), results.responses),
            (_("答卷率(%)"), results.rate),
            *([(_("说明"), hidden)] if results.hidden else []),
        ],
    )
    counts, texts = [], []
    for n, q in enumerate(results.questions, start=1):
        title = f"{n}. {q.question.text}"
        for label, count in q.counts:
            counts.append((title, label, count, None))
        for row in q.rows:
            for score, count in zip(range(1, 6), row.counts, strict=True):
                counts.append((title, f"{row.text} · {score}", count, None))
            counts.append((title, f"{row.text} · {_('平均分')}", None, row.average))
        if q.average is not None:
            counts.append((title, _("平均分"), None, q.average))
        texts.extend((title, text) for text in q.texts)
    _sheet(wb, _("各题统计"), [_("题目"), _("选项"), _("人数"), _("平均分")], counts)
    scored = [q.question.text for q in results.questions if q.question.kind in SCORED_KINDS]
    _sheet(
        wb,
        _("按单位"),
        [_("单位"), _("答卷"), *scored],
        [
            (u.unit.name, u.responses, *([hidden] if u.averages is None else u.averages.values()))
            for u in results.units
        ],
    )
    _sheet(wb, _("开放题"), [_("题目"), _("回答")], texts)
    _sheet(wb, _("关键词"), [_("关键词"), _("出现次数")], keywords)
    out = BytesIO()
    wb.save(out)
    return out.getvalue()
