"""党费 over the API: the pages' selectors, FilterSets and services."""

from datetime import date, datetime
from decimal import Decimal

from ninja import Field, Query, Router, Schema, Status

from apps.core.api import Steps, filtered, filtered_page, named, paged, query_params
from apps.core.errors import CoreError
from apps.core.params import Id
from apps.core.schemas import PageOut, PageQuery, Ref, errors, ref
from apps.orgs.models import OrgUnit, Person

from . import selectors, services
from .filters import ArrearsFilter, PaymentFilter, ReliefFilter, RemittanceFilter
from .models import DuesSettings

router = Router(tags=["党费"])

Year = Field(None, ge=2000, le=2100, description="年度,默认今年")


class DuesYearQuery(Schema):
    year: int | None = Year


class DuesBranchRowOut(Schema):
    branch: Ref
    members: int
    due: Decimal
    paid: Decimal
    remitted: Decimal
    unremitted: Decimal
    late: int
    on_time_rate: float | None


class DuesCommitteeLedgerOut(Schema):
    year: int
    rows: list[DuesBranchRowOut]
    total: dict


class DuesMemberRowOut(Schema):
    person: Ref
    employee_no: str
    income: Decimal | None
    monthly_due: Decimal | None
    months: list[str] = Field(description="1–12 月:paid / exempt / owed / open")
    due: Decimal = Field(description="全年应交(元),已扣除批准的少交、免交")
    paid: Decimal
    owed: int
    owed_amount: Decimal = Field(description="欠交金额(元)")


class DuesBranchLedgerOut(Schema):
    year: int
    branch: Ref
    due: Decimal
    paid: Decimal
    rows: list[DuesMemberRowOut]


class DuesArrearsQuery(PageQuery):
    q: str | None = Field(None, description="姓名或工号包含")
    branch: Id | None = Field(None, description="支部(含下级)")
    lapsed: bool = Field(False, description="只看连续未交达到预警月数的党员(党章第九条)")


class DuesArrearsOut(Schema):
    person: Ref
    branch: Ref
    year: int
    monthly_due: Decimal
    owed: int
    owed_amount: Decimal = Field(description="欠交金额(元),已计入批准的少交")


class DuesArrearsPage(PageOut):
    items: list[DuesArrearsOut]


class DuesPaymentQuery(PageQuery):
    q: str | None = Field(None, description="姓名或工号包含")
    branch: Id | None = Field(None, description="支部(含下级)")
    year: int | None = Field(None, ge=2000, le=2100)
    month: int | None = Field(None, ge=1, le=12)
    method: str | None = Field(None, description="cash / transfer / proxy / exempt")


class DuesPaymentOut(Schema):
    id: int
    person: Ref
    branch: Ref
    year: int
    month: int
    amount: Decimal
    method: str
    payer: str
    paid_on: date
    on_time: bool
    remitted: bool


class DuesPaymentPage(PageOut):
    items: list[DuesPaymentOut]


class DuesPaymentIn(Schema):
    branch_id: Id = Field(description="收缴支部")
    person_id: Id = Field(description="党员(职工 id)")
    year: int = Field(ge=2000, le=2100)
    month: int = Field(ge=1, le=12)
    method: str = Field(description="cash / transfer / proxy")
    amount: str | None = Field(None, description="金额(元);不填按应交")
    payer: str = Field("", description="代交人(他人代交时必填)")
    paid_on: date | None = None
    note: str = ""


class DuesBaseIn(Schema):
    person_id: Id
    year: int = Field(ge=2000, le=2100)
    income: str = Field(description="月收入基数(元),不小于 0")
    kind: str = Field("salary", description="salary / retired / no_income")


class DuesBaseOut(Schema):
    id: int
    person: Ref
    branch: Ref
    year: int
    kind: str
    income: Decimal
    monthly_due: Decimal


class DuesRemittanceQuery(PageQuery):
    status: str | None = Field(None, description="submitted / confirmed")
    branch: Id | None = Field(None, description="支部(含下级)")


class DuesRemittanceOut(Schema):
    id: int
    branch: Ref
    amount: Decimal
    count: int
    remitted_on: date
    status: str


class DuesRemittancePage(PageOut):
    items: list[DuesRemittanceOut]


class DuesRemittanceIn(Schema):
    branch_id: Id
    amount: str = Field(description="上缴金额(元),须与未上缴党费合计相符")
    remitted_on: date | None = None
    note: str = ""


class DuesReliefQuery(PageQuery):
    q: str | None = Field(None, description="姓名或理由包含")
    status: str | None = Field(None, description="pending / approved / rejected")
    kind: str | None = Field(None, description="reduce(少交) / exempt(免交)")
    year: int | None = Field(None, ge=2000, le=2100)
    branch: Id | None = Field(None, description="支部(含下级)")


