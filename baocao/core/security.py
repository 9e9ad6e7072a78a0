"""Sign-in throttling, stored in the database so that every gunicorn worker sees it.

After ``free`` failures for a user name within the window, each further attempt must wait
twice as long as the one before (2 s, 4 s, 8 s … up to ``max_delay``) — the server refuses
early attempts instead of sleeping, so no worker is tied up. After ``lock`` failures the name
is locked for ``lock_seconds``. An address that fails for many names is locked as well.
Every failure, refusal and lock is logged on the ``baocao.security`` logger.

Every way to sign in goes through the same rule: ``ThrottledBackend`` is the only
authentication backend, so the sign-in page, the admin's sign-in and anything else that calls
``django.contrib.auth.authenticate`` are throttled alike. The decision is atomic: ``begin``
locks the name (and the address) — a PostgreSQL advisory lock held to the end of its
transaction; SQLite's immediate transactions serialise writers anyway — checks the policy and
records the attempt as a failure *before* the password is checked; ``finish`` turns it into a
success when the password was right. A burst of parallel attempts therefore gets no more tries
than the policy allows.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import threading
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections, router, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import ngettext

from baocao.core.models import LoginAttempt
from baocao.core.rows import columns, from_row
from baocao.domain.text import clean_text

log = logging.getLogger("baocao.security")
# The signed-in user's row (Django's User: its own table and columns), read on every request.
SELECT_USER = f"SELECT {columns(User)} FROM auth_user WHERE id = %s"  # noqa: S608


@dataclass(frozen=True)
class Policy:
    """Throttling thresholds (see the module docstring)."""

    free: int = 3
    lock: int = 10
    ip_lock: int = 50
    window_seconds: int = 900
    lock_seconds: int = 900
    base_delay: int = 2
    max_delay: int = 60

    @classmethod
    def from_settings(cls) -> Policy:
        """Read ``BAOCAO_LOGIN_THROTTLE`` (a dict overriding the defaults) from settings."""
        return cls(**getattr(settings, "BAOCAO_LOGIN_THROTTLE", {}))

    def delay(self, failures: int) -> int:
        """Return the seconds to wait after ``failures`` consecutive failures."""
        if failures < self.free:
            return 0
        return min(self.base_delay * 2 ** (failures - self.free), self.max_delay)


@dataclass(frozen=True)
class Verdict:
    """Whether an attempt may go ahead now, and if not, how long to wait."""

    allowed: bool
    retry_after: int = 0
    locked: bool = False

    @property
    def message(self) -> str:
        """Return the message shown to the person signing in, in the active language."""
        if self.locked:
            minutes = max(1, -(-self.retry_after // 60))
            return ngettext(
                "Tài khoản tạm thời bị khóa do đăng nhập sai nhiều lần. Vui lòng thử lại sau "
                "%(minutes)s phút hoặc liên hệ quản trị hệ thống.",
                "Tài khoản tạm thời bị khóa do đăng nhập sai nhiều lần. Vui lòng thử lại sau "
                "%(minutes)s phút hoặc liên hệ quản trị hệ thống.",
                minutes,
            ) % {"minutes": minutes}
        return ngettext(
            "Bạn đã đăng nhập sai nhiều lần. Vui lòng đợi %(seconds)s giây rồi thử lại.",
            "Bạn đã đăng nhập sai nhiều lần. Vui lòng đợi %(seconds)s giây rồi thử lại.",
            self.retry_after,
        ) % {"seconds": self.retry_after}


def normalise(username: str) -> str:
    """Return the user name as counted for throttling (trimmed, case-folded, bounded)."""
    # Control characters (NUL above all: PostgreSQL refuses it) are dropped, as the sign-in
    # form refuses them anyway: the throttle must never turn a hostile name into a 500.
    return clean_text(username or "").casefold()[:150]


def client_ip(request: HttpRequest) -> str | None:
    """Return the client's address; behind a proxy, from the header named in settings."""
    header = getattr(settings, "BAOCAO_CLIENT_IP_HEADER", "")
    raw = request.META.get(header, "") if header else ""
    raw = raw.split(",")[0].strip() or request.META.get("REMOTE_ADDR", "")
    return raw or None


def _failures_since_success(username: str, since: dt.datetime) -> list[dt.datetime]:
    last_ok = (
        LoginAttempt.objects.filter(username=username, succeeded=True)
        .values_list("created_at", flat=True)
        .first()
    )
    start = max(since, last_ok) if last_ok else since
    return list(
        LoginAttempt.objects.filter(username=username, succeeded=False, created_at__gt=start)
        .order_by("-created_at")
        .values_list("created_at", flat=True)
    )


