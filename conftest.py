"""Shared fixtures: a small company with named users of every role (tests log in as `shuji` etc)."""

import pytest

from apps.orgs.testing import Company, build_company


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: cached figures never leak between tests."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _chinese_after_each_test():
    """A request in English leaves English active in the thread (LocaleMiddleware activates the
    language and nothing resets it): put Chinese back so the next test's messages are Chinese."""
    from django.conf import settings
    from django.utils import translation

    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def company(db) -> Company:
    return build_company()


@pytest.fixture
def login(client, company):
    """login("shuji") logs the test client in as one of the company's named users."""

    def _login(username: str):
        user = company.users[username]
        client.force_login(user)
        return user

    return _login
