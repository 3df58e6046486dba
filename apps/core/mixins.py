"""What records of several areas answer alike (a ledger number, a deadline): plain mixins over
the model's own fields, so each rule is written once."""

from django.utils import timezone


class LedgerNumber:
    """A record's ledger number (编号): `number_prefix` and the row id, as YH000042."""

    number_prefix = ""

    @property
    def number(self) -> str:
        return f"{self.number_prefix}{self.pk or 0:06d}"


class Deadlined:
    """A record owed by a deadline (`due_at`): open while its `status` is one of
    `open_statuses`; overdue past the deadline while in one of `overdue_statuses` (the open ones
    unless given); on time when `done_field` (the time it was done) is not after the deadline."""

    open_statuses: tuple = ()
    overdue_statuses: tuple | None = None
    done_field = ""

    @property
    def is_open(self) -> bool:
        return self.status in self.open_statuses

    def is_overdue(self, now=None) -> bool:
        owing = self.open_statuses if self.overdue_statuses is None else self.overdue_statuses
        return (
            self.status in owing
            and self.due_at is not None
            and self.due_at < (now or timezone.now())
        )

    @property
    def on_time(self) -> bool | None:
        """None while not done or without a deadline."""
        done_at = getattr(self, self.done_field)
        if done_at is None or self.due_at is None:
            return None
        return done_at <= self.due_at
