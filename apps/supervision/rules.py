"""Who may do what to a supervised item: press 催办, ask for more time, decide that request."""

from django.urls import reverse

from apps.accounts.choices import Role
from apps.orgs.scope import has_role, reaches, roles_of

CADRE_ROLES = tuple(r for r in Role.values if r != Role.EMPLOYEE)

# Roles that lead a unit: an item owned by that unit is theirs to answer for.
LEAD_ROLES = (Role.DEPARTMENT_HEAD, Role.TEAM_LEADER, Role.BRANCH_SECRETARY)


def detail_url(item) -> str:
    return reverse("supervision:detail", args=[item.pk])


def led_unit_ids(user) -> list[int]:
    """The units the user leads: by a leading role on the unit itself."""
    return [g.unit_id for g in roles_of(user) if g.role in LEAD_ROLES]


def is_owner(user, item) -> bool:
    """The owner person, the owner unit's head, or someone leading the owner unit."""
    if not getattr(user, "is_authenticated", False):
        return False
    person_id = user.person_id
    if person_id is not None and person_id in (item.owner_person_id, item.owner_unit.head_id):
        return True
    return item.owner_person_id is None and item.owner_unit_id in led_unit_ids(user)


def may_remind(user, item) -> bool:
    """A cadre whose roles reach the owner unit or the assigning office, or who assigned the
    item; never the one who owes it."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.person_id is not None and user.person_id == item.owner_person_id:
        return False
    if item.assigned_by_id == user.pk or user.is_superuser:
        return True
    cadre = any(g.role in CADRE_ROLES for g in roles_of(user))
    return cadre and (reaches(user, item.owner_unit) or reaches(user, item.assigner_unit))


def may_request_extension(user, item) -> bool:
    return is_owner(user, item)


def may_decide_extension(user, item) -> bool:
    """The assigning office (the user who assigned it, or a cadre over the assigner unit);
    when the office is not known, a cadre over the owner unit's superior unit."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    if is_owner(user, item):  # nobody grants their own request
        return False
    if item.assigned_by_id == user.pk:
        return True
    if item.assigner_unit_id is not None:
        return has_role(user, *CADRE_ROLES, unit=item.assigner_unit)
    owner_path = item.owner_unit.path
    return any(
        g.role in CADRE_ROLES and owner_path.startswith(g.path) and g.path != owner_path
        for g in roles_of(user)
    )
