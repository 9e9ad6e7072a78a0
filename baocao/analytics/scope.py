"""Which units a person may analyse: permission by unit subtree."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet, Value
from django.utils.translation import gettext as _

from baocao.core.actors import AnyUser
from baocao.core.errors import NotFound
from baocao.core.prepared import prepared
from baocao.domain.workflow import Role
from baocao.organizations.access import roles_in, units_with_role
from baocao.organizations.models import OrgUnit

OVERSIGHT = frozenset({Role.VIEWER, Role.CONSOLIDATOR, Role.ADMINISTRATOR})


def under(path: str, prefix: str = "") -> Q:
    """Return a Q matching the units (or, with ``prefix`` ``"unit__"``, the objects of the
    units) of the subtree whose materialised path is ``path``, the unit itself included.

    ``OrgUnit.subtree``'s rule with the path as an expression: it reaches the SQL as given,
    so a prepared read (``core.prepared``) may take it as a parameter.
    """
    return Q(**{f"{prefix}path__startswith": Value(path)})


@dataclass(frozen=True)
class Scope:
    """A unit a person may analyse; ``subtree`` when the units below it are included."""

    unit: OrgUnit
    subtree: bool


def scopes(user: AnyUser, *, approvers: bool = False) -> list[Scope]:
    """Return the user's top scopes: oversight units with their subtree, approvers' own unit."""
    found = [Scope(unit, True) for unit in units_with_role(user, *OVERSIGHT)]
    if approvers:
        covered = [s.unit.path for s in found]
        for unit in units_with_role(user, Role.APPROVER):
            if not any(unit.path.startswith(path) for path in covered):
                found.append(Scope(unit, False))
    return found


def resolve_scope(user: AnyUser, unit_id: object, *, approvers: bool = False) -> Scope:
    """Return the scope for ``unit_id`` (or the user's first scope); raise NotFound otherwise.

    A unit below an oversight unit is a scope of its own (a leader drills down).
    """
    tops = scopes(user, approvers=approvers)
    if not tops:
        raise NotFound(_("Không tìm thấy trang."))
    if unit_id in (None, ""):
        return tops[0]
    try:
        unit = next(iter(_unit(int(str(unit_id)))))
    except (ValueError, StopIteration):  # not a number, beyond 64 bits, or no such unit
        raise NotFound(_("Không tìm thấy đơn vị.")) from None
    if roles_in(user, unit) & OVERSIGHT:
        return Scope(unit, True)
    for top in tops:
        if top.unit.pk == unit.pk:
            return top
    raise NotFound(_("Không tìm thấy đơn vị."))


SCOPE_LIMIT = 300


@prepared
def _unit(pk: int) -> QuerySet[OrgUnit]:
    return OrgUnit.objects.filter(pk=pk)


def scope_choices(user: AnyUser, limit: int = SCOPE_LIMIT) -> list[OrgUnit]:
    """Return the units a person may pick as a scope: their own and those with units below."""
    tops = scopes(user)
    if not tops:
        return []
    if len(tops) == 1 and limit == SCOPE_LIMIT:
        units = _parents_under(tops[0].unit.path)
    else:
        query = Q(pk__in=[])
        for top in tops:
            query |= under(top.unit.path) & Q(children__isnull=False)
        units = list(OrgUnit.objects.filter(query).distinct().order_by("path")[:limit])
    seen = {u.pk for u in units}
    return [t.unit for t in tops if t.unit.pk not in seen] + units


@prepared
def _parents_under(path: str) -> QuerySet[OrgUnit]:
    """Return the units with units below them in the subtree at ``path`` (one scope's
    choices, the usual case), by path."""
    return (
        OrgUnit.objects.filter(under(path), children__isnull=False)
        .distinct()
        .order_by("path")[:SCOPE_LIMIT]
    )


def pivot_rows(
    scope: Scope, level: str | None, *, lineage: bool = False, as_of: dt.date | None = None
) -> tuple[list[OrgUnit], str]:
    """Return the pivot's row units and the level used: every unit of ``level`` in the scope,
    or the scope unit and its children; an approver's own unit alone. With ``lineage`` the
    tree as of ``as_of`` (None: today): only the units open that day."""
    if lineage:
        from baocao.analytics.lineage import rows_as_of

        chosen = level if level and level in OrgUnit.Level.values else ""
        return rows_as_of(scope.unit, scope.subtree, chosen, as_of), chosen
    if not scope.subtree:
        return [scope.unit], ""
    if level and level in OrgUnit.Level.values:
        return list(scope.unit.subtree().filter(level=level).order_by("path")), level
    return [scope.unit, *scope.unit.children.order_by("path")], ""
