"""Every setting that differs between machines comes from the environment, read here once."""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent
# var/ holds the SQLite databases (app and task queue), uploads and bench output; a fresh clone
# has none, and SQLite cannot create a file in a missing folder.
(BASE_DIR / "var").mkdir(exist_ok=True)

env = environ.Env(
    DEBUG=(bool, False),
    ALLOWED_HOSTS=(list, ["127.0.0.1", "localhost"]),
    REDIS_URL=(str, ""),
    SESSION_AGE_MINUTES=(int, 120),
    LDAP_ENABLED=(bool, False),
    OIDC_ENABLED=(bool, False),
)
environ.Env.read_env(BASE_DIR / ".env")
