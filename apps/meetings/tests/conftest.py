import pytest

from .factories import add_member, kind


@pytest.fixture
def kinds(db):
    return {code: kind(code) for code in ("theme_day", "committee", "study_session")}


@pytest.fixture
def member(company):
    """李强, a party member of 生产一支部 with a login."""
    return add_member(company, "liqiang", "10020", "李强")
