"""Permission-checked reads of reports: every view, API endpoint and command goes through here."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from baocao.core.actors import AnyUser
from baocao.core.errors import Forbidden, NotFound
from baocao.core.memo import forget, read_once
from baocao.core.prepared import attach, prepared
from baocao.domain.workflow import (
    DELIVERED,
    FINAL,
    LOCKED,
    Action,
    Role,
    Status,
    allowed_actions,
    can_edit,
)
from baocao.organizations.access import member_units, oversight_filter, roles_in
from baocao.reports.models import IndicatorValue, NarrativeItem, Report

if TYPE_CHECKING:
    from baocao.catalog.models import ReportTemplate

# Submitted to the unit's leader or later: what overseers above the unit may read.
PUBLISHED = tuple(sorted(s.value for s in LOCKED))
# Approved or later: the content is final (analytics facts, consolidation, dashboards).
FINAL_STATUSES = tuple(sorted(s.value for s in FINAL))
# Sent to a receiving unit: what that unit's members may read.
DELIVERED_STATUSES = tuple(sorted(s.value for s in DELIVERED))


def _dispatched_to(units: list[int]) -> Q:
    """Return a Q matching reports sent (and not returned) to any of ``units``."""
    from baocao.issuing.models import Dispatch

    sent = (
        Dispatch.objects.filter(to_unit_id__in=units)
        .exclude(state=Dispatch.State.RETURNED)
        .values("report_id")
    )
    return Q(pk__in=sent, status__in=DELIVERED_STATUSES)


def visible_reports(user: AnyUser) -> QuerySet[Report]:
    """Return the reports ``user`` may read.

    Members of a unit see all of its reports, drafts included; viewers, consolidators and
    administrators of a unit above see its reports once submitted; the members of a unit a
    report was sent to see it while it stands sent or received.
    """
    if not getattr(user, "is_authenticated", False):
        return Report.objects.none()
    own = [unit.pk for unit in member_units(user)]
    query = (
        Q(unit_id__in=own)
        | (oversight_filter(user) & Q(status__in=PUBLISHED))
        | _dispatched_to(own)
    )
    return Report.objects.filter(query).select_related("unit", "template")


def can_read(user: AnyUser, report: Report) -> bool:
    """Return whether ``user`` may read ``report``."""
    if not getattr(user, "is_authenticated", False):
        return False
    own = any(unit.pk == report.unit_id for unit in member_units(user))
    if own:
        return True
    oversight = roles_in(user, report.unit) & {Role.VIEWER, Role.CONSOLIDATOR, Role.ADMINISTRATOR}
    if oversight and report.status in PUBLISHED:
        return True
    units = [unit.pk for unit in member_units(user)]
    return bool(units) and Report.objects.filter(_dispatched_to(units), pk=report.pk).exists()


def actions_for(user: AnyUser, report: Report) -> list[Action]:
    """Return the workflow actions ``user`` may take on ``report`` now (pages and API)."""
    return list(report_permissions(user, report).actions)


@dataclass(frozen=True)
class ReportPermissions:
    """What someone may do with a report now: the workflow actions open to them and whether
    they may edit its content. The one answer of the report page, the API and the CLI."""

    actions: tuple[Action, ...]
    can_edit: bool


def report_permissions(user: AnyUser, report: Report) -> ReportPermissions:
    """Return what ``user`` may do with ``report`` now (its unit's roles read once).

    Actions follow ``domain.workflow``'s transition table: the unit's roles for its own
    steps, the roles in a unit it was sent to for receiving and returning. Editing is for the
    unit's reporter while the report is a draft or returned (``domain.workflow.can_edit``).
    """
    from baocao.issuing.selectors import receiving_roles

    roles = roles_in(user, report.unit)
    receiver = receiving_roles(user, report) if report.status in DELIVERED_STATUSES else set()
    return ReportPermissions(
        actions=tuple(allowed_actions(report.status_enum, roles, receiver_roles=receiver)),
        can_edit=can_edit(report.status_enum, roles),
    )


def can_edit_report(user: AnyUser, report: Report) -> bool:
    """Return whether ``user`` may edit ``report``'s content now (see ``report_permissions``)."""
    return can_edit(report.status_enum, roles_in(user, report.unit))


def access_report(user: AnyUser, report_id: int, *, for_write: bool = False) -> Report:
    """Return the report if ``user`` may read it (or edit it, with ``for_write``).

    Raise NotFound when the user may not read it — an outsider learns nothing, not even that
    it exists — and Forbidden when they may read it but not edit it.
    """
    try:
        report = report_by_pk(int(report_id))
    except (Report.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("Không tìm thấy báo cáo.")) from None
    if not can_read(user, report):
        raise NotFound(_("Không tìm thấy báo cáo."))
    if for_write:
        ensure_editable(user, report)
    return report


def report_by_pk(pk: int) -> Report:
    """Return the report with its unit and regime, whoever asks (services and jobs; a page or
    an endpoint reads through ``access_report``); raise Report.DoesNotExist if there is none."""
    rows = _report_row(pk)
    if not rows:
        raise Report.DoesNotExist(f"report {pk}")
    return rows[0]


@prepared
def _report_row(pk: int) -> QuerySet[Report]:
    return Report.objects.filter(pk=pk).select_related("unit", "template")


def ensure_editable(user: AnyUser, report: Report) -> None:
    """Raise Forbidden unless ``user`` may edit ``report`` now (``can_edit_report``)."""
    if not can_edit_report(user, report):
        raise Forbidden(
            _(
                "Báo cáo này không thể sửa: chỉ chuyên viên của đơn vị được sửa báo "
                "cáo ở trạng thái nháp hoặc bị trả lại."
            ),
            code="not_editable",
        )


def approval_queue(user: AnyUser) -> list[Report]:
    """Return the submitted reports waiting for ``user``'s approval, by due date.

    Each carries ``submissions`` (how many times it was submitted: above 1, a resubmission
    after a return, whose changes are the diff between the last two versions) and
    ``last_return`` (the comment it was last returned with, by the leader or a receiver).
    """
    from baocao.organizations.access import units_with_role

    return _waiting_in([u.pk for u in units_with_role(user, Role.APPROVER)])


@prepared
def _waiting_in(units: list[int]) -> QuerySet[Report]:
    from django.db.models import Count, OuterRef, Subquery

    from baocao.reports.models import AuditEvent, ReportVersion

    returns = (
        AuditEvent.objects.filter(
            report_id=OuterRef("pk"),
            verb__in=(AuditEvent.Verb.RETURN, AuditEvent.Verb.REJECT),
        )
        .order_by("-created_at", "-pk")
        .values("comment")[:1]
    )
    versions = (
        ReportVersion.objects.filter(report_id=OuterRef("pk"))
        .order_by()
        .values("report_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Report.objects.filter(unit_id__in=units, status=Status.SUBMITTED.value)
        .select_related("unit", "template")
        .annotate(submissions=Subquery(versions), last_return=Subquery(returns))
        .order_by("due_date", "submitted_at")
    )


def previous_report(report: Report) -> Report | None:
    """Return the same unit's report of the previous period of the regime (any version).

    The one rule for "last period's report": the editor's carry-over and previous figures,
    the follow-through of last period's tasks and the estimates all read it. A regime's new
    version keeps its code, so the first report of a new version still finds last period's
    (its items and figures are matched by section and indicator code). Read once per report
    object: a page asks several times.
    """
    return read_once(
        report,
        "_previous_report",
        lambda: next(
            iter(
                _report_of_period(
                    report.unit_id, report.template.code, report.period.previous().code, report.pk
                )
            ),
            None,
        ),
    )


@prepared
def _report_of_period(unit: int, regime: str, period: str, besides: int) -> QuerySet[Report]:
    """Return the unit's report of the regime (any version) for the period, other than
    ``besides`` (the default order: newest period first)."""
    return Report.objects.filter(unit_id=unit, template__code=regime, period_code=period).exclude(
        pk=besides
    )[:1]


def stored_values(report: Report) -> list[IndicatorValue]:
    """Return the report's stored indicator values, read once per report object.

    The editor's and the report page's panels (the table, the comparisons, the checks) share
    this read; a service that writes values calls ``forget_values`` before it returns.
    """
    return read_once(
        report, "_stored_values", lambda: attach(_values_of(report.pk), "report", report)
    )


def previous_values(report: Report) -> dict[str, IndicatorValue]:
    """Return last period's values (``previous_report``) by indicator code, read once.

    By code: last period's report may be of the regime's earlier version.
    """

    def read() -> dict[str, IndicatorValue]:
        previous = previous_report(report)
        if previous is None:
            return {}
        values = attach(_values_with_indicators(previous.pk), "report", previous)
        return {v.indicator.code: v for v in values}

    return read_once(report, "_previous_values", read)


@prepared
def _values_of(report: int) -> QuerySet[IndicatorValue]:
    return IndicatorValue.objects.filter(report_id=report)


@prepared
def _values_with_indicators(report: int) -> QuerySet[IndicatorValue]:
    return IndicatorValue.objects.filter(report_id=report).select_related("indicator")


def ordered_items(report: Report, *, related: bool = False) -> list[NarrativeItem]:
    """Return the report's items in document order (section, order, id); with ``related``,
    each with its section, source unit and carried-over item (what the pages show)."""
    rows = (_items_with_relations if related else _items_in_order)(report.pk)
    return attach(rows, "report", report)


@prepared
def _items_in_order(report: int) -> QuerySet[NarrativeItem]:
    return NarrativeItem.objects.filter(report_id=report).order_by("section__order", "order", "pk")


@prepared
def _items_with_relations(report: int) -> QuerySet[NarrativeItem]:
    return (
        NarrativeItem.objects.filter(report_id=report)
        .select_related("section", "source_unit", "carried_from")
        .order_by("section__order", "order", "pk")
    )


def can_carry_over(report: Report) -> bool:
    """Tell whether last period's tasks can still be carried into ``report``: last period's
    report has tasks and none has been carried yet."""
    previous = previous_report(report)
    return bool(previous and _has_plan_items(previous.pk) and not _has_carried_items(report.pk))


@prepared
def _has_plan_items(report: int) -> QuerySet[NarrativeItem, int]:
    return NarrativeItem.objects.filter(report_id=report, kind=NarrativeItem.Kind.PLAN).values_list(
        "pk", flat=True
    )[:1]


@prepared
def _has_carried_items(report: int) -> QuerySet[NarrativeItem, int]:
    return NarrativeItem.objects.filter(report_id=report, carried_from__isnull=False).values_list(
        "pk", flat=True
    )[:1]


def forget_values(report: Report) -> None:
    """Drop the values read on ``report`` (``stored_values``, ``previous_values``): a service
    has just written this report's or last period's values."""
    forget(report, "_stored_values", "_previous_values")


def period_report(
    user: AnyUser, unit_id: int, template: ReportTemplate, period_code: str
) -> Report | None:
    """Return the unit's report of the regime (any version) for a period, if the user sees it."""
    return (
        visible_reports(user)
        .filter(unit_id=unit_id, template__code=template.code, period_code=period_code)
        .first()
    )
