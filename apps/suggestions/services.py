"""Writes of the suggestion workflow: each one a transaction, a timeline event, and notifications
sent on commit. The rules (permissions, transitions, scoring) live in rules.py."""

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from apps.accounts.choices import Role
from apps.accounts.models import User
from apps.accounts.selectors import users_of
from apps.core.errors import CoreError, Forbidden
from apps.core.rules import clean_text
from apps.core.services import notify
from apps.core.timeline import timeline_write
from apps.orgs.choices import ADMIN_KINDS
from apps.orgs.models import OrgUnit
from apps.orgs.scope import ancestor_paths, roles_of
from apps.supervision.services import supervise, supervision_close

from . import rules
from .choices import Category, EventKind, Status
from .errors import SuggestionError
from .models import (
    BenefitRule,
    Campaign,
    Criterion,
    Review,
    ReviewScore,
    Suggestion,
    SuggestionEvent,
)

MAX_CO_PROPOSERS = 10
# The largest ceiling the 效益核定设置 page takes: what BenefitRule.max_yuan's column holds.
LARGEST_CEILING = Decimal("9999999999.99")
# Digits with an optional fen part: what a person writes for money. No exponent ("1e9").
PLAIN_AMOUNT = re.compile(r"-?\d+(\.\d+)?")
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
    return clean_text(
        value, field=field, label=LABELS[field], limit=LIMITS[field], required=required
    )


def parse_yuan(
    value, field: str, *, required: bool = True, ceiling: Decimal | None = None
) -> Decimal | None:
    """Money in yuan as a person writes it: digits, at most two decimal places, ≥ 0, and no
    more than `ceiling` (by default the one on the 效益核定设置 page); "1e9" or "Infinity" is
    refused."""
    if value in (None, ""):
        if required:
            raise CoreError.REQUIRED(field=field, label=_("金额(元)"))
        return None
    text = str(value).strip().replace(",", "").replace(",", "")
    if not PLAIN_AMOUNT.fullmatch(text):
        if re.fullmatch(r"-?[\d.]+[eE][+-]?\d+", text):
            raise SuggestionError.AMOUNT_EXPONENT(field=field)
        raise CoreError.BAD_AMOUNT(field=field, message=_("金额必须是数字(元)。"))
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise CoreError.BAD_AMOUNT(field=field, message=_("金额必须是数字(元)。")) from None
    if amount < 0:
        raise SuggestionError.AMOUNT_NEGATIVE(field=field)
    if amount != amount.quantize(rules.CENT):
        raise SuggestionError.AMOUNT_CENTS(field=field)
    if ceiling is None:
        ceiling = BenefitRule.current().max_yuan
    if amount > ceiling:
        raise SuggestionError.AMOUNT_TOO_LARGE(
            field=field, amount=f"{amount:,.2f}", max=f"{ceiling:,.2f}"
        )
    return amount.quantize(rules.CENT)


def _event(suggestion, kind: str, actor, now, note: str = "", *, moved=None, **extra):
    """One step on the timeline; `moved` is the (from, to) of a state change."""
    source, target = moved or ("", "")
    return timeline_write(
        SuggestionEvent,
        suggestion,
        actor=actor,
        action=kind,
        from_status=source,
        to_status=target or "",
        note=note,
        at=now,
        **extra,
    )


def _participants(suggestion) -> list:
    return users_of([suggestion.proposer, *suggestion.co_proposers.all()])


def _tell_proposers(suggestion, title: str, body: str) -> None:
    """Tell the proposer and co-proposers of a step on their suggestion; the link opens it."""
    notify(
        users=_participants(suggestion), title=title, body=body, url=suggestion.get_absolute_url()
    )


