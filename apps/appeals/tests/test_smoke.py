import pytest

from .factories import answered

pytestmark = pytest.mark.django_db


def test_walk(company):
    appeal, code = answered(company, anonymous=True)
    assert appeal.status == "answered" and code
