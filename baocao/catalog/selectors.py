"""Permission-checked reads of reporting regimes (chế độ báo cáo) for the designer and the API.

Who may change a regime is one rule, :func:`can_manage_regime`: an administrator of the unit
that manages it (``owner_unit``) or of a unit above it; a regime without a managing unit only
a superuser or an administrator of a top unit (one without a parent).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TypeVar

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from baocao.catalog.models import Disaggregation, Indicator, RegimeEvent, ReportTemplate, Section
from baocao.core.actors import AnyUser
from baocao.core.errors import NotFound
from baocao.core.memo import read_once
from baocao.core.prepared import attach, prepared
from baocao.domain.deadlines import DeadlineError, DeadlineRule
from baocao.domain.periods import CutoffRule, Period, PeriodError, PeriodKind
from baocao.domain.workflow import Role
from baocao.organizations.access import is_administrator, units_with_role
from baocao.organizations.models import OrgUnit


def administered_units(user: AnyUser) -> QuerySet[OrgUnit]:
    """Return every unit ``user`` administers (their units and all below); all for a superuser."""
    if getattr(user, "is_superuser", False):
        return OrgUnit.objects.all()
    query = Q(pk__in=[])
    for unit in units_with_role(user, Role.ADMINISTRATOR):
        query |= Q(path__startswith=unit.path)
    return OrgUnit.objects.filter(query)


def is_top_administrator(user: AnyUser) -> bool:
    """Return whether ``user`` is a superuser or administers a unit that has no parent."""
    if getattr(user, "is_superuser", False):
        return True
    return any(u.parent_id is None for u in units_with_role(user, Role.ADMINISTRATOR))


def can_manage_regime(user: AnyUser, template: ReportTemplate) -> bool:
    """Return whether ``user`` may change ``template`` (see the module's docstring)."""
    if template.owner_unit_id is None:
        return is_top_administrator(user)
    return is_administrator(user, template.owner_unit)


def may_design(user: AnyUser) -> bool:
    """Return whether ``user`` may open the regime designer at all (an administrator)."""
    return is_administrator(user)


def manageable_regimes(user: AnyUser) -> QuerySet[ReportTemplate]:
    """Return every version of the regimes ``user`` may change (none for a non-administrator)."""
    if not may_design(user):
        return ReportTemplate.objects.none()
    if getattr(user, "is_superuser", False):
        return ReportTemplate.objects.all()
    query = Q(owner_unit__in=administered_units(user))
    if is_top_administrator(user):
        query |= Q(owner_unit__isnull=True)
    return ReportTemplate.objects.filter(query)


def designer_list(
    user: AnyUser, *, query: str = "", show_old: bool = False
) -> QuerySet[ReportTemplate]:
    """Return the regimes of the designer's list: current versions, with report counts."""
    regimes = manageable_regimes(user).exclude(adhoc_request__isnull=False)
    if not show_old:
        regimes = regimes.filter(is_current=True)
    if query:
        regimes = regimes.filter(Q(name__icontains=query) | Q(code__icontains=query))
    return (
        regimes.select_related("owner_unit")
        .annotate(
            report_count=Count("reports", distinct=True),
            unit_count=Count("assigned_units", distinct=True),
        )
        .order_by("code", "-version")
    )


def access_regime(user: AnyUser, regime_id: int | str) -> ReportTemplate:
    """Return a regime ``user`` may manage; NotFound for anybody else (or an unknown id)."""
    try:
        return (
            manageable_regimes(user)
            .select_related("owner_unit", "previous_version")
            .get(pk=int(regime_id))
        )
    except (ReportTemplate.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("Không tìm thấy chế độ báo cáo.")) from None


def catalogue(
    *, issuer: str = "", period_kind: str = "", legal: str = ""
) -> QuerySet[ReportTemplate]:
    """Return the current regimes for the public catalogue, filtered by issuer, frequency and
    legal basis (a legal document id); regimes of ad-hoc requests are not regimes."""
    regimes = ReportTemplate.objects.filter(is_current=True).exclude(adhoc_request__isnull=False)
    if issuer:
        regimes = regimes.filter(Q(issuer=issuer) | Q(issuer="", owner_unit__name=issuer))
    if period_kind:
        regimes = regimes.filter(period_kind=period_kind)
    if legal.isdigit():
        regimes = regimes.filter(legal_basis__pk=int(legal))
    return (
        regimes.select_related("owner_unit")
        .prefetch_related("legal_basis")
        .annotate(unit_count=Count("assigned_units", distinct=True))
        .order_by("issuer", "name", "code")
    )


def catalogue_issuers() -> list[str]:
    """Return the issuers named by current regimes (the issuer, else the managing unit)."""
    names = set()
    rows = (
        ReportTemplate.objects.filter(is_current=True)
        .exclude(adhoc_request__isnull=False)
        .values_list("issuer", "owner_unit__name")
    )
    for issuer, owner in rows:
        if issuer or owner:
            names.add(issuer or owner)
    return sorted(names)


def regime_history(template: ReportTemplate) -> QuerySet[RegimeEvent]:
    """Return the audit events of every version of the regime's code, newest first."""
    return RegimeEvent.objects.filter(code=template.code).select_related("actor")[:100]


def regime_versions(template: ReportTemplate) -> QuerySet[ReportTemplate]:
    """Return every version of the regime's code, newest first, with their report counts."""
    return (
        ReportTemplate.objects.filter(code=template.code)
        .annotate(report_count=Count("reports"))
        .order_by("-version")
    )


def disaggregations() -> QuerySet[Disaggregation]:
    """Return the catalogue of disaggregations with their options."""
    return Disaggregation.objects.prefetch_related("options").order_by("name", "pk")


@dataclass(frozen=True)
class DuePreview:
    """One coming period of a regime: its label, cut-off window and deadline."""

    period: Period
    start: dt.date
    end: dt.date
    due: dt.date


def due_dates_preview(
    period_kind: str,
    cutoff_start_day: int,
    rule: DeadlineRule,
    *,
    count: int = 4,
    today: dt.date | None = None,
) -> list[DuePreview]:
    """Return the next ``count`` periods with their cut-off window and deadline.

    Raise DeadlineError when the rule puts a deadline before the cut-off ends.
    """
    from baocao.catalog.calendar import working_calendar

    today = today or timezone.localdate()
    kind, cutoff = PeriodKind(period_kind), CutoffRule(cutoff_start_day)
    try:
        period = Period.from_date(kind, today, cutoff)
    except PeriodError:  # autumn, nine-month regime: next year's
        period = Period(today.year + 1, kind, 1)
    calendar = working_calendar()
    rows: list[DuePreview] = []
    while len(rows) < count:
        start, end = cutoff.window(period)
        due = rule.deadline(period, cutoff, calendar)
        if due >= today:
            rows.append(DuePreview(period, start, end, due))
        period = period.next()
    return rows


__all__ = ["DeadlineError"]


RowT = TypeVar("RowT", Section, Indicator)


def regime_row(template: ReportTemplate, model: type[RowT], pk: int | None) -> RowT:
    """Return ``model`` row ``pk`` of ``template``; NotFound when it belongs to another regime."""
    try:
        return model._default_manager.get(pk=int(pk or 0), template=template)
    except (model.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("Không tìm thấy mục này trong chế độ báo cáo.")) from None


def template_indicators(template: ReportTemplate) -> list[Indicator]:
    """Return the regime version's indicators in form order, each with its section.

    Read once per template object: a report page's panels (values, comparisons, checks,
    estimates) all ask for them, and a template does not change inside a request.
    """
    return read_once(
        template, "_indicators", lambda: attach(_indicators_of(template.pk), "template", template)
    )


def template_sections(template: ReportTemplate) -> list[Section]:
    """Return the regime version's sections in form order, read once per template object."""
    return read_once(
        template, "_sections", lambda: attach(_sections_of(template.pk), "template", template)
    )


@prepared
def _indicators_of(template: int) -> QuerySet[Indicator]:
    return (
        Indicator.objects.filter(template_id=template)
        .select_related("section")
        .order_by("order", "pk")
    )


@prepared
def _sections_of(template: int) -> QuerySet[Section]:
    return Section.objects.filter(template_id=template).order_by("order", "pk")
