import pytest

from .factories import applicant, members


@pytest.fixture
def full(company):
    """生产一支部 with five full members: 王建国 and four more."""
    return [company.people["shuji"], *members(company, 4)]


@pytest.fixture
def person(company):
    return applicant(company)
