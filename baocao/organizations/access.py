"""Who holds which role where: the roles a user has in a unit, direct or inherited.

Reporter and approver roles act only in their own unit. Viewer, consolidator and administrator
roles also reach every unit below their own (a provincial leader sees the departments' reports).
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from baocao.core.actors import AnyUser
from baocao.core.memo import read_once
from baocao.core.prepared import prepared
from baocao.domain.workflow import Role
from baocao.organizations.models import Membership, OrgUnit

INHERITED_ROLES = frozenset({Role.VIEWER, Role.CONSOLIDATOR, Role.ADMINISTRATOR})


def _memberships(user: AnyUser) -> list[Membership]:
    """Return the user's memberships, cached on the user object for one request."""
    if isinstance(user, AnonymousUser) or not getattr(user, "is_authenticated", False):
        return []
    return read_once(
        user,
        "_baocao_memberships",
        lambda: _memberships_of(user.pk),
    )


@prepared
def _memberships_of(user: int) -> QuerySet[Membership]:
    return Membership.objects.filter(user_id=user).select_related("unit")


def memberships(user: AnyUser) -> list[Membership]:
    """Return the user's memberships with their units, read once per request."""
    return list(_memberships(user))


def roles_in(user: AnyUser, unit: OrgUnit) -> set[Role]:
    """Return the roles ``user`` holds in ``unit``, including those inherited from above."""
    roles: set[Role] = set()
    for membership in _memberships(user):
        role = Role(membership.role)
        inherited = role in INHERITED_ROLES and unit.path.startswith(membership.unit.path)
        if membership.unit_id == unit.pk or inherited:
            roles.add(role)
    return roles


def own_roles_in(user: AnyUser, unit: OrgUnit) -> set[Role]:
    """Return the roles ``user`` holds directly in ``unit``."""
    return {Role(m.role) for m in _memberships(user) if m.unit_id == unit.pk}


def is_administrator(user: AnyUser, unit: OrgUnit | None = None) -> bool:
    """Return whether ``user`` is a superuser or an administrator of ``unit`` (directly or
    from above); with no unit, an administrator anywhere."""
    if not getattr(user, "is_authenticated", False):
        return False
    if getattr(user, "is_superuser", False):
        return True
    if unit is None:
        return any(m.role == Role.ADMINISTRATOR.value for m in _memberships(user))
    return Role.ADMINISTRATOR in roles_in(user, unit)


def units_with_role(user: AnyUser, *roles: Role) -> list[OrgUnit]:
    """Return the units in which the user directly holds any of ``roles``."""
    wanted = {r.value for r in roles}
    seen: dict[int, OrgUnit] = {}
    for membership in _memberships(user):
        if membership.role in wanted:
            seen.setdefault(membership.unit_id, membership.unit)
    return sorted(seen.values(), key=lambda u: u.path)


def member_units(user: AnyUser) -> list[OrgUnit]:
    """Return the units in which the user holds any role directly."""
    return units_with_role(user, *Role)


def overseen_paths(user: AnyUser) -> list[str]:
    """Return the paths of the units whose subtrees the user oversees (viewer, consolidator,
    admin: ``INHERITED_ROLES``), sorted."""
    return sorted({m.unit.path for m in _memberships(user) if Role(m.role) in INHERITED_ROLES})


def oversight_filter(user: AnyUser, prefix: str = "unit__") -> Q:
    """Return a Q matching objects in units the user oversees (viewer, consolidator, admin)."""
    query = Q(pk__in=[])
    for path in overseen_paths(user):
        query |= Q(**{f"{prefix}path__startswith": path})
    return query


def overseen_units(user: AnyUser) -> QuerySet[OrgUnit]:
    """Return every unit the user oversees through an inherited role."""
    return OrgUnit.objects.filter(oversight_filter(user, prefix=""))
