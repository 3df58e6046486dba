"""月度简报 over the API: the archive, a brief with its progress, a request (one job per unit
and month at a time) and the downloads — the same selectors and services as the pages."""

from datetime import date, datetime

from django.http import FileResponse
from ninja import Field, Query, Router, Schema

from apps.core.api import filtered_page
from apps.core.params import Id
from apps.core.progress import progress_context
from apps.core.schemas import ErrorOut, PageOut, PageQuery, Ref, errors, ref

from . import selectors, services
from .filters import BriefFilter

router = Router(tags=["月度简报"])


class BriefQuery(PageQuery):
    unit: Id | None = Field(None, description="单位(含下级)")
    year: int | None = Field(None, ge=2000, le=2100, description="年度")
    status: str | None = Field(None, description="running / done / failed")


class BriefProgressOut(Schema):
    processed: int
    total: int
    percent: int


class BriefOut(Schema):
    id: int
    unit: Ref
    month: date = Field(description="月份(该月 1 日;年度数据附件为该年 1 月 1 日)")
    kind: str = Field(description="month 月度简报 / year 年度数据附件")
    version: int
    status: str
    status_label: str
    made_by: str
    made_at: datetime | None
    error: str
    document_url: str | None = Field(description="Word 简报下载地址")
    workbook_url: str | None = Field(description="Excel 数据下载地址")


class BriefDetail(BriefOut):
    progress: BriefProgressOut | None = Field(description="生成中的进度")


class BriefPage(PageOut):
    items: list[BriefOut]


class BriefIn(Schema):
    unit: Id = Field(description="单位(须在本人管辖范围内)")
    month: str = Field(
        description="月份,如 2026-11(年度数据附件取其年度,也可写 2026)", max_length=7
    )
    kind: str = Field("month", max_length=8, description="month 月度简报 / year 年度数据附件")


def _out(b) -> dict:
    def url(kind, att):
        return f"/api/v1/briefs/{b.pk}/{kind}" if att else None

    return {
        "id": b.pk,
        "unit": ref(b.unit),
        "month": b.month,
        "kind": b.kind,
        "version": b.version,
        "status": b.status,
        "status_label": b.get_status_display(),
        "made_by": b.made_by.display_name if b.made_by else "",
        "made_at": b.made_at,
        "error": b.error,
        "document_url": url("docx", b.document_id),
        "workbook_url": url("xlsx", b.workbook_id),
    }


def _detail(user, pk: int) -> dict:
    b = selectors.brief_get(user=user, pk=pk)
    live = services.brief_progress(b)
    return {
        **_out(b),
        "progress": progress_context(live["processed"], live["total"]) if live else None,
    }


@router.get("", response={200: BriefPage, **errors(422)}, summary="简报列表")
def brief_list(request, query: Query[BriefQuery]):
    base = selectors.brief_list(user=request.user)
    return filtered_page(query, BriefFilter, base, _out, order=("-month", "-version", "-pk"))


@router.get("/{int:brief_id}", response={200: BriefDetail, 404: ErrorOut}, summary="简报详情")
def brief_detail(request, brief_id: int):
    return _detail(request.user, brief_id)


@router.post(
    "",
    response={200: BriefDetail, **errors(400, 404)},
    summary="生成简报(后台执行;同一单位同一月份正在生成时返回该任务)",
)
def brief_request(request, body: BriefIn):
    unit = selectors.unit_get(user=request.user, pk=body.unit)
    brief = services.brief_request(actor=request.user, unit=unit, month=body.month, kind=body.kind)
    return _detail(request.user, brief.pk)


@router.get(
    "/{int:brief_id}/{kind}",
    response={200: None, 404: ErrorOut},
    summary="下载简报:docx(Word)或 xlsx(Excel)",
)
def brief_download(request, brief_id: int, kind: str):
    att = selectors.brief_file(user=request.user, pk=brief_id, kind=kind)
    return FileResponse(att.file.open("rb"), as_attachment=True, filename=att.name)
