import pytest

from apps.accounts.choices import Role
from apps.accounts.models import RoleAssignment, User
from apps.integrity import services

PASSPHRASE = "correct horse battery"
PHRASE = "财务科长张某收受回扣八万元"


@pytest.fixture(autouse=True)
def _fast_kdf(settings):
    """Argon2id at its smallest in tests: the parameters are stored per key, so the rule is
    the same; only the cost differs."""
    settings.INTEGRITY_KDF_ITERATIONS = 1
    settings.INTEGRITY_KDF_MEMORY_KIB = 8


@pytest.fixture
def jiwei(company) -> User:
    """A 纪委 handler of the whole company, with a key."""
    user = User.objects.create_user(username="jiwei", password="x", person=None)
    RoleAssignment.objects.create(user=user, role=Role.DISCIPLINE, unit=company.units["company"])
    services.handler_key_create(actor=user, passphrase=PASSPHRASE, confirm=PASSPHRASE)
    return user


@pytest.fixture
def report(company, jiwei):
    made, code = services.report_submit(unit=company.units["company"], text=PHRASE, named=False)
    made.code = code
    return made


def unlock(client, user, passphrase=PASSPHRASE):
    client.force_login(user)
    r = client.post("/integrity/key/", {"passphrase": passphrase})
    assert r.status_code == 302, r.content.decode()[:500]
    return r
