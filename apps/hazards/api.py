"""Hazards over the API: the pages' selectors, FilterSet and services."""

from datetime import date, datetime

from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from apps.core.api import Steps, filtered_page, named, paged
from apps.core.errors import CoreError, NotFound
from apps.core.params import Id
from apps.core.schemas import ErrorOut, PageOut, PageQuery, Ref, errors, ref
from apps.orgs.models import OrgUnit, Person

from . import selectors, services
from .choices import HazardLevel
from .errors import HazardError
from .filters import HazardFilter
from .models import Hazard, Inspection
from .permissions import is_cadre

router = Router(tags=["查保促隐患"])


class HazardQuery(PageQuery):
    q: str | None = Field(None, description="全文检索:地点、描述的整词,或编号(前缀)")
    status: list[str] | None = Field(
        None, description="状态,可多选:reported / rectifying / submitted / rectified / rejected"
    )
    state: str | None = Field(None, description="open / overdue / found / on_time / late")
    level: str | None = Field(None, description="general / larger / major")
    unit: Id | None = Field(None, description="所属单位(含下级)")
    owner_unit: Id | None = Field(None, description="责任单位(含下级)")
    inspection: Id | None = Field(None, description="检查活动")
    start: date | None = Field(None, description="上报日期起")
    end: date | None = Field(None, description="上报日期止")
    rectified_start: date | None = Field(None, description="验收日期起")
    rectified_end: date | None = Field(None, description="验收日期止")
    ordering: str | None = Field(
        None, description="reported_at、due_at、level、status、rectified_at,前加 - 倒序"
    )


class HazardOut(Schema):
    id: int
    number: str
    place: str
    description: str
    level: str
    level_label: str
    status: str
    status_label: str
    unit: Ref
    inspection_id: int | None
    reporter: Ref | None
    reported_at: datetime
    owner_unit: Ref | None
    owner_person: Ref | None
    due_at: datetime | None
    overdue: bool
    measures: str
    reject_reason: str
    rectified_at: datetime | None
    returned_count: int


class PhotoOut(Schema):
    name: str
    url: str


class HazardEventOut(Schema):
    at: datetime
    who: str
    what: str
    note: str
    due_at: datetime | None
    photos: list[PhotoOut]


class HazardDetailOut(HazardOut):
    photos: list[PhotoOut]
    timeline: list[HazardEventOut]


class HazardPage(PageOut):
    counts: dict[str, int]
    items: list[HazardOut]


class HazardReportIn(Schema):
    place: str = Field(description="隐患地点")
    description: str = Field(description="隐患描述")
    level: str = Field(HazardLevel.GENERAL, description="general / larger / major")
    unit_id: Id | None = Field(None, description="所属单位;不填则为上报人的班组或部门")
    inspection_id: Id | None = Field(None, description="检查活动(可选)")


class ConfirmIn(Schema):
    owner_unit_id: Id = Field(description="整改责任单位")
    owner_person_id: Id | None = Field(None, description="整改责任人(可选)")
    due_at: datetime | None = Field(None, description="整改期限;不填则按等级默认工作日")
    level: str | None = Field(None, description="核定等级(可选)")
    note: str = ""


class HazardReasonIn(Schema):
    reason: str


class ReturnIn(Schema):
    reason: str
    due_at: datetime | None = Field(None, description="新的整改期限;不填则沿用原期限")


class HazardNoteIn(Schema):
    note: str = ""


class RectifyIn(Schema):
    measures: str = Field(description="整改措施")


class InspectionIn(Schema):
    title: str
    organizer_id: Id
    unit_ids: list[Id]
    date: date
    inspector_ids: list[Id] = []
    notes: str = ""


class InspectionOut(Schema):
    id: int
    title: str
    organizer: Ref
    date: date
    notes: str
    units: list[Ref]
    inspectors: list[Ref]
    findings: dict[str, int]


class InspectionPage(PageOut):
    items: list[InspectionOut]


def _out(h: Hazard) -> dict:
    return {
        "id": h.pk,
        "number": h.number,
        "place": h.place,
        "description": h.description,
        "level": h.level,
        "level_label": str(h.get_level_display()),
        "status": h.status,
        "status_label": str(h.get_status_display()),
        "unit": ref(h.unit),
        "inspection_id": h.inspection_id,
        "reporter": ref(h.reporter),
        "reported_at": h.reported_at,
        "owner_unit": ref(h.owner_unit),
        "owner_person": ref(h.owner_person),
        "due_at": h.due_at,
        "overdue": h.is_overdue(),
        "measures": h.measures,
        "reject_reason": h.reject_reason,
        "rectified_at": h.rectified_at,
        "returned_count": h.returned_count,
    }


def _photo(att) -> PhotoOut:
    return PhotoOut(name=att.name, url=reverse("attachment", args=[att.token]))


def _detail(user, pk: int) -> dict:
    h = selectors.hazard_get(user=user, pk=pk)
    return {
        **_out(h),
        "photos": [_photo(a) for a in selectors.photos_of(h)],
        "timeline": [
            {
                **row,
                "who": row["actor"] or _("督办系统"),
                "what": row["action"],
                "photos": [_photo(a) for a in getattr(row["event"], "photos", [])],
            }
            for row in selectors.timeline(hazard=h)
        ],
    }


def _unit(pk: int | None, field: str):
    return named(OrgUnit.objects, pk, field=field, error=CoreError.UNIT_NOT_FOUND)


step = Steps(get=selectors.hazard_get, name="hazard", detail=_detail)
ACTION = {200: HazardDetailOut, **errors(400, 403, 404, 409)}


