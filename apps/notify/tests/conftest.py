import pytest
from django.core.cache import cache

from apps.notify import services

from .fakes import CREDENTIALS, FakeVendors

SITE = "https://tx.example.com"


@pytest.fixture
def vendors():
    cache.clear()  # no access token cached by another test's fake
    with FakeVendors() as fake:
        yield fake
    assert not fake.violations


@pytest.fixture
def wecom(company, vendors):
    """企业微信 switched on against the fake, carrying every kind; links on the demo site."""
    admin = company.users["admin"]
    services.policy_save(
        actor=admin,
        site_url=SITE,
        urgent_kinds=["escalation", "hazard_major"],
        digest_hour=17,
        max_attempts=3,
    )
    return save_wecom(admin, vendors, kinds=[k.code for k in services.kind_registry.KINDS])


def save_wecom(admin, vendors, *, kinds, enabled=True, **extra):
    return services.channel_save(
        actor=admin,
        code="wecom",
        enabled=enabled,
        kinds=kinds,
        base_url=vendors.url,
        id_source="employee_no",
        **CREDENTIALS["wecom"],
        **extra,
    )
