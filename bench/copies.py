"""A bench that writes (a reminder pass, a vote burst) works on a copy of the bench database,
removed afterwards, so the database `make bench` reuses stays as seeded. `db` is the SQLite
file, or (bench/pg.py) a postgres:// DATABASE_URL: then the copy is a database created from it
as a template, which PostgreSQL allows only while nothing else is connected to it."""

import os
import shutil
import subprocess
import sys
from contextlib import contextmanager

SUFFIXES = ("", "-wal", "-shm")


@contextmanager
def db_copy(db: str, name: str):
    """The path of a copy of `db` (with its WAL) named `name` beside it, removed afterwards."""
    copy = os.path.join(os.path.dirname(os.path.abspath(db)), f"{name}.sqlite3")
    for suffix in SUFFIXES:
        if os.path.exists(db + suffix):
            shutil.copyfile(db + suffix, copy + suffix)
    try:
        yield copy
    finally:
        for suffix in SUFFIXES:
            if os.path.exists(copy + suffix):
                os.remove(copy + suffix)


@contextmanager
def pg_copy(url: str, name: str):
    """The DATABASE_URL of a copy of the PostgreSQL database at `url`, dropped afterwards."""
    from urllib.parse import urlsplit

    import psycopg

    parts = urlsplit(url)
    source = parts.path.lstrip("/")
    copy = name.replace("-", "_")
    admin = url.replace(f"/{source}?", "/postgres?", 1)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{copy}"')
        conn.execute(f'CREATE DATABASE "{copy}" TEMPLATE "{source}"')
    try:
        yield url.replace(f"/{source}?", f"/{copy}?", 1)
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{copy}"')


def run_on_copy(db: str, name: str, code: str, *args: str) -> None:
    """Run `code` in a fresh Python (Django set up there) against a copy of `db`."""
    if db.startswith("postgres"):
        with pg_copy(db, name) as url:
            env = {**os.environ, "DATABASE_URL": url}
            subprocess.run([sys.executable, "-c", code, *args], env=env, check=True)
        return
    with db_copy(db, name) as copy:
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{copy}"}
        subprocess.run([sys.executable, "-c", code, *args], env=env, check=True)
