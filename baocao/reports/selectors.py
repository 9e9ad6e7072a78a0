"""Permission-checked reads of reports: every view, API endpoint and command goes through here."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Exists, OuterRef, Q, QuerySet, Value
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
from baocao.organizations.access import member_units, overseen_paths, roles_in
from baocao.reports.models import IndicatorValue, NarrativeItem, Report

if TYPE_CHECKING:
    from baocao.catalog.models import ReportTemplate
    from baocao.organizations.models import OrgUnit

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
    return Report.objects.filter(_readable(own, overseen_paths(user))).select_related(
        "unit", "template"
    )


def _readable(own: list[int], overseen: list[str]) -> Q:
    """Return the rule of ``visible_reports`` as a filter, for a member of the units ``own``
    who oversees the subtrees at the paths ``overseen``.

    A path is compared as a value (``Value``), so that the SQL takes it as given and the
    reports list's and the dashboard's reads can be prepared (``_list_rows``,
    ``_latest_final``).
    """
    oversight = Q(pk__in=[])
    for path in overseen:
        oversight |= Q(unit__path__startswith=Value(path))
    return Q(unit_id__in=own) | (oversight & Q(status__in=PUBLISHED)) | _dispatched_to(own)


def report_list_rows(user: AnyUser) -> list[Any]:
    """Return the reports list's rows: the first 300 reports ``user`` may read
    (``visible_reports``), newest period first, then by unit and regime — each a row of
    ``pk``, ``title``, ``status``, ``due_date``, ``period_code``, ``is_consolidated``,
    ``unit__name`` and ``unit__short_name`` (making 300 reports and their units into model
    instances cost more than the rest of the page)."""
    if not getattr(user, "is_authenticated", False):
        return []
    return _list_rows([unit.pk for unit in member_units(user)], overseen_paths(user))


@prepared
def _list_rows(own: list[int], overseen: list[str]) -> QuerySet[Report, Any]:
    return (
        Report.objects.filter(_readable(own, overseen))
        .values_list(
            "pk",
            "title",
            "status",
            "due_date",
            "period_code",
            "is_consolidated",
            "unit__name",
            "unit__short_name",
            named=True,
        )
        .order_by("-period_year", "-period_index", "unit__path", "template__code")[:300]
    )


# The dashboard lists this many of the latest final reports.
LATEST_FINAL = 10


def latest_final_reports(user: AnyUser, path: str) -> list[Report]:
    """Return the ``LATEST_FINAL`` reports ``user`` may read (``visible_reports``) of the
    units in the subtree at ``path`` most recently approved among those approved or later,
    each with its unit and only ``title``, ``number_text`` and ``approved_at`` (what the
    dashboard's list shows)."""
    if not getattr(user, "is_authenticated", False):
        return []
    return _latest_final([unit.pk for unit in member_units(user)], overseen_paths(user), path)


@prepared
def _latest_final(own: list[int], overseen: list[str], path: str) -> QuerySet[Report]:
    return (
        Report.objects.filter(
            _readable(own, overseen),
            status__in=FINAL_STATUSES,
            unit__path__startswith=Value(path),
        )
        .select_related("unit")
        .only("title", "number_text", "approved_at", "unit__name", "unit__short_name")
        .order_by("-approved_at")[:LATEST_FINAL]
    )


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
    ``besides`` (the default order: newest period first), with ``has_plan_items``: whether it
    has tasks for the next period (``can_carry_over``), read with it."""
    plans = NarrativeItem.objects.filter(report_id=OuterRef("pk"), kind=NarrativeItem.Kind.PLAN)
    return (
        Report.objects.filter(unit_id=unit, template__code=regime, period_code=period)
        .exclude(pk=besides)
        .annotate(has_plan_items=Exists(plans))[:1]
    )


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
    return bool(
        previous and previous.has_plan_items and not _has_carried_items(report.pk)  # type: ignore[attr-defined]
    )


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


def regimes_of(units: list[OrgUnit]) -> dict[int, list[ReportTemplate]]:
    """Return, by unit id, the active regimes assigned to each of ``units``, by code and the
    newest version first: what the units report (the reports page's offers). One query."""
    found: dict[int, list[ReportTemplate]] = {unit.pk: [] for unit in units}
    for link in _regime_links([unit.pk for unit in units]):
        found[link.orgunit_id].append(link.reporttemplate)
    return found


@prepared
def _regime_links(units: list[int]) -> QuerySet[Any]:
    from baocao.catalog.models import ReportTemplate

    return (
        ReportTemplate.assigned_units.through.objects.filter(
            orgunit_id__in=units, reporttemplate__is_active=True
        )
        .select_related("reporttemplate")
        .order_by("reporttemplate__code", "-reporttemplate__version")
    )


@dataclass(frozen=True)
class ReportedPeriods:
    """The period codes some units have a report for: by unit and regime version
    (``by_version[unit_id, template_id]``) and by unit and regime code, any version
    (``by_code[unit_id, code]``); a pair without reports is absent."""

    by_version: dict[tuple[int, int], set[str]]
    by_code: dict[tuple[int, str], set[str]]


def reported_periods(units: list[OrgUnit]) -> ReportedPeriods:
    """Return the period codes of every report of ``units`` (``ReportedPeriods``). One query."""
    by_version: dict[tuple[int, int], set[str]] = {}
    by_code: dict[tuple[int, str], set[str]] = {}
    for unit_id, template_id, code, period in _period_codes_of([unit.pk for unit in units]):
        by_version.setdefault((unit_id, template_id), set()).add(period)
        by_code.setdefault((unit_id, code), set()).add(period)
    return ReportedPeriods(by_version, by_code)


@prepared
def _period_codes_of(units: list[int]) -> QuerySet[Report, tuple[int, int, str, str]]:
    return (
        Report.objects.filter(unit_id__in=units)
        .order_by()
        .values_list("unit_id", "template_id", "template__code", "period_code")
    )


def unit_and_regime(unit_id: int, template_id: int) -> tuple[OrgUnit, ReportTemplate]:
    """Return the unit and the regime a new report is asked for, whoever asks (the service
    that creates it checks who may); raise OrgUnit.DoesNotExist or ReportTemplate.DoesNotExist
    when either is unknown."""
    from baocao.catalog.models import ReportTemplate
    from baocao.organizations.models import OrgUnit

    units = _unit_row(unit_id)
    if not units:
        raise OrgUnit.DoesNotExist(f"unit {unit_id}")
    templates = _regime_row(template_id)
    if not templates:
        raise ReportTemplate.DoesNotExist(f"regime {template_id}")
    return units[0], templates[0]


@prepared
def _unit_row(pk: int) -> QuerySet[OrgUnit]:
    from baocao.organizations.models import OrgUnit

    return OrgUnit.objects.filter(pk=pk)


@prepared
def _regime_row(pk: int) -> QuerySet[ReportTemplate]:
    from baocao.catalog.models import ReportTemplate

    return ReportTemplate.objects.filter(pk=pk)
