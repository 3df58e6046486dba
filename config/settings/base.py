"""Settings shared by every environment; the others only override through the environment."""

from django.utils.translation import gettext_lazy as _

from config.env import BASE_DIR, env

DEBUG = env("DEBUG")
SECRET_KEY = env("SECRET_KEY", default="")
ALLOWED_HOSTS = env("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "django_filters",
    "treebeard",
    "import_export",
    "auditlog",
    "axes",
    "huey.contrib.djhuey",
    "apps.core",
    "apps.accounts",
    "apps.orgs",
    "apps.supervision",
    "apps.appeals",
    "apps.suggestions",
    "apps.hazards",
    "apps.selections",
    "apps.talent",
    "apps.meetings",  # before standards: its judge reads the demo's meetings
    "apps.learning",
    "apps.standards",
    "apps.collab",
    "apps.projects",
    "apps.production",
    "apps.feed",
    "apps.surveys",
    "apps.kpi",
    "apps.briefs",
    "apps.rollups",
    "apps.insights",
    "apps.talks",
    "apps.transfers",
    "apps.dues",
    "apps.integrity",
    "apps.appraisals",
    "apps.admission",
    "apps.care",
    "apps.alerts",  # after the areas: its demo pass reads the texts they seeded
    "apps.notify",  # last: its tick hook routes what the others' hooks just notified
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "apps.core.middleware.SessionRenewMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "apps.core.idempotency.IdempotencyMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "axes.middleware.AxesMiddleware",
    "apps.accounts.middleware.ForcePasswordChange",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
AUTH_USER_MODEL = "accounts.User"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "apps.core.context_processors.shell",
            ],
        },
    }
]
# Django's renderer, with selects written in Python (an <option> was a template render each).
FORM_RENDERER = "apps.core.renderers.FormRenderer"

# SQLite in var/ by default (WAL mode, see apps.core.apps); PostgreSQL when DATABASE_URL names one.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'tongxin.sqlite3'}")
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    # A kept connection is checked before reuse: after a database restart the next request
    # reconnects instead of failing once on the dead connection.
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL")
# "shared" holds what every worker process must see alike (rate-limit counts, apps.core.ratelimit):
# Redis, or else a database table (created by core's migration 0003). "default" may be per-process.
if REDIS_URL:
    # Short socket timeouts: a Redis that is away costs a page milliseconds, not seconds.
    REDIS_OPTIONS = {"socket_connect_timeout": 0.5, "socket_timeout": 1}
    REDIS_CACHE = {"LOCATION": REDIS_URL, "OPTIONS": REDIS_OPTIONS}
    CACHES = {
        "default": {**REDIS_CACHE, "BACKEND": "apps.core.cache.ForgivingRedisCache"},
        "shared": {
            **REDIS_CACHE,
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "KEY_PREFIX": "shared",
        },
    }
    HUEY = {
        "huey_class": "apps.core.queue.DeferringRedisHuey",
        "name": "tongxin",
        "url": REDIS_URL,
        "immediate": False,
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "shared": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "tongxin_shared_cache",
        },
    }
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "tongxin",
        "filename": str(BASE_DIR / "var" / "huey.sqlite3"),
        "immediate": False,
    }

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "apps.accounts.backends.IdentifierBackend",
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.5)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# One counter per person, whichever identifier (username, 工号, mobile) they type.
AXES_USERNAME_CALLABLE = "apps.accounts.backends.axes_username"

CSRF_FAILURE_VIEW = "apps.core.views.csrf_failure"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
SESSION_COOKIE_AGE = env("SESSION_AGE_MINUTES") * 60
# Idle expiry: the clock restarts with a renewal, at most once a minute (apps.core.middleware),
# so reading a page writes nothing to the session table.
SESSION_RENEW_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Password rules (messages in Chinese): at least 8 characters of 3 kinds, not a common password,
# not all digits, not like the username, and nothing from the person's own record.
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "apps.accounts.passwords.MinimumLengthValidator",
        "OPTIONS": {"min_length": env.int("PASSWORD_MIN_LENGTH", default=8)},
    },
    {"NAME": "apps.accounts.passwords.UserAttributeSimilarityValidator"},
    {"NAME": "apps.accounts.passwords.CommonPasswordValidator"},
    {"NAME": "apps.accounts.passwords.NumericPasswordValidator"},
    {
        "NAME": "apps.accounts.passwords.CharacterClassesValidator",
        "OPTIONS": {"min_classes": 3},
    },
    {"NAME": "apps.accounts.passwords.PersonalDataValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Uploads: what the platform accepts, checked by content as well as by name (apps.core.uploads).
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_MB", default=20) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Content-Security-Policy: everything is served from our own origin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "script-src": ["'self'"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

AUDITLOG_INCLUDE_ALL_MODELS = False
AUDITLOG_DISABLE_REMOTE_ADDR = False

# The service worker's cache name: raise it when the shell's files change (apps.core.views).
SHELL_VERSION = "1"

# 送达: the key that seals channel credentials (a Fernet key); derived from SECRET_KEY when unset.
NOTIFY_SECRET_KEY = env("NOTIFY_SECRET_KEY", default="")

# Demo mode lets seed_demo create the well-known demo logins.
DEMO_MODE = env.bool("DEMO_MODE", default=DEBUG)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"django.server": {"level": "WARNING"}},
}

# Optional directory logins (docs/deploy.md): LDAP through ldap3, OIDC through mozilla-django-oidc.
LDAP_ENABLED = env("LDAP_ENABLED")
if LDAP_ENABLED:
    LDAP_SERVER_URI = env("LDAP_SERVER_URI")
    LDAP_USER_DN_TEMPLATE = env("LDAP_USER_DN_TEMPLATE")  # e.g. uid={username},ou=people,dc=corp
    LDAP_EMPLOYEE_NO_ATTR = env("LDAP_EMPLOYEE_NO_ATTR", default="employeeNumber")
    AUTHENTICATION_BACKENDS.append("apps.accounts.backends.LDAPBackend")
OIDC_ENABLED = env("OIDC_ENABLED")
if OIDC_ENABLED:
    INSTALLED_APPS.append("mozilla_django_oidc")
    AUTHENTICATION_BACKENDS.append("apps.accounts.backends.OIDCBackend")
    OIDC_RP_CLIENT_ID = env("OIDC_RP_CLIENT_ID")
    OIDC_RP_CLIENT_SECRET = env("OIDC_RP_CLIENT_SECRET")
    OIDC_RP_SIGN_ALGO = env("OIDC_RP_SIGN_ALGO", default="RS256")
    OIDC_OP_JWKS_ENDPOINT = env("OIDC_OP_JWKS_ENDPOINT")
    OIDC_OP_AUTHORIZATION_ENDPOINT = env("OIDC_OP_AUTHORIZATION_ENDPOINT")
    OIDC_OP_TOKEN_ENDPOINT = env("OIDC_OP_TOKEN_ENDPOINT")
    OIDC_OP_USER_ENDPOINT = env("OIDC_OP_USER_ENDPOINT")
    OIDC_EMPLOYEE_NO_CLAIM = env("OIDC_EMPLOYEE_NO_CLAIM", default="employee_number")
    OIDC_RP_SCOPES = env("OIDC_RP_SCOPES", default="openid profile")
    # A person on the roster gets their account on their first login (linked by 工号); people
    # come from the roster, never from the identity provider (apps.accounts.backends).
    OIDC_CREATE_USER = True
