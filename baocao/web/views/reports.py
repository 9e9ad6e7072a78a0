"""Report pages: the unit's reports by period, create a report, read one, its history."""

from __future__ import annotations

import datetime as dt
from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from baocao.analytics.selectors import period_groups
from baocao.catalog.calendar import working_calendar
from baocao.catalog.models import ReportTemplate
from baocao.core.actors import AnyUser, AuthenticatedRequest
from baocao.core.locale import period_label
from baocao.core.refusals import on_refusal
from baocao.domain.periods import Period, current_periods
from baocao.domain.workflow import Role
from baocao.imports.selectors import source_file_of
from baocao.issuing.selectors import open_dispatches_for, report_panel
from baocao.issuing.services import open_dispatch
from baocao.organizations.access import units_with_role
from baocao.organizations.models import OrgUnit
from baocao.registers.selectors import report_register_links
from baocao.reports.presenters import plan_lead, report_sections, value_rows
from baocao.reports.selectors import (
    ReportedPeriods,
    regimes_of,
    report_list_rows,
    report_permissions,
    reported_periods,
    unit_and_regime,
)
from baocao.reports.services import create_report
from baocao.web.views.common import report_or_404


def _offers(user: AnyUser, today: dt.date) -> tuple[list[dict], list[dict]]:
    """Return the list's offers to create a report: the open slots (``_open_slots``) and the
    pickers of other periods (``_other_periods``) of the units the user reports for, their
    regimes and the periods they have reports for read once for both."""
    units = units_with_role(user, Role.REPORTER)
    if not units:
        return [], []
    regimes = regimes_of(units)
    reported = reported_periods(units)
    return _open_slots(units, regimes, reported, today), _other_periods(units, regimes, reported)


def _open_slots(
    units: list[OrgUnit],
    regimes: dict[int, list[ReportTemplate]],
    reported: ReportedPeriods,
    today: dt.date,
) -> list[dict]:
    """Return periods the units should report for and have no report yet.

    Offered: the periods of ``domain.periods.current_periods`` (the one just closed and the
    open one, if any), and the period after the unit's latest report (so a unit catching up, or
    the demo's 2022 history, can go on from there).
    """
    slots = []
    calendar = None  # read when a slot needs a due date
    for unit in units:
        for template in regimes[unit.pk]:
            existing = reported.by_version.get((unit.pk, template.pk), set())
            candidates = current_periods(template.kind, today, template.cutoff_rule)
            if existing:
                latest = max(Period.parse(code) for code in existing)
                candidates.insert(0, latest.next())
            seen: set[str] = set()
            for candidate in candidates:
                start, end = template.cutoff_rule.window(candidate)
                if (
                    candidate.code in existing
                    or candidate.code in seen
                    or not unit.is_open_during(start, end)
                ):
                    continue
                seen.add(candidate.code)
                if calendar is None:
                    calendar = working_calendar()
                slots.append(
                    {
                        "unit": unit,
                        "template": template,
                        "period": candidate,
                        "due": template.deadline.deadline(
                            candidate, template.cutoff_rule, calendar
                        ),
                    }
                )
    return slots


def _other_periods(
    units: list[OrgUnit], regimes: dict[int, list[ReportTemplate]], reported: ReportedPeriods
) -> list[dict]:
    """Return, per unit and regime the units report, a picker of every period since the
    regime's first that the unit has no report for (to catch up on any earlier period)."""
    pickers = []
    for unit in units:
        for template in regimes[unit.pk]:
            existing = reported.by_code.get((unit.pk, template.code), set())
            groups = period_groups(template, exclude=existing)
            if groups:
                pickers.append(
                    {
                        "id": f"period-{unit.pk}-{template.pk}",
                        "unit": unit,
                        "template": template,
                        "groups": groups,
                    }
                )
    return pickers


@login_required
def report_list(request: AuthenticatedRequest) -> HttpResponse:
    """List the reports the user may see, newest period first, with status and due date."""
    today = timezone.localdate()
    reports = report_list_rows(request.user)
    groups = [
        {"period": Period.parse(code), "reports": list(rows)}
        for code, rows in groupby(reports, key=lambda r: r.period_code)
    ]
    slots, pickers = _offers(request.user, today)
    return render(
        request,
        "web/report_list.html",
        {"groups": groups, "today": today, "slots": slots, "pickers": pickers},
    )


@login_required
@require_POST
def report_create(request: AuthenticatedRequest) -> HttpResponse:
    """Create a draft report for a unit, template and period, then open the editor."""
    try:
        unit, template = unit_and_regime(
            int(request.POST.get("unit", "")), int(request.POST.get("template", ""))
        )
    except (ValueError, OrgUnit.DoesNotExist, ReportTemplate.DoesNotExist):
        messages.error(request, _("Đơn vị hoặc chế độ báo cáo không hợp lệ."))
        return redirect("report-list")
    on_refusal(request, lambda exc: redirect("report-list"))
    report = create_report(
        unit=unit,
        template=template,
        period=request.POST.get("period", ""),
        by=request.user,
        start_from_previous=request.POST.get("carry") == "1",
    )
    messages.success(
        request, _("Đã tạo báo cáo %(period)s.") % {"period": period_label(report.period)}
    )
    return redirect("report-edit", report_id=report.pk)


@login_required
def report_detail(request: AuthenticatedRequest, report_id: int) -> HttpResponse:
    """Show a report read-only, with the actions the user may take."""
    report = report_or_404(request, report_id)
    for dispatch in open_dispatches_for(request.user, report):
        open_dispatch(dispatch, by=request.user)  # the receiver has opened it
    permissions = report_permissions(request.user, report)
    rows = value_rows(report)
    sources = report_register_links(request.user, report)
    for row in rows:  # the register behind a figure, for anyone who may read both
        row.register_link = sources.get(row.indicator.pk)  # type: ignore[attr-defined]
    return render(
        request,
        "web/report_detail.html",
        {
            "report": report,
            "source_file": source_file_of(report),
            "sections": report_sections(report),
            "values": rows,
            "compared": any(row.comparison for row in rows),
            "plan_lead": plan_lead(report),
            "actions": [a.value for a in permissions.actions],
            "can_edit": permissions.can_edit,
            "issuing": report_panel(request.user, report),
            "today": timezone.localdate(),
        },
    )


@login_required
def report_history(request: AuthenticatedRequest, report_id: int) -> HttpResponse:
    """Show who did what to the report and when, and its stored versions."""
    report = report_or_404(request, report_id)
    return render(
        request,
        "web/report_history.html",
        {
            "report": report,
            "events": report.events.select_related("actor").order_by("created_at", "pk"),
            "versions": report.versions.select_related("created_by").order_by("number"),
        },
    )
