import pytest

from .factories import make_body, make_session


@pytest.fixture
def body(company):
    return make_body(company)


@pytest.fixture
def session(company, body):
    return make_session(company, body)
