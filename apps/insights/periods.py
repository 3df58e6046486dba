"""The cockpit's periods: a month, a quarter or a year, with the one before it (环比) and the
same one a year before (同比)."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .errors import InsightsError

KINDS = {"month": (1, _("月度")), "quarter": (3, _("季度")), "year": (12, _("年度"))}


def _add_months(day: date, n: int) -> date:
    months = day.year * 12 + day.month - 1 + n
    return date(months // 12, months % 12 + 1, 1)


@dataclass(frozen=True)
class Period:
    kind: str  # month | quarter | year
    start: date  # the first day

    @classmethod
    def containing(cls, kind: str, day: date) -> "Period":
        if kind == "year":
            return cls(kind, date(day.year, 1, 1))
        if kind == "quarter":
            return cls(kind, date(day.year, (day.month - 1) // 3 * 3 + 1, 1))
        return cls("month", day.replace(day=1))

    @classmethod
    def parse(cls, kind, at, *, today: date | None = None) -> "Period":
        """From the query string: kind month/quarter/year (default month) and a month in it,
        '2026-11' (default this month); a later month than this one is refused."""
        today = today or timezone.localdate()
        kind = kind or "month"
        if kind not in KINDS:
            raise InsightsError.BAD_PERIOD(field="period")
        if at:
            try:
                day = date.fromisoformat(f"{at}-01")
            except (TypeError, ValueError):
                raise InsightsError.BAD_MONTH(field="at") from None
            if day > today:
                raise InsightsError.BAD_MONTH(field="at")
        else:
            day = today
        return cls.containing(kind, day)

    @property
    def months(self) -> int:
        return KINDS[self.kind][0]

    @property
    def end(self) -> date:
        return _add_months(self.start, self.months) - timedelta(days=1)

    @property
    def at(self) -> str:
        return f"{self.start:%Y-%m}"

    def previous(self) -> "Period":
        """环比: the period just before."""
        return Period(self.kind, _add_months(self.start, -self.months))

    def year_before(self) -> "Period":
        """同比: the same period a year before."""
        return Period(self.kind, self.start.replace(year=self.start.year - 1))

    @property
    def label(self) -> str:
        if self.kind == "year":
            return _("%(y)d年") % {"y": self.start.year}
        if self.kind == "quarter":
            return _("%(y)d年第%(q)d季度") % {"y": self.start.year, "q": self.start.month // 3 + 1}
        return _("%(y)d年%(m)d月") % {"y": self.start.year, "m": self.start.month}

    def trend(self, n: int = 6) -> list["Period"]:
        """The last n periods of this kind, oldest first, ending with this one."""
        out, p = [self], self
        for _i in range(n - 1):
            p = p.previous()
            out.append(p)
        return out[::-1]
