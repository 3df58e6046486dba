"""The 介绍信 (a transfer out) and the 回执 (a transfer in), from the record, never typed again:
one text for the printable page and the .docx."""

from io import BytesIO

from django.utils import timezone
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from .choices import TransferKind
from .models import Transfer


def letter_text(t: Transfer) -> dict:
    """Title, addressee, body lines and signature of the letter."""
    person = t.person
    membership = getattr(person, "party_membership", None)
    kind = membership.get_kind_display() if membership else _("党员")
    day = timezone.localdate(t.issued_at)
    if t.kind == TransferKind.OUT:
        title = _("中国共产党党员组织关系介绍信")
        to = t.outside_org
        body = [
            _(
                "%(name)s 同志(%(gender)s,%(kind)s,身份证号 %(id)s)的党员组织关系"
                "由%(branch)s转去你处,请接洽。"
            )
            % {
                "name": person.name,
                "gender": person.get_gender_display(),
                "kind": kind,
                "id": person.id_number or "—",
                "branch": t.from_branch.name,
            },
            _("转接原因:%(reason)s。") % {"reason": t.reason or "—"},
            _("请于 %(due)s 前寄回回执。")
            % {"due": timezone.localdate(t.due_at) if t.due_at else "—"},
        ]
        sign = t.from_branch.name
    else:
        title = _("党员组织关系介绍信回执")
        to = t.outside_org
        body = [
            _("%(name)s 同志的党员组织关系已于 %(day)s 转入%(branch)s,特此回执。")
            % {"name": person.name, "day": day, "branch": t.to_branch.name},
        ]
        sign = t.to_branch.name
    return {"title": title, "number": t.number, "to": to, "body": body, "sign": sign, "day": day}


def letter_docx(t: Transfer) -> bytes:
    text = letter_text(t)
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name, style.font.size = "FangSong", Pt(16)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "仿宋")
    head = doc.add_paragraph()
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = head.add_run(text["title"])
    run.bold, run.font.size = True, Pt(22)
    doc.add_paragraph(_("编号:%(n)s") % {"n": text["number"]}).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    doc.add_paragraph(f"{text['to']}:")
    for line in text["body"]:
        doc.add_paragraph(line).paragraph_format.first_line_indent = Pt(32)
    for line in (text["sign"], str(text["day"])):
        doc.add_paragraph(line).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    out = BytesIO()
    doc.save(out)
    return out.getvalue()
