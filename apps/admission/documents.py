"""The documents of 发展党员, made from the record (nothing typed again) as Word files: the
公示 notice, the data of the 入党志愿书, the minutes of the branch meeting's vote."""

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from apps.core.errors import NotFound

from . import selectors
from .choices import VoteKind


def _doc(title: str):
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name, style.font.size = "SimSun", Pt(12)
    heading = doc.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = heading.add_run(title)
    run.bold, run.font.size = True, Pt(18)
    return doc


def _bytes(doc) -> bytes:
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _day(value) -> str:
    return f"{value:%Y年%m月%d日}".replace("年0", "年").replace("月0", "月") if value else "—"


def _names(people) -> str:
    return "、".join(p.name for p in people) or "—"


def _table(doc, rows):
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in rows:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = str(label), str(value)


def publicity(admission) -> tuple[str, bytes]:
    """The 公示 of a 发展对象: who, from where, since when, the sponsors, the period."""
    a, p = admission, admission.person
    if not a.publicity_start:
        raise NotFound(_("还没有公示。"))
    extra = selectors.detail(a)
    doc = _doc(_("发展对象公示"))
    doc.add_paragraph(
        _(
            "经%(branch)s支部委员会研究,拟将%(name)s同志列为接收预备党员的发展对象,"
            "现予公示。公示期自%(start)s至%(end)s。"
        )
        % {
            "branch": a.branch.name,
            "name": p.name,
            "start": _day(a.publicity_start),
            "end": _day(a.publicity_end),
        }
    )
    _table(
        doc,
        [
            (_("姓名"), p.name),
            (_("性别"), p.get_gender_display()),
            (_("出生日期"), _day(p.birth_date)),
            (_("部门"), p.department.name),
            (_("递交入党申请"), _day(a.applied_on)),
            (_("确定为入党积极分子"), _day(a.activist_on)),
            (_("列为发展对象"), _day(a.candidate_on)),
            (_("入党介绍人"), _names(extra["sponsors"])),
        ],
    )
    doc.add_paragraph(
        _("公示期间,党员和群众可通过来信、来电、来访等方式向%(branch)s反映情况。")
        % {"branch": a.branch.name}
    )
    closing = doc.add_paragraph(f"{a.branch.name}\n{_day(a.publicity_start)}")
    closing.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return _("公示-%(name)s.docx") % {"name": p.name}, _bytes(doc)


def application(admission) -> tuple[str, bytes]:
    """The data of the 入党志愿书 the record already holds, for copying into the book."""
    a, p = admission, admission.person
    extra = selectors.detail(a)
    doc = _doc(_("《入党志愿书》填写信息"))
    _table(
        doc,
        [
            (_("姓名"), p.name),
            (_("性别"), p.get_gender_display()),
            (_("出生日期"), _day(p.birth_date)),
            (_("工号"), p.employee_no),
            (_("部门 / 岗位"), f"{p.department.name} {p.position}".strip()),
            (_("所在党支部"), a.branch.name),
            (_("递交入党申请"), _day(a.applied_on)),
            (_("确定为入党积极分子"), _day(a.activist_on)),
            (_("培养联系人"), _names(extra["contacts"])),
            (_("列为发展对象"), _day(a.candidate_on)),
            (_("政治审查"), f"{_day(a.political_on)} {a.political_note}".strip()),
            (
                _("集中培训"),
                _("%(start)s 至 %(end)s,%(hours)s 学时")
                % {
                    "start": _day(a.training_start),
                    "end": _day(a.training_end),
                    "hours": a.training_hours if a.training_hours is not None else "—",
                },
            ),
            (_("入党介绍人"), _names(extra["sponsors"])),
            (_("公示"), f"{_day(a.publicity_start)} — {_day(a.publicity_end)}"),
        ],
    )
    doc.add_paragraph(_("考察记录")).runs[0].bold = True
    for review in extra["reviews"]:
        doc.add_paragraph(f"{_day(review.reviewed_on)}:{review.note}")
    return _("入党志愿书信息-%(name)s.docx") % {"name": p.name}, _bytes(doc)


def vote_record(admission) -> tuple[str, bytes]:
    """The minutes of the latest vote: the meeting, the counts from its attendance, the result."""
    vote = admission.votes.select_related("meeting__host").prefetch_related("voters").last()
    if vote is None:
        raise NotFound(_("还没有支部大会表决。"))
    m, p = vote.meeting, admission.person
    doc = _doc(_("支部党员大会表决记录"))
    what = (
        _("讨论接收%(name)s同志为预备党员")
        if vote.kind == VoteKind.ADMIT
        else _("讨论%(name)s同志预备党员转正")
    ) % {"name": p.name}
    _table(
        doc,
        [
            (_("会议"), m.topic),
            (_("时间"), timezone.localtime(m.starts_at).strftime("%Y-%m-%d %H:%M")),
            (_("地点"), m.place or "—"),
            (_("主持人"), m.host.name),
            (_("议题"), what),
            (_("应到会有表决权的正式党员"), vote.entitled),
            (_("实到会有表决权的正式党员"), vote.present),
            (_("投票人"), _names(vote.voters.all())),
            (
                _("表决结果"),
                _("赞成 %(f)d 票,反对 %(a)d 票,弃权 %(b)d 票")
                % {"f": vote.favour, "a": vote.against, "b": vote.abstain},
            ),
            (_("结论"), _("通过") if vote.passed else _("未通过")),
        ],
    )
    doc.add_paragraph(
        _("赞成票须超过应到会有表决权的正式党员的半数(至少 %(need)d 票)方为通过。")
        % {"need": vote.entitled // 2 + 1}
    )
    if vote.decided_on:
        doc.add_paragraph(
            (_("上级党委于%(day)s批准。") if vote.approved else _("上级党委于%(day)s退回:%(r)s"))
            % {"day": _day(vote.decided_on), "r": vote.reason}
        )
    return _("表决记录-%(name)s.docx") % {"name": p.name}, _bytes(doc)
