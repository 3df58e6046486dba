"""Writes on 民主评议党员 and 换届: each one transaction; the rules cite the regulation."""

from datetime import date, datetime, time

from dateutil.relativedelta import relativedelta
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.choices import Role
from apps.accounts.models import RoleAssignment, User
from apps.accounts.services import role_grant, role_revoke
from apps.core.errors import CoreError, Forbidden
from apps.core.services import notify
from apps.orgs.choices import MemberKind, UnitKind
from apps.orgs.models import OrgUnit, PartyMembership, Person
from apps.orgs.scope import ancestor_paths
from apps.supervision.models import SupervisedItem
from apps.supervision.services import supervise, supervision_close

from .choices import REASONED, AppraisalStatus, CommitteeStatus, Grade, Post
from .errors import AppraisalError, TermError
from .models import (
    Appraisal,
    AppraisalEntry,
    AppraisalVote,
    Candidate,
    Committee,
    Election,
    TermSettings,
)
from .permissions import can_record_election, can_run

KIND = "election"  # the 督办 kind of an overdue 换届
TERM_KINDS = (UnitKind.PARTY_COMMITTEE, UnitKind.GENERAL_BRANCH, UnitKind.BRANCH)
# The roles an election grants on the organisation: its secretary leads it, the others sit on
# its committee (a grassroots committee's members reach its subtree the same way).
POST_ROLES = {
    Post.SECRETARY: Role.BRANCH_SECRETARY,
    Post.DEPUTY: Role.BRANCH_COMMITTEE,
    Post.MEMBER: Role.BRANCH_COMMITTEE,
}


def _check_run(actor, branch) -> None:
    if not can_run(actor, branch):
        raise Forbidden(_("只有该支部的书记、委员或党委管理员可以组织评议。"))


def _open(appraisal: Appraisal) -> Appraisal:
    appraisal = Appraisal.objects.select_for_update().get(pk=appraisal.pk)
    if appraisal.status != AppraisalStatus.OPEN:
        raise AppraisalError.CLOSED()
    return appraisal


@transaction.atomic
def appraisal_open(*, actor, branch: OrgUnit, year: int) -> Appraisal:
    """Start a branch's appraisal of a year: every member on its roster today is on the list."""
    if branch is None or branch.kind != UnitKind.BRANCH or branch.is_dissolved:
        raise AppraisalError.NOT_BRANCH(field="branch")
    _check_run(actor, branch)
    if year is None or not 2000 <= year <= timezone.localdate().year + 1:
        raise AppraisalError.YEAR(field="year")
    if Appraisal.objects.filter(branch=branch, year=year).exists():
        raise AppraisalError.EXISTS(field="year", branch=branch.name, year=year)
    members = list(
        PartyMembership.objects.filter(branch=branch).values_list("person_id", flat=True)
    )
    if not members:
        raise AppraisalError.NO_MEMBERS(field="branch")
    appraisal = Appraisal.objects.create(branch=branch, year=year, opened_by=actor)
    AppraisalEntry.objects.bulk_create(
        AppraisalEntry(appraisal=appraisal, person_id=pk) for pk in members
    )
    notify(
        users=User.objects.filter(person_id__in=members, is_active=True),
        title=_("%(branch)s %(year)d 年度民主评议党员已开始,请填写自评并投票")
        % {"branch": branch.name, "year": year},
        url=appraisal.get_absolute_url(),
    )
    return appraisal


@transaction.atomic
def self_appraisal_save(*, actor, entry: AppraisalEntry, self_text: str) -> AppraisalEntry:
    """A member writes their own 自我评价 (only their own, while the appraisal is open)."""
    _open(entry.appraisal)
    if actor.person_id is None or actor.person_id != entry.person_id:
        raise AppraisalError.NOT_SELF()
    if not self_text.strip():
        raise AppraisalError.SELF_EMPTY(field="self_text")
    entry.self_text, entry.self_at = self_text.strip(), timezone.now()
    entry.save(update_fields=["self_text", "self_at"])
    return entry


