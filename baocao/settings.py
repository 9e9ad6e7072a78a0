"""Django settings for baocao, configured by environment variables (see README)."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent
VAR_DIR = Path(os.environ.get("BAOCAO_VAR_DIR", PROJECT_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool) -> bool:
    """Read a boolean environment variable ("1", "true", "yes", "on" are true)."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    """Read a comma-separated environment variable."""
    return [part.strip() for part in os.environ.get(name, default).split(",") if part.strip()]


BAOCAO_ENV = os.environ.get("BAOCAO_ENV", "development")
PRODUCTION = BAOCAO_ENV == "production"

DEBUG = env_bool("BAOCAO_DEBUG", not PRODUCTION)
SECRET_KEY = os.environ.get("BAOCAO_SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise RuntimeError("BAOCAO_SECRET_KEY must be set when BAOCAO_ENV=production")
    SECRET_KEY = "dev-only-insecure-key-change-me-" + "x" * 20
ALLOWED_HOSTS = env_list("BAOCAO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("BAOCAO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "baocao.core",
    "baocao.organizations",
    "baocao.catalog",
    "baocao.reports",
    "baocao.documents",
    "baocao.issuing",
    "baocao.adhoc",
    "baocao.imports",
    "baocao.analytics",
    "baocao.legal",
    "baocao.search",
    "baocao.notifications",
    "baocao.registers",
    "django_tasks",
    "django_tasks_db",
    "baocao.jobs",
    "baocao.validation",
    "baocao.targets",
    "baocao.api",
    "baocao.web",
    "baocao.demo",
]

MIDDLEWARE = [
    "baocao.core.logs.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "baocao.core.locale.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "baocao.core.db_router.ReplicaReadMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "baocao.core.middleware.ContentSecurityPolicyMiddleware",
    "baocao.core.middleware.LoginThrottleMiddleware",
    "baocao.core.middleware.ServiceErrorMiddleware",
]

ROOT_URLCONF = "baocao.urls"
WSGI_APPLICATION = "baocao.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "baocao.web.context.navigation",
                "baocao.notifications.context.notices",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("BAOCAO_DATABASE_URL", f"sqlite:///{VAR_DIR / 'baocao.sqlite3'}"),
        conn_max_age=int(os.environ.get("BAOCAO_DB_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )


def bind_on_server(alias: dj_database_url.DBConfig) -> None:
    """Let PostgreSQL bind parameters on the server, so that psycopg prepares a statement the
    fifth time a connection runs it and PostgreSQL stops parsing and planning the pages'
    15–25 queries on every request (about 4 ms of the server's CPU a request under the load
    bench). ``BAOCAO_DB_SERVER_BINDING=0`` keeps Django's default (literal SQL)."""
    if alias.get("ENGINE") == "django.db.backends.postgresql" and os.environ.get(
        "BAOCAO_DB_SERVER_BINDING", "1"
    ) not in ("0", "false", "no"):
        options = alias.setdefault("OPTIONS", {})
        options["server_side_binding"] = True
        options.setdefault("prepare_threshold", 5)  # psycopg's default; Django's is None


