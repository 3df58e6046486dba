"""Reads on accounts: the users a manager sees, and which of them are locked out."""

from django.conf import settings
from django.utils import timezone


def locked_usernames(usernames) -> set[str]:
    """Those of `usernames` that django-axes is holding off right now (too many failures within
    the cool-off), by any address."""
    from axes.helpers import get_cool_off
    from axes.models import AccessAttempt

    usernames = [u for u in usernames if u]
    if not usernames:
        return set()
    qs = AccessAttempt.objects.filter(
        username__in=usernames, failures_since_start__gte=settings.AXES_FAILURE_LIMIT
    )
    cool_off = get_cool_off()
    if cool_off is not None:
        qs = qs.filter(attempt_time__gte=timezone.now() - cool_off)
    return set(qs.values_list("username", flat=True))
