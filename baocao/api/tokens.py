"""Create, revoke and check API tokens; the plain token is returned once and never stored."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from baocao.api.models import ApiToken
from baocao.core.actors import Actor
from baocao.core.errors import Invalid, NotFound
from baocao.domain.text import clean_text

TOKEN_PREFIX = "bc_"  # noqa: S105 - a marker, not a secret
PREFIX_CHARS = 10
MAX_ACTIVE_TOKENS = 20
# Write last_used_at at most this often, so that reads do not each cost a write.
TOUCH_INTERVAL = timedelta(minutes=1)


def hash_token(plain: str) -> str:
    """Return the SHA-256 hex digest under which a token is stored."""
    return hashlib.sha256(plain.encode("utf-8")).hexdigest()


def create_token(*, by: Actor, name: str) -> tuple[ApiToken, str]:
    """Create a token for ``by``; return it with the plain value, to be shown only once."""
    name = " ".join(clean_text(name or "").split())  # NFC, no control character
    if not name:
        raise Invalid(_("Vui lòng đặt tên cho khóa."), details={"name": "required"})
    if len(name) > 100:
        raise Invalid(_("Tên khóa tối đa 100 ký tự."), details={"name": "too_long"})
    if ApiToken.objects.filter(user=by, revoked_at__isnull=True).count() >= MAX_ACTIVE_TOKENS:
        raise Invalid(
            _("Mỗi người dùng có tối đa %(count)s khóa đang dùng.") % {"count": MAX_ACTIVE_TOKENS},
            code="too_many_tokens",
        )
    plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=by, name=name, token_hash=hash_token(plain), prefix=plain[:PREFIX_CHARS]
    )
    return token, plain


def revoke_token(token_id: int, *, by: Actor) -> ApiToken:
    """Revoke one of the user's own tokens (revoking twice changes nothing)."""
    with transaction.atomic():
        try:
            token = ApiToken.objects.select_for_update().get(pk=token_id, user=by)
        except (ApiToken.DoesNotExist, ValueError, TypeError):
            raise NotFound(_("Không tìm thấy khóa.")) from None
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
    return token


def user_for_token(plain: str) -> User | None:
    """Return the active user a valid, unrevoked token belongs to, else None."""
    if not plain or not plain.startswith(TOKEN_PREFIX) or len(plain) > 100:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=hash_token(plain), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > TOUCH_INTERVAL:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
