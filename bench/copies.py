"""A bench that writes (a reminder pass, a vote burst) works on a copy of the bench database,
removed afterwards, so the database `make bench` reuses stays as seeded."""

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


def run_on_copy(db: str, name: str, code: str, *args: str) -> None:
    """Run `code` in a fresh Python (Django set up there) against a copy of `db`."""
    with db_copy(db, name) as copy:
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{copy}"}
        subprocess.run([sys.executable, "-c", code, *args], env=env, check=True)
