"""Accounts for the people on the roster: made, turned off and on again by the roster's writes.

The roster (Excel import, HR upsert, a person's page) is the source of people; this module keeps
their accounts in line with it and with the administrator's `AccountPolicy`:

- a person written by the roster gets an account when the policy says so: username = prefix +
  工号, no usable password (the first password comes from an activation code, see
  `apps.accounts.activation`, or from the company directory);
- an account whose person left (a 在职状态 the policy names) or was deleted from the roster is
  turned off, with the reason "roster"; when the person returns it is turned on again, unless
  an administrator turned it off (that decision is theirs to reverse);
- granting a role to a 工号, or a first directory login by 工号, makes the account on demand.

Bulk work: an import of 50,000 people makes its accounts in a few queries per thousand. Like the
roster's own bulk writes it bypasses django-auditlog's per-row signals; turning accounts off or
on is written to the audit log as one change row per account, creation is counted in the
import's own audit event.
"""

from collections.abc import Iterable

from auditlog.models import LogEntry
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone

from apps.orgs.models import Person

from .models import AccountPolicy, DisabledReason, User

BATCH = 1000


def _gone(status: str, deleted_at, policy: AccountPolicy) -> bool:
    return deleted_at is not None or status in (policy.inactive_statuses or [])


def is_gone(person: Person, policy=None) -> bool:
    """Whether the roster says this person should have no working login."""
    policy = policy or AccountPolicy.current()
    return _gone(person.status, person.deleted_at, policy)


def _new_user(person_id: int, username: str, now) -> User:
    return User(
        username=username,
        person_id=person_id,
        password=make_password(None),  # unusable: an activation code or the directory logs in
        is_active=True,
        date_joined=now,
    )


def _audit_active(users: list[tuple[int, str]], active: bool, actor, now) -> None:
    """One auditlog change row per account turned on or off, written in bulk."""
    if not users:
        return
    content_type = ContentType.objects.get_for_model(User)
    roster = DisabledReason.ROSTER.value
    changes = (
        {"is_active": ["False", "True"], "disabled_reason": [roster, ""]}
        if active
        else {"is_active": ["True", "False"], "disabled_reason": ["", roster]}
    )
    LogEntry.objects.bulk_create(
        [
            LogEntry(
                content_type=content_type,
                object_pk=str(pk),
                object_id=pk,
                object_repr=username,
                action=LogEntry.Action.UPDATE,
                changes=changes,
                actor=actor if getattr(actor, "is_authenticated", False) else None,
                timestamp=now,
            )
            for pk, username in users
        ],
        batch_size=BATCH,
    )