class DuesReliefOut(Schema):
    id: int
    person: Ref
    branch: Ref
    year: int
    month_from: int
    month_to: int
    kind: str
    kind_label: str
    amount: Decimal | None = Field(description="少交时每月交纳(元)")
    monthly_due: Decimal = Field(description="基数核定的每月应交(元)")
    reason: str
    status: str
    status_label: str
    requested_by: str
    requested_at: datetime
    decided_by: str
    decided_at: datetime | None
    decision_note: str


class DuesReliefPage(PageOut):
    items: list[DuesReliefOut]


class DuesReliefStepOut(Schema):
    at: datetime
    who: str
    what: str
    note: str


class DuesReliefDetailOut(DuesReliefOut):
    history: list[DuesReliefStepOut]


class DuesReliefIn(Schema):
    person_id: Id = Field(description="党员(职工 id)")
    year: int = Field(ge=2000, le=2100)
    month_from: int = Field(ge=1, le=12)
    month_to: int = Field(ge=1, le=12)
    kind: str = Field(description="reduce(少交) / exempt(免交)")
    amount: str | None = Field(None, description="少交时每月交纳(元),须少于应交")
    reason: str = Field("", max_length=300)


class DuesReliefApproveIn(Schema):
    note: str = Field("", max_length=300, description="审批意见")


class DuesReliefRefuseIn(Schema):
    note: str = Field("", max_length=300, description="审批意见(不批准时必填)")


class DuesMineOut(Schema):
    year: int
    monthly_due: Decimal | None
    due: Decimal = Field(description="全年应交(元),已扣除批准的少交、免交")
    paid: Decimal
    owed: int
    owed_amount: Decimal
    months: list[str]


def _year(query) -> int:
    from django.utils import timezone

    return query.year or timezone.localdate().year


def _person(pk):
    return named(Person.objects, pk, field="person_id", error=CoreError.PERSON_NOT_FOUND)


def _branch(pk):
    return named(OrgUnit.objects, pk, field="branch_id", error=CoreError.UNIT_NOT_FOUND)


def _payment_out(p) -> dict:
    return {
        "id": p.pk,
        "person": ref(p.person),
        "branch": ref(p.branch),
        **{f: getattr(p, f) for f in ("year", "month", "amount", "method", "payer", "paid_on")},
        "on_time": p.on_time,
        "remitted": p.remittance_id is not None,
    }


def _base_out(b) -> dict:
    return {
        "id": b.pk,
        "person": ref(b.person),
        "branch": ref(b.branch),
        **{f: getattr(b, f) for f in ("year", "kind", "income", "monthly_due")},
    }


@router.get(
    "/ledger", response={200: DuesCommitteeLedgerOut, **errors(403)}, summary="党委党费台账"
)
def ledger(request, query: Query[DuesYearQuery]):
    from .permissions import can_record

    if not can_record(request.user):
        from apps.core.errors import Forbidden

        raise Forbidden()
    data = selectors.committee_ledger(user=request.user, year=_year(query))
    return {
        "year": data["year"],
        "total": {k: str(v) for k, v in data["total"].items()},
        "rows": [{**r, "branch": ref(r["branch"])} for r in data["rows"]],
    }


@router.get(
    "/branches/{int:branch_id}/ledger",
    response={200: DuesBranchLedgerOut, **errors(404)},
    summary="支部党费台账",
)
def branch_ledger(request, branch_id: int, query: Query[DuesYearQuery]):
    branch = selectors.branch_get(user=request.user, pk=branch_id)
    data = selectors.branch_ledger(user=request.user, branch=branch, year=_year(query))
    return {
        "year": data["year"],
        "branch": ref(branch),
        "due": data["due"],
        "paid": data["paid"],
        "rows": [
            {
                "person": ref(r.person),
                "employee_no": r.person.employee_no,
                "income": r.base.income if r.base else None,
                "monthly_due": r.base.monthly_due if r.base else None,
                "months": [c.state for c in r.cells],
                "due": r.due,
                "paid": r.paid,
                "owed": r.owed,
                "owed_amount": r.owed_amount,
            }
            for r in data["rows"]
        ],
    }


@router.get("/arrears", response={200: DuesArrearsPage, **errors(422)}, summary="欠交党费")
def arrears(request, query: Query[DuesArrearsQuery]):
    rows = selectors.arrears_list(
        user=request.user,
        lapsed=query.lapsed,
        months=DuesSettings.current().lapse_months,
    )
    qs = filtered(ArrearsFilter(query_params(query, exclude=("limit", "offset", "lapsed")), rows))
    return paged(
        qs.order_by("-owed", "branch", "person"),
        query,
        lambda b, _found: {
            "person": ref(b.person),
            "branch": ref(b.branch),
            "year": b.year,
            "monthly_due": b.monthly_due,
            "owed": b.owed,
            "owed_amount": b.owed_amount,
        },
        lookup=selectors.with_owed_amounts,
    )


@router.get("/payments", response={200: DuesPaymentPage, **errors(422)}, summary="党费交纳记录")
def payments(request, query: Query[DuesPaymentQuery]):
    return filtered_page(
        query,
        PaymentFilter,
        selectors.payment_list(user=request.user),
        _payment_out,
        order=("-year", "-month", "-pk"),
    )


