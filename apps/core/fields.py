"""The fields every area declares alike (who did it, which unit, which person, an amount in yuan):
one place for each link's options, so a record's ledger columns mean the same everywhere."""

from django.conf import settings
from django.db import models


def user_fk(verbose_name, *, blank=True, **options) -> models.ForeignKey:
    """The account that did something to a record (创建人, 审批人 …): the record keeps the row
    when the account goes, and the account carries no reverse list of it."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=blank,
        related_name="+",
        verbose_name=verbose_name,
        **options,
    )


def unit_fk(
    verbose_name, on_delete=models.PROTECT, *, null=False, related_name="+", **options
) -> models.ForeignKey:
    """An org unit a record belongs to or names; units are never deleted (dissolved instead),
    so the link protects by default. `null=True` makes it optional in forms too."""
    return models.ForeignKey(
        "orgs.OrgUnit",
        on_delete=on_delete,
        null=null,
        blank=null,
        related_name=related_name,
        verbose_name=verbose_name,
        **options,
    )


def person_fk(
    verbose_name, on_delete=models.PROTECT, *, null=False, related_name="+", **options
) -> models.ForeignKey:
    """A person (职工) a record names: its owner, author, learner …; `null=True` makes it
    optional in forms too."""
    return models.ForeignKey(
        "orgs.Person",
        on_delete=on_delete,
        null=null,
        blank=null,
        related_name=related_name,
        verbose_name=verbose_name,
        **options,
    )


def file_fk(verbose_name) -> models.ForeignKey:
    """An uploaded file (core.Attachment) a record shows; the record stays if the file goes."""
    return models.ForeignKey(
        "core.Attachment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=verbose_name,
    )


def yuan_field(verbose_name, *, null=True, **options) -> models.DecimalField:
    """An amount of money in yuan, two decimal places (up to 9,999,999,999.99)."""
    return models.DecimalField(
        verbose_name, max_digits=12, decimal_places=2, null=null, blank=null, **options
    )
