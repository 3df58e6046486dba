"""民主评议 and 换届 over the API: the pages' selectors, FilterSets and services."""

from datetime import date

from ninja import Field, Query, Router, Schema, Status

from apps.core.api import Steps, filtered_page, named
from apps.core.errors import CoreError, NotFound
from apps.core.params import Id
from apps.core.schemas import ErrorOut, PageOut, PageQuery, Ref, errors, ref
from apps.orgs.models import OrgUnit, Person

from . import selectors, services
from .filters import AppraisalFilter, CommitteeFilter
from .models import Appraisal, Committee
from .permissions import can_run

router = Router(tags=["民主评议与换届"])


class AppraisalQuery(PageQuery):
    year: int | None = Field(None, description="评议年度")
    status: str | None = Field(None, description="open / closed")
    unit: Id | None = Field(None, description="党组织(含下级)")


class AppraisalOut(Schema):
    id: int
    branch: Ref
    year: int
    status: str
    members: int
    decided: int


class AppraisalPage(PageOut):
    items: list[AppraisalOut]


class AppraisalEntryOut(Schema):
    id: int
    person: Ref
    self_appraised: bool
    votes: dict[str, int] = Field(description="各等次票数(不记名)")
    grade: str
    reason: str


class AppraisalDetailOut(AppraisalOut):
    entries: list[AppraisalEntryOut] = Field(description="支部书记、委员可见")
    my_entry_id: int | None
    voted: bool


class AppraisalOpenIn(Schema):
    branch_id: Id
    year: int


class AppraisalSelfIn(Schema):
    self_text: str


class AppraisalVotesIn(Schema):
    grades: dict[int, str] = Field(
        description="评议对象 id → excellent / qualified / basic / unqualified"
    )


class AppraisalDecideIn(Schema):
    grade: str
    reason: str = ""


class CommitteeQuery(PageQuery):
    status: str | None = Field(None, description="current / ended")
    state: str | None = Field(None, description="due(半年内届满)/ overdue(逾期未换届)")
    unit: Id | None = Field(None, description="党组织(含下级)")


class ElectionCandidateOut(Schema):
    person: Ref
    post: str
    votes: int
    elected: bool


class CommitteeOut(Schema):
    id: int
    unit: Ref
    elected_on: date
    term_years: int
    ends_on: date
    status: str


class CommitteePage(PageOut):
    items: list[CommitteeOut]


class CommitteeDetailOut(CommitteeOut):
    candidates: list[ElectionCandidateOut]


class ElectionCandidateIn(Schema):
    person_id: Id
    post: str = Field(description="secretary / deputy / member")
    votes: int


class ElectionIn(Schema):
    unit_id: Id
    held_on: date
    electors: int = Field(description="应到会有选举权人数")
    present: int = Field(description="实到会有选举权人数")
    candidates: list[ElectionCandidateIn]


class CommitteeRegisterIn(Schema):
    unit_id: Id
    elected_on: date


def _out(a: Appraisal) -> dict:
    return {
        "id": a.pk,
        "branch": ref(a.branch),
        "year": a.year,
        "status": a.status,
        "members": a.members,
        "decided": a.decided,
    }


def _detail(user, pk: int) -> dict:
    a = selectors.appraisal_list(user=user).filter(pk=pk).first()
    if a is None:
        raise NotFound()
    entries = selectors.entries_of(a)
    mine = next((e for e in entries if e.person_id == user.person_id), None)
    shown = entries if can_run(user, a.branch) else []
    return {
        **_out(a),
        "entries": [
            {
                "id": e.pk,
                "person": ref(e.person),
                "self_appraised": e.self_at is not None,
                "votes": dict(e.vote_counts),
                "grade": e.grade,
                "reason": e.reason,
            }
            for e in shown
        ],
        "my_entry_id": mine.pk if mine else None,
        "voted": selectors.has_voted(a, user.person_id) if mine else False,
    }


def _unit(pk, field="unit_id"):
    return named(OrgUnit.objects, pk, field=field, error=CoreError.UNIT_NOT_FOUND)


step = Steps(get=selectors.appraisal_get, name="appraisal", detail=_detail)
ACTION = {200: AppraisalDetailOut, **errors(400, 403, 404, 409)}


@router.get("/items", response={200: AppraisalPage, **errors(422)}, summary="民主评议列表")
def items(request, query: Query[AppraisalQuery]):
    return filtered_page(
        query,
        AppraisalFilter,
        selectors.appraisal_list(user=request.user),
        _out,
        order=("-year", "branch__path"),
    )