@transaction.atomic
def vote_cast(*, actor, appraisal: Appraisal, grades: dict[int, str]) -> int:
    """A member's ballot: a grade for each member on the list they choose (entry id → grade).
    Only a member on the list votes, and only once: the ballot is stored whole or refused."""
    appraisal = _open(appraisal)
    voter = actor.person_id
    if voter is None or not appraisal.entries.filter(person_id=voter).exists():
        raise AppraisalError.NOT_VOTER()
    if AppraisalVote.objects.filter(appraisal=appraisal, voter_id=voter).exists():
        raise AppraisalError.VOTED()
    grades = {k: v for k, v in grades.items() if v}
    if not grades:
        raise AppraisalError.VOTES_EMPTY()
    known = set(appraisal.entries.filter(pk__in=grades).values_list("pk", flat=True))
    for entry_id, grade in grades.items():
        if entry_id not in known:
            raise AppraisalError.BAD_SUBJECT(field=f"grade_{entry_id}")
        if grade not in Grade.values:
            raise AppraisalError.BAD_GRADE(field=f"grade_{entry_id}")
    try:
        with transaction.atomic():
            AppraisalVote.objects.bulk_create(
                AppraisalVote(appraisal=appraisal, voter_id=voter, subject_id=k, grade=g)
                for k, g in grades.items()
            )
    except IntegrityError:  # a second ballot racing the first
        raise AppraisalError.VOTED() from None
    return len(grades)


@transaction.atomic
def grade_decide(*, actor, entry: AppraisalEntry, grade: str, reason: str = "") -> AppraisalEntry:
    """The branch's decision on a member. The two lower grades need the reasons on record
    (《中国共产党支部工作条例(试行)》: 民主评议党员, 对评为不合格的党员按规定稳妥处置)."""
    appraisal = _open(entry.appraisal)
    _check_run(actor, appraisal.branch)
    if grade not in Grade.values:
        raise AppraisalError.BAD_GRADE(field="grade")
    if grade in REASONED and not reason.strip():
        raise AppraisalError.REASON_REQUIRED(field="reason", grade=Grade(grade).label)
    entry.grade, entry.reason = grade, reason.strip()
    entry.decided_by, entry.decided_at = actor, timezone.now()
    entry.save(update_fields=["grade", "reason", "decided_by", "decided_at"])
    return entry


@transaction.atomic
def appraisal_close(*, actor, appraisal: Appraisal) -> Appraisal:
    """End the appraisal once every member has a grade: the results are final and read by the
    member's record and 量化考核."""
    appraisal = _open(appraisal)
    _check_run(actor, appraisal.branch)
    undecided = appraisal.entries.filter(grade="").count()
    if undecided:
        raise AppraisalError.UNDECIDED(n=undecided)
    appraisal.status, appraisal.closed_at = AppraisalStatus.CLOSED, timezone.now()
    appraisal.save(update_fields=["status", "closed_at", "updated_at"])
    return appraisal


# --- 换届 ----------------------------------------------------------------------------------------


def term_years(unit: OrgUnit, terms: TermSettings | None = None) -> int:
    """The term of the unit's committee by its kind (defaults in TermSettings' docstring)."""
    terms = terms or TermSettings.current()
    return {
        UnitKind.PARTY_COMMITTEE: terms.committee_years,
        UnitKind.GENERAL_BRANCH: terms.general_branch_years,
    }.get(unit.kind, terms.branch_years)


def _party_unit(unit) -> OrgUnit:
    if unit is None or unit.kind not in TERM_KINDS or unit.is_dissolved:
        raise TermError.NOT_PARTY_UNIT(field="unit")
    return unit


@transaction.atomic
def committee_register(*, actor, unit: OrgUnit, elected_on: date) -> Committee:
    """Put a sitting committee on record (elected before the platform): its term by its kind."""
    unit = _party_unit(unit)
    if not can_record_election(actor, unit):
        raise Forbidden()
    if elected_on is None or elected_on > timezone.localdate():
        raise TermError.HELD_ON(field="elected_on")
    years = term_years(unit)
    Committee.objects.filter(unit=unit, status=CommitteeStatus.CURRENT).update(
        status=CommitteeStatus.ENDED
    )
    return Committee.objects.create(
        unit=unit,
        elected_on=elected_on,
        term_years=years,
        ends_on=elected_on + relativedelta(years=years),
    )


