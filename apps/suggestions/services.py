"""Writes of the suggestion workflow: each one a transaction, a timeline event, and notifications
sent on commit. The rules (permissions, transitions, scoring) live in rules.py."""

from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from apps.accounts.choices import Role
from apps.accounts.models import User
from apps.core.errors import DomainError, Forbidden
from apps.core.services import notify
from apps.orgs.choices import ADMIN_KINDS
from apps.orgs.models import OrgUnit
from apps.supervision.services import supervise, supervision_close

from . import rules
from .choices import Category, EventKind, Status
from .models import Campaign, Criterion, Review, ReviewScore, Suggestion, SuggestionEvent

MAX_CO_PROPOSERS = 10
MAX_YUAN = Decimal("9999999999.99")
LIMITS = {
    "title": 100,
    "problem": 2000,
    "proposal": 4000,
    "expected_benefit": 1000,
    "description": 4000,
    "reason": 2000,
    "note": 2000,
    "comment": 1000,
}
LABELS = {
    "title": _l("名称"),
    "problem": _l("现状问题"),
    "proposal": _l("改进建议"),
    "expected_benefit": _l("预期效益"),
    "description": _l("活动说明"),
    "reason": _l("理由"),
    "note": _l("说明"),
    "comment": _l("评审意见"),
}


# --- input checks ----------------------------------------------------------------------------


def _text(value, field: str, *, required: bool = True) -> str:
    value = (value or "").strip()
    label = LABELS[field]
    if required and not value:
        raise DomainError("required", _("请填写%(label)s。") % {"label": label}, field=field)
    if len(value) > LIMITS[field]:
        raise DomainError(
            "too_long",
            _("%(label)s不能超过 %(n)d 个字(现为 %(len)d 字)。")
            % {"label": label, "n": LIMITS[field], "len": len(value)},
            field=field,
        )
    return value


def parse_yuan(value, field: str, *, required: bool = True) -> Decimal | None:
    """Money in yuan: a number ≥ 0 with at most two decimal places."""
    if value in (None, ""):
        if required:
            raise DomainError("required", _("请填写金额(元)。"), field=field)
        return None
    try:
        amount = Decimal(str(value).strip().replace(",", ""))
    except (InvalidOperation, ValueError):
        raise DomainError("bad_amount", _("金额必须是数字(元)。"), field=field) from None
    if not amount.is_finite():
        raise DomainError("bad_amount", _("金额必须是数字(元)。"), field=field)
    if amount < 0:
        raise DomainError("negative_amount", _("金额不能为负数。"), field=field)
    if amount > MAX_YUAN:
        raise DomainError("amount_too_large", _("金额过大,请核对。"), field=field)
    if amount != amount.quantize(rules.CENT):
        raise DomainError("bad_amount", _("金额最多保留两位小数(分)。"), field=field)
    return amount.quantize(rules.CENT)


def _event(suggestion, kind: str, actor, now, note: str = "") -> None:
    SuggestionEvent.objects.create(
        suggestion=suggestion,
        kind=kind,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        at=now,
        note=note,
    )


def detail_url(suggestion) -> str:
    return reverse("suggestions:detail", args=[suggestion.pk])


def _people_users(*people) -> list:
    ids = {p.pk for p in people if p is not None}
    return list(User.objects.filter(person_id__in=ids, is_active=True)) if ids else []


def _participants(suggestion) -> list:
    return _people_users(suggestion.proposer, *suggestion.co_proposers.all())


def reviewers_of(unit) -> list:
    """Department heads of the target unit or the units above it: the suggestion's reviewers."""
    ancestors = [unit.path[:i] for i in range(OrgUnit.steplen, len(unit.path) + 1, OrgUnit.steplen)]
    return list(
        User.objects.filter(
            is_active=True,
            role_assignments__role=Role.DEPARTMENT_HEAD,
            role_assignments__unit__path__in=ancestors,
        ).distinct()
    )


# --- campaigns -------------------------------------------------------------------------------


