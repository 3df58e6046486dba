"""Writing validated roster rows: bulk creates and updates in batches, memberships, accounts."""

from collections.abc import Callable

from django.utils import timezone

from apps.accounts.provisioning import sync_accounts
from apps.core import bulk

from ..models import LeagueMembership, PartyMembership, Person, UnionMembership
from ..pinyin import initials
from ..services import PERSON_FIELDS
from .columns import KIND
from .validation import RosterContext, RowResult

BATCH = 1000


def apply_results(
    ctx: RosterContext,
    results: list[RowResult],
    progress: Callable[[int], None] | None = None,
) -> dict:
    """Write valid results with bulk operations in batches, then bring the people's accounts in
    line (apps.accounts.provisioning). The caller holds the transaction."""
    now = timezone.now()
    creates = [r for r in results if r.action == "create"]
    updates = [r for r in results if r.action == "update"]
    done = 0

    new_people = []
    for r in creates:
        person = Person(employee_no=r.employee_no, created_at=now, updated_at=now)
        _fill(person, r.state)
        new_people.append(person)
    for start in range(0, len(new_people), BATCH):
        Person.objects.bulk_create(new_people[start : start + BATCH])
        done += len(new_people[start : start + BATCH])
        if progress:
            progress(done)
    for r, person in zip(creates, new_people, strict=True):
        r.person_id = person.pk

    changed_people = []
    for r in updates:
        person = Person(pk=r.person_id, employee_no=r.employee_no, updated_at=now)
        _fill(person, r.state)
        changed_people.append(person)
    for start in range(0, len(changed_people), BATCH):
        bulk.update(
            Person,
            changed_people[start : start + BATCH],
            [*PERSON_FIELDS, "name_initials", "updated_at"],
        )
        done += len(changed_people[start : start + BATCH])
        if progress:
            progress(done)

    written = creates + updates
    _sync_party(ctx, written, now)
    _sync_unit_membership(UnionMembership, "union", ctx.union_rows, ctx, written, now)
    _sync_unit_membership(LeagueMembership, "league", ctx.league_rows, ctx, written, now)
    accounts = sync_accounts([r.person_id for r in results if r.action != "error"], actor=ctx.actor)
    return {
        "created": len(creates),
        "updated": len(updates),
        "unchanged": sum(1 for r in results if r.action == "unchanged"),
        "total": len(results),
        "accounts_created": accounts["created"],
        "accounts_disabled": accounts["disabled"],
        "accounts_enabled": accounts["enabled"],
        "account_conflicts": accounts["conflicts"],
    }


def _fill(person: Person, state: dict) -> None:
    for key in PERSON_FIELDS:
        value = state[key]
        if key in ("department", "team"):
            setattr(person, f"{key}_id", value)
        else:
            setattr(person, key, value if value is not None or KIND[key] == "date" else "")
    person.name_initials = initials(person.name)


def _sync_party(ctx, written: list[RowResult], now) -> None:
    new, changed = [], []
    for r in written:
        before = ctx.current.get(r.person_id) if r.action == "update" else None
        s = r.state
        party = (s["branch"], s["member_kind"], s["joined_on"], s["confirmed_on"], s["party_post"])
        if before is not None:
            keys = ("branch", "member_kind", "joined_on", "confirmed_on", "party_post")
            old = tuple(before[k] for k in keys)
            if old == party:
                continue
        row = ctx.party_rows.get(r.person_id)
        if s["branch"] is None:
            if row and row[1]:
                changed.append(PartyMembership(pk=row[0], deleted_at=now, updated_at=now))
            continue
        fields = {
            "branch_id": s["branch"],
            "kind": s["member_kind"],
            "joined_on": s["joined_on"],
            "confirmed_on": s["confirmed_on"],
            "party_post": s["party_post"] or "",
        }
        if row:
            changed.append(PartyMembership(pk=row[0], deleted_at=None, updated_at=now, **fields))
        else:
            new.append(PartyMembership(person_id=r.person_id, created_at=now, **fields))
    PartyMembership.objects.bulk_create(new, batch_size=BATCH)
    ends = [m for m in changed if m.deleted_at is not None]
    keeps = [m for m in changed if m.deleted_at is None]
    bulk.update(PartyMembership, ends, ["deleted_at", "updated_at"])
    bulk.update(
        PartyMembership,
        keeps,
        ["branch", "kind", "joined_on", "confirmed_on", "party_post", "deleted_at", "updated_at"],
    )


def _sync_unit_membership(model, key, rows, ctx, written: list[RowResult], now) -> None:
    new, ends, keeps = [], [], []
    for r in written:
        unit = r.state[key]
        before = ctx.current.get(r.person_id) if r.action == "update" else None
        if before is not None and before[key] == unit:
            continue
        row = rows.get(r.person_id)
        if unit is None:
            if row and row[1]:
                ends.append(model(pk=row[0], deleted_at=now, updated_at=now))
        elif row:
            keeps.append(model(pk=row[0], unit_id=unit, deleted_at=None, updated_at=now))
        else:
            new.append(model(person_id=r.person_id, unit_id=unit, created_at=now))
    model.objects.bulk_create(new, batch_size=BATCH)
    bulk.update(model, ends, ["deleted_at", "updated_at"])
    bulk.update(model, keeps, ["unit", "deleted_at", "updated_at"])
