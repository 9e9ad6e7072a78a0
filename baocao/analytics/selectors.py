"""The analytics pages' and API's reads of regimes and periods: which regimes a scope reports,
the periods to offer, the latest period with data, a period asked for in the query string;
and the units a consolidator may consolidate.

Used by ``analytics/views/*`` and ``api/routers/analytics.py`` alike.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Collection

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from baocao.analytics.rates import current_period
from baocao.analytics.scope import Scope, under
from baocao.catalog.models import Indicator, ReportTemplate
from baocao.core.actors import AnyUser
from baocao.core.errors import NotFound
from baocao.core.prepared import attach, prepared
from baocao.domain.periods import Period, PeriodError, periods_between
from baocao.domain.workflow import Role, Status
from baocao.organizations.access import units_with_role
from baocao.organizations.models import OrgUnit
from baocao.reports.models import Report


def templates_for(scope: Scope) -> list[ReportTemplate]:
    """Return the active templates with units to report in the scope — its unit, and with
    ``subtree`` the units below — or, when none has, every active one."""
    if scope.subtree:
        found = _templates_under(scope.unit.path)
    else:
        found = _templates_of_unit(scope.unit.pk)
    return found or _active_templates()


def _active(units: QuerySet[OrgUnit]) -> QuerySet[ReportTemplate]:
    """Return the active templates assigned to one of ``units``, by code."""
    return (
        ReportTemplate.objects.filter(is_active=True, assigned_units__in=units)
        .distinct()
        .order_by("code")
    )


@prepared
def _templates_under(path: str) -> QuerySet[ReportTemplate]:
    return _active(OrgUnit.objects.filter(under(path)))


@prepared
def _templates_of_unit(unit: int) -> QuerySet[ReportTemplate]:
    return _active(OrgUnit.objects.filter(pk=unit))


@prepared
def _active_templates() -> QuerySet[ReportTemplate]:
    return ReportTemplate.objects.filter(is_active=True).order_by("code")


# The dashboard shows at most this many key indicators of a regime.
MAX_KEY_INDICATORS = 8


def key_indicators(template: ReportTemplate) -> list[Indicator]:
    """Return the template's first ``MAX_KEY_INDICATORS`` key indicators that are numbers
    (the dashboard's), each knowing its template."""
    return attach(_key_indicators(template.pk), "template", template)


@prepared
def _key_indicators(template: int) -> QuerySet[Indicator]:
    return Indicator.objects.filter(template_id=template, is_key=True).exclude(
        value_type=Indicator.ValueType.TEXT
    )[:MAX_KEY_INDICATORS]


def pick_period(raw: str | None, template: ReportTemplate, default: Period) -> tuple[Period, str]:
    """Return the period coded ``raw`` for the template, or ``default`` and an error message."""
    if not raw:
        return default, ""
    try:
        period = Period.parse(raw)
    except PeriodError:
        return default, _("Kỳ “%(period)s” không hợp lệ; ví dụ: %(example)s.") % {
            "period": raw[:20],
            "example": default.code,
        }
    if period.kind != template.kind:
        return default, _("Chế độ báo cáo này lập theo kỳ %(kind)s.") % {
            "kind": str(template.get_period_kind_display()).lower()
        }
    return period, ""


def first_period(template: ReportTemplate) -> Period | None:
    """Return the regime's first period: its earliest report (any version of the regime) or
    the period of the day it applies from, whichever is earlier; None when neither exists."""
    found: list[Period] = []
    codes = [code for code in _first_period_codes(template.code, template.period_kind) if code]
    if codes:
        with contextlib.suppress(PeriodError):
            found.append(min(Period.parse(code) for code in codes))
    if template.valid_from is not None:
        with contextlib.suppress(PeriodError):
            found.append(Period.from_date(template.kind, template.valid_from, template.cutoff_rule))
    return min(found) if found else None


@prepared
def _first_period_codes(code: str, kind: str) -> QuerySet[ReportTemplate, str | None]:
    """Return, for each version of the regime, the code of its earliest report of the kind
    (None: no report).

    Per version, so that each is the first entry of the index on the reports' regime version,
    kind and period (``Report.Meta.indexes``), not a sort of all the regime's reports.
    """
    earliest = (
        Report.objects.filter(template_id=OuterRef("pk"), period_kind=kind)
        .order_by("period_year", "period_index")
        .values("period_code")[:1]
    )
    return (
        ReportTemplate.objects.filter(code=code)
        .order_by()
        .annotate(first=Subquery(earliest))
        .values_list("first", flat=True)
    )


def period_choices(
    template: ReportTemplate, chosen: Period | None = None, fallback: int = 12
) -> list[Period]:
    """Return every period of the template from its first (``first_period``) to the current
    one, newest first, and ``chosen`` when outside; without a first period, the last
    ``fallback`` ones. The one source of the period drop-downs of the analytics pages."""
    latest = current_period(template, timezone.localdate())
    first = first_period(template)
    if first is None or first > latest:
        first = latest
        for _step in range(fallback - 1):
            first = first.previous()
    periods = list(reversed(periods_between(first, latest)))
    if chosen is not None and chosen.kind is latest.kind and chosen not in periods:
        periods = sorted([*periods, chosen], reverse=True)
    return periods


def by_year(periods: list[Period]) -> list[tuple[int, list[Period]]]:
    """Return ``periods`` grouped by year, in the given order (for ``<optgroup>``)."""
    groups: list[tuple[int, list[Period]]] = []
    for period in periods:
        if not groups or groups[-1][0] != period.year:
            groups.append((period.year, []))
        groups[-1][1].append(period)
    return groups


def period_groups(
    template: ReportTemplate, chosen: Period | None = None, *, exclude: Collection[str] = ()
) -> list[tuple[int, list[Period]]]:
    """Return the template's periods since its first (``period_choices``), newest first,
    grouped by year, without the codes in ``exclude``: the one period picker of every page
    outside analytics too ("Báo cáo cần lập", the import preview, the registers' filter),
    rendered by ``web/_period_select.html``."""
    return by_year([p for p in period_choices(template, chosen) if p.code not in exclude])


def latest_period_with_data(template: ReportTemplate, scope: Scope, upto: Period) -> Period:
    """Return the latest period up to ``upto`` in which a unit of the scope sent a report of the
    template (submitted or later), or ``upto`` when none did."""
    found = [
        (year, index)
        for year, index in _latest_sent(
            template.code, template.period_kind, scope.unit.path, upto.year, upto.index
        )
        if year is not None and index is not None
    ]
    if not found:
        return upto
    year, index = max(found)
    return Period(year, upto.kind, index)


@prepared
def _latest_sent(
    code: str, kind: str, path: str, year: int, index: int
) -> QuerySet[ReportTemplate, tuple[int | None, int | None]]:
    """Return, for each version of the regime, the (year, index) of the latest period up to
    ``year`` and ``index`` in which a unit of the subtree at ``path`` sent a report of that
    version ((None, None): none did).

    Per version, so that each is read backwards along the index on the reports' regime
    version, kind and period (``Report.Meta.indexes``) from ``year`` down, to the first
    report sent, not a sort of all the regime's reports.
    """
    sent = (
        Report.objects.filter(template_id=OuterRef("pk"), period_kind=kind)
        .filter(under(path, "unit__"))
        .filter(period_year__lte=year)  # the index's range; the next line is exact
        .filter(Q(period_year__lt=year) | Q(period_year=year, period_index__lte=index))
        .exclude(status__in=(Status.DRAFT.value, Status.RETURNED.value))
        .order_by("-period_year", "-period_index")
    )
    return (
        ReportTemplate.objects.filter(code=code)
        .order_by()
        .annotate(
            latest_year=Subquery(sent.values("period_year")[:1]),
            latest_index=Subquery(sent.values("period_index")[:1]),
        )
        .values_list("latest_year", "latest_index")
    )


# The pivot shows this many periods when no range is asked for (a year of months).
PIVOT_PERIODS = 12


def pivot_defaults(template: ReportTemplate, scope: Scope, today: dt.date) -> tuple[Period, Period]:
    """Return the pivot's default range of ``template`` in ``scope`` on ``today``, for the page
    and the API alike.

    It ends with the latest period in which a unit of the scope sent a report
    (``latest_period_with_data``, up to today's ``current_period``) — the charts' bars show
    that column — and starts ``PIVOT_PERIODS`` - 1 periods earlier, but not before the
    regime's first period (``first_period``).
    """
    latest = latest_period_with_data(template, scope, current_period(template, today))
    start = latest
    for _step in range(PIVOT_PERIODS - 1):
        start = start.previous()
    first = first_period(template)
    if first is not None and first.kind is start.kind:
        start = min(max(start, first), latest)
    return start, latest


def template_coded(scope: Scope, code: str) -> ReportTemplate:
    """Return the regime coded ``code`` among ``templates_for(scope)``, else raise NotFound."""
    for template in templates_for(scope):
        if template.code == code:
            return template
    raise NotFound(_("Không tìm thấy chế độ báo cáo."))


def consolidation_parents(user: AnyUser) -> list[OrgUnit]:
    """Return the units ``user`` may consolidate (``consolidate_report``'s rule: a consolidator
    there or above): their own units as consolidator and, below them, those with units below
    (at most 300 of these), by path. One query, whatever the number of units held."""
    tops = units_with_role(user, Role.CONSOLIDATOR)
    if not tops:
        return []
    below = Q()
    for top in tops:
        below |= Q(path__startswith=top.path)
    found: dict[int, OrgUnit] = {u.pk: u for u in tops}
    for unit in OrgUnit.objects.filter(below, children__isnull=False).distinct()[:300]:
        found.setdefault(unit.pk, unit)
    return sorted(found.values(), key=lambda u: u.path)
