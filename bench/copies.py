"""Run a bench's child script against a copy of the bench database (for passes that write):
the copy sits beside the database and is removed afterwards, whatever happens."""

import os
import shutil
import subprocess
import sys

SUFFIXES = ("", "-wal", "-shm")


def run_on_copy(db: str, name: str, child: str) -> None:
    """`python -c child` with DATABASE_URL pointing at `<dir of db>/<name>.sqlite3`, a copy."""
    copy = os.path.join(os.path.dirname(db), f"{name}.sqlite3")
    for suffix in SUFFIXES:
        if os.path.exists(db + suffix):
            shutil.copyfile(db + suffix, copy + suffix)
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{os.path.abspath(copy)}"}
    try:
        subprocess.run([sys.executable, "-c", child], env=env, check=True)
    finally:
        for suffix in SUFFIXES:
            if os.path.exists(copy + suffix):
                os.remove(copy + suffix)
