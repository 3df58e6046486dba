import pytest

from apps.core import talentpool


@pytest.fixture
def pool():
    """A talent-pool lookup registered for the test and the previous one restored after."""
    previous = talentpool._lookup
    members: dict = {}

    def lookup(person_ids, *, on):
        return {pk: members[pk] for pk in person_ids if pk in members}

    talentpool.register(lookup)
    yield members
    talentpool._lookup = previous