@transaction.atomic
def campaign_create(
    *,
    actor,
    organiser: OrgUnit,
    title: str,
    description: str = "",
    starts_on: date,
    ends_on: date,
    scope_unit: OrgUnit,
    categories: list[str] | None = None,
    now: datetime | None = None,
) -> Campaign:
    """团干部, 工会干部 or an admin opens a call for its own units; the window is not over yet and
    ends after it starts; the scope lies within the organiser's reach."""
    now = now or timezone.now()
    if not rules.can_run_campaign(actor, organiser):
        raise Forbidden(_("只有团干部、工会干部或党群管理员可以在本单位发起征集活动。"))
    title = _text(title, "title")
    description = _text(description, "description", required=False)
    if not starts_on or not ends_on:
        raise DomainError("required", _("请填写征集起止日期。"), field="ends_on")
    if ends_on < starts_on:
        raise DomainError("bad_window", _("截止日期不能早于开始日期。"), field="ends_on")
    if ends_on < timezone.localdate(now):
        raise DomainError("past_window", _("截止日期已经过去,请重新选择。"), field="ends_on")
    if not rules.in_scope(actor, scope_unit):
        raise DomainError(
            "scope_out_of_reach", _("征集范围超出了您的管辖范围。"), field="scope_unit"
        )
    categories = list(dict.fromkeys(categories or []))
    unknown = [c for c in categories if c not in Category.values]
    if unknown:
        raise DomainError("bad_category", _("类别无效:%s") % "、".join(unknown), field="categories")
    return Campaign.objects.create(
        organiser=organiser,
        title=title,
        description=description,
        starts_on=starts_on,
        ends_on=ends_on,
        scope_unit=scope_unit,
        categories=categories,
        created_by=actor,
    )


def check_campaign(campaign: Campaign, person, category: str, now: datetime) -> None:
    """A campaign takes a suggestion inside its window, from its scope, in its categories."""
    today = timezone.localdate(now)
    if today < campaign.starts_on:
        raise DomainError(
            "campaign_not_started",
            _("征集活动“%(t)s”将于 %(d)s 开始,届时再提交吧。")
            % {"t": campaign.title, "d": campaign.starts_on},
            field="campaign",
        )
    if today > campaign.ends_on:
        raise DomainError(
            "campaign_closed",
            _("征集活动“%(t)s”已于 %(d)s 截止。您仍可以不选活动,直接提交建议。")
            % {"t": campaign.title, "d": campaign.ends_on},
            field="campaign",
        )
    if not rules.person_in_unit(person, campaign.scope_unit):
        raise DomainError(
            "campaign_out_of_scope",
            _("征集活动“%(t)s”面向%(u)s的职工,您不在征集范围内。您仍可以不选活动,直接提交建议。")
            % {"t": campaign.title, "u": campaign.scope_unit.name},
            field="campaign",
        )
    if campaign.categories and category not in campaign.categories:
        raise DomainError(
            "campaign_category",
            _("征集活动“%(t)s”只征集:%(c)s。")
            % {"t": campaign.title, "c": "、".join(campaign.category_labels())},
            field="category",
        )


# --- submission ------------------------------------------------------------------------------


