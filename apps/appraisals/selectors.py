"""Reads of 民主评议党员 and 换届, always through the user's scope."""

from collections import Counter

from django.db.models import Count, Q, QuerySet

from apps.core.errors import NotFound
from apps.orgs.choices import UnitKind
from apps.orgs.scope import units_reached

from .choices import AppraisalStatus, CommitteeStatus
from .models import Appraisal, AppraisalEntry, AppraisalVote, Committee


def appraisal_list(*, user) -> QuerySet:
    return (
        Appraisal.objects.visible_to(user)
        .select_related("branch")
        .annotate(
            members=Count("entries", distinct=True),
            decided=Count("entries", filter=~Q(entries__grade=""), distinct=True),
        )
    )


def appraisal_get(*, user, pk: int) -> Appraisal:
    appraisal = Appraisal.objects.visible_to(user).select_related("branch").filter(pk=pk).first()
    if appraisal is None:
        raise NotFound()
    return appraisal


def entries_of(appraisal: Appraisal) -> list[AppraisalEntry]:
    """The list with each member's vote counts per grade (counts only, never who voted what)."""
    entries = list(appraisal.entries.select_related("person").order_by("person__employee_no"))
    counts: dict[int, Counter] = {}
    rows = AppraisalVote.objects.filter(appraisal=appraisal).values_list("subject_id", "grade")
    for subject, grade in rows:
        counts.setdefault(subject, Counter())[grade] += 1
    for e in entries:
        e.vote_counts = counts.get(e.pk, Counter())
    return entries


def entry_get(*, user, appraisal: Appraisal, pk: int) -> AppraisalEntry:
    entry = appraisal.entries.select_related("person", "appraisal__branch").filter(pk=pk).first()
    if entry is None:
        raise NotFound()
    return entry


def has_voted(appraisal: Appraisal, person_id) -> bool:
    return AppraisalVote.objects.filter(appraisal=appraisal, voter_id=person_id).exists()


def person_grades(person_id: int) -> list[dict]:
    """A member's record: the grade of each closed appraisal, newest first."""
    return list(
        AppraisalEntry.objects.filter(person_id=person_id, appraisal__status=AppraisalStatus.CLOSED)
        .order_by("-appraisal__year")
        .values("appraisal__year", "grade", "reason")
    )


def graded(*, user, year: int, grades) -> QuerySet:
    """The members of a closed appraisal of `year` at these grades, in the user's scope: the
    lists 量化考核 reads (优秀 for 评先评优, 不合格 for follow-up)."""
    seen = Appraisal.objects.visible_to(user).filter(year=year, status=AppraisalStatus.CLOSED)
    return AppraisalEntry.objects.filter(appraisal__in=seen.values("pk"), grade__in=grades)


def branch_choices(*, user) -> QuerySet:
    return units_reached(user, kinds=[UnitKind.BRANCH]).only("pk", "name", "path")


def party_unit_choices(*, user) -> QuerySet:
    kinds = [UnitKind.PARTY_COMMITTEE, UnitKind.GENERAL_BRANCH, UnitKind.BRANCH]
    return units_reached(user, kinds=kinds).only("pk", "name", "path", "kind")


def committee_list(*, user) -> QuerySet:
    return Committee.objects.visible_to(user).select_related("unit")


def committee_get(*, user, pk: int) -> Committee:
    committee = committee_list(user=user).filter(pk=pk).first()
    if committee is None:
        raise NotFound()
    return committee


def candidates_of(committee: Committee) -> list:
    election = getattr(committee, "election", None)
    if election is None:
        return []
    return list(election.candidates.select_related("person"))


def current_committees(*, user) -> QuerySet:
    return committee_list(user=user).filter(status=CommitteeStatus.CURRENT)
