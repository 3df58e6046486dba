"""Question banks, their questions and the Excel import (check, then all or nothing)."""

from datetime import datetime

from ninja import Field, File, Query, Schema, Status
from ninja.files import UploadedFile

from apps.core.api import filtered_page, paged
from apps.core.params import Id
from apps.core.schemas import PageOut, PageQuery, Ref, errors, ref

from .. import selectors, services
from ..filters import QuestionFilter
from ..models import Question
from .common import router, unit_arg


class BankOut(Schema):
    id: int
    name: str
    unit: Ref
    questions: int


class BankPage(PageOut):
    items: list[BankOut]


class QuestionOut(Schema):
    id: int
    kind: str
    stem: str
    options: list[str]
    answer: str
    explanation: str
    tags: list[str]
    difficulty: int


class QuestionPage(PageOut):
    items: list[QuestionOut]


class QuestionQuery(PageQuery):
    q: str | None = None
    kind: str | None = Field(None, description="single / multiple / truefalse / fill")
    difficulty: int | None = Field(None, description="1 容易 / 2 中等 / 3 困难")
    tag: str | None = None


class BankIn(Schema):
    name: str
    unit_id: Id
    description: str = ""


class QuestionIn(Schema):
    kind: str
    stem: str
    options: list[str] = []
    answer: str
    explanation: str = ""
    tags: str = ""
    difficulty: str = "2"


class ImportOut(Schema):
    id: int
    file_name: str
    total: int
    valid: int
    errors: list[dict]
    applied_at: datetime | None


def _bank(b) -> dict:
    return {"id": b.pk, "name": b.name, "unit": ref(b.unit), "questions": b.n}


def _question(q: Question) -> dict:
    return {
        "id": q.pk,
        "kind": q.kind,
        "stem": q.stem,
        "options": q.options,
        "answer": q.answer,
        "explanation": q.explanation,
        "tags": q.tag_list,
        "difficulty": q.difficulty,
    }


def _import(job) -> dict:
    return {
        "id": job.pk,
        "file_name": job.file_name,
        "total": job.total,
        "valid": len(job.rows),
        "errors": job.errors,
        "applied_at": job.applied_at,
    }


@router.get("/banks", response=BankPage, summary="题库")
def banks(request, query: Query[PageQuery]):
    return paged(
        selectors.bank_list(user=request.user).order_by("-created_at", "-pk"), query, _bank
    )


@router.post("/banks", response={201: BankOut, **errors(400, 403, 422)})
def bank_create(request, data: BankIn):
    b = services.bank_create(
        actor=request.user,
        name=data.name,
        unit=unit_arg(data.unit_id),
        description=data.description,
    )
    return Status(201, {"id": b.pk, "name": b.name, "unit": ref(b.unit), "questions": 0})


@router.get(
    "/banks/{int:bank_id}/questions",
    response={200: QuestionPage, **errors(404, 422)},
    summary="题库中的试题",
)
def questions(request, bank_id: int, query: Query[QuestionQuery]):
    bank = selectors.bank_get(user=request.user, pk=bank_id)
    qs = selectors.question_list(user=request.user, bank=bank)
    return filtered_page(query, QuestionFilter, qs, _question, order=("pk",))


@router.post("/banks/{int:bank_id}/questions", response={201: QuestionOut, **errors(400, 403, 404)})
def question_create(request, bank_id: int, data: QuestionIn):
    bank = selectors.bank_get(user=request.user, pk=bank_id)
    q = services.question_create(actor=request.user, bank=bank, **data.dict())
    return Status(201, _question(q))


@router.post(
    "/banks/{int:bank_id}/imports",
    response={201: ImportOut, **errors(400, 403, 404)},
    summary="上传试题 Excel(仅校验,不写入)",
)
def bank_import(request, bank_id: int, upload: File[UploadedFile]):
    bank = selectors.bank_get(user=request.user, pk=bank_id)
    job = services.bank_import_start(actor=request.user, bank=bank, upload=upload)
    return Status(201, _import(job))


@router.post(
    "/imports/{int:import_id}/apply",
    response={200: ImportOut, **errors(403, 404, 409, 422)},
    summary="确认导入(全部或全不)",
)
def import_apply(request, import_id: int):
    job = selectors.import_get(user=request.user, pk=import_id)
    services.bank_import_confirm(actor=request.user, job=job)
    job.refresh_from_db()
    return _import(job)
