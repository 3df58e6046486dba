"""Reads of 组织关系转接 and 流动党员, always through the user's scope."""

from datetime import datetime

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from apps.core.errors import NotFound
from apps.core.timeline import timeline_rows
from apps.orgs.choices import UnitKind
from apps.orgs.scope import units_reached

from .choices import TransferStatus
from .models import FlowActivity, FlowingMember, Transfer


def transfer_list(*, user) -> QuerySet:
    return Transfer.objects.visible_to(user).select_related("person", "from_branch", "to_branch")


def transfer_get(*, user, pk: int) -> Transfer:
    transfer = transfer_list(user=user).filter(pk=pk).first()
    if transfer is None:
        raise NotFound()
    return transfer


def timeline(*, transfer: Transfer) -> list[dict]:
    return timeline_rows(transfer, events=transfer.events.all(), edits=False)


def status_counts(qs) -> dict[str, int]:
    return qs.order_by().aggregate(
        **{s: Count("pk", filter=Q(status=s)) for s in TransferStatus.values}
    )


def branch_choices(*, user) -> QuerySet:
    """The branches the user's roles reach (where they may start a transfer or a registration)."""
    return units_reached(user, kinds=[UnitKind.BRANCH]).only("pk", "name", "path")


def target_branches() -> QuerySet:
    """Every alive branch of the company: a member may move to any of them."""
    from apps.orgs.models import OrgUnit

    return OrgUnit.objects.alive().filter(kind=UnitKind.BRANCH).only("pk", "name", "path")


def flowing_list(*, user) -> QuerySet:
    return FlowingMember.objects.visible_to(user).select_related("branch", "person")


def flowing_get(*, user, pk: int) -> FlowingMember:
    member = flowing_list(user=user).filter(pk=pk).first()
    if member is None:
        raise NotFound()
    return member


def activities_of(member: FlowingMember) -> QuerySet:
    return member.activities.order_by("-day", "-pk")


def flowing_participants(*, start: datetime, end: datetime) -> QuerySet:
    """The participation source `transfers.flowing`: the people whose meetings or study where
    they work away from their branch were recorded in the period (theory-education coverage)."""
    return FlowActivity.objects.filter(
        day__gte=timezone.localdate(start),
        day__lt=timezone.localdate(end),
        member__person__isnull=False,
    ).values("member__person_id")
