"""Permission-checked reads of report requests; an outsider gets NotFound, never a hint.

Who sees a request: the members of the requesting unit (and of the reply-to unit) who hold a
requester role (leader, consolidator, viewer) — they track it; once issued, every member of a
unit asked to report. Drafts stay with the requesting unit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from baocao.adhoc.models import ReportRequest
from baocao.analytics.rates import UnitStatus, rate_of
from baocao.core.actors import AnyUser
from baocao.core.errors import NotFound
from baocao.domain.consolidation import ReportingRate
from baocao.domain.workflow import Role
from baocao.organizations.access import member_units, own_roles_in, units_with_role
from baocao.organizations.models import OrgUnit
from baocao.reports.models import Report

# Roles that may ask for a report, held directly in the requesting unit.
REQUESTER_ROLES = (Role.CONSOLIDATOR, Role.APPROVER, Role.VIEWER)


def requester_roles(user: AnyUser, unit: OrgUnit) -> set[Role]:
    """Return the roles of ``user`` in ``unit`` that allow requesting (and managing) reports."""
    return own_roles_in(user, unit) & set(REQUESTER_ROLES)


def requesting_units(user: AnyUser) -> list[OrgUnit]:
    """Return the units on whose behalf ``user`` may request reports."""
    return units_with_role(user, *REQUESTER_ROLES)


def candidate_units(requesting_unit: OrgUnit, today: dt.date | None = None) -> list[OrgUnit]:
    """Return the open units below ``requesting_unit`` that it may ask for a report."""
    today = today or timezone.localdate()
    return list(
        OrgUnit.objects.filter(path__startswith=requesting_unit.path)
        .exclude(pk=requesting_unit.pk)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=today))
        .order_by("path")
    )


def visible_requests(user: AnyUser) -> QuerySet[ReportRequest]:
    """Return the requests ``user`` may read, newest first."""
    if not getattr(user, "is_authenticated", False):
        return ReportRequest.objects.none()
    managing = [u.pk for u in requesting_units(user)]
    own = [u.pk for u in member_units(user)]
    query = (
        Q(requesting_unit_id__in=managing)
        | Q(reply_to_id__in=managing)
        | (Q(units__in=own) & ~Q(state=ReportRequest.State.DRAFT))
    )
    ids = ReportRequest.objects.filter(query).values("pk")
    return ReportRequest.objects.filter(pk__in=ids).select_related(
        "requesting_unit", "reply_to", "template", "created_by"
    )


def incoming_requests(user: AnyUser) -> QuerySet[ReportRequest]:
    """Return the issued (or cancelled) requests asking one of the user's units for a report."""
    own = [u.pk for u in member_units(user)]
    ids = (
        ReportRequest.objects.filter(units__in=own)
        .exclude(state=ReportRequest.State.DRAFT)
        .values("pk")
    )
    return ReportRequest.objects.filter(pk__in=ids).select_related(
        "requesting_unit", "reply_to", "template"
    )


def managed_requests(user: AnyUser) -> QuerySet[ReportRequest]:
    """Return the requests of the units on whose behalf ``user`` requests reports."""
    managing = [u.pk for u in requesting_units(user)]
    return ReportRequest.objects.filter(requesting_unit_id__in=managing).select_related(
        "requesting_unit", "reply_to", "template"
    )


def access_request(user: AnyUser, request_id: int) -> ReportRequest:
    """Return the request if ``user`` may read it; NotFound otherwise."""
    try:
        return visible_requests(user).get(pk=request_id)
    except (ReportRequest.DoesNotExist, ValueError, TypeError, OverflowError):
        raise NotFound(_("Không tìm thấy yêu cầu báo cáo.")) from None


def can_manage(user: AnyUser, request: ReportRequest) -> bool:
    """Return whether ``user`` may issue, extend or cancel ``request``."""
    return bool(requester_roles(user, request.requesting_unit))


def can_track(user: AnyUser, request: ReportRequest) -> bool:
    """Return whether ``user`` sees every unit's progress (the requesting or reply-to side)."""
    return can_manage(user, request) or bool(requester_roles(user, request.reply_to))


@dataclass
class Tracking:
    """Each chosen unit's report of an issued request, and the request's reporting rate."""

    request: ReportRequest
    today: dt.date
    units: list[UnitStatus] = field(default_factory=list)

    @property
    def rate(self) -> ReportingRate:
        """Return the rate over the chosen units: sent counts, on time by the send date."""
        return rate_of(self.units)

    @property
    def overdue(self) -> list[UnitStatus]:
        """Return the units past the deadline without a report sent."""
        return [s for s in self.units if s.overdue]


def tracking(user: AnyUser, request: ReportRequest, today: dt.date | None = None) -> Tracking:
    """Return every chosen unit's progress for the requesting side; NotFound for others."""
    if not can_track(user, request):
        raise NotFound(_("Không tìm thấy yêu cầu báo cáo."))
    today = today or timezone.localdate()
    units = list(request.units.order_by("path"))
    reports: dict[int, Report] = {}
    if request.template_id:
        reports = {
            r.unit_id: r
            for r in Report.objects.filter(template_id=request.template_id).select_related("unit")
        }
    return Tracking(
        request,
        today,
        [
            UnitStatus(
                u,
                reports.get(u.pk),
                reports[u.pk].due_date if u.pk in reports else request.deadline,
                today,
            )
            for u in units
        ],
    )


def unit_reports(user: AnyUser, request: ReportRequest) -> list[Report]:
    """Return the request's reports of the user's own units (what a unit sees of it)."""
    return units_reports(user, [request]).get(request.pk, [])


def units_reports(user: AnyUser, requests: list[ReportRequest]) -> dict[int, list[Report]]:
    """Return, per request id, its reports of the user's own units — in one query."""
    templates = {r.template_id: r.pk for r in requests if r.template_id}
    if not templates:
        return {}
    own = [u.pk for u in member_units(user)]
    found: dict[int, list[Report]] = {}
    for report in (
        Report.objects.filter(template_id__in=templates, unit_id__in=own)
        .select_related("unit")
        .order_by("unit__path")
    ):
        found.setdefault(templates[report.template_id], []).append(report)
    return found
