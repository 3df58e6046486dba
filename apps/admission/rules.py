"""The dates of the rules, pure: when a person turns the age, when a step falls due, what comes
next. Services check with them; the board shows them."""

import calendar
from datetime import date, timedelta

from django.utils.translation import gettext_lazy as _

from apps.core.workdays import add_workdays, is_workday

from .choices import AdmissionStatus as S

NEXT_LABELS = {
    "talk": _("谈话"),
    "activist": _("支委会确定积极分子"),
    "review": _("半年考察"),
    "candidate": _("列为发展对象"),
    "political": _("政治审查"),
    "training": _("集中培训"),
    "sponsors": _("确定入党介绍人"),
    "publicity": _("公示"),
    "vote": _("支部大会表决接收"),
    "approve": _("党委谈话并审批"),
    "confirm_vote": _("支部大会表决转正"),
}
# A date the step must be done by (a deadline); the others are the first day it may be done.
DEADLINES = {"talk", "review", "approve", "confirm_vote"}


def add_months(day: date, months: int) -> date:
    """The same day `months` later; the month's last day when it has no such day."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def birthday(born: date, age: int) -> date:
    """The day a person born on `born` turns `age` (29 February: the 28th in a common year)."""
    return add_months(born, 12 * age)


def publicity_end(start: date, workdays: int) -> date:
    """The last day of a 公示 of `workdays` working days that starts on `start` (counted when
    it is itself a working day)."""
    return add_workdays(start, workdays - 1 if is_workday(start) else workdays)


def next_step(admission, policy, *, last_review: date | None, vote_on: date | None):
    """(code, day) of the person's next step: the day it is due (a deadline) or the first day
    it may be taken; ("", None) when the way is finished."""
    a = admission
    if a.status == S.APPLICANT:
        if a.talked_on is None:
            return "talk", a.applied_on + timedelta(days=policy.talk_within_days)
        return "activist", None
    if a.status == S.ACTIVIST:
        review_due = add_months(last_review or a.activist_on, policy.review_months)
        eligible = add_months(a.activist_on, policy.activist_months)
        return ("review", review_due) if review_due < eligible else ("candidate", eligible)
    if a.status == S.CANDIDATE:
        for code, done in (
            ("political", a.political_on),
            ("training", a.training_end),
            ("sponsors", a.sponsored_on),
            ("publicity", a.publicity_start),
        ):
            if not done:
                return code, None
        return "vote", a.publicity_end + timedelta(days=1)
    if a.status in (S.ADMIT_PENDING, S.CONFIRM_PENDING):
        return "approve", add_months(vote_on, policy.approval_months)
    if a.status == S.PROBATIONARY:
        review_due = add_months(last_review or a.admitted_on, policy.review_months)
        if review_due < a.probation_end:
            return "review", review_due
        return "confirm_vote", a.probation_end
    return "", None


def months_between(start: date, end: date) -> int:
    """Whole months from `start` to `end` (a month counts on its same day)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - 1 if add_months(start, months) > end else months