@router.get("/items", response={200: HazardPage, **errors(422)}, summary="隐患台账")
def items(request, query: Query[HazardQuery]):
    return filtered_page(
        query,
        HazardFilter,
        selectors.hazard_list(user=request.user),
        _out,
        order=("-reported_at", "-pk"),
        counts=selectors.status_counts,
    )


@router.get(
    "/items/{int:hazard_id}", response={200: HazardDetailOut, 404: ErrorOut}, summary="隐患详情"
)
def item(request, hazard_id: int):
    return _detail(request.user, hazard_id)


@router.post(
    "/items",
    response={201: HazardDetailOut, **errors(400, 422)},
    summary="上报隐患(随手拍)",
    description="multipart/form-data:文字字段加上 photos(图片,可多张)。",
)
def report(request, data: Form[HazardReportIn], photos: File[list[UploadedFile]] = None):
    inspection = None
    if data.inspection_id is not None:
        inspection = Inspection.objects.filter(pk=data.inspection_id).first()
        if inspection is None:
            raise HazardError.BAD_INSPECTION(field="inspection")
    hazard = services.hazard_report(
        actor=request.user,
        place=data.place,
        description=data.description,
        level=data.level,
        unit=_unit(data.unit_id, "unit_id"),
        inspection=inspection,
        photos=photos or [],
    )
    return Status(201, _detail(request.user, hazard.pk))


@router.post("/items/{int:hazard_id}/confirm", response=ACTION, summary="确认并交办")
def confirm(request, hazard_id: int, data: ConfirmIn):
    return step(
        request,
        hazard_id,
        services.hazard_confirm,
        owner_person=named(
            Person.objects.select_related("department", "team"),
            data.owner_person_id,
            field="owner_person_id",
            error=CoreError.PERSON_NOT_FOUND,
        ),
        owner_unit=_unit(data.owner_unit_id, "owner_unit_id"),
        due_at=data.due_at,
        level=data.level,
        note=data.note,
    )


@router.post("/items/{int:hazard_id}/reject", response=ACTION, summary="不予确认")
def reject(request, hazard_id: int, data: HazardReasonIn):
    return step(request, hazard_id, services.hazard_reject, data)


@router.post(
    "/items/{int:hazard_id}/rectify",
    response=ACTION,
    summary="提交整改",
    description="multipart/form-data:measures 加上 photos(整改后照片,至少一张)。",
)
def rectify(
    request, hazard_id: int, data: Form[RectifyIn], photos: File[list[UploadedFile]] = None
):
    return step(
        request, hazard_id, services.hazard_rectify, measures=data.measures, photos=photos or []
    )


@router.post("/items/{int:hazard_id}/verify", response=ACTION, summary="验收通过")
def verify(request, hazard_id: int, data: HazardNoteIn):
    return step(request, hazard_id, services.hazard_verify, data)


@router.post("/items/{int:hazard_id}/return", response=ACTION, summary="退回重改")
def send_back(request, hazard_id: int, data: ReturnIn):
    return step(request, hazard_id, services.hazard_return, data)


@router.get("/figures", response={200: dict, 404: ErrorOut}, summary="隐患统计")
def figures(request, start: date | None = None, end: date | None = None, unit: Id | None = None):
    """发现、整改验收、按期整改率、未闭环重大隐患;按单位、按月。参数与统计页相同。"""
    from .views import figure_params

    if not is_cadre(request.user):
        raise NotFound()
    params = {"start": start and start.isoformat(), "end": end and end.isoformat(), "unit": unit}
    period, unit_obj = figure_params(request.user, params)
    return selectors.figures_cached(user=request.user, period=period, unit=unit_obj)


def _inspection_out(i, findings) -> dict:
    return {
        "id": i.pk,
        "title": i.title,
        "organizer": ref(i.organizer),
        "date": i.date,
        "notes": i.notes,
        "units": [ref(u) for u in i.units.all()],
        "inspectors": [ref(p) for p in i.inspectors.all()],
        "findings": {k: findings.get(k, 0) for k in ("total", "open", "rectified")},
    }


@router.get("/inspections", response=InspectionPage, summary="检查活动列表")
def inspections(request, page: Query[PageQuery]):
    qs = (
        selectors.inspection_list(user=request.user)
        .prefetch_related("units", "inspectors")
        .order_by("-date", "-pk")
    )
    return paged(
        qs,
        page,
        lambda i, counts: _inspection_out(i, counts.get(i.pk, {})),
        lookup=lambda rows: selectors.inspection_finding_counts(
            user=request.user, ids=[i.pk for i in rows]
        ),
    )


@router.get(
    "/inspections/{int:inspection_id}",
    response={200: InspectionOut, 404: ErrorOut},
    summary="检查活动详情",
)
def inspection(request, inspection_id: int):
    i = selectors.inspection_get(user=request.user, pk=inspection_id)
    counts = selectors.inspection_finding_counts(user=request.user, ids=[i.pk])
    return _inspection_out(i, counts.get(i.pk, {}))


@router.post(
    "/inspections",
    response={201: InspectionOut, **errors(400, 403, 422)},
    summary="新建检查活动",
)
def inspection_create(request, data: InspectionIn):
    units = list(OrgUnit.objects.filter(pk__in=data.unit_ids))
    if len(units) != len(set(data.unit_ids)):
        raise HazardError.INSPECTION_UNITS_NOT_FOUND(field="unit_ids")
    people = list(Person.objects.filter(pk__in=data.inspector_ids))
    if len(people) != len(set(data.inspector_ids)):
        raise HazardError.INSPECTORS_NOT_FOUND(field="inspector_ids")
    i = services.inspection_create(
        actor=request.user,
        title=data.title,
        organizer=_unit(data.organizer_id, "organizer_id"),
        units=units,
        date=data.date,
        inspectors=people,
        notes=data.notes,
    )
    return Status(201, _inspection_out(i, {}))
