"""Question banks and their questions; import from Excel the way the roster import works:
upload and check every row (errors in Chinese, by row and column), nothing written until a cadre
confirms, then every row or none."""

import io
import re

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.errors import CoreError, NotFound
from apps.core.rules import clean_text
from apps.core.uploads import check_upload
from apps.orgs.roster.xlsx import excel_row_label

from ..choices import Difficulty, QuestionKind
from ..errors import LearningError
from ..models import Question, QuestionBank, QuestionImport
from ..permissions import check_manage
from . import common

LETTERS = "ABCDEF"
STEM_MAX = 2000
OPTION_MAX = 200
MAX_ROWS = 5000
# (key, the Chinese column header: the file format)
COLUMNS = [
    ("kind", "题型"),
    ("stem", "题干"),
    *[(f"option_{c}", f"选项{c}") for c in LETTERS],
    ("answer", "答案"),
    ("explanation", "解析"),
    ("tags", "标签"),
    ("difficulty", "难度"),
]
KEY_OF_HEADER = {header: key for key, header in COLUMNS}
HEADER = {key: header for key, header in COLUMNS}
KIND_ALIASES = {
    **{str(label): value for value, label in QuestionKind.choices},
    **{str(label).removesuffix("题"): value for value, label in QuestionKind.choices},
    **{v: v for v in QuestionKind.values},
    "是非题": QuestionKind.TRUE_FALSE,
}
TRUE_WORDS = {"T", "TRUE", "对", "正确", "是", "√", "Y"}
FALSE_WORDS = {"F", "FALSE", "错", "错误", "否", "×", "X", "N"}
DIFFICULTY_ALIASES = {
    **{str(label): value for value, label in Difficulty.choices},
    **{str(value): value for value in Difficulty.values},
    "易": 1,
    "中": 2,
    "难": 3,
}
TAG_SPLIT = re.compile(r"[,,、;;\s]+")


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def question_clean(raw: dict) -> tuple[dict, list[tuple[str, str]]]:
    """One question from its cells (Excel row, form or API): the values to store, or every
    (column, message) that is wrong."""
    errors: list[tuple[str, str]] = []
    kind = KIND_ALIASES.get(_cell(raw.get("kind")))
    if kind is None:
        errors.append((HEADER["kind"], _("须是单选题、多选题、判断题或填空题。")))
    stem = _cell(raw.get("stem"))
    if not stem:
        errors.append((HEADER["stem"], _("请填写题干。")))
    elif len(stem) > STEM_MAX:
        errors.append((HEADER["stem"], _("题干不能超过 %(n)d 个字。") % {"n": STEM_MAX}))
    options = raw.get("options")
    if options is None:
        options = [_cell(raw.get(f"option_{c}")) for c in LETTERS]
    options = [_cell(o) for o in options]
    while options and not options[-1]:
        options.pop()
    answer = _cell(raw.get("answer"))
    clean_answer = ""
    if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        if len(options) < 2 or "" in options:
            errors.append((HEADER["option_A"], _("选择题至少要有两个选项,且选项之间不能空缺。")))
        elif len(options) > len(LETTERS) or any(len(o) > OPTION_MAX for o in options):
            errors.append((HEADER["option_A"], _("选项最多 6 个,每个不超过 200 字。")))
        letters = sorted({c for c in re.sub(r"[\s,,、]", "", answer.upper())})
        valid = LETTERS[: len(options)]
        if not letters:
            errors.append((HEADER["answer"], _("请填写答案(选项字母,如 A 或 ACD)。")))
        elif any(c not in valid for c in letters):
            errors.append((HEADER["answer"], _("答案“%(a)s”不在已填写的选项中。") % {"a": answer}))
        elif kind == QuestionKind.SINGLE and len(letters) != 1:
            errors.append((HEADER["answer"], _("单选题只能有一个答案。")))
        elif kind == QuestionKind.MULTIPLE and len(letters) < 2:
            errors.append((HEADER["answer"], _("多选题至少要有两个答案。")))
        clean_answer = "".join(letters)
    elif kind == QuestionKind.TRUE_FALSE:
        word = answer.upper()
        clean_answer = "T" if word in TRUE_WORDS else "F" if word in FALSE_WORDS else ""
        if not clean_answer:
            errors.append((HEADER["answer"], _("判断题的答案须是“对”或“错”。")))
        options = []
    elif kind == QuestionKind.FILL:
        accepted = [a.strip() for a in answer.split("|") if a.strip()]
        if not accepted:
            errors.append((HEADER["answer"], _("请填写答案;有多种写法时用 | 分隔。")))
        clean_answer = "|".join(accepted)[:200]
        options = []
    difficulty_text = _cell(raw.get("difficulty"))
    difficulty = DIFFICULTY_ALIASES.get(difficulty_text or "中等")
    if difficulty is None:
        errors.append((HEADER["difficulty"], _("难度须是容易、中等或困难。")))
    tags = [t for t in TAG_SPLIT.split(_cell(raw.get("tags"))) if t]
    if any(len(t) > 20 for t in tags) or len(tags) > 8:
        errors.append((HEADER["tags"], _("标签最多 8 个,每个不超过 20 字。")))
    explanation = _cell(raw.get("explanation"))[:2000]
    values = {
        "kind": kind,
        "stem": stem,
        "options": options,
        "answer": clean_answer,
        "explanation": explanation,
        "tags": f",{','.join(dict.fromkeys(tags))}," if tags else "",
        "difficulty": difficulty,
    }
    return values, errors


