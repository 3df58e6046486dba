"""`make bench`: the production settings, on loopback over plain HTTP, with a query counter.

Only what plain HTTP on 127.0.0.1 needs is relaxed (no TLS redirect, no secure-only cookies);
everything else, DEBUG off included, is what production runs.
"""

import os

from config.env import BASE_DIR
from config.settings.production import *  # noqa: F403
from config.settings.production import HUEY, MIDDLEWARE

SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
DEMO_MODE = True

# Outermost, so the count includes the session and auth queries of every middleware.
MIDDLEWARE = ["bench.middleware.QueryCountMiddleware", *MIDDLEWARE]
STATIC_ROOT = BASE_DIR / "var" / "bench" / "static"  # not collected: the bench fetches no assets
# bench.notify runs its own consumer on a copy of the database, with a queue of its own. On the
# stack (bench/pg.py, REDIS_URL set) the queue is Redis's, as production runs it.
if "filename" in HUEY:
    HUEY = {
        **HUEY,
        "filename": os.environ.get(
            "BENCH_HUEY_FILE", str(BASE_DIR / "var" / "bench" / "huey.sqlite3")
        ),
    }

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
