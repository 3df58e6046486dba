"""The judges this app registers (apps.standards.judges): facts the roster and the role grants
already hold, so no branch reports them by hand."""

from collections import defaultdict
from datetime import date

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from apps.accounts.choices import Role
from apps.accounts.models import RoleAssignment
from apps.orgs.choices import MemberKind
from apps.orgs.models import OrgUnit, PartyMembership

from .judges import Verdict

SECRETARY_POST = "书记"
# 党章: a branch of seven or more full members elects a committee (支部委员会, 3–5 members,
# at most 7); a smaller branch elects a secretary only.
COMMITTEE_FROM_MEMBERS = 7
COMMITTEE_MIN = 3


def _members(branch_ids):
    return PartyMembership.objects.filter(
        branch_id__in=branch_ids, person__deleted_at__isnull=True
    ).order_by()


def committee_complete(*, branches: list[OrgUnit], start: date, end: date) -> dict[int, Verdict]:
    """支部委员会配备齐全: a secretary, and a committee of at least three when the branch has seven
    or more full members. A post is held as a role on the branch (支部书记 / 支部委员) or in the
    roster as the member's 党内职务; a person counts once. Three queries for any number of
    branches."""
    ids = [b.pk for b in branches]
    full = dict(
        _members(ids)
        .filter(kind=MemberKind.FULL)
        .values("branch_id")
        .annotate(n=Count("pk"))
        .values_list("branch_id", "n")
    )
    secretaries: dict[int, set] = defaultdict(set)
    committee: dict[int, set] = defaultdict(set)
    for branch_id, person_id, post in (
        _members(ids).exclude(party_post="").values_list("branch_id", "person_id", "party_post")
    ):
        committee[branch_id].add(("p", person_id))
        if post == SECRETARY_POST:
            secretaries[branch_id].add(("p", person_id))
    roles = RoleAssignment.objects.filter(
        unit_id__in=ids,
        role__in=(Role.BRANCH_SECRETARY, Role.BRANCH_COMMITTEE),
        user__is_active=True,
    ).values_list("unit_id", "role", "user_id", "user__person_id")
    for unit_id, role, user_id, person_id in roles:
        key = ("p", person_id) if person_id else ("u", user_id)
        committee[unit_id].add(key)
        if role == Role.BRANCH_SECRETARY:
            secretaries[unit_id].add(key)
    verdicts = {}
    for b in branches:
        members, size = full.get(b.pk, 0), len(committee[b.pk])
        needed = COMMITTEE_MIN if members >= COMMITTEE_FROM_MEMBERS else 1
        url = reverse("orgs:unit_detail", args=[b.pk])
        if not secretaries[b.pk]:
            verdicts[b.pk] = Verdict(False, _("未配备支部书记"), url)
        elif size < needed:
            verdicts[b.pk] = Verdict(
                False,
                _("正式党员 %(m)d 名,应设支委会(至少 %(need)d 人),现有 %(n)d 人")
                % {"m": members, "need": needed, "n": size},
                url,
            )
        else:
            verdicts[b.pk] = Verdict(
                True,
                _("书记已配备,支委 %(n)d 人(正式党员 %(m)d 名)") % {"n": size, "m": members},
                url,
            )
    return verdicts


def roster_current(*, branches: list[OrgUnit], start: date, end: date) -> dict[int, Verdict]:
    """党员名册信息完整: every member of the branch has 入党日期 and 手机, and every full member
    has 转正日期. One grouped query for any number of branches."""
    ids = [b.pk for b in branches]
    missing_joined = Q(joined_on__isnull=True)
    missing_confirmed = Q(kind=MemberKind.FULL, confirmed_on__isnull=True)
    missing_mobile = Q(person__mobile="")
    rows = {
        r["branch_id"]: r
        for r in _members(ids)
        .values("branch_id")
        .annotate(
            total=Count("pk"),
            joined=Count("pk", filter=missing_joined),
            confirmed=Count("pk", filter=missing_confirmed),
            mobile=Count("pk", filter=missing_mobile),
            incomplete=Count("pk", filter=missing_joined | missing_confirmed | missing_mobile),
        )
    }
    verdicts = {}
    for b in branches:
        r = rows.get(b.pk)
        url = reverse("orgs:person_list") + "?" + urlencode({"branch": b.pk})
        if r is None or not r["total"]:
            verdicts[b.pk] = Verdict(False, _("名册中没有本支部党员"), url)
        elif r["incomplete"]:
            parts = [
                label % {"n": r[key]}
                for key, label in (
                    ("joined", _("缺入党日期 %(n)d")),
                    ("confirmed", _("缺转正日期 %(n)d")),
                    ("mobile", _("缺手机 %(n)d")),
                )
                if r[key]
            ]
            verdicts[b.pk] = Verdict(
                False,
                _("%(n)d 名党员信息不全:%(what)s")
                % {"n": r["incomplete"], "what": "、".join(parts)},
                url,
            )
        else:
            verdicts[b.pk] = Verdict(True, _("%(n)d 名党员信息完整") % {"n": r["total"]}, url)
    return verdicts
