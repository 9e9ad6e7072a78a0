"""Permission-checked reads of the outgoing register, dispatches and receiving units."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from baocao.core.actors import AnyUser
from baocao.core.errors import Invalid, NotFound
from baocao.core.prepared import attach, prepared
from baocao.domain.workflow import Role, Status
from baocao.issuing.models import Dispatch, OutgoingEntry
from baocao.organizations.access import member_units, own_roles_in, units_with_role
from baocao.organizations.models import OrgUnit
from baocao.reports.models import AuditEvent, Report

# Roles of a receiving unit's members that see what was sent to it.
INBOX_ROLES = (Role.CLERK, Role.CONSOLIDATOR, Role.VIEWER, Role.APPROVER, Role.ADMINISTRATOR)


def default_receivers(report: Report) -> list[OrgUnit]:
    """Return the units the regime names as receivers of ``report``.

    The regime's own list when it has one; otherwise the unit's parent (a department reports
    to the provincial People's Committee, a division to its department).
    """
    configured = getattr(report.template, "receiving_units", None)
    units = list(configured.all()) if configured is not None else []
    if not units and hasattr(report.template, "adhoc_request"):  # requested: back to the requester
        units = [report.template.adhoc_request.reply_to]
    if not units and report.unit.parent_id:
        units = [report.unit.parent]
    return [u for u in units if u.pk != report.unit_id]


def inbox(user: AnyUser) -> QuerySet[Dispatch]:
    """Return the dispatches sent to the units where ``user`` holds a role (newest first)."""
    units = [u.pk for u in units_with_role(user, *INBOX_ROLES)]
    return (
        Dispatch.objects.filter(to_unit_id__in=units)
        .select_related("report", "report__unit", "report__template", "to_unit")
        .order_by("-sent_at", "-pk")
    )


def access_dispatch(user: AnyUser, dispatch_id: int) -> Dispatch:
    """Return a dispatch to one of the user's units; NotFound for anybody else."""
    try:
        return inbox(user).get(pk=dispatch_id)
    except (Dispatch.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("Không tìm thấy báo cáo.")) from None


def receiving_roles(user: AnyUser, report: Report) -> set[Role]:
    """Return the roles ``user`` holds in units the report is currently sent to."""
    units = {u.pk for u in member_units(user)}
    if not units:
        return set()
    dispatched = set(
        report.dispatches.filter(
            to_unit_id__in=units,
            state__in=(Dispatch.State.SENT, Dispatch.State.OPENED, Dispatch.State.RECEIVED),
            capture__in=report.captures.order_by("-created_at", "-pk")[:1],
        ).values_list("to_unit_id", flat=True)
    )
    roles: set[Role] = set()
    for unit in OrgUnit.objects.filter(pk__in=dispatched):
        roles |= own_roles_in(user, unit)
    return roles


def open_dispatches_for(user: AnyUser, report: Report) -> list[Dispatch]:
    """Return the dispatches of ``report`` to the user's units (for the report page)."""
    units = [u.pk for u in units_with_role(user, *INBOX_ROLES)]
    return attach(_dispatches_of_to(report.pk, units), "report", report)


def outgoing_entries(user: AnyUser, unit: OrgUnit, year: int) -> QuerySet[OutgoingEntry]:
    """Return the unit's outgoing register for ``year``; NotFound for non-members."""
    if not own_roles_in(user, unit):
        raise NotFound(_("Không tìm thấy đơn vị."))
    return (
        OutgoingEntry.objects.filter(unit=unit, year=year)
        .select_related("report", "recorded_by")
        .order_by("-seq")
    )


def clerk_units(user: AnyUser) -> list[OrgUnit]:
    """Return the units whose outgoing register ``user`` keeps (as clerk)."""
    return units_with_role(user, Role.CLERK)


@prepared
def _dispatches_of(report: int) -> QuerySet[Dispatch]:
    return (
        Dispatch.objects.filter(report_id=report)
        .select_related("to_unit", "received_by", "returned_by")
        .order_by("-sent_at", "to_unit__path")
    )


@prepared
def _dispatches_of_to(report: int, units: list[int]) -> QuerySet[Dispatch]:
    return (
        Dispatch.objects.filter(report_id=report, to_unit_id__in=units)
        .select_related("to_unit", "received_by", "returned_by")
        .order_by("-sent_at", "to_unit__path")
    )


@prepared
def _last_return(report: int) -> QuerySet[AuditEvent]:
    """Return the report's latest return, by its leader or by a receiver (none: no row)."""
    return (
        AuditEvent.objects.filter(
            report_id=report, verb__in=(AuditEvent.Verb.RETURN, AuditEvent.Verb.REJECT)
        )
        .select_related("actor")
        .order_by("-created_at", "-pk")[:1]
    )


def report_panel(user: AnyUser, report: Report) -> dict:
    """Return what the report page shows of issuing and sending to ``user``.

    The unit's own members see every dispatch; a receiving unit's members see their own.
    The latest return (by the leader or by a receiver) is shown until the next submission.
    """
    own = bool(own_roles_in(user, report.unit))
    my_units = {u.pk for u in member_units(user)}
    if report.status == Status.DRAFT.value:
        # Sent only once issued, and no step leads back to a draft: a draft has no dispatch.
        dispatches: list[Dispatch] = []
    elif own:
        dispatches = _dispatches_of(report.pk)
    else:
        dispatches = _dispatches_of_to(report.pk, sorted(my_units))
    attach(dispatches, "report", report)
    returned = None
    if report.status == Status.RETURNED.value:
        returned = next(iter(attach(_last_return(report.pk), "report", report)), None)
    return {
        "dispatches": dispatches,
        "returned": returned,
        "own": own,
        "my_units": my_units,
    }


def receivers_by_code(codes: list[str]) -> list[OrgUnit]:
    """Return the open units named by ``codes`` (any agency may receive a report)."""
    units = {u.code: u for u in OrgUnit.objects.filter(code__in=codes, closed_on__isnull=True)}
    unknown = [code for code in codes if code not in units]
    if unknown:
        raise Invalid(
            _("Không có đơn vị nhận với mã: %(codes)s.") % {"codes": ", ".join(unknown)},
            details={"to": "unknown"},
        )
    return [units[code] for code in codes]