@transaction.atomic
def suggestion_submit(
    *,
    actor,
    title: str,
    problem: str,
    proposal: str,
    category: str,
    target_unit: OrgUnit,
    expected_benefit: str = "",
    expected_yuan=None,
    campaign: Campaign | None = None,
    co_proposers=(),
    now: datetime | None = None,
) -> Suggestion:
    """An employee proposes, alone or with a team; a campaign takes it only in its window and
    scope. The reviewers of the target unit are told."""
    now = now or timezone.now()
    person = actor.person if getattr(actor, "person_id", None) else None
    if person is None:
        raise DomainError(
            "no_person", _("您的账号没有关联职工档案,无法以个人名义提交建议。请联系管理员。")
        )
    title = _text(title, "title")
    problem = _text(problem, "problem")
    proposal = _text(proposal, "proposal")
    expected_benefit = _text(expected_benefit, "expected_benefit", required=False)
    expected_yuan = parse_yuan(expected_yuan, "expected_yuan", required=False)
    if category not in Category.values:
        raise DomainError("bad_category", _("请选择建议类别。"), field="category")
    if target_unit is None or target_unit.kind not in ADMIN_KINDS or target_unit.is_dissolved:
        raise DomainError("bad_target", _("请选择建议涉及的部门或班组。"), field="target_unit")
    team = list(dict.fromkeys(co_proposers or []))
    if any(p.pk == person.pk for p in team):
        raise DomainError(
            "self_co_proposer", _("共同建议人不需要填写您自己。"), field="co_proposers"
        )
    if len(team) > MAX_CO_PROPOSERS:
        raise DomainError(
            "too_many_co_proposers",
            _("共同建议人最多 %d 人。") % MAX_CO_PROPOSERS,
            field="co_proposers",
        )
    if campaign is not None:
        check_campaign(campaign, person, category, now)
    suggestion = Suggestion.objects.create(
        campaign=campaign,
        title=title,
        problem=problem,
        proposal=proposal,
        expected_benefit=expected_benefit,
        expected_yuan=expected_yuan,
        category=category,
        target_unit=target_unit,
        proposer=person,
        proposer_unit=person.department,
        submitted_at=now,
    )
    if team:
        suggestion.co_proposers.set(team)
    _event(suggestion, EventKind.SUBMITTED, actor, now)
    notify(
        users=reviewers_of(target_unit),
        title=_("新的合理化建议待评审:%s") % title,
        body=_("建议人:%(p)s;涉及单位:%(u)s") % {"p": person.name, "u": target_unit.name},
        url=detail_url(suggestion),
    )
    return suggestion


# --- review ----------------------------------------------------------------------------------


def _require(ok: bool, message) -> None:
    if not ok:
        raise Forbidden(message)


def _lock(suggestion) -> Suggestion:
    """Re-read the row inside the transaction: two reviewers acting at once see each other."""
    fresh = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    suggestion.status = fresh.status
    return suggestion


@transaction.atomic
def suggestion_review_start(*, actor, suggestion, now: datetime | None = None) -> Suggestion:
    """A reviewer takes up a submitted (or deferred) suggestion for review."""
    now = now or timezone.now()
    _require(rules.can_review(actor, suggestion), _("只有涉及单位的负责人或党群管理员可以评审。"))
    _lock(suggestion)
    suggestion.status = rules.next_status("review", suggestion.status)
    suggestion.save(update_fields=["status", "updated_at"])
    _event(suggestion, EventKind.REVIEW, actor, now)
    return suggestion


@transaction.atomic
def suggestion_score(
    *, actor, suggestion, scores: dict[int, int], comment: str = "", now: datetime | None = None
) -> Review:
    """A reviewer scores every active criterion 0–100; the weighted mean is their total and the
    mean of the reviewers' totals is the suggestion's score. Scoring again replaces one's own."""
    now = now or timezone.now()
    _require(rules.can_review(actor, suggestion), _("只有涉及单位的负责人或党群管理员可以评分。"))
    _lock(suggestion)
    if suggestion.status not in rules.SCORABLE:
        raise DomainError(
            "bad_transition",
            _("建议当前为“%s”,不能再评分。") % Status(suggestion.status).label,
            status=409,
        )
    comment = _text(comment, "comment", required=False)
    criteria = list(Criterion.objects.filter(is_active=True))
    values: dict[int, int] = {}
    for c in criteria:
        raw = (scores or {}).get(c.pk, (scores or {}).get(str(c.pk)))
        try:
            value = int(str(raw).strip())
        except (TypeError, ValueError):
            raise DomainError(
                "bad_score",
                _("请为“%s”打分(0–100 的整数)。") % c.name,
                field=f"c{c.pk}",
            ) from None
        if not 0 <= value <= 100:
            raise DomainError(
                "bad_score", _("“%s”的得分必须在 0–100 之间。") % c.name, field=f"c{c.pk}"
            )
        values[c.pk] = value
    total = rules.weighted_total((c.weight, values[c.pk]) for c in criteria)
    if suggestion.status != Status.UNDER_REVIEW:
        suggestion.status = rules.next_status("review", suggestion.status)
        _event(suggestion, EventKind.REVIEW, actor, now)
    review, _created = Review.objects.update_or_create(
        suggestion=suggestion,
        reviewer=actor,
        defaults={"total": total, "comment": comment, "scored_at": now},
    )
    review.scores.all().delete()
    ReviewScore.objects.bulk_create(
        ReviewScore(review=review, criterion=c, weight=c.weight, score=values[c.pk])
        for c in criteria
    )
    suggestion.score_total = rules.mean_total(
        Review.objects.filter(suggestion=suggestion).values_list("total", flat=True)
    )
    suggestion.save(update_fields=["status", "score_total", "updated_at"])
    _event(suggestion, EventKind.SCORED, actor, now, _("加权得分 %s") % total)
    return review