bind_on_server(DATABASES["default"])
# Scale-out (docs/operations.md, "Scale-out"): a streaming replica serves read-only pages and
# API reads (baocao.core.db_router); a user who has just written reads the primary for
# BAOCAO_READ_YOUR_WRITES_SECONDS (keep it above the replica's lag).
_replica_url = os.environ.get("BAOCAO_REPLICA_DATABASE_URL", "")
if _replica_url:
    DATABASES["replica"] = dj_database_url.parse(
        _replica_url, conn_max_age=int(os.environ.get("BAOCAO_DB_CONN_MAX_AGE", "0"))
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    bind_on_server(DATABASES["replica"])
    DATABASE_ROUTERS = ["baocao.core.db_router.PrimaryReplicaRouter"]  # db_router.ROUTER
# Behind pgbouncer in transaction pooling (BAOCAO_DB_POOLER=pgbouncer): no server-side
# cursors and no prepared statements, which live on a server connection, not a transaction.
if os.environ.get("BAOCAO_DB_POOLER") == "pgbouncer":
    for _alias in DATABASES.values():
        _alias["DISABLE_SERVER_SIDE_CURSORS"] = True
        _alias.setdefault("OPTIONS", {})["prepare_threshold"] = None
BAOCAO_READ_YOUR_WRITES_SECONDS = float(os.environ.get("BAOCAO_READ_YOUR_WRITES_SECONDS", "10"))
if os.environ.get("BAOCAO_REPLICA_PATHS"):  # regular expressions on the path, comma-separated
    BAOCAO_REPLICA_PATHS = env_list("BAOCAO_REPLICA_PATHS", "")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache is per process (locmem) unless BAOCAO_CACHE_URL names a shared one, e.g.
# redis://127.0.0.1:6379/0 for several app nodes. Sessions live in the database (shared by
# every node; baocao.core.session_db is Django's store with a plain-SQL read of the row); with
# a shared cache they are also cached there (cached_db).
_cache_url = os.environ.get("BAOCAO_CACHE_URL", "")
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": _cache_url,
            "KEY_PREFIX": "baocao",
        }
        if _cache_url
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db" if _cache_url else "baocao.core.session_db"
)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("BAOCAO_TIME_ZONE", "Asia/Ho_Chi_Minh")
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "/media/"
# Uploads and exports (job files): on several app nodes and workers, a directory they all
# mount (NFS or similar), named by BAOCAO_SHARED_DIR.
MEDIA_ROOT = (
    Path(os.environ["BAOCAO_SHARED_DIR"])
    if os.environ.get("BAOCAO_SHARED_DIR")
    else VAR_DIR / "media"
)

# Uploads: refuse huge bodies early; importer files have their own limit.
# Limits an operator can set (docs/operations.md, "Limits"): a request body above this is
# refused (413 in the API, 400 on pages); an exchange file holds at most so many reports.
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("BAOCAO_MAX_REQUEST_BYTES", str(10 * 1024 * 1024)))
BAOCAO_EXCHANGE_MAX_REPORTS = int(os.environ.get("BAOCAO_EXCHANGE_MAX_REPORTS", "1000"))
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
BAOCAO_MAX_UPLOAD_BYTES = int(os.environ.get("BAOCAO_MAX_UPLOAD_BYTES", str(20 * 1024 * 1024)))
# Uploads larger than these are handled by a background job with a progress page (bytes).
BAOCAO_PACKAGE_JOB_BYTES = int(os.environ.get("BAOCAO_PACKAGE_JOB_BYTES", str(1024 * 1024)))
BAOCAO_REGISTER_IMPORT_JOB_BYTES = int(
    os.environ.get("BAOCAO_REGISTER_IMPORT_JOB_BYTES", str(256 * 1024))
)

