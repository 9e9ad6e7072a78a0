"""Permission-checked reads the API needs beyond the report selectors: units and templates."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from baocao.catalog.models import ReportTemplate
from baocao.core.actors import AnyUser
from baocao.core.errors import NotFound
from baocao.organizations.access import member_units, oversight_filter
from baocao.organizations.models import OrgUnit


def visible_units(user: AnyUser) -> QuerySet[OrgUnit]:
    """Return the units the user belongs to or oversees (viewer, consolidator, administrator)."""
    if not getattr(user, "is_authenticated", False):
        return OrgUnit.objects.none()
    own = [unit.pk for unit in member_units(user)]
    return OrgUnit.objects.filter(Q(pk__in=own) | oversight_filter(user, prefix=""))


def access_unit(user: AnyUser, code: str) -> OrgUnit:
    """Return the unit with ``code`` if the user may see it, else raise NotFound."""
    unit = visible_units(user).filter(code=code).select_related("parent").first()
    if unit is None:
        raise NotFound(_("Không tìm thấy đơn vị."))
    return unit


def visible_templates(user: AnyUser) -> QuerySet[ReportTemplate]:
    """Return the current versions of the templates assigned to any unit the user may see."""
    units = visible_units(user).values("pk")
    return ReportTemplate.objects.filter(assigned_units__in=units, is_current=True).distinct()


def access_template(user: AnyUser, code: str) -> ReportTemplate:
    """Return the template with ``code`` if it concerns a unit the user sees, else NotFound."""
    template = visible_templates(user).filter(code=code).first()
    if template is None:
        raise NotFound(_("Không tìm thấy chế độ báo cáo."))
    return template
