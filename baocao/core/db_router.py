"""Read replica routing with read-your-writes (docs/operations.md, "Scale-out").

When ``BAOCAO_REPLICA_DATABASE_URL`` is set, settings add a ``replica`` database alias and
install ``PrimaryReplicaRouter``. ``ReplicaReadMiddleware`` then marks a request as
replica-readable when it is a safe request (GET/HEAD) for a read-only page or API read
(``BAOCAO_REPLICA_PATHS``: lists, report pages, analytics, search, API reads) and its user has
not written in the last ``BAOCAO_READ_YOUR_WRITES_SECONDS``. A write is any POST, PUT, PATCH or
DELETE: the answer sets a signed cookie with the time, and the same stamp goes into the cache
for the signed-in user (so a second browser or an API client of the same user sees it too when
the cache is shared between nodes, e.g. Redis).

Inside a replica-readable request the router sends reads to the replica, except reads inside a
transaction on the primary and the apps whose state must be current (sessions, the job queue,
API tokens). Writes always go to the primary; workers and commands never read the replica.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Callable
from contextvars import ContextVar
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model
from django.http import HttpRequest, HttpResponse

REPLICA_ALIAS = "replica"
WRITE_COOKIE = "baocao_rw"
_COOKIE_SALT = "baocao.core.db_router"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Apps always read on the primary: a session, a queued job or a new API token must be seen at
# once by the next request, whichever node serves it.
PRIMARY_ONLY_APPS = frozenset({"sessions", "django_tasks_db", "jobs", "api"})
DEFAULT_REPLICA_PATHS = (
    r"^/bao-cao/$",
    r"^/bao-cao/\d+/$",
    r"^/bao-cao/\d+/lich-su/$",
    r"^/tinh-hinh-nop/",
    r"^/tong-quan/",
    r"^/phan-tich/",
    r"^/tra-cuu/",
    r"^/api/",
)

_read_replica: ContextVar[bool] = ContextVar("baocao_read_replica", default=False)


ROUTER = "baocao.core.db_router.PrimaryReplicaRouter"


def replica_configured() -> bool:
    """Tell whether a replica database alias exists and this router is installed."""
    return REPLICA_ALIAS in settings.DATABASES and ROUTER in settings.DATABASE_ROUTERS


def reading_replica() -> bool:
    """Tell whether the current request may read from the replica."""
    return _read_replica.get()


@lru_cache(maxsize=8)
def _compiled(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(pattern) for pattern in patterns)


def replica_path(path: str) -> bool:
    """Tell whether ``path`` is a read-only page or API read the replica may serve."""
    patterns = tuple(getattr(settings, "BAOCAO_REPLICA_PATHS", DEFAULT_REPLICA_PATHS))
    return any(pattern.search(path) for pattern in _compiled(patterns))


def _window() -> float:
    return float(getattr(settings, "BAOCAO_READ_YOUR_WRITES_SECONDS", 10))


def _user_key(user_id: Any) -> str:
    return f"baocao:rw:{user_id}"


def _session_user_id(request: HttpRequest) -> Any:
    session = getattr(request, "session", None)
    return session.get("_auth_user_id") if session is not None else None


def wrote_recently(request: HttpRequest, now: float | None = None) -> bool:
    """Tell whether the request's browser or user wrote within the read-your-writes window."""
    now = time.time() if now is None else now
    window = _window()
    try:
        signed = request.get_signed_cookie(
            WRITE_COOKIE, salt=_COOKIE_SALT, max_age=dt.timedelta(seconds=window)
        )
        stamp = float(signed) if signed is not None else 0.0
    except (KeyError, ValueError, signing.BadSignature):
        stamp = 0.0
    if now - stamp < window:
        return True
    user_id = _session_user_id(request)
    if user_id is not None:
        cached = cache.get(_user_key(user_id))
        if cached is not None and now - float(cached) < window:
            return True
    return False


def note_write(request: HttpRequest, response: HttpResponse, now: float | None = None) -> None:
    """Stamp the browser (signed cookie) and the signed-in user (cache) as having just written."""
    now = time.time() if now is None else now
    window = _window()
    response.set_signed_cookie(
        WRITE_COOKIE,
        f"{now:.3f}",
        salt=_COOKIE_SALT,
        max_age=int(window) + 1,
        httponly=True,
        samesite="Lax",
        secure=bool(getattr(settings, "SESSION_COOKIE_SECURE", False)),
    )
    user_id = _session_user_id(request)
    if user_id is None:
        user = getattr(request, "user", None)
        user_id = user.pk if user is not None and user.is_authenticated else None
    if user_id is not None:
        cache.set(_user_key(user_id), now, timeout=int(window) + 1)


class ReplicaReadMiddleware:
    """Let safe requests for read-only pages read the replica, unless their user just wrote."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not replica_configured():
            return self.get_response(request)
        if request.method not in SAFE_METHODS:
            response = self.get_response(request)
            note_write(request, response)
            return response
        use_replica = replica_path(request.path_info) and not wrote_recently(request)
        token = _read_replica.set(use_replica)
        try:
            response = self.get_response(request)
        finally:
            _read_replica.reset(token)
        if use_replica:
            response.headers.setdefault("X-Baocao-Read", "replica")
        return response


class PrimaryReplicaRouter:
    """Send replica-readable reads to the replica; everything else to the primary."""

    def db_for_read(self, model: type[Model], **hints: Any) -> str | None:
        """Return the replica for a read in a replica-readable request, else the primary."""
        if not _read_replica.get() or not replica_configured():
            return DEFAULT_DB_ALIAS
        if model._meta.app_label in PRIMARY_ONLY_APPS:
            return DEFAULT_DB_ALIAS
        if connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS  # a transaction reads what it writes
        return REPLICA_ALIAS

    def db_for_write(self, model: type[Model], **hints: Any) -> str:
        """Return the primary: every write goes there."""
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool:
        """Allow relations between rows read on either alias (they are the same database)."""
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        """Migrate the primary only; the replica follows by streaming replication."""
        return db == DEFAULT_DB_ALIAS
