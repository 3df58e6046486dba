"""SQLite runs in WAL mode (readers never wait for the writer), set on every new connection."""

import pytest
from django.conf import settings
from django.db import connection
from django.db.utils import ConnectionHandler

sqlite_only = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
    reason="the PostgreSQL run has no journal mode",
)


@sqlite_only
def test_a_file_database_opened_with_our_settings_is_in_wal_mode(tmp_path, django_db_blocker):
    conf = {**settings.DATABASES["default"], "NAME": str(tmp_path / "tongxin.sqlite3")}
    conf.pop("TEST", None)
    handler = ConnectionHandler({"default": conf})
    conn = handler["default"]
    try:
        with django_db_blocker.unblock(), conn.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"
            cursor.execute("PRAGMA busy_timeout")
            assert cursor.fetchone()[0] == 20000  # wait for a writer instead of failing at once
    finally:
        conn.close()


@sqlite_only
def test_settings_ask_for_wal_and_immediate_transactions():
    options = settings.DATABASES["default"]["OPTIONS"]
    assert "journal_mode=WAL" in options["init_command"]
    assert options["transaction_mode"] == "IMMEDIATE"


@sqlite_only
@pytest.mark.django_db
def test_the_test_database_connection_ran_the_init_command():
    # The test database lives in memory, where SQLite answers "memory"; a file would be "wal".
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        mode = cursor.fetchone()[0]
    expected = "memory" if connection.is_in_memory_db() else "wal"
    assert mode == expected


@pytest.mark.django_db
def test_subtree_q_matches_startswith_and_uses_the_index(company):
    from apps.core.scope import subtree_q
    from apps.orgs.models import OrgUnit

    for unit in company.units.values():
        by_range = set(OrgUnit.objects.filter(subtree_q(unit.path)).values_list("pk", flat=True))
        by_like = set(
            OrgUnit.objects.filter(path__startswith=unit.path).values_list("pk", flat=True)
        )
        assert by_range == by_like
    if connection.vendor == "sqlite":
        sql, params = OrgUnit.objects.filter(subtree_q("0001")).query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            plan = " ".join(str(row[-1]) for row in cursor.fetchall())
        assert "SEARCH" in plan and "path>?" in plan