@router.get(
    "/items/{int:appraisal_id}",
    response={200: AppraisalDetailOut, 404: ErrorOut},
    summary="民主评议详情",
)
def item(request, appraisal_id: int):
    return _detail(request.user, appraisal_id)


@router.post(
    "/items", response={201: AppraisalDetailOut, **errors(400, 403, 409, 422)}, summary="开展评议"
)
def open_(request, data: AppraisalOpenIn):
    a = services.appraisal_open(
        actor=request.user, branch=_unit(data.branch_id, "branch_id"), year=data.year
    )
    return Status(201, _detail(request.user, a.pk))


def _entry(request, appraisal_id, entry_id):
    a = selectors.appraisal_get(user=request.user, pk=appraisal_id)
    return selectors.entry_get(user=request.user, appraisal=a, pk=entry_id)


@router.post("/items/{int:appraisal_id}/self", response=ACTION, summary="填写自评")
def self_(request, appraisal_id: int, data: AppraisalSelfIn):
    a = selectors.appraisal_get(user=request.user, pk=appraisal_id)
    entry = a.entries.filter(person_id=request.user.person_id).first()
    if entry is None:
        raise CoreError.FORBIDDEN()
    services.self_appraisal_save(actor=request.user, entry=entry, self_text=data.self_text)
    return _detail(request.user, a.pk)


@router.post("/items/{int:appraisal_id}/votes", response=ACTION, summary="评议投票")
def votes(request, appraisal_id: int, data: AppraisalVotesIn):
    return step(request, appraisal_id, services.vote_cast, data)


@router.post(
    "/items/{int:appraisal_id}/entries/{int:entry_id}/decide", response=ACTION, summary="确定等次"
)
def decide(request, appraisal_id: int, entry_id: int, data: AppraisalDecideIn):
    entry = _entry(request, appraisal_id, entry_id)
    services.grade_decide(actor=request.user, entry=entry, **data.dict())
    return _detail(request.user, appraisal_id)


@router.post("/items/{int:appraisal_id}/close", response=ACTION, summary="结束评议")
def close(request, appraisal_id: int):
    return step(request, appraisal_id, services.appraisal_close)


def _committee_out(c: Committee) -> dict:
    return {
        "id": c.pk,
        "unit": ref(c.unit),
        "elected_on": c.elected_on,
        "term_years": c.term_years,
        "ends_on": c.ends_on,
        "status": c.status,
    }


def _committee_detail(user, pk: int) -> dict:
    c = selectors.committee_get(user=user, pk=pk)
    return {
        **_committee_out(c),
        "candidates": [
            {"person": ref(x.person), "post": x.post, "votes": x.votes, "elected": x.elected}
            for x in selectors.candidates_of(c)
        ],
    }


@router.get("/committees", response={200: CommitteePage, **errors(422)}, summary="委员会与任期")
def committees(request, query: Query[CommitteeQuery]):
    return filtered_page(
        query,
        CommitteeFilter,
        selectors.committee_list(user=request.user),
        _committee_out,
        order=("ends_on", "pk"),
    )


@router.get(
    "/committees/{int:committee_id}",
    response={200: CommitteeDetailOut, 404: ErrorOut},
    summary="委员会详情",
)
def committee(request, committee_id: int):
    return _committee_detail(request.user, committee_id)


@router.post(
    "/committees",
    response={201: CommitteeDetailOut, **errors(400, 403, 422)},
    summary="登记现任委员会",
)
def committee_register(request, data: CommitteeRegisterIn):
    c = services.committee_register(
        actor=request.user, unit=_unit(data.unit_id), elected_on=data.elected_on
    )
    return Status(201, _committee_detail(request.user, c.pk))


@router.post(
    "/elections",
    response={201: CommitteeDetailOut, **errors(400, 403, 422)},
    summary="登记换届选举",
    description="当选由规则判定:实到会超过应到会五分之四,得票超过实到会半数;当选人获得角色。",
)
def election(request, data: ElectionIn):
    people = Person.objects.in_bulk([c.person_id for c in data.candidates])
    missing = [c.person_id for c in data.candidates if c.person_id not in people]
    if missing:
        raise CoreError.PERSON_NOT_FOUND(field="candidates")
    c = services.election_record(
        actor=request.user,
        unit=_unit(data.unit_id),
        held_on=data.held_on,
        electors=data.electors,
        present=data.present,
        candidates=[(people[x.person_id], x.post, x.votes) for x in data.candidates],
    )
    return Status(201, _committee_detail(request.user, c.pk))