@router.post(
    "/payments", response={201: DuesPaymentOut, **errors(400, 403, 409, 422)}, summary="登记党费"
)
def payment_create(request, data: DuesPaymentIn):
    fields = data.dict(exclude={"branch_id", "person_id"})
    p = services.payment_record(
        actor=request.user,
        branch=_branch(data.branch_id),
        person=_person(data.person_id),
        **fields,
    )
    return Status(201, _payment_out(p))


@router.post("/bases", response={201: DuesBaseOut, **errors(400, 403, 422)}, summary="录入党费基数")
def base_create(request, data: DuesBaseIn):
    b = services.base_save(
        actor=request.user,
        person=_person(data.person_id),
        **data.dict(exclude={"person_id"}),
    )
    return Status(201, _base_out(b))


@router.get(
    "/remittances", response={200: DuesRemittancePage, **errors(422)}, summary="党费上缴记录"
)
def remittances(request, query: Query[DuesRemittanceQuery]):
    return filtered_page(
        query,
        RemittanceFilter,
        selectors.remittance_list(user=request.user),
        lambda r: {
            "id": r.pk,
            "branch": ref(r.branch),
            **{f: getattr(r, f) for f in ("amount", "count", "remitted_on", "status")},
        },
        order=("-remitted_on", "-pk"),
    )


@router.post(
    "/remittances",
    response={201: DuesRemittanceOut, **errors(400, 403, 422)},
    summary="上缴党费",
)
def remittance_create(request, data: DuesRemittanceIn):
    r = services.remittance_submit(
        actor=request.user, branch=_branch(data.branch_id), **data.dict(exclude={"branch_id"})
    )
    return Status(
        201,
        {
            "id": r.pk,
            "branch": ref(r.branch),
            **{f: getattr(r, f) for f in ("amount", "count", "remitted_on", "status")},
        },
    )


def _relief_out(r) -> dict:
    return {
        **{
            f: getattr(r, f)
            for f in ("id", "year", "month_from", "month_to", "kind", "amount", "reason")
        },
        **{f: getattr(r, f) for f in ("status", "decided_at", "decision_note")},
        "person": ref(r.person),
        "branch": ref(r.branch),
        "kind_label": str(r.get_kind_display()),
        "monthly_due": r.base.monthly_due,
        "status_label": str(r.get_status_display()),
        "requested_by": r.requested_by.display_name if r.requested_by else "",
        "requested_at": r.created_at,
        "decided_by": r.decided_by.display_name if r.decided_by else "",
    }


def _relief_detail(user, pk: int) -> dict:
    r = selectors.relief_get(user=user, pk=pk)
    return {**_relief_out(r), "history": selectors.relief_history(r)}


relief_step = Steps(get=selectors.relief_get, name="relief", detail=_relief_detail)
RELIEF_ACTION = {200: DuesReliefDetailOut, **errors(400, 403, 404, 409, 422)}


@router.get("/reliefs", response={200: DuesReliefPage, **errors(422)}, summary="党费少交、免交")
def reliefs(request, query: Query[DuesReliefQuery]):
    return filtered_page(
        query,
        ReliefFilter,
        selectors.relief_list(user=request.user),
        _relief_out,
        order=("-created_at", "-pk"),
    )


@router.get(
    "/reliefs/{int:relief_id}",
    response={200: DuesReliefDetailOut, **errors(404)},
    summary="少交、免交申请详情",
)
def relief(request, relief_id: int):
    return _relief_detail(request.user, relief_id)


@router.post(
    "/reliefs",
    response={201: DuesReliefDetailOut, **errors(400, 403, 409, 422)},
    summary="申请少交或免交党费",
)
def relief_create(request, data: DuesReliefIn):
    r = services.relief_request(
        actor=request.user,
        person=_person(data.person_id),
        **data.dict(exclude={"person_id"}),
    )
    return Status(201, _relief_detail(request.user, r.pk))


@router.post("/reliefs/{int:relief_id}/approve", response=RELIEF_ACTION, summary="批准少交、免交")
def relief_approve(request, relief_id: int, data: DuesReliefApproveIn):
    return relief_step(request, relief_id, services.relief_decide, data, approve=True)


@router.post("/reliefs/{int:relief_id}/refuse", response=RELIEF_ACTION, summary="不批准少交、免交")
def relief_refuse(request, relief_id: int, data: DuesReliefRefuseIn):
    return relief_step(request, relief_id, services.relief_decide, data, approve=False)


@router.get("/mine", response=DuesMineOut, summary="我的党费")
def mine(request, query: Query[DuesYearQuery]):
    data = selectors.my_dues(user=request.user, year=_year(query))
    return {
        "year": data["year"],
        "monthly_due": data["base"].monthly_due if data["base"] else None,
        "due": data.get("due", Decimal("0.00")),
        "paid": data.get("paid", Decimal("0.00")),
        "owed": data.get("owed", 0),
        "owed_amount": data.get("owed_amount", Decimal("0.00")),
        "months": [c.state for c in data["cells"]],
    }
