"""关爱帮扶 over the API: the pages' selectors, FilterSets and services. The same door: only
the care roles read files; an employee reads their own aid (/mine)."""

from datetime import date
from decimal import Decimal

from ninja import Field, Query, Router, Schema, Status

from apps.core.api import Steps, filtered_page, named
from apps.core.errors import CoreError, NotFound
from apps.core.params import Id
from apps.core.schemas import ErrorOut, PageOut, PageQuery, Ref, errors, ref
from apps.orgs.models import Person

from . import selectors, services
from .filters import AidFilter, FileFilter
from .permissions import can_handle

router = Router(tags=["关爱帮扶"])


class CareFileQuery(PageQuery):
    q: str | None = Field(None, description="姓名或工号包含")
    status: str | None = Field(None, description="active / closed")
    category: str | None = Field(None, description="illness / disaster / schooling / …")
    level: str | None = Field(None, description="extreme / hard / relative")
    unit: Id | None = Field(None, description="单位(含下级)")
    review_before: date | None = Field(None, description="下次复核日期不晚于")
    ordering: str | None = Field(None, description="opened_on、review_due,前加 - 倒序")


class CareFileOut(Schema):
    id: int
    person: Ref
    unit: Ref
    category: str
    category_label: str
    level: str
    level_label: str
    status: str
    opened_on: date
    review_due: date
    reviewed_on: date | None


class CareFilePage(PageOut):
    counts: dict[str, int]
    items: list[CareFileOut]


class CareAidOut(Schema):
    id: int
    person: Ref
    unit: Ref
    file_id: int | None
    campaign: Ref | None
    kind: str
    kind_label: str
    form: str
    status: str
    amount: Decimal | None
    approved_amount: Decimal | None
    approval_no: str
    goods: str
    day: date | None
    year: int


class CareAidPage(PageOut):
    items: list[CareAidOut]


class CareFileDetailOut(CareFileOut):
    family_size: int
    monthly_income: Decimal | None
    family_situation: str
    appeal_id: int | None
    aids: list[CareAidOut]


class CareAidQuery(PageQuery):
    q: str | None = Field(None, description="姓名、工号或审批单号包含")
    kind: str | None = Field(None, description="visit / schooling / medical / warmth")
    status: str | None = Field(None, description="planned / delivered")
    year: int | None = Field(None, ge=2000, le=2100, description="年度")
    unit: Id | None = Field(None, description="单位(含下级)")
    campaign: Id | None = Field(None, description="送温暖活动")
    start: date | None = Field(None, description="发放日期起")
    end: date | None = Field(None, description="发放日期止")
    ordering: str | None = Field(None, description="day、amount,前加 - 倒序")


class CareFileIn(Schema):
    person_id: Id | None = Field(None, description="职工;从诉求或谈话建档时可不填")
    category: str
    level: str
    family_situation: str
    family_size: int | None = Field(None, ge=1, le=20)
    monthly_income: Decimal | None = Field(None, ge=0, le=1000000)
    appeal_id: Id | None = Field(None, description="来源诉求(家庭困难类)")
    concern_id: Id | None = Field(None, description="来源谈话问题(家庭困难)")


class CareAidIn(Schema):
    kind: str = Field(description="visit / schooling / medical / warmth")
    form: str = Field(description="money / goods")
    amount: Decimal | None = Field(None, ge=0, le=1000000, description="发放金额(元)")
    approved_amount: Decimal | None = Field(None, ge=0, le=1000000, description="批准金额(元)")
    approval_no: str = ""
    goods: str = ""
    day: date | None = None
    note: str = ""


class CareReviewIn(Schema):
    level: str
    note: str


def _file_out(f) -> dict:
    return {
        "id": f.pk,
        "person": ref(f.person),
        "unit": ref(f.unit),
        "category": f.category,
        "category_label": str(f.get_category_display()),
        "level": f.level,
        "level_label": str(f.get_level_display()),
        "status": f.status,
        "opened_on": f.opened_on,
        "review_due": f.review_due,
        "reviewed_on": f.reviewed_on,
    }


