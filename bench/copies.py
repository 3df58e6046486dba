"""A bench that writes (a reminder pass, a vote burst) works on a copy of the bench database,
removed afterwards, so the database `make bench` reuses stays as seeded."""
"""Run a bench's child script against a copy of the bench database (for passes that write):
the copy sits beside the database and is removed afterwards, whatever happens."""

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
def run_on_copy(db: str, name: str, child: str) -> None:
    """`python -c child` with DATABASE_URL pointing at `<dir of db>/<name>.sqlite3`, a copy."""
    copy = os.path.join(os.path.dirname(db), f"{name}.sqlite3")
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{os.path.abspath(copy)}"}
        subprocess.run([sys.executable, "-c", child], env=env, check=True)
    finally:
        for suffix in SUFFIXES:
            if os.path.exists(copy + suffix):
                os.remove(copy + suffix)


def run_on_copy(db: str, name: str, code: str, *args: str) -> None:
    """Run `code` in a fresh Python (Django set up there) against a copy of `db`."""
    with db_copy(db, name) as copy:
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{copy}"}
        subprocess.run([sys.executable, "-c", code, *args], env=env, check=True)