def check(
    username: str, ip: str | None, *, now: dt.datetime | None = None, policy: Policy | None = None
) -> Verdict:
    """Return whether a sign-in attempt for ``username`` from ``ip`` may be checked now."""
    policy = policy or Policy.from_settings()
    now = now or timezone.now()
    since = now - dt.timedelta(seconds=max(policy.window_seconds, policy.lock_seconds))
    failures = _failures_since_success(normalise(username), since)
    recent = [t for t in failures if t > now - dt.timedelta(seconds=policy.window_seconds)]
    if len(failures) >= policy.lock:
        # locked from the lock-th failure for lock_seconds
        locked_at = failures[len(failures) - policy.lock]
        until = locked_at + dt.timedelta(seconds=policy.lock_seconds)
        if now < until:
            return Verdict(False, int((until - now).total_seconds()) + 1, locked=True)
    if ip:
        ip_failures = LoginAttempt.objects.filter(
            ip=ip, succeeded=False, created_at__gt=now - dt.timedelta(seconds=policy.lock_seconds)
        ).count()
        if ip_failures >= policy.ip_lock:
            return Verdict(False, policy.lock_seconds, locked=True)
    wait = policy.delay(len(recent))
    if wait and recent:
        ready = recent[0] + dt.timedelta(seconds=wait)
        if now < ready:
            return Verdict(False, int((ready - now).total_seconds()) + 1)
    return Verdict(True)


def refuse(username: str, ip: str | None, verdict: Verdict) -> None:
    """Log an attempt refused by throttling (the password was not checked)."""
    log.warning(
        "Sign-in for %r from %s refused: %s, retry after %ss",
        normalise(username),
        ip,
        "locked" if verdict.locked else "too fast",
        verdict.retry_after,
    )


_NAME_LOCK, _IP_LOCK = 0x6C6F67, 0x6970  # advisory lock namespaces ("log", "ip")


def _key(text: str) -> int:
    """Return a signed 32-bit key for an advisory lock on ``text``."""
    value = zlib.crc32(text.encode("utf-8"))
    return value - 2**32 if value >= 2**31 else value


_sqlite_lock = threading.Lock()


@contextlib.contextmanager
def _serialised() -> Iterator[None]:
    """On SQLite, also serialise the threads of this process around the decision.

    SQLite has one writer at a time anyway (immediate transactions); an in-memory shared-cache
    database (the tests') answers "table is locked" at once instead of waiting, so the threads
    of one process take turns here.
    """
    if connection.vendor == "sqlite":
        with _sqlite_lock:
            yield
    else:
        yield


def _lock(name: str, ip: str | None) -> None:
    """Serialise attempts for ``name`` (then ``ip``) until the current transaction ends."""
    if connection.vendor != "postgresql":
        return  # SQLite: transactions are IMMEDIATE (settings), writers are serialised
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [_NAME_LOCK, _key(name)])
        if ip:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [_IP_LOCK, _key(ip)])


def begin(
    username: str, ip: str | None, *, policy: Policy | None = None
) -> tuple[Verdict, LoginAttempt | None]:
    """Decide atomically whether an attempt may be checked; if so, record it as a failure.

    Returns the verdict and the recorded attempt (None when refused); call ``finish`` with the
    attempt once the password has been checked.
    """
    name = normalise(username)
    with _serialised(), transaction.atomic():
        _lock(name, ip)
        verdict = check(name, ip, policy=policy)
        if not verdict.allowed:
            return verdict, None
        attempt = LoginAttempt.objects.create(username=name, ip=ip, succeeded=False)
    return verdict, attempt


def finish(attempt: LoginAttempt, *, succeeded: bool) -> None:
    """Record the outcome of an attempt ``begin`` let through, and log a failure."""
    if succeeded:
        with _serialised():
            LoginAttempt.objects.filter(pk=attempt.pk).update(succeeded=True)
        attempt.succeeded = True
    else:
        log.warning("Failed sign-in for %r from %s", attempt.username, attempt.ip)


class ThrottledBackend(ModelBackend):
    """Django's model backend behind the throttle: the one way any sign-in is checked.

    A refused attempt raises ``PermissionDenied`` (``authenticate`` then stops and answers
    None) and leaves the verdict on the request as ``login_throttled``, from which the forms
    word the message and ``LoginThrottleMiddleware`` answers 429 with ``Retry-After``.
    """

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        """Check the throttle, then the password; record the outcome."""
        if username is None:
            username = kwargs.get("username")
        if username is None or password is None:
            return None
        ip = client_ip(request) if request is not None else None
        verdict, attempt = begin(str(username), ip)
        if attempt is None:
            refuse(str(username), ip, verdict)
            if request is not None:
                request.login_throttled = verdict  # type: ignore[attr-defined]
            raise PermissionDenied(verdict.message)
        user: User | None = None
        try:
            user = super().authenticate(request, username=username, password=password, **kwargs)
        finally:
            finish(attempt, succeeded=user is not None)
        return user

    def get_user(self, user_id: Any) -> User | None:
        """Return the signed-in user of a session (every request): ``ModelBackend.get_user``
        with one plain read of the row (``raw()`` cost half the ORM's ``get``, this a quarter)."""
        try:
            pk = User._meta.pk.to_python(user_id)
        except ValidationError:
            return None
        alias = router.db_for_read(User)
        with connections[alias].cursor() as cursor:
            cursor.execute(SELECT_USER, [pk])
            row = cursor.fetchone()
        if row is None:
            return None
        user = from_row(User, alias, row)
        return user if self.user_can_authenticate(user) else None


def purge(older_than_days: int = 90) -> int:
    """Delete attempts older than ``older_than_days``; return how many."""
    cutoff = timezone.now() - dt.timedelta(days=older_than_days)
    deleted, _ = LoginAttempt.objects.filter(created_at__lt=cutoff).delete()
    return deleted
