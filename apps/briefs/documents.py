"""The brief as a Word document typeset as a 党群工作部 sends it upward (GB/T 9704 roughly:
A4, 37/35/28/26 mm margins, 方正小标宋 title, 黑体 headings, 仿宋_GB2312 body, page numbers in
the footer), and the same figures as a workbook. No plotting library is installed: the chart is
a PNG drawn by apps.briefs.pngchart and placed as a picture, its names in the caption. The
year-end data appendix (附件:年度党群工作数据) puts every indicator month by month on a
landscape page, for the 党建工作总结."""

import io
from decimal import Decimal

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from openpyxl import Workbook
from openpyxl.styles import Font

from . import pngchart

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
    """The rates (%) as a picture of horizontal bars, numbered; the caption names them."""
    rates = [f for f in figures if f.measure == "%" and f.value is not None]
    if not rates:
        return
    _para(doc, _("图 各项比率指标(%)"), font=HEADING_FONT, size=SIZE_4, center=True)
    doc.add_picture(io.BytesIO(pngchart.percent_bars([f.value for f in rates])), width=Mm(150))
    doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    names = ";".join(f"{i}. {f.label}" for i, f in enumerate(rates, start=1))
    _para(doc, _("图注:%(names)s。") % {"names": names}, size=Pt(10.5))


def _document():
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    _page_number(section)
    return doc


def _figures(doc, figures, now: str, before: str) -> None:
    """The figures as a table (this period, its numerator/denominator, the period before, the
    change), then their rates as a chart: the same for the monthly brief and the year's."""
    _table(
        doc,
        [_("指标"), now, _("分子/分母"), before, _("变化")],
        [
            [
                f"{f.label}({f.measure})",
                number(f.value),
                f"{number(f.numerator)}/{number(f.denominator)}",
                number(f.previous),
                change_text(f.change),
            ]
            for f in figures
        ],
    )
    _chart(doc, figures)


def docx_bytes(*, unit, month, content) -> bytes:
    doc = _document()
    title = _("%(unit)s%(year)d年%(month)d月党群工作简报") % {
        "unit": unit.name,
        "year": month.year,
        "month": month.month,
    }
    _para(doc, title, font=TITLE_FONT, size=SIZE_2, center=True)
    if content.empty:
        _para(doc, _("本月暂无可报送的数据:没有指标记录、亮点、问题或下月到期事项。"))
    _para(doc, _("一、主要指标"), font=HEADING_FONT)
    _figures(doc, content.figures, _("本月"), _("上月"))
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
    for r in content.warnings:
        _para(doc, _("苗头预警:%(unit)s %(kind)s“%(term)s”,%(summary)s(%(status)s)") % r)
    _para(doc, _("四、下月到期事项"), font=HEADING_FONT)
    for r in content.deadlines or [None]:
        _para(
            doc,
            _("%(title)s(%(unit)s,%(at)s 到期)") % r if r else _("下月无到期的督办事项。"),
        )
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _sheet(wb, title: str, header: list[str], rows: list[list]) -> None:
    ws = wb.create_sheet(title)
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append(row)
    ws.column_dimensions["A"].width = 40


def _figures_book(title: str, figures, *, now: str, before: str) -> Workbook:
    """A workbook whose first sheet holds the figures (value, its parts, the one before)."""
    wb = Workbook()
    ws = wb.active
    ws.title = title
    ws.append([_("指标"), _("单位"), now, _("分子"), _("分母"), before, _("变化")])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for f in figures:
        ws.append([f.label, f.measure, f.value, f.numerator, f.denominator, f.previous, f.change])
    ws.column_dimensions["A"].width = 30
    return wb


def xlsx_bytes(*, content) -> bytes:
    """The brief's figures and lists, a sheet each, as the document has them."""
    wb = _figures_book(_("主要指标"), content.figures, now=_("本月"), before=_("上月"))
    _sheet(
        wb,
        _("工作亮点"),
        [_("类别"), _("标题"), _("单位"), _("日期或效益(元)")],
        [[_("精选案例"), r["title"], r["unit"], r["at"]] for r in content.featured]
        + [[_("采纳建议"), r["title"], r["unit"], r["yuan"]] for r in content.adopted]
        + [[_("完成项目"), r["title"], r["unit"], r["at"]] for r in content.projects],
    )
    _sheet(
        wb,
        _("存在问题"),
        [_("事项"), _("单位"), _("时限"), _("级别")],
        [[r["title"], r["unit"], r["at"], r["level"]] for r in content.problems]
        + [
            [f"{r['kind']}“{r['term']}”:{r['summary']}", r["unit"], r["week"], r["status"]]
            for r in content.warnings
        ],
    )
    _sheet(
        wb,
        _("下月到期"),
        [_("事项"), _("单位"), _("到期"), _("级别")],
        [[r["title"], r["unit"], r["at"], r["level"]] for r in content.deadlines],
    )
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# --- 年度数据附件 ------------------------------------------------------------------------------


def appendix_docx(*, unit, year: int, appendix) -> bytes:
    """附件:the year's figures beside the year before, then each indicator month by month on a
    landscape page (the 党建工作总结 cites it as it is)."""
    doc = _document()
    title = _("%(unit)s%(year)d年度党群工作数据(附件)") % {"unit": unit.name, "year": year}
    _para(doc, title, font=TITLE_FONT, size=SIZE_2, center=True)
    if appendix.empty:
        _para(doc, _("本年度暂无指标数据。"))
    _para(doc, _("一、全年主要指标"), font=HEADING_FONT)
    _figures(doc, appendix.figures, _("全年"), _("上年"))
    section = doc.add_section()
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.top_margin, section.bottom_margin = Mm(28), Mm(26)
    section.left_margin, section.right_margin = Mm(37), Mm(35)
    _para(doc, _("二、逐月数据"), font=HEADING_FONT)
    months = appendix.months
    table = doc.add_table(rows=1, cols=len(months) + 1)
    table.style = "Table Grid"
    header = [_("指标")] + [_("%(m)d月") % {"m": m.month} for m in months]
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        _font(cell.paragraphs[0].add_run(text), HEADING_FONT, Pt(9))
    for label, measure, values in appendix.monthly:
        cells = table.add_row().cells
        _font(cells[0].paragraphs[0].add_run(f"{label}({measure})"), BODY_FONT, Pt(9))
        for cell, value in zip(cells[1:], values, strict=True):
            _font(cell.paragraphs[0].add_run(number(value)), BODY_FONT, Pt(9))
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def appendix_xlsx(*, appendix) -> bytes:
    wb = _figures_book(_("全年主要指标"), appendix.figures, now=_("全年"), before=_("上年"))
    _sheet(
        wb,
        _("逐月数据"),
        [_("指标"), _("单位")] + [f"{m:%Y-%m}" for m in appendix.months],
        [[label, measure, *values] for label, measure, values in appendix.monthly],
    )
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
