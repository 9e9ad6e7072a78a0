"""Who a command acts as: the user named by ``--user``, else the unit's first reporter."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.management.base import CommandError

from baocao.core.actors import Actor
from baocao.domain.workflow import Role
from baocao.organizations.models import Membership, OrgUnit


def acting_reporter(unit: OrgUnit, username: str | None) -> Actor:
    """Return the user called ``username``, or the first reporter of ``unit``.

    Raise CommandError (Vietnamese) when the name is unknown or the unit has no reporter; the
    services then check that user's rights as for anyone else.
    """
    users = User.objects
    if username:
        try:
            return users.get(username=username)
        except users.model.DoesNotExist:
            raise CommandError(f"không có người dùng {username}") from None
    membership = (
        Membership.objects.filter(unit=unit, role=Role.REPORTER.value)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    if membership is None:
        raise CommandError(f"đơn vị {unit.code} chưa có chuyên viên; dùng --user")
    return membership.user