@transaction.atomic
def bank_create(*, actor, name, unit, description="") -> QuestionBank:
    """A cadre opens a bank for a unit their role reaches."""
    common.required_unit(unit, _("所属单位"))
    check_manage(actor, unit)
    return QuestionBank.objects.create(
        name=clean_text(name, field="name", label=_("题库名称"), limit=100),
        description=(description or "").strip()[:2000],
        unit=unit,
        created_by=actor,
    )


@transaction.atomic
def question_create(*, actor, bank, **raw) -> Question:
    """Add one question to a bank, checked like an imported row."""
    check_manage(actor, bank.unit)
    values, errors = question_clean(raw)
    if errors:
        column, message = errors[0]
        field = next((k for k, h in HEADER.items() if h == column), None)
        raise LearningError.BAD_QUESTION(field=field, message=f"{column}:{message}")
    return Question.objects.create(bank=bank, **values)


def _read(upload) -> tuple[list[dict], list[dict]]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(upload, read_only=True, data_only=True)
        rows = book.worksheets[0].iter_rows(values_only=True)
        header = [_cell(h) for h in (next(rows, None) or ())]
    except Exception as exc:  # a broken file may fail in zip, XML or openpyxl: all mean the same
        raise LearningError.BANK_FILE(field="upload") from exc
    keys = [KEY_OF_HEADER.get(h) for h in header]
    missing = [HEADER[k] for k in ("kind", "stem", "answer") if k not in keys]
    if missing:
        book.close()
        raise LearningError.BANK_COLUMNS(field="upload", cols="、".join(missing))
    good, bad = [], []
    try:
        for row_no, cells in enumerate(rows, start=2):
            if all(_cell(c) == "" for c in cells):
                continue
            if len(good) + len(bad) >= MAX_ROWS:
                raise LearningError.BANK_TOO_BIG(field="upload", n=MAX_ROWS)
            raw = {k: v for k, v in zip(keys, cells, strict=False) if k}
            values, errors = question_clean(raw)
            if errors:
                bad += [
                    {"row": row_no, "label": excel_row_label(row_no), "column": c, "message": m}
                    for c, m in errors
                ]
            else:
                good.append(values)
    finally:
        book.close()
    return good, bad


@transaction.atomic
def bank_import_start(*, actor, bank, upload) -> QuestionImport:
    """Check an uploaded workbook; store the preview (valid rows and every row error)."""
    check_manage(actor, bank.unit)
    if not upload:
        raise CoreError.REQUIRED(field="upload", message=_("请选择要导入的 Excel 文件。"))
    check_upload(upload, kinds={"spreadsheet"}, field="upload")
    good, bad = _read(upload)
    if not good and not bad:
        raise LearningError.BANK_EMPTY(field="upload")
    return QuestionImport.objects.create(
        bank=bank,
        file_name=upload.name[:255],
        rows=good,
        errors=bad,
        total=len(good) + len({e["row"] for e in bad}),
        created_by=actor,
    )


@transaction.atomic
def bank_import_confirm(*, actor, job: QuestionImport) -> int:
    """Write every checked row, or none: a file with any row error is refused whole."""
    job = QuestionImport.objects.select_for_update().select_related("bank__unit").get(pk=job.pk)
    check_manage(actor, job.bank.unit)
    if job.created_by_id != actor.pk:
        raise NotFound()
    if job.applied_at is not None:
        raise LearningError.APPLIED()
    if job.errors:
        raise LearningError.BANK_INVALID(n=len(job.errors))
    Question.objects.bulk_create([Question(bank=job.bank, **row) for row in job.rows])
    job.applied_at = timezone.now()
    job.save(update_fields=["applied_at"])
    return len(job.rows)


def template_xlsx() -> bytes:
    """The import template: the headers, an example of each kind, and a sheet of notes."""
    import openpyxl
    from openpyxl.styles import Font, PatternFill

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = _("试题")
    sheet.append([header for _key, header in COLUMNS])
    examples = [
        ["单选题", "党的最高理想和最终目标是什么?", "实现共产主义", "全面建成小康社会",
         "实现现代化", "", "", "", "A", "见党章总纲。", "党章党规", "容易"],
        ["多选题", "安全生产“三违”是指哪些?", "违章指挥", "违章作业", "违反劳动纪律",
         "违规报销", "", "", "ABC", "", "安全生产,三违", "中等"],
        ["判断题", "发现安全隐患应立即报告。", "", "", "", "", "", "", "对", "", "安全生产",
         "容易"],
        ["填空题", "扭亏脱困要坚持____导向。", "", "", "", "", "", "", "问题|问题导向", "",
         "扭亏脱困", "困难"],
    ]  # fmt: skip
    for row in examples:
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="C8161D")
    for column in sheet.columns:
        sheet.column_dimensions[column[0].column_letter].width = 14
    sheet.column_dimensions["B"].width = 40
    notes = book.create_sheet(_("填写说明"))
    notes.append([_("列"), _("说明")])
    hints = [
        ("题型", _("必填:单选题、多选题、判断题、填空题。")),
        ("题干", _("必填,不超过 2000 字。")),
        ("选项A–F", _("选择题填写,至少两个,从 A 起连续填写;判断题、填空题留空。")),
        ("答案", _("单选填一个字母;多选填多个字母如 ACD;判断填 对/错;填空有多种写法用 | 分隔。")),
        ("标签", _("可选,多个用逗号分隔,随机抽题时按标签筛选。")),
        ("难度", _("容易、中等、困难,留空为中等。")),
    ]
    for row in hints:
        notes.append([row[0], str(row[1])])
    notes.column_dimensions["A"].width = 14
    notes.column_dimensions["B"].width = 80
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
