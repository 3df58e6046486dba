import pytest

from apps.orgs.models import OrgUnit

from .factories import add_member, kind, local


@pytest.fixture
def kinds(db):
    return {code: kind(code) for code in ("theme_day", "committee", "study_session")}


@pytest.fixture
def member(company):
    """李强, a party member of 生产一支部 with a login."""
    return add_member(company, "liqiang", "10020", "李强")


@pytest.fixture(autouse=True)
def established(company):
    """The named company's units were set up years ago: compliance requires their meetings
    from then on (a unit set up later is tested on its own)."""
    OrgUnit.objects.update(created_at=local(2020, 1, 1))
