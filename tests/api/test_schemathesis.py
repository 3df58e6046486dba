"""Every operation of the OpenAPI document, fed generated input as the company's system
administrator (who reaches every record), answers without a server error: bad input is a 4xx.

Reproducible (fixed seed, derandomized, no example database) and short enough for `make test`
(about a minute on 2 cores): ten fuzzed cases per operation. Schemathesis's coverage phase is off
(about 40 cases per operation, ten times the time); the boundaries it would probe (numbers beyond
a database column, uploads without a boundary) are walked deterministically in test_bounds.py.
"""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig

from apps.accounts.models import ApiToken
from config.api import api

CONFIG = SchemathesisConfig.from_dict(
    {
        "seed": 20260101,
        "generation": {"max-examples": 10, "database": "none", "no-shrink": True},
        "phases": {"coverage": {"enabled": False}, "stateful": {"enabled": False}},
    }
)
schema = schemathesis.openapi.from_dict(api.get_openapi_schema(), config=CONFIG)
app = get_wsgi_application()


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """The WSGI app ends each request by closing old database connections, which on PostgreSQL
    closes the test's own (SQLite's in-memory one ignores it). Django's test client switches
    that off around its requests; these calls go straight to the app, so it is off here too."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def admin_headers(company):
    _token, raw = ApiToken.issue(user=company.users["admin"], name="schemathesis")
    return {"Authorization": f"Bearer {raw}"}


@schema.parametrize()
@settings(
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_no_server_error(case, admin_headers):
    case.call_and_validate(app=app, headers=admin_headers, checks=[not_a_server_error])