EMAIL_BACKEND = os.environ.get(
    "BAOCAO_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if os.environ.get("BAOCAO_EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("BAOCAO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("BAOCAO_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("BAOCAO_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("BAOCAO_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("BAOCAO_EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("BAOCAO_EMAIL_FROM", "baocao@localhost")
BAOCAO_BASE_URL = os.environ.get("BAOCAO_BASE_URL", "http://127.0.0.1:8000")

# Root certificates (PEM or DER files) trusted when verifying digitally signed PDFs, e.g. the
# national CA of the Government Cipher Committee's signing service.
DOCUMENT_TRUST_ROOTS = env_list("BAOCAO_TRUST_ROOTS", "")
# Certificate revocation lists (files) checked when signing and verifying; fetching CRL/OCSP
# over the network is off by default (government LANs are often offline).
DOCUMENT_CRLS = env_list("BAOCAO_CRLS", "")
DOCUMENT_REVOCATION_FETCH = os.environ.get("BAOCAO_REVOCATION_FETCH", "") == "1"
# The PKCS#11 module of the agencies' USB tokens / HSM, and the others an administrator may
# choose (the server loads the module as code, so only these).
BAOCAO_PKCS11_MODULE = os.environ.get("BAOCAO_PKCS11_MODULE", "")
BAOCAO_PKCS11_MODULES = env_list("BAOCAO_PKCS11_MODULES", "")
# How long a document prepared for an external (two-step) signature waits for its CMS.
BAOCAO_EXTERNAL_SIGNATURE_MINUTES = int(os.environ.get("BAOCAO_EXTERNAL_SIGNATURE_MINUTES", "30"))

SESSION_COOKIE_AGE = int(os.environ.get("BAOCAO_SESSION_AGE", str(8 * 3600)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# The editor posts ~5 fields per item and allows 500 items: above Django's default of 1000.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000
# Sign-in throttling (baocao.core.security): defaults overridable as a JSON-like dict here.
BAOCAO_LOGIN_THROTTLE: dict[str, int] = {}
# The one authentication backend: every sign-in (site, admin, anything calling authenticate)
# goes through the throttle.
AUTHENTICATION_BACKENDS = ["baocao.core.security.ThrottledBackend"]
# Behind nginx, the client's address comes from this header (e.g. HTTP_X_REAL_IP).
BAOCAO_CLIENT_IP_HEADER = os.environ.get("BAOCAO_CLIENT_IP_HEADER", "")
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("BAOCAO_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]  # probes over plain HTTP on the node
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("BAOCAO_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# One JSON object a line with the request id (baocao.core.logs); BAOCAO_LOG_FORMAT=text for
# plain lines.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "baocao.core.logs.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "baocao.core.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "text" if os.environ.get("BAOCAO_LOG_FORMAT") == "text" else "json",
        }
    },
    "loggers": {
        "baocao": {"handlers": ["console"], "level": os.environ.get("BAOCAO_LOG_LEVEL", "INFO")},
        "django_tasks_db": {"handlers": ["console"], "level": "WARNING"},
    },
}

# Background jobs (baocao.jobs, docs/operations.md "Workers"): django-tasks' database backend
# on the project's own database; `baocao worker` runs them.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A running job holds its lease this long without a heartbeat; after that another worker
# runs it again.
BAOCAO_JOB_LEASE_SECONDS = float(os.environ.get("BAOCAO_JOB_LEASE_SECONDS", "60"))
# A failed attempt waits base × 2^(attempt-1) seconds, at most the cap, before the next.
BAOCAO_JOB_RETRY_BASE_SECONDS = float(os.environ.get("BAOCAO_JOB_RETRY_BASE_SECONDS", "30"))
BAOCAO_JOB_RETRY_MAX_SECONDS = float(os.environ.get("BAOCAO_JOB_RETRY_MAX_SECONDS", "3600"))
# Run each job in the process that enqueued it, after its transaction commits (tests only).
BAOCAO_JOBS_IMMEDIATE = env_bool("BAOCAO_JOBS_IMMEDIATE", False)
# /readyz fails when the oldest due job has waited longer than this (seconds; 0: never).
BAOCAO_READY_MAX_QUEUE_LAG = float(os.environ.get("BAOCAO_READY_MAX_QUEUE_LAG", "900"))
# Periodic jobs, enqueued once per day by whichever worker sees the time first (no cron).
BAOCAO_JOB_SCHEDULE = [
    {
        "kind": "notifications.remind",
        "at": os.environ.get("BAOCAO_REMIND_AT", "07:30"),
        "weekdays": [0, 1, 2, 3, 4, 5],
        "params": {"days_before": 3},
    },
    # Forget jobs finished 30 days ago (failed ones after 90), their attempts and files.
    {"kind": "jobs.prune", "at": "02:00", "params": {"days": 30}},
]
if os.environ.get("BAOCAO_REMIND_AT") == "off":  # reminders sent by a timer instead
    BAOCAO_JOB_SCHEDULE = BAOCAO_JOB_SCHEDULE[1:]