DECISION_EVENTS = {
    "adopt": EventKind.ADOPTED,
    "reject": EventKind.REJECTED,
    "defer": EventKind.DEFERRED,
}


@transaction.atomic
def suggestion_decide(
    *, actor, suggestion, decision: str, reason: str = "", now: datetime | None = None
) -> Suggestion:
    """采纳 (after scoring), 不采纳 (with a reason the proposer sees) or 待研究; the proposer and
    co-proposers are told."""
    now = now or timezone.now()
    if decision not in DECISION_EVENTS:
        raise DomainError("bad_decision", _("请选择评审结论。"), field="decision")
    _require(
        rules.can_review(actor, suggestion), _("只有涉及单位的负责人或党群管理员可以作出决定。")
    )
    _lock(suggestion)
    reason = _text(reason, "reason", required=decision == "reject")
    target = rules.next_status(decision, suggestion.status)
    if decision == "adopt" and suggestion.score_total is None:
        raise DomainError("not_scored", _("请先完成评分,再决定采纳。"), field="decision")
    suggestion.status = target
    suggestion.decided_at, suggestion.decided_by, suggestion.decision_reason = now, actor, reason
    suggestion.save(
        update_fields=["status", "decided_at", "decided_by", "decision_reason", "updated_at"]
    )
    _event(suggestion, DECISION_EVENTS[decision], actor, now, reason)
    label = Status(target).label
    notify(
        users=_participants(suggestion),
        title=_("您的建议“%(t)s”:%(s)s") % {"t": suggestion.title, "s": label},
        body=reason,
        url=detail_url(suggestion),
    )
    return suggestion


# --- implementation, benefit, reward --------------------------------------------------------


@transaction.atomic
def suggestion_assign(
    *,
    actor,
    suggestion,
    impl_unit: OrgUnit,
    impl_person=None,
    due_at: datetime,
    now: datetime | None = None,
) -> Suggestion:
    """An adopted suggestion gets an implementing unit, an optional owner and a deadline not in
    the past; it enters 督办 until it is implemented."""
    now = now or timezone.now()
    _require(
        rules.can_review(actor, suggestion), _("只有涉及单位的负责人或党群管理员可以安排实施。")
    )
    _lock(suggestion)
    target = rules.next_status("assign", suggestion.status)
    if impl_unit is None or impl_unit.is_dissolved:
        raise DomainError("required", _("请选择实施单位。"), field="impl_unit")
    if due_at is None:
        raise DomainError("required", _("请填写实施期限。"), field="due_at")
    if timezone.is_naive(due_at):
        due_at = timezone.make_aware(due_at)
    if due_at <= now:
        raise DomainError("past_deadline", _("实施期限不能早于现在。"), field="due_at")
    suggestion.status = target
    suggestion.impl_unit, suggestion.impl_person, suggestion.impl_due_at = (
        impl_unit,
        impl_person,
        due_at,
    )
    suggestion.save(
        update_fields=["status", "impl_unit", "impl_person", "impl_due_at", "updated_at"]
    )
    owner = impl_person.name if impl_person else impl_unit.name
    _event(
        suggestion,
        EventKind.ASSIGNED,
        actor,
        now,
        _("实施单位:%(u)s;责任人:%(p)s;期限:%(d)s")
        % {
            "u": impl_unit.name,
            "p": owner,
            "d": timezone.localtime(due_at).strftime("%Y-%m-%d %H:%M"),
        },
    )
    url = detail_url(suggestion)
    supervise(
        record=suggestion,
        kind="suggestion",
        title=_("落实建议:%s") % suggestion.title,
        url=url,
        owner_unit=impl_unit,
        owner_person=impl_person,
        due_at=due_at,
        now=now,
    )
    notify(
        users=_people_users(impl_person) if impl_person else reviewers_of(impl_unit),
        title=_("请落实合理化建议:%s") % suggestion.title,
        body=_("实施期限:%s") % timezone.localtime(due_at).strftime("%Y-%m-%d %H:%M"),
        url=url,
    )
    return suggestion