def _aid_out(a) -> dict:
    return {
        **{
            k: getattr(a, k)
            for k in (
                "kind",
                "form",
                "status",
                "amount",
                "approved_amount",
                "approval_no",
                "goods",
                "day",
                "year",
                "file_id",
            )
        },
        "id": a.pk,
        "kind_label": str(a.get_kind_display()),
        "person": ref(a.person),
        "unit": ref(a.unit),
        "campaign": ref(a.campaign) if a.campaign_id else None,
    }


def _file_detail(user, pk: int) -> dict:
    f = selectors.file_get(user=user, pk=pk)
    return {
        **_file_out(f),
        "family_size": f.family_size,
        "monthly_income": f.monthly_income,
        "family_situation": f.family_situation,
        "appeal_id": f.appeal_id,
        "aids": [_aid_out(a) for a in selectors.aids_of(f).select_related("person", "unit")[:200]],
    }


def _handler(request):
    if not can_handle(request.user):
        raise NotFound()


step = Steps(get=selectors.file_get, name="file", detail=_file_detail)
ACTION = {200: CareFileDetailOut, **errors(400, 403, 404, 409)}


@router.get("/files", response={200: CareFilePage, **errors(404, 422)}, summary="困难职工档案")
def files(request, query: Query[CareFileQuery]):
    _handler(request)
    return filtered_page(
        query,
        FileFilter,
        selectors.file_list(user=request.user),
        _file_out,
        order=("-opened_on", "-pk"),
        counts=selectors.status_counts,
    )


@router.get(
    "/files/{int:file_id}", response={200: CareFileDetailOut, 404: ErrorOut}, summary="档案详情"
)
def file(request, file_id: int):
    return _file_detail(request.user, file_id)


@router.post(
    "/files", response={201: CareFileDetailOut, **errors(400, 403, 404, 409, 422)}, summary="建档"
)
def file_open(request, data: CareFileIn):
    _handler(request)
    source = {}
    person = named(
        Person.objects, data.person_id, field="person_id", error=CoreError.PERSON_NOT_FOUND
    )
    if data.appeal_id:
        from apps.appeals.selectors import appeal_get

        source["appeal"] = appeal_get(user=request.user, pk=data.appeal_id)
        person = source["appeal"].submitter
    if data.concern_id:
        concern = (
            selectors.concern_model()
            .objects.visible_to(request.user)
            .select_related("talk__person")
            .filter(pk=data.concern_id)
            .first()
        )
        if concern is None:
            raise NotFound()
        source["concern"] = concern
        person = concern.talk.person
    f = services.file_open(
        actor=request.user,
        person=person,
        **data.dict(exclude={"person_id", "appeal_id", "concern_id"}),
        **source,
    )
    return Status(201, _file_detail(request.user, f.pk))


@router.post("/files/{int:file_id}/aid", response=ACTION, summary="登记帮扶")
def file_aid(request, file_id: int, data: CareAidIn):
    return step(request, file_id, services.aid_record, data)


@router.post("/files/{int:file_id}/review", response=ACTION, summary="年度复核")
def file_review(request, file_id: int, data: CareReviewIn):
    return step(request, file_id, services.file_review, data)


@router.get("/aid", response={200: CareAidPage, **errors(404, 422)}, summary="帮扶台账")
def aid(request, query: Query[CareAidQuery]):
    _handler(request)
    return filtered_page(
        query, AidFilter, selectors.aid_list(user=request.user), _aid_out, order=("-day", "-pk")
    )


@router.get("/mine", response=list[CareAidOut], summary="我的帮扶")
def mine(request):
    return [
        _aid_out(a)
        for a in selectors.my_aid(user=request.user).select_related("person", "unit")[:200]
    ]