def reviewers_of(unit) -> list:
    """Department heads of the target unit or the units above it: the suggestion's reviewers."""
    ancestors = ancestor_paths(unit.path)
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
        raise CoreError.REQUIRED(field="ends_on", label=_("征集起止日期"))
    if ends_on < starts_on:
        raise SuggestionError.BAD_WINDOW(field="ends_on")
    if ends_on < timezone.localdate(now):
        raise SuggestionError.PAST_WINDOW(field="ends_on")
    if not rules.in_scope(actor, scope_unit):
        raise SuggestionError.SCOPE_OUT_OF_REACH(field="scope_unit")
    categories = list(dict.fromkeys(categories or []))
    unknown = [c for c in categories if c not in Category.values]
    if unknown:
        raise SuggestionError.BAD_CATEGORY(
            field="categories", message=_("类别无效:%s") % "、".join(unknown)
        )
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
        raise SuggestionError.CAMPAIGN_NOT_STARTED(
            field="campaign", t=campaign.title, d=campaign.starts_on
        )
    if today > campaign.ends_on:
        raise SuggestionError.CAMPAIGN_CLOSED(
            field="campaign", t=campaign.title, d=campaign.ends_on
        )
    if not rules.person_in_unit(person, campaign.scope_unit):
        raise SuggestionError.CAMPAIGN_OUT_OF_SCOPE(
            field="campaign", t=campaign.title, u=campaign.scope_unit.name
        )
    if campaign.categories and category not in campaign.categories:
        raise SuggestionError.CAMPAIGN_CATEGORY(
            field="category", t=campaign.title, c="、".join(campaign.category_labels())
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
        raise SuggestionError.NO_PERSON()
    title = _text(title, "title")
    problem = _text(problem, "problem")
    proposal = _text(proposal, "proposal")
    expected_benefit = _text(expected_benefit, "expected_benefit", required=False)
    expected_yuan = parse_yuan(expected_yuan, "expected_yuan", required=False)
    if category not in Category.values:
        raise SuggestionError.BAD_CATEGORY(field="category")
    if target_unit is None or target_unit.kind not in ADMIN_KINDS or target_unit.is_dissolved:
        raise SuggestionError.BAD_TARGET(field="target_unit")
    team = list(dict.fromkeys(co_proposers or []))
    if any(p.pk == person.pk for p in team):
        raise SuggestionError.SELF_CO_PROPOSER(field="co_proposers")
    if len(team) > MAX_CO_PROPOSERS:
        raise SuggestionError.TOO_MANY_CO_PROPOSERS(field="co_proposers", n=MAX_CO_PROPOSERS)
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
    _event(suggestion, EventKind.SUBMITTED, actor, now, moved=("", Status.SUBMITTED))
    notify(
        users=reviewers_of(target_unit),
        title=_("新的合理化建议待评审:%s") % title,
        body=_("建议人:%(p)s;涉及单位:%(u)s") % {"p": person.name, "u": target_unit.name},
        url=suggestion.get_absolute_url(),
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
    suggestion.verified_yuan = fresh.verified_yuan
    return suggestion


@transaction.atomic
def suggestion_review_start(*, actor, suggestion, now: datetime | None = None) -> Suggestion:
    """A reviewer takes up a submitted (or deferred) suggestion for review."""
    now = now or timezone.now()
    _require(rules.can_review(actor, suggestion), _("只有涉及单位的负责人或党群管理员可以评审。"))
    _lock(suggestion)
    moved = rules.MACHINE.move(suggestion, "review")
    suggestion.status = moved[1]
    suggestion.save(update_fields=["status", "updated_at"])
    _event(suggestion, EventKind.REVIEW, actor, now, moved=moved)
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
        raise CoreError.BAD_TRANSITION(
            message=rules.SCORE_REFUSAL % {"status": suggestion.get_status_display()}
        )
    comment = _text(comment, "comment", required=False)
    criteria = list(Criterion.objects.filter(is_active=True))
    values: dict[int, int] = {}
    for c in criteria:
        raw = (scores or {}).get(c.pk, (scores or {}).get(str(c.pk)))
        try:
            value = int(str(raw).strip())
        except (TypeError, ValueError):
            raise CoreError.BAD_SCORE(
                field=f"c{c.pk}", message=_("请为“%s”打分(0–100 的整数)。") % c.name
            ) from None
        if not 0 <= value <= 100:
            raise CoreError.BAD_SCORE(
                field=f"c{c.pk}", message=_("“%s”的得分必须在 0–100 之间。") % c.name
            )
        values[c.pk] = value
    total = rules.weighted_total((c.weight, values[c.pk]) for c in criteria)
    if suggestion.status != Status.UNDER_REVIEW:
        moved = rules.MACHINE.move(suggestion, "review")
        suggestion.status = moved[1]
        _event(suggestion, EventKind.REVIEW, actor, now, moved=moved)
    review, _created = Review.objects.update_or_create(
        suggestion=suggestion,
        reviewer=actor,
        defaults={"total": total, "comment": comment, "scored_at": now},
    )
    # One save per score (no bulk write) so each one, and each change on a re-score, is audited.
    review.scores.exclude(criterion__in=criteria).delete()
    for c in criteria:
        ReviewScore.objects.update_or_create(
            review=review, criterion=c, defaults={"weight": c.weight, "score": values[c.pk]}
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
        raise SuggestionError.BAD_DECISION(field="decision")
    _require(
        rules.can_review(actor, suggestion), _("只有涉及单位的负责人或党群管理员可以作出决定。")
    )
    _lock(suggestion)
    reason = _text(reason, "reason", required=decision == "reject")
    moved = rules.MACHINE.move(suggestion, decision)
    if decision == "adopt" and suggestion.score_total is None:
        raise SuggestionError.NOT_SCORED(field="decision")
    suggestion.status = moved[1]
    suggestion.decided_at, suggestion.decided_by, suggestion.decision_reason = now, actor, reason
    suggestion.save(
        update_fields=["status", "decided_at", "decided_by", "decision_reason", "updated_at"]
    )
    _event(suggestion, DECISION_EVENTS[decision], actor, now, reason, moved=moved)
    _tell_proposers(
        suggestion,
        _("您的建议“%(t)s”:%(s)s") % {"t": suggestion.title, "s": Status(moved[1]).label},
        reason,
    )
    return suggestion


# --- implementation, benefit, reward --------------------------------------------------------


def _due_text(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


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
    moved = rules.MACHINE.move(suggestion, "assign")
    if impl_unit is None or impl_unit.is_dissolved:
        raise CoreError.REQUIRED(field="impl_unit", label=_("实施单位"))
    if due_at is None:
        raise CoreError.REQUIRED(field="due_at", label=_("实施期限"))
    if timezone.is_naive(due_at):
        due_at = timezone.make_aware(due_at)
    if due_at <= now:
        raise CoreError.DEADLINE_PAST(field="due_at", message=_("实施期限不能早于现在。"))
    suggestion.status = moved[1]
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
        % {"u": impl_unit.name, "p": owner, "d": _due_text(due_at)},
        moved=moved,
        due_at=due_at,
    )
    url = suggestion.get_absolute_url()
    supervise(
        record=suggestion,
        kind="suggestion",
        title=_("落实建议:%s") % suggestion.title,
        url=url,
        owner_unit=impl_unit,
        owner_person=impl_person,
        due_at=due_at,
        now=now,
        assigned_by=actor,
        assigner_unit=_reviewing_office(actor, suggestion),
    )
    notify(
        users=users_of([impl_person]) if impl_person else reviewers_of(impl_unit),
        title=_("请落实合理化建议:%s") % suggestion.title,
        body=_("实施期限:%s") % _due_text(due_at),
        url=url,
    )
    return suggestion


def _reviewing_office(actor, suggestion) -> OrgUnit:
    """The office 督办 names as assigner: the actor's nearest reviewing role over the target
    unit, so whoever it shows the item to reaches the suggestion too (a role elsewhere would
    list an item that then 404s)."""
    target = suggestion.target_unit
    over = [
        g
        for g in roles_of(actor)
        if g.role in rules.REVIEW_ROLES and target.path.startswith(g.path)
    ]
    if not over:
        return target
    return OrgUnit.objects.get(pk=max(over, key=lambda g: len(g.path)).unit_id)


def suggestion_deadline_extended(*, record, due_at, actor, reason, now, **_kwargs) -> None:
    """督办 granted the implementer more time: the suggestion takes the new deadline."""
    Suggestion.objects.filter(pk=record.pk).update(impl_due_at=due_at, updated_at=now)
    _event(record, EventKind.EXTENDED, actor, now, reason, due_at=due_at)


@transaction.atomic
def suggestion_mark_implemented(
    *, actor, suggestion, note: str, now: datetime | None = None
) -> Suggestion:
    """The owner reports it implemented, with a note; it leaves 督办."""
    now = now or timezone.now()
    _lock(suggestion)
    moved = rules.MACHINE.move(suggestion, "implement")  # before: no owner until assigned
    _require(
        rules.can_mark_implemented(actor, suggestion),
        _("只有实施责任人或实施单位负责人可以标记实施完成。"),
    )
    note = _text(note, "note")
    suggestion.status, suggestion.implemented_at, suggestion.impl_note = moved[1], now, note
    suggestion.save(update_fields=["status", "implemented_at", "impl_note", "updated_at"])
    _event(suggestion, EventKind.IMPLEMENTED, actor, now, note, moved=moved)
    supervision_close(record=suggestion, at=now)
    _tell_proposers(suggestion, _("您的建议“%s”已实施完成") % suggestion.title, note)
    return suggestion


VERIFY_REFUSAL = _l("效益须由效益核定设置中所列单位的负责人或党群管理员核定。")


@transaction.atomic
def suggestion_verify(
    *, actor, suggestion, yuan, note: str = "", now: datetime | None = None
) -> Suggestion:
    """A head of a verifying unit (效益核定设置) verifies the real benefit in yuan."""
    now = now or timezone.now()
    _require(rules.can_verify_benefit(actor), VERIFY_REFUSAL)
    _lock(suggestion)
    moved = rules.MACHINE.move(suggestion, "verify")
    amount = parse_yuan(yuan, "yuan")
    note = _text(note, "note", required=False)
    suggestion.status, suggestion.verified_yuan, suggestion.verify_note = moved[1], amount, note
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
        _("核定效益 %s 元") % f"{amount:,.2f}" + (f";{note}" if note else ""),
        moved=moved,
        data={"yuan": str(amount)},
    )
    _tell_proposers(
        suggestion,
        _("您的建议“%(t)s”核定效益 %(y)s 元") % {"t": suggestion.title, "y": f"{amount:,.2f}"},
        note,
    )
    return suggestion


@transaction.atomic
def suggestion_correct_benefit(
    *, actor, suggestion, yuan, reason: str, now: datetime | None = None
) -> Suggestion:
    """A verifier corrects a verified figure (a typo, a re-assessment) with a reason: the old and
    new amounts are on the timeline and in the audit log; the state does not change."""
    now = now or timezone.now()
    _require(rules.can_verify_benefit(actor), VERIFY_REFUSAL)
    _lock(suggestion)
    rules.MACHINE.move(suggestion, "correct")
    amount = parse_yuan(yuan, "yuan")
    reason = _text(reason, "reason")
    old = suggestion.verified_yuan
    if amount == old:
        raise SuggestionError.SAME_AMOUNT(field="yuan")
    suggestion.verified_yuan = amount
    suggestion.save(update_fields=["verified_yuan", "updated_at"])
    _event(
        suggestion,
        EventKind.CORRECTED,
        actor,
        now,
        _("核定效益由 %(old)s 元更正为 %(new)s 元;理由:%(reason)s")
        % {"old": f"{old:,.2f}", "new": f"{amount:,.2f}", "reason": reason},
        data={"from": str(old), "to": str(amount)},
    )
    _tell_proposers(
        suggestion,
        _("您的建议“%(t)s”核定效益更正为 %(y)s 元")
        % {"t": suggestion.title, "y": f"{amount:,.2f}"},
        reason,
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
    moved = rules.MACHINE.move(suggestion, "reward")
    amount = parse_yuan(yuan, "yuan")
    note = _text(note, "note")
    suggestion.status, suggestion.reward_yuan, suggestion.reward_note = moved[1], amount, note
    suggestion.rewarded_at = now
    suggestion.save(
        update_fields=["status", "reward_yuan", "reward_note", "rewarded_at", "updated_at"]
    )
    _event(
        suggestion,
        EventKind.REWARDED,
        actor,
        now,
        _("奖励 %s 元") % f"{amount:,.2f}" + f";{note}",
        moved=moved,
    )
    _tell_proposers(
        suggestion,
        _("您的建议“%(t)s”获得奖励 %(y)s 元") % {"t": suggestion.title, "y": f"{amount:,.2f}"},
        note,
    )
    return suggestion


# --- settings ----------------------------------------------------------------------------------


@transaction.atomic
def benefit_rule_save(*, actor, verifying_units, max_yuan) -> BenefitRule:
    """Party and system admins list the units whose heads verify benefit and set the ceiling
    on amounts; the row is audited."""
    _require(
        rules.can_set_benefit_rule(actor), _("只有党群管理员或系统管理员可以修改效益核定设置。")
    )
    rule = BenefitRule.objects.select_for_update().first() or BenefitRule()
    max_yuan = parse_yuan(max_yuan, "max_yuan", ceiling=LARGEST_CEILING)
    if max_yuan < 1:
        raise CoreError.BAD_AMOUNT(field="max_yuan", message=_("金额上限至少为 1 元。"))
    rule.max_yuan = max_yuan
    rule.save()
    rule.verifying_units.set(list(verifying_units or []))
    return rule