@transaction.atomic
def suggestion_mark_implemented(
    *, actor, suggestion, note: str, now: datetime | None = None
) -> Suggestion:
    """The owner reports it implemented, with a note; it leaves 督办."""
    now = now or timezone.now()
    _lock(suggestion)
    target = rules.next_status("implement", suggestion.status)  # before: no owner until assigned
    _require(
        rules.can_mark_implemented(actor, suggestion),
        _("只有实施责任人或实施单位负责人可以标记实施完成。"),
    )
    note = _text(note, "note")
    suggestion.status, suggestion.implemented_at, suggestion.impl_note = target, now, note
    suggestion.save(update_fields=["status", "implemented_at", "impl_note", "updated_at"])
    _event(suggestion, EventKind.IMPLEMENTED, actor, now, note)
    supervision_close(record=suggestion, at=now)
    notify(
        users=_participants(suggestion),
        title=_("您的建议“%s”已实施完成") % suggestion.title,
        body=note,
        url=detail_url(suggestion),
    )
    return suggestion


@transaction.atomic
def suggestion_verify(
    *, actor, suggestion, yuan, note: str = "", now: datetime | None = None
) -> Suggestion:
    """The finance or technology unit verifies the real benefit in yuan (≥ 0)."""
    now = now or timezone.now()
    _require(rules.can_verify_benefit(actor), _("效益须由财务或技术部门负责人核定。"))
    _lock(suggestion)
    target = rules.next_status("verify", suggestion.status)
    amount = parse_yuan(yuan, "yuan")
    note = _text(note, "note", required=False)
    suggestion.status, suggestion.verified_yuan, suggestion.verify_note = target, amount, note
    suggestion.verified_at, suggestion.verified_by = now, actor
    suggestion.save(
        update_fields=[
            "status",
            "verified_yuan",
            "verify_note",
            "verified_at",
            "verified_by",
            "updated_at",
        ]
    )
    _event(
        suggestion,
        EventKind.VERIFIED,
        actor,
        now,
        _("核定效益 %s 元") % amount + (f";{note}" if note else ""),
    )
    notify(
        users=_participants(suggestion),
        title=_("您的建议“%(t)s”核定效益 %(y)s 元") % {"t": suggestion.title, "y": amount},
        body=note,
        url=detail_url(suggestion),
    )
    return suggestion


@transaction.atomic
def suggestion_reward(
    *, actor, suggestion, yuan, note: str, now: datetime | None = None
) -> Suggestion:
    """A reward (yuan ≥ 0, with a note) is recorded for a verified suggestion."""
    now = now or timezone.now()
    _require(rules.can_reward(actor), _("奖励由工会或党群管理员记录。"))
    _lock(suggestion)
    target = rules.next_status("reward", suggestion.status)
    amount = parse_yuan(yuan, "yuan")
    note = _text(note, "note")
    suggestion.status, suggestion.reward_yuan, suggestion.reward_note = target, amount, note
    suggestion.rewarded_at = now
    suggestion.save(
        update_fields=["status", "reward_yuan", "reward_note", "rewarded_at", "updated_at"]
    )
    _event(suggestion, EventKind.REWARDED, actor, now, _("奖励 %s 元") % amount + f";{note}")
    notify(
        users=_participants(suggestion),
        title=_("您的建议“%(t)s”获得奖励 %(y)s 元") % {"t": suggestion.title, "y": amount},
        body=note,
        url=detail_url(suggestion),
    )
    return suggestion
