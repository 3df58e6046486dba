import pytest

from .factories import add_owner_login, add_safety_head


@pytest.fixture
def safety(company):
    return add_safety_head(company)


@pytest.fixture
def owner(company):
    return add_owner_login(company)
