"""Reads of selections, always through `visible_to`: out of scope is a 404."""

from django.db.models import Count, Q

from apps.core.errors import NotFound
from apps.core.judging import scores_open
from apps.core.timeline import timeline_rows

from .choices import IN_ROUNDS, Grade, VoteRound
from .models import Applicant, Ballot, JudgeScore, Objection, Selection, Tally
from .services import team_members, vote_candidates, vote_round_open


def selection_list(*, user):
    return (
        Selection.objects.visible_to(user)
        .select_related("team")
        .annotate(n_applicants=Count("applicants"))
    )


def selection_get(*, user, pk: int) -> Selection:
    selection = (
        Selection.objects.visible_to(user).select_related("team", "audience", "quiz").filter(pk=pk)
    ).first()
    if selection is None:
        raise NotFound()
    return selection


def applicant_get(*, user, pk: int) -> Applicant:
    applicant = (
        Applicant.objects.visible_to(user).select_related("selection", "person").filter(pk=pk)
    ).first()
    if applicant is None:
        raise NotFound()
    return applicant


def objection_get(*, user, pk: int) -> Objection:
    objection = Objection.objects.visible_to(user).select_related("selection").filter(pk=pk)
    if not objection:
        raise NotFound()
    return objection[0]


def applicants_of(selection: Selection):
    return selection.applicants.select_related("person", "exception_by").order_by(
        "rank", "applied_at", "pk"
    )


def my_application(*, user, selection: Selection) -> Applicant | None:
    if user.person_id is None:
        return None
    return selection.applicants.filter(person_id=user.person_id).first()


def panel(*, user, selection: Selection, applicants) -> dict:
    """The judges' scoring table: how many have scored each candidate; each judge sees their own
    score, and the others' only once every judge has scored that candidate."""
    judges = list(selection.judges.all())
    rows = {}
    for s in JudgeScore.objects.filter(applicant__in=applicants).select_related("judge"):
        rows.setdefault(s.applicant_id, []).append(s)
    out = []
    for a in applicants:
        if a.status not in IN_ROUNDS:
            continue
        given = rows.get(a.pk, [])
        is_open = scores_open(scored=len(given), panel=len(judges))
        mine = next((s for s in given if s.judge_id == user.person_id), None)
        out.append(
            {
                "applicant": a,
                "scored": len(given),
                "open": is_open,
                "mine": mine,
                "scores": sorted(given, key=lambda s: s.judge_id) if is_open else [],
            }
        )
    return {"judges": judges, "rows": out}


def vote_state(*, user, selection: Selection) -> dict:
    """The open 民主测评: the candidates, whether this user may vote and has, and the
    participation rate (ballots / active team members) — counts only, never who voted what."""
    round_ = vote_round_open(selection)
    if round_ is None:
        return {"round": None}
    members = team_members(selection)
    ballots = Ballot.objects.filter(selection=selection, round=round_)
    n_members, n_ballots = members.count(), ballots.count()
    is_member = user.person_id is not None and members.filter(pk=user.person_id).exists()
    return {
        "round": round_,
        "round_label": VoteRound(round_).label,
        "candidates": list(vote_candidates(selection, round_)),
        "members": n_members,
        "ballots": n_ballots,
        "rate": round(100 * n_ballots / n_members) if n_members else None,
        "is_member": is_member,
        "voted": is_member and ballots.filter(voter_id=user.person_id).exists(),
    }


def tallies(selection: Selection, round_: str) -> dict[int, dict[str, int]]:
    out: dict[int, dict[str, int]] = {}
    for t in Tally.objects.filter(applicant__selection=selection, round=round_):
        out.setdefault(t.applicant_id, {g: 0 for g in Grade.values})[t.grade] = t.count
    return out


def timeline(selection: Selection) -> list[dict]:
    return timeline_rows(selection, events=selection.events.select_related("actor"))


def open_objections(selection: Selection) -> int:
    return selection.objections.filter(Q(answered_at=None)).count()
