"""The roster workbook: reading an uploaded file, writing the import template."""

from collections.abc import Iterator

from django.utils.translation import gettext as _

from ..choices import EmploymentStatus, MemberKind, PoliticalStatus, SkillLevel
from ..errors import OrgError
from .columns import FIELDS, HEADER, KEY_OF_HEADER, cell_text


def excel_row_label(row_no: int) -> str:
    return _("第 %(n)d 行") % {"n": row_no}


def read_xlsx(fileobj) -> tuple[list[str], int, Iterator[tuple[int, dict]]]:
    """Open a roster workbook (read-only mode: rows stream, memory stays flat).

    Returns the columns found, an estimate of the row count, and the rows as (row number, dict).
    A file that is not a readable workbook, or has no 工号 column, is refused with a message."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(fileobj, read_only=True, data_only=True)
        sheet = book.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = next(rows, None) or ()
    except Exception as exc:  # a broken file may fail in zip, XML or openpyxl: all mean the same
        raise OrgError.ROSTER_FILE() from exc
    keys = [KEY_OF_HEADER.get(cell_text(h)) for h in header]
    if "employee_no" not in keys:
        raise OrgError.ROSTER_NO_HEADER()
    repeated = sorted({HEADER[k] for k in keys if k and keys.count(k) > 1})
    if repeated:
        raise OrgError.ROSTER_REPEATED_COLUMNS(cols="、".join(repeated))
    estimate = max((sheet.max_row or 1) - 1, 0)

    def iterate():
        try:
            for row_no, values in enumerate(rows, start=2):
                if all(v is None or cell_text(v) == "" for v in values):
                    continue
                yield row_no, {k: v for k, v in zip(keys, values, strict=False) if k}
        finally:
            book.close()

    return [k for k in keys if k], estimate, iterate()


def template_xlsx() -> bytes:
    """The import template: the headers, one example row, and a sheet of notes."""
    import io

    import openpyxl
    from openpyxl.styles import Font, PatternFill

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = _("名册")
    sheet.append([header for _key, header, _kind in FIELDS])
    sheet.append(
        [
            "20240001",
            "张三",
            "男",
            "1990-05-01",
            "13800138000",
            "110101199005010011",
            "生产部",
            "运行一班",
            "值班员",
            "中共党员",
            "高级工",
            "2012-07-01",
            "在职",
            "生产一支部",
            "2015-06-30",
            "2016-07-01",
            "正式党员",
            "",
            "公司工会",
            "",
        ]
    )
    for cell in sheet[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="C8161D")
    for column in sheet.columns:
        sheet.column_dimensions[column[0].column_letter].width = 14
    notes = book.create_sheet(_("填写说明"))
    notes.append([_("列"), _("说明")])
    hints = {
        "工号": _("必填,唯一。已有的工号会更新该人员,新的工号会新增人员。"),
        "姓名": _("新增时必填。"),
        "性别": _("新增时必填:男 / 女。"),
        "部门": _("新增时必填:填写您管辖范围内的部门(或公司)名称或编码。"),
        "班组": _("须是所填部门下的班组。"),
        "政治面貌": "、".join(str(label) for label in PoliticalStatus.labels),
        "技能等级": "、".join(str(label) for v, label in SkillLevel.choices if v),
        "在职状态": "、".join(str(label) for label in EmploymentStatus.labels),
        "党员类别": "、".join(str(label) for label in MemberKind.labels),
        "手机": _("11 位手机号。"),
        "身份证号": _("18 位,末位可为 X。"),
        "所在支部": _("党员填写所在党支部名称或编码;留空表示不是党员。"),
    }
    for _key, header, kind in FIELDS:
        hint = hints.get(header) or (_("日期,如 2024-03-01。") if kind == "date" else "")
        notes.append([header, str(hint)])
    notes.append([])
    notes.append([_("没有的列可以删除:文件中没有的列不会改动;有该列但单元格留空,表示清空该项。")])
    notes.column_dimensions["A"].width = 14
    notes.column_dimensions["B"].width = 80
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