def _check_ballot(unit, electors, present, candidates) -> list[tuple]:
    """The election's rules (《中国共产党基层组织选举工作条例》): the meeting is valid when more
    than four fifths of those entitled to vote are present; a candidate is elected with more
    than half of the votes of those present. Candidates are full members of the organisation."""
    if not electors or present is None or present > electors:
        raise TermError.ELECTORS(field="electors")
    if present * 5 <= electors * 4:
        raise TermError.QUORUM(field="present", present=present, electors=electors)
    if not candidates:
        raise TermError.NO_CANDIDATES(field="candidates")
    full = set(
        PartyMembership.objects.filter(
            branch__path__startswith=unit.path, kind=MemberKind.FULL
        ).values_list("person_id", flat=True)
    )
    seen = set()
    rows = []
    for person, post, votes in candidates:
        if person.pk in seen:
            raise TermError.DUPLICATE_CANDIDATE(field="candidates", name=person.name)
        seen.add(person.pk)
        if person.pk not in full:
            raise TermError.NOT_MEMBER(field="candidates", name=person.name)
        if post not in Post.values:
            raise CoreError.BAD_CHOICE(field="candidates", label=_("拟任职务"))
        if votes is None or not 0 <= votes <= present:
            raise TermError.VOTES(field="candidates", n=present)
        rows.append((person, post, votes, votes * 2 > present))
    elected = [r for r in rows if r[3]]
    if not elected:
        raise TermError.NONE_ELECTED(field="candidates")
    if sum(1 for r in elected if r[1] == Post.SECRETARY) != 1:
        raise TermError.ONE_SECRETARY(field="candidates")
    return rows


@transaction.atomic
def election_record(
    *, actor, unit: OrgUnit, held_on: date, electors: int, present: int, candidates: list[tuple]
) -> Committee:
    """Record a 换届 election (`candidates`: (person, post, votes)): the new committee starts its
    term, the old one ends and leaves 督办, the elected get their roles through the accounts
    service (the roles of the old committee's members not re-elected are revoked)."""
    unit = _party_unit(unit)
    if not can_record_election(actor, unit):
        raise Forbidden(_("只有党委/党群工作部管理员可以登记换届选举。"))
    if held_on is None or held_on > timezone.localdate():
        raise TermError.HELD_ON(field="held_on")
    rows = _check_ballot(unit, electors, present, candidates)
    old = list(
        Committee.objects.select_for_update().filter(unit=unit, status=CommitteeStatus.CURRENT)
    )
    for committee in old:
        committee.status = CommitteeStatus.ENDED
        committee.save(update_fields=["status", "updated_at"])
        supervision_close(record=committee)
    years = term_years(unit)
    committee = Committee.objects.create(
        unit=unit,
        elected_on=held_on,
        term_years=years,
        ends_on=held_on + relativedelta(years=years),
    )
    election = Election.objects.create(
        committee=committee, held_on=held_on, electors=electors, present=present, recorded_by=actor
    )
    Candidate.objects.bulk_create(
        Candidate(election=election, person=p, post=post, votes=v, elected=e)
        for p, post, v, e in rows
    )
    _roles_follow(actor, unit, {p.pk: POST_ROLES[post] for p, post, _v, e in rows if e})
    return committee


def _roles_follow(actor, unit, wanted: dict[int, str]) -> None:
    """The committee roles on the unit become the elected's: grants through `role_grant`, the
    others' committee roles revoked through `role_revoke` (both audited)."""
    held = RoleAssignment.objects.filter(
        unit=unit, role__in=set(POST_ROLES.values())
    ).select_related("user", "unit")
    have = set()
    for ra in held:
        if wanted.get(ra.user.person_id) == ra.role:
            have.add(ra.user.person_id)
        else:
            role_revoke(actor=actor, assignment=ra)
    people = Person.objects.in_bulk([pk for pk in wanted if pk not in have])
    for pk, person in people.items():
        role_grant(actor=actor, person=person, role=wanted[pk], unit=unit)


