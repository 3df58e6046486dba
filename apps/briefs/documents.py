"""The brief as a Word document typeset as a 党群工作部 sends it upward (GB/T 9704 roughly:
A4, 37/35/28/26 mm margins, 方正小标宋 title, 黑体 headings, 仿宋_GB2312 body, page numbers in
the footer), and the same figures as a workbook. No plotting library is installed: the chart is
a table whose shaded cells are the bars."""

import io
from decimal import Decimal

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from apps.core.exports import ledger_workbook

TITLE_FONT, HEADING_FONT, BODY_FONT = "方正小标宋简体", "黑体", "仿宋_GB2312"
SIZE_3, SIZE_4, SIZE_2 = Pt(16), Pt(14), Pt(22)  # 三号, 四号, 二号
BAR_CELLS = 20


def fmt_number(value) -> str:
    """A figure without trailing zeros (85.50 → 85.5, 12.00 → 12)."""
    return format(Decimal(str(value)).normalize(), "f")


def number(value) -> str:
    return "—" if value is None else fmt_number(value)


def change_text(change) -> str:
    if change is None:
        return "—"
    sign = "+" if change > 0 else ""
    return f"{sign}{fmt_number(change)}"


def _font(run, name: str, size) -> None:
    run.font.name = name
    run.font.size = size
    run._element.rPr.rFonts.set(qn("w:eastAsia"), name)  # Chinese glyphs take the east-Asian font


def _para(doc, text: str, *, font=BODY_FONT, size=SIZE_3, center=False, bold=False):
    p = doc.add_paragraph()
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run(text)
    run.bold = bold
    _font(run, font, size)
    return p


def _page_number(section) -> None:
    """A PAGE field centred in the footer: Word fills in each page's number."""
    p = section.footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run()
    _font(run, BODY_FONT, SIZE_4)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._r.append(el)


def _shade(cell, colour: str) -> None:
    props = cell._tc.get_or_add_tcPr()
    fill = OxmlElement("w:shd")
    fill.set(qn("w:val"), "clear")
    fill.set(qn("w:fill"), colour)
    props.append(fill)


def _table(doc, header: list[str], rows: list[list[str]]) -> None:
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = ""
        _font(cell.paragraphs[0].add_run(text), HEADING_FONT, SIZE_4)
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = ""
            _font(cell.paragraphs[0].add_run(text), BODY_FONT, SIZE_4)


def _chart(doc, figures) -> None:
    """The rates (%) as horizontal bars: one row per figure, BAR_CELLS cells shaded in
    proportion to the value."""
    rates = [f for f in figures if f.measure == "%" and f.value is not None]
    if not rates:
        return
    _para(doc, _("图 各项比率指标(%)"), font=HEADING_FONT, size=SIZE_4, center=True)
    table = doc.add_table(rows=0, cols=BAR_CELLS + 2)
    for f in rates:
        cells = table.add_row().cells
        _font(cells[0].paragraphs[0].add_run(f.label), BODY_FONT, Pt(10.5))
        filled = round(min(Decimal(100), max(Decimal(0), f.value)) * BAR_CELLS / 100)
        for cell in cells[1 : 1 + filled]:
            _shade(cell, "C00000")
        _font(cells[-1].paragraphs[0].add_run(number(f.value)), BODY_FONT, Pt(10.5))
    table.columns[0].width = Mm(45)


def docx_bytes(*, unit, month, content) -> bytes:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    _page_number(section)
    title = _("%(unit)s%(year)d年%(month)d月党群工作简报") % {
        "unit": unit.name,
        "year": month.year,
        "month": month.month,
    }
    _para(doc, title, font=TITLE_FONT, size=SIZE_2, center=True)
    if content.empty:
        _para(doc, _("本月暂无可报送的数据:没有指标记录、亮点、问题或下月到期事项。"))
    _para(doc, _("一、主要指标"), font=HEADING_FONT)
    _table(
        doc,
        [_("指标"), _("本月"), _("分子/分母"), _("上月"), _("变化")],
        [
            [
                f"{f.label}({f.measure})",
                number(f.value),
                f"{number(f.numerator)}/{number(f.denominator)}",
                number(f.previous),
                change_text(f.change),
            ]
            for f in content.figures
        ],
    )
    _chart(doc, content.figures)
    _para(doc, _("二、工作亮点"), font=HEADING_FONT)
    lines = (
        [_("精选案例:%(title)s(%(unit)s,%(at)s)") % r for r in content.featured]
        + [
            _("采纳建议:%(title)s(%(unit)s,核定效益 %(yuan)s 元)")
            % {**r, "yuan": fmt_number(r["yuan"])}
            for r in content.adopted
        ]
        + [_("完成项目:%(title)s(%(unit)s,%(at)s 验收)") % r for r in content.projects]
    )
    for line in lines or [_("本月无精选案例、核定效益的建议或验收完成的项目。")]:
        _para(doc, line)
    _para(doc, _("三、存在问题"), font=HEADING_FONT)
    for r in content.problems or [None]:
        _para(
            doc,
            _("%(title)s(%(unit)s,时限 %(at)s,%(level)s)") % r
            if r
            else _("本月无逾期或升级督办事项。"),
        )
    _para(doc, _("四、下月到期事项"), font=HEADING_FONT)
    for r in content.deadlines or [None]:
        _para(
            doc,
            _("%(title)s(%(unit)s,%(at)s 到期)") % r if r else _("下月无到期的督办事项。"),
        )
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def xlsx_bytes(*, content) -> bytes:
    columns = [
        (_("指标"), lambda f, _now: f.label),
        (_("单位"), lambda f, _now: f.measure),
        (_("本月"), lambda f, _now: f.value),
        (_("分子"), lambda f, _now: f.numerator),
        (_("分母"), lambda f, _now: f.denominator),
        (_("上月"), lambda f, _now: f.previous),
        (_("变化"), lambda f, _now: f.change),
    ]
    book = ledger_workbook(content.figures, columns=columns, sheet=_("主要指标"), widths=(30,))
    return book.read()
