"""Sign-in throttling, stored in the database so that every gunicorn worker sees it.

After ``free`` failures for a user name within the window, each further attempt must wait
twice as long as the one before (2 s, 4 s, 8 s … up to ``max_delay``) — the server refuses
early attempts instead of sleeping, so no worker is tied up. After ``lock`` failures the name
is locked for ``lock_seconds``. An address that fails for many names is locked as well.
Every failure, refusal and lock is logged on the ``baocao.security`` logger.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import ngettext

from baocao.core.models import LoginAttempt
from baocao.domain.text import clean_text

log = logging.getLogger("baocao.security")


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
                minutes) % {"minutes": minutes}
        return ngettext(
            "Bạn đã đăng nhập sai nhiều lần. Vui lòng đợi %(seconds)s giây rồi thử lại.",
            "Bạn đã đăng nhập sai nhiều lần. Vui lòng đợi %(seconds)s giây rồi thử lại.",
            self.retry_after) % {"seconds": self.retry_after}


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
    last_ok = (LoginAttempt.objects.filter(username=username, succeeded=True)
               .values_list("created_at", flat=True).first())
    start = max(since, last_ok) if last_ok else since
    return list(LoginAttempt.objects.filter(username=username, succeeded=False,
                                            created_at__gt=start)
                .order_by("-created_at").values_list("created_at", flat=True))


def check(username: str, ip: str | None, *, now: dt.datetime | None = None,
          policy: Policy | None = None) -> Verdict:
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
            ip=ip, succeeded=False,
            created_at__gt=now - dt.timedelta(seconds=policy.lock_seconds)).count()
        if ip_failures >= policy.ip_lock:
            return Verdict(False, policy.lock_seconds, locked=True)
    wait = policy.delay(len(recent))
    if wait and recent:
        ready = recent[0] + dt.timedelta(seconds=wait)
        if now < ready:
            return Verdict(False, int((ready - now).total_seconds()) + 1)
    return Verdict(True)


def record(username: str, ip: str | None, *, succeeded: bool) -> LoginAttempt:
    """Store one attempt and log failures."""
    name = normalise(username)
    attempt = LoginAttempt.objects.create(username=name, ip=ip, succeeded=succeeded)
    if not succeeded:
        log.warning("Failed sign-in for %r from %s", name, ip)
    return attempt


def refuse(username: str, ip: str | None, verdict: Verdict) -> None:
    """Log an attempt refused by throttling (the password was not checked)."""
    log.warning("Sign-in for %r from %s refused: %s, retry after %ss",
                normalise(username), ip, "locked" if verdict.locked else "too fast",
                verdict.retry_after)


def purge(older_than_days: int = 90) -> int:
    """Delete attempts older than ``older_than_days``; return how many."""
    cutoff = timezone.now() - dt.timedelta(days=older_than_days)
    deleted, _ = LoginAttempt.objects.filter(created_at__lt=cutoff).delete()
    return deleted
