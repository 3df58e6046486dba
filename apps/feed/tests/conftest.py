import pytest

from apps.feed import links


@pytest.fixture
def registered_hazards():
    """Hazards registered as a kind of record a progress update may link to (the integrator
    registers projects and action items the same way)."""
    from apps.hazards.models import Hazard

    links.register(Hazard, "隐患", title=lambda h: h.place, url=lambda h: f"/hazards/{h.pk}/")
    yield Hazard
    links.unregister(Hazard)
