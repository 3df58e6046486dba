import pytest

from .factories import add_gb_secretary, make_checklist, open_round


@pytest.fixture
def checklist(db):
    return make_checklist()


@pytest.fixture
def rnd(company, checklist):
    return open_round(company, checklist)


@pytest.fixture
def gb_shuji(company):
    return add_gb_secretary(company)


@pytest.fixture
def review1(rnd, company):
    """生产一支部's self-check in the open round."""
    return rnd.reviews.get(branch=company.units["branch1"])
