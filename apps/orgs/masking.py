"""Masking of personal numbers: shown whole only to roles whose work needs them."""

from apps.accounts.models import RoleAssignment
from apps.core.masking import mask

__all__ = ["mask", "may_unmask"]


def may_unmask(user) -> bool:
    return user.has_role(*RoleAssignment.UNMASKED_ROLES)
