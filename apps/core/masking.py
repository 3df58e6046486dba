"""Masking of personal numbers; who may see them whole is decided in apps.orgs.masking."""


def mask(value: str) -> str:
    """138****5678 for a phone; 1****************4 for an ID number.

    An ID number is a region code (6 digits), the birth date (8), a sequence (3, odd for men)
    and a check digit. The birth date is shown beside it (roster, person page, exports: the
    union's birthday care and age figures need it) and the region is easy to guess (where the
    person comes from), so showing the usual head and tail (110101********1234) gave the whole
    number back. The masked form keeps one character at each end: with the birth date, the
    region and the gender known, about 45 numbers still fit."""
    if not value:
        return ""
    if len(value) == 11:
        return f"{value[:3]}****{value[-4:]}"
    if len(value) >= 15:
        return f"{value[:1]}{'*' * (len(value) - 2)}{value[-1:]}"
    return value[:1] + "*" * (len(value) - 1)
