"""The conditions of a notice checked against the roster (`orgs.Person`): each condition the
notice sets, with what it requires, what the roster says and whether it is met. Pure: the
caller loads the people (one query for any number of applicants)."""

from datetime import date

from django.utils.translation import gettext as _

from apps.orgs.choices import SkillLevel


def full_years(start: date | None, on: date) -> int | None:
    """Whole years from `start` to `on` (an age, a length of service); None when unknown."""
    if start is None:
        return None
    years = on.year - start.year
    if (on.month, on.day) < (start.month, start.day):
        years -= 1
    return years


def _row(label, required, actual, met) -> dict:
    return {"label": str(label), "required": str(required), "actual": str(actual), "met": met}


def check(selection, person, *, on: date) -> list[dict]:
    """The notice's conditions for `person` on `on`; an unknown value in the roster is not met
    (the reviewer may still admit an exception)."""
    rows = []
    unknown = _("档案未登记")
    if selection.min_age is not None or selection.max_age is not None:
        age = full_years(person.birth_date, on)
        low, high = selection.min_age, selection.max_age
        if low is not None and high is not None:
            required = _("%(low)d–%(high)d 周岁") % {"low": low, "high": high}
        elif low is not None:
            required = _("%(low)d 周岁以上") % {"low": low}
        else:
            required = _("%(high)d 周岁以下") % {"high": high}
        met = age is not None and (low is None or age >= low) and (high is None or age <= high)
        actual = _("%(n)d 周岁") % {"n": age} if age is not None else unknown
        rows.append(_row(_("年龄"), required, actual, met))
    if selection.min_service_years is not None:
        years = full_years(person.hired_on, on)
        rows.append(
            _row(
                _("工龄"),
                _("%(n)d 年以上") % {"n": selection.min_service_years},
                _("%(n)d 年") % {"n": years} if years is not None else unknown,
                years is not None and years >= selection.min_service_years,
            )
        )
    if selection.min_skill:
        # The codes rank the levels: "1" 高级技师 is the highest, "" none.
        level = person.skill_level
        rows.append(
            _row(
                _("技能等级"),
                _("%(level)s及以上") % {"level": SkillLevel(selection.min_skill).label},
                SkillLevel(level).label if level else unknown,
                bool(level) and int(level) <= int(selection.min_skill),
            )
        )
    return rows


def unmet(rows: list[dict]) -> list[str]:
    return [r["label"] for r in rows if not r["met"]]
