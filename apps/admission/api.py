"""发展党员 over the API: the board's selector and FilterSet, the same services for each step."""

from datetime import date, datetime
from decimal import Decimal

from django.urls import reverse
from ninja import Field, Query, Router, Schema, Status

from apps.core.api import Steps, filtered_page, named
from apps.core.errors import CoreError
from apps.core.params import Id
from apps.core.schemas import ErrorOut, PageOut, PageQuery, Ref, errors, ref
from apps.meetings.models import Meeting
from apps.orgs.models import OrgUnit, Person

from . import rules, selectors, services
from .errors import AdmissionError
from .filters import AdmissionFilter
from .models import Admission

router = Router(tags=["发展党员"])


class AdmissionQuery(PageQuery):
    q: str | None = Field(None, description="姓名或工号包含")
    branch: Id | None = Field(None, description="党组织(含下级)")
    stage: str | None = Field(
        None, description="applicant / activist / candidate / probationary / full"
    )


class AdmissionOut(Schema):
    id: int
    person: Ref
    branch: Ref
    status: str
    status_label: str
    next_step: str
    next_step_label: str
    next_due: date | None
    next_due_is_deadline: bool
    applied_on: date
    activist_on: date | None
    candidate_on: date | None
    admitted_on: date | None
    probation_end: date | None
    full_on: date | None


class AdmissionVoteOut(Schema):
    kind: str
    held_on: date
    meeting: Ref
    entitled: int
    present: int
    favour: int
    against: int
    abstain: int
    passed: bool
    decided_on: date | None
    approved: bool | None
    reason: str


class AdmissionEventOut(Schema):
    at: datetime
    who: str
    what: str
    note: str


class AdmissionDetailOut(AdmissionOut):
    talked_on: date | None
    contacts: list[Ref]
    sponsors: list[Ref]
    political_on: date | None
    training_start: date | None
    training_end: date | None
    training_hours: Decimal | None
    publicity_start: date | None
    publicity_end: date | None
    votes: list[AdmissionVoteOut]
    documents: dict[str, str]
    timeline: list[AdmissionEventOut]


class AdmissionPage(PageOut):
    items: list[AdmissionOut]


class AdmissionApplyIn(Schema):
    person_id: Id = Field(description="申请人")
    branch_id: Id = Field(description="党支部")
    applied_on: date = Field(description="递交申请日期")


class AdmissionTalkIn(Schema):
    talked_on: date
    talker_id: Id | None = Field(None, description="谈话人")
    note: str = Field(description="谈话情况")


class AdmissionActivistIn(Schema):
    decided_on: date = Field(description="支委会决定日期")
    contact_ids: list[Id] = Field(description="培养联系人(正式党员)")
    note: str = ""


class AdmissionReviewIn(Schema):
    reviewed_on: date
    note: str = Field(description="考察意见")


class AdmissionCandidateIn(Schema):
    decided_on: date = Field(description="支委会决定日期")
    note: str = ""


class AdmissionPoliticalIn(Schema):
    done_on: date
    passed: bool = Field(description="政治审查合格")
    note: str = Field(description="政治审查结论")


class AdmissionTrainingIn(Schema):
    start: date
    end: date
    hours: Decimal | None = Field(None, description="学时;学习教育模块有记录时以记录为准")


class AdmissionSponsorsIn(Schema):
    sponsor_ids: list[Id] = Field(description="入党介绍人(两名正式党员)")
    note: str = ""


class AdmissionPublicityIn(Schema):
    start: date = Field(description="公示开始日期")


class AdmissionVoteIn(Schema):
    meeting_id: Id = Field(description="已结束的本支部党员大会")
    voter_ids: list[Id] = Field(description="投票人(到会有表决权的正式党员)")
    favour: int = Field(ge=0)
    against: int = Field(0, ge=0)
    abstain: int = Field(0, ge=0)


class AdmissionApproveIn(Schema):
    talked_on: date = Field(description="党委谈话日期")
    decided_on: date = Field(description="党委审批日期")
    note: str = ""


class AdmissionSendBackIn(Schema):
    decided_on: date
    reason: str = Field(description="退回理由")


def _out(a: Admission) -> dict:
    return {
        "id": a.pk,
        "person": ref(a.person),
        "branch": ref(a.branch),
        "status": a.status,
        "status_label": str(a.get_status_display()),
        "next_step": a.next_step,
        "next_step_label": str(rules.NEXT_LABELS.get(a.next_step, "")),
        "next_due": a.next_due,
        "next_due_is_deadline": a.next_step in rules.DEADLINES,
        "applied_on": a.applied_on,
        "activist_on": a.activist_on,
        "candidate_on": a.candidate_on,
        "admitted_on": a.admitted_on,
        "probation_end": a.probation_end,
        "full_on": a.full_on,
    }


