"""A selection's whole file as one .docx for the archive: the notice, the applicants with the
conditions checked, every judge's score, the votes as counts, the ranking, 公示 and objections,
the appointment and the timeline."""

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from docx import Document

from .choices import Grade, VoteRound
from .models import JudgeScore
from .selectors import applicants_of, tallies, timeline


def _table(doc, header: list, rows: list[list]) -> None:
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = str(text)
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = "—" if value in (None, "") else str(value)


def selection_docx(selection) -> bytes:
    doc = Document()
    doc.add_heading(selection.title, level=1)
    s = selection
    doc.add_heading(_("一、竞聘公告"), level=2)
    facts = [
        (_("竞聘班组"), s.team.name),
        (_("职数"), s.places),
        (_("发布范围"), s.audience.name),
        (_("报名时间"), f"{s.apply_from} — {s.apply_until}"),
        (
            _("权重"),
            _("笔试 %(w)s%%,演讲答辩 %(i)s%%,民主测评 %(v)s%%")
            % {"w": s.weight_written, "i": s.weight_interview, "v": s.weight_vote},
        ),
        (_("人才库加分"), s.pool_bonus),
        (_("公示期(工作日)"), s.publicity_days),
        (_("任期(年)"), s.term_years),
        (_("状态"), s.get_status_display()),
    ]
    _table(doc, [_("项目"), _("内容")], [list(f) for f in facts])
    if s.description:
        doc.add_paragraph(s.description)

    applicants = list(applicants_of(s))
    doc.add_heading(_("二、报名与资格审查"), level=2)
    rows = []
    for a in applicants:
        checks = ";".join(
            f"{c['label']}:{c['actual']}({_('符合') if c['met'] else _('不符合')},"
            f"{_('要求')}{c['required']})"
            for c in a.checks
        )
        rows.append(
            [a.person.name, a.get_status_display(), checks, a.exception_reason, a.bonus_source]
        )
    _table(doc, [_("姓名"), _("资格"), _("条件核对"), _("破格审查意见"), _("人才库")], rows)

    doc.add_heading(_("三、评委评分"), level=2)
    scores = JudgeScore.objects.filter(applicant__selection=s).select_related(
        "judge", "applicant__person"
    )
    _table(
        doc,
        [_("人选"), _("评委"), _("评分")],
        [[x.applicant.person.name, x.judge.name, x.score] for x in scores],
    )

    doc.add_heading(_("四、民主测评(票数)"), level=2)
    for round_ in VoteRound:
        counts = tallies(s, round_)
        if not counts:
            continue
        doc.add_paragraph(str(round_.label))
        _table(
            doc,
            [_("人选"), *[str(g.label) for g in Grade]],
            [
                [a.person.name, *[counts[a.pk][g] for g in Grade.values]]
                for a in applicants
                if a.pk in counts
            ],
        )

    doc.add_heading(_("五、综合得分与排名"), level=2)
    _table(
        doc,
        [
            _("排名"),
            _("姓名"),
            _("笔试"),
            _("演讲答辩"),
            _("民主测评"),
            _("加分"),
            _("综合"),
            _("考察意见"),
        ],
        [
            [
                a.rank,
                a.person.name,
                a.written,
                a.interview,
                a.vote,
                a.bonus,
                a.total,
                a.inspection_note,
            ]
            for a in applicants
            if a.total is not None
        ],
    )

    doc.add_heading(_("六、公示与异议"), level=2)
    if s.publicity_until:
        doc.add_paragraph(
            _("公示截止:%(t)s")
            % {"t": timezone.localtime(s.publicity_until).strftime("%Y-%m-%d %H:%M")}
        )
    _table(
        doc,
        [_("提出日期"), _("提出人"), _("异议"), _("答复")],
        [
            [o.day, o.author.name if o.author_id else _("匿名"), o.text, o.answer]
            for o in s.objections.select_related("author")
        ],
    )

    doc.add_heading(_("七、任命与任期"), level=2)
    appointed = [a.person.name for a in applicants if a.appointed]
    doc.add_paragraph(
        _("聘任:%(names)s;任期 %(start)s 至 %(end)s。")
        % {
            "names": "、".join(appointed) or "—",
            "start": s.term_start or "—",
            "end": s.term_end or "—",
        }
    )
    if s.term_outcome:
        doc.add_paragraph(
            _("任期考核:%(o)s。%(note)s") % {"o": s.get_term_outcome_display(), "note": s.term_note}
        )
        _table(doc, [_("指标"), _("结果")], [[k, v] for k, v in s.term_results.items()])

    doc.add_heading(_("八、办理记录"), level=2)
    _table(
        doc,
        [_("时间"), _("操作人"), _("操作"), _("说明")],
        [
            [
                timezone.localtime(r["at"]).strftime("%Y-%m-%d %H:%M"),
                r["actor"],
                r["action"],
                r["note"],
            ]
            for r in timeline(s)
        ],
    )
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