def _cadres(units) -> dict[int, list]:
    """For each unit, the users to remind: its own secretaries and the party admins above it."""
    paths = {u.pk: u.path for u in units}
    ancestors = {a for p in paths.values() for a in ancestor_paths(p)}
    rows = (
        RoleAssignment.objects.filter(user__is_active=True, unit__path__in=ancestors)
        .filter(role__in=(Role.BRANCH_SECRETARY, Role.PARTY_ADMIN))
        .select_related("user", "unit")
    )
    out = {}
    for pk, path in paths.items():
        users = {
            ra.user_id: ra.user
            for ra in rows
            if (ra.role == Role.BRANCH_SECRETARY and ra.unit.path == path)
            or (ra.role == Role.PARTY_ADMIN and path.startswith(ra.unit.path))
        }
        out[pk] = list(users.values())
    return out


def terms_remind(*, now: datetime) -> dict:
    """The periodic pass: a committee's term ending in 6 months and again in 1 (settings) tells
    its secretary and the party admins above once each; a term past its end with no election
    is a 督办 item owned by the organisation."""
    today = timezone.localdate(now)
    terms = TermSettings.current()
    # An overdue term joins 督办 once; from then on 督办 reminds and escalates.
    supervised = SupervisedItem.objects.filter(kind=KIND).values("object_id")
    current = list(
        Committee.objects.filter(
            status=CommitteeStatus.CURRENT,
            ends_on__lte=today + relativedelta(months=terms.first_reminder_months),
        )
        .exclude(ends_on__lt=today, pk__in=supervised)
        .select_related("unit")
    )
    cadres = _cadres([c.unit for c in current])
    sent = overdue = 0
    for c in current:
        if c.ends_on < today:
            due = timezone.make_aware(datetime.combine(c.ends_on, time.max))
            supervise(
                record=c,
                kind=KIND,
                title=_("%(unit)s 任期已于 %(day)s 届满,请按期换届")
                % {"unit": c.unit.name, "day": c.ends_on.isoformat()},
                url=c.get_absolute_url(),
                owner_unit=c.unit,
                due_at=due,
                now=now,
            )
            overdue += 1
            continue
        months = (
            terms.second_reminder_months
            if c.ends_on <= today + relativedelta(months=terms.second_reminder_months)
            else terms.first_reminder_months
        )
        notify(
            users=cadres.get(c.unit_id, []),
            title=_("%(unit)s 任期将于 %(day)s 届满,请做好换届准备")
            % {"unit": c.unit.name, "day": c.ends_on.isoformat()},
            url=c.get_absolute_url(),
            dedupe_key=f"term:{c.pk}:{months}",
        )
        sent += 1
    return {"reminded": sent, "overdue": overdue}


@transaction.atomic
def term_settings_save(
    *,
    actor,
    committee_years: int,
    general_branch_years: int,
    branch_years: int,
    first_reminder_months: int,
    second_reminder_months: int,
) -> TermSettings:
    if not can_record_election(actor):
        raise Forbidden()
    for field, value in (
        ("committee_years", committee_years),
        ("general_branch_years", general_branch_years),
        ("branch_years", branch_years),
    ):
        if not value or not 1 <= value <= 10:
            raise TermError.BAD_YEARS(field=field)
    if not (
        first_reminder_months
        and second_reminder_months
        and 1 <= second_reminder_months < first_reminder_months <= 12
    ):
        raise TermError.BAD_MONTHS(field="first_reminder_months")
    row = TermSettings.current()
    row.committee_years, row.general_branch_years, row.branch_years = (
        committee_years,
        general_branch_years,
        branch_years,
    )
    row.first_reminder_months, row.second_reminder_months = (
        first_reminder_months,
        second_reminder_months,
    )
    row.save()
    return row