def sync_accounts(
    person_ids: Iterable[int], *, actor=None, policy=None, create: bool | None = None
) -> dict:
    """Make, turn off or turn on the accounts of these people as the roster and the policy say
    (`create` overrides the policy's `auto_create`: a sheet printed for a unit opens them all).

    Returns the counts, and the 工号 whose username was already taken by another account
    (`conflicts`: those people get no account until the administrator sorts it out)."""
    policy = policy or AccountPolicy.current()
    create = policy.auto_create if create is None else create
    ids = sorted({pk for pk in person_ids if pk})
    now = timezone.now()
    created = 0
    conflicts: list[str] = []
    turned_off: list[tuple[int, str]] = []
    turned_on: list[tuple[int, str]] = []
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        accounts = {
            person_id: (pk, username, is_active, reason)
            for pk, person_id, username, is_active, reason in User.objects.filter(
                person_id__in=batch
            ).values_list("pk", "person_id", "username", "is_active", "disabled_reason")
        }
        wanted: dict[str, int] = {}
        for pk, employee_no, status, deleted_at in Person.all_objects.filter(
            pk__in=batch
        ).values_list("pk", "employee_no", "status", "deleted_at"):
            gone = _gone(status, deleted_at, policy)
            account = accounts.get(pk)
            if account is None:
                if create and not gone:
                    wanted[policy.username_for(employee_no)] = pk
                continue
            user_pk, username, is_active, reason = account
            if gone and is_active:
                turned_off.append((user_pk, username))
            elif not gone and not is_active and reason == DisabledReason.ROSTER:
                turned_on.append((user_pk, username))
        if wanted:
            taken = set(
                User.objects.filter(username__in=list(wanted)).values_list("username", flat=True)
            )
            employee_nos = dict(
                Person.all_objects.filter(pk__in=[wanted[u] for u in taken]).values_list(
                    "pk", "employee_no"
                )
            )
            conflicts += [employee_nos[wanted[u]] for u in sorted(taken)]
            new = [_new_user(pk, name, now) for name, pk in wanted.items() if name not in taken]
            User.objects.bulk_create(new, batch_size=BATCH)
            created += len(new)
    for start in range(0, len(turned_off), BATCH):
        User.objects.filter(pk__in=[pk for pk, _u in turned_off[start : start + BATCH]]).update(
            is_active=False, disabled_reason=DisabledReason.ROSTER
        )
    for start in range(0, len(turned_on), BATCH):
        User.objects.filter(pk__in=[pk for pk, _u in turned_on[start : start + BATCH]]).update(
            is_active=True, disabled_reason=DisabledReason.NONE
        )
    _audit_active(turned_off, False, actor, now)
    _audit_active(turned_on, True, actor, now)
    return {
        "created": created,
        "disabled": len(turned_off),
        "enabled": len(turned_on),
        "conflicts": conflicts,
    }


def account_for(person: Person, *, policy=None) -> User | None:
    """The person's account, made now if they have none (a role granted to their 工号, a first
    directory login). None when their username is taken by another account."""
    existing = User.objects.filter(person=person).first()
    if existing is not None:
        return existing
    policy = policy or AccountPolicy.current()
    username = policy.username_for(person.employee_no)
    if User.objects.filter(username=username).exists():
        return None
    user = _new_user(person.pk, username, timezone.now())
    user.save()  # one account, through save(): auditlog records its creation
    return user


def account_for_login(employee_no: str) -> User | None:
    """The account a directory login (LDAP, OIDC) with this 工号 is for: the person's account,
    made on their first login if they have none. None for anyone not on the roster, or whose
    在职状态 says they left; an account that is off is returned as it is (the backend refuses
    it)."""
    person = person_by_employee_no(employee_no)
    if person is None:
        return None
    existing = User.objects.filter(person=person).first()
    if existing is not None:
        return existing
    if is_gone(person):
        return None
    return account_for(person)


def person_by_employee_no(employee_no: str, queryset=None) -> Person | None:
    employee_no = (employee_no or "").strip()
    if not employee_no:
        return None
    qs = queryset if queryset is not None else Person.objects.all()
    return qs.filter(employee_no=employee_no).first()


def people_without_account(queryset):
    """People of a queryset who have no account yet."""
    return queryset.filter(~Q(pk__in=User.objects.filter(person__isnull=False).values("person")))


def summary(counts: dict) -> str:
    """What the roster's write did to accounts, as a sentence (empty when nothing)."""
    from django.utils.translation import gettext as _

    parts = []
    if counts.get("accounts_created"):
        parts.append(_("开通账号 %d 个") % counts["accounts_created"])
    if counts.get("accounts_disabled"):
        parts.append(_("停用账号 %d 个") % counts["accounts_disabled"])
    if counts.get("accounts_enabled"):
        parts.append(_("重新启用账号 %d 个") % counts["accounts_enabled"])
    text = "、".join(parts)
    conflicts = counts.get("account_conflicts") or []
    if conflicts:
        shown = "、".join(conflicts[:10]) + ("…" if len(conflicts) > 10 else "")
        text += ("; " if text else "") + _(
            "工号 %(nos)s 对应的用户名已被其他账号占用,未开通账号(可在账号开通规则中设置用户名前缀)"
        ) % {"nos": shown}
    return text + ("。" if text else "")