def _detail(user, pk: int) -> dict:
    a = selectors.admission_get(user=user, pk=pk)
    extra = selectors.detail(a)
    docs = ["application"] + (["publicity"] if a.publicity_start else [])
    docs += ["vote"] if extra["votes"] else []
    return {
        **_out(a),
        "talked_on": a.talked_on,
        "contacts": [ref(p) for p in extra["contacts"]],
        "sponsors": [ref(p) for p in extra["sponsors"]],
        "political_on": a.political_on,
        "training_start": a.training_start,
        "training_end": a.training_end,
        "training_hours": a.training_hours,
        "publicity_start": a.publicity_start,
        "publicity_end": a.publicity_end,
        "votes": [
            {
                "kind": v.kind,
                "held_on": v.held_on,
                "meeting": {"id": v.meeting_id, "name": v.meeting.topic},
                "entitled": v.entitled,
                "present": v.present,
                "favour": v.favour,
                "against": v.against,
                "abstain": v.abstain,
                "passed": v.passed,
                "decided_on": v.decided_on,
                "approved": v.approved,
                "reason": v.reason,
            }
            for v in extra["votes"]
        ],
        "documents": {d: reverse("admission:document", args=[a.pk, d]) for d in docs},
        "timeline": [
            {"at": r["at"], "who": r["actor"], "what": r["action"], "note": r["note"]}
            for r in extra["timeline"]
        ],
    }


def _person(pk, field):
    return named(Person.objects, pk, field=field, error=CoreError.PERSON_NOT_FOUND)


def _people(ids, field) -> list:
    found = {p.pk: p for p in Person.objects.filter(pk__in=ids)}
    if any(i not in found for i in ids):
        raise CoreError.PERSON_NOT_FOUND(field=field)
    return [found[i] for i in ids]


step = Steps(get=selectors.admission_get, name="admission", detail=_detail)
ACTION = {200: AdmissionDetailOut, **errors(400, 403, 404, 409, 422)}


@router.get("/items", response={200: AdmissionPage, **errors(422)}, summary="发展党员看板")
def items(request, query: Query[AdmissionQuery]):
    return filtered_page(
        query,
        AdmissionFilter,
        selectors.board(user=request.user),
        _out,
        order=("branch__path", "next_due", "pk"),
    )


@router.get(
    "/items/{int:admission_id}", response={200: AdmissionDetailOut, 404: ErrorOut}, summary="详情"
)
def item(request, admission_id: int):
    return _detail(request.user, admission_id)


@router.post(
    "/items", response={201: AdmissionDetailOut, **errors(400, 409, 422)}, summary="登记入党申请"
)
def apply(request, data: AdmissionApplyIn):
    admission = services.admission_apply(
        actor=request.user,
        person=_person(data.person_id, "person_id"),
        branch=named(
            OrgUnit.objects, data.branch_id, field="branch_id", error=CoreError.UNIT_NOT_FOUND
        ),
        applied_on=data.applied_on,
    )
    return Status(201, _detail(request.user, admission.pk))


@router.post("/items/{int:admission_id}/talk", response=ACTION, summary="谈话")
def talk(request, admission_id: int, data: AdmissionTalkIn):
    return step(
        request,
        admission_id,
        services.admission_talk,
        talked_on=data.talked_on,
        talker=_person(data.talker_id, "talker_id"),
        note=data.note,
    )


@router.post("/items/{int:admission_id}/activist", response=ACTION, summary="确定为入党积极分子")
def activist(request, admission_id: int, data: AdmissionActivistIn):
    return step(
        request,
        admission_id,
        services.admission_activist,
        decided_on=data.decided_on,
        contacts=_people(data.contact_ids, "contact_ids"),
        note=data.note,
    )


@router.post("/items/{int:admission_id}/review", response=ACTION, summary="半年考察")
def review(request, admission_id: int, data: AdmissionReviewIn):
    return step(request, admission_id, services.admission_review, data)


@router.post("/items/{int:admission_id}/candidate", response=ACTION, summary="列为发展对象")
def candidate(request, admission_id: int, data: AdmissionCandidateIn):
    return step(request, admission_id, services.admission_candidate, data)


@router.post("/items/{int:admission_id}/political", response=ACTION, summary="政治审查")
def political(request, admission_id: int, data: AdmissionPoliticalIn):
    return step(request, admission_id, services.admission_political, data)


@router.post("/items/{int:admission_id}/training", response=ACTION, summary="集中培训")
def training(request, admission_id: int, data: AdmissionTrainingIn):
    return step(request, admission_id, services.admission_training, data)


@router.post("/items/{int:admission_id}/sponsors", response=ACTION, summary="确定入党介绍人")
def sponsors(request, admission_id: int, data: AdmissionSponsorsIn):
    return step(
        request,
        admission_id,
        services.admission_sponsors,
        sponsors=_people(data.sponsor_ids, "sponsor_ids"),
        note=data.note,
    )


@router.post("/items/{int:admission_id}/publicity", response=ACTION, summary="公示")
def publicity(request, admission_id: int, data: AdmissionPublicityIn):
    return step(request, admission_id, services.admission_publicity, data)


@router.post("/items/{int:admission_id}/vote", response=ACTION, summary="支部大会表决")
def vote(request, admission_id: int, data: AdmissionVoteIn):
    return step(
        request,
        admission_id,
        services.admission_vote,
        meeting=named(
            Meeting.objects.select_related("kind"),
            data.meeting_id,
            field="meeting_id",
            error=AdmissionError.MEETING_UNIT,
        ),
        voters=_people(data.voter_ids, "voter_ids"),
        favour=data.favour,
        against=data.against,
        abstain=data.abstain,
    )


@router.post("/items/{int:admission_id}/approve", response=ACTION, summary="党委审批通过")
def approve(request, admission_id: int, data: AdmissionApproveIn):
    return step(request, admission_id, services.admission_approve, data)


@router.post("/items/{int:admission_id}/send-back", response=ACTION, summary="党委退回")
def send_back(request, admission_id: int, data: AdmissionSendBackIn):
    return step(request, admission_id, services.admission_send_back, data)
