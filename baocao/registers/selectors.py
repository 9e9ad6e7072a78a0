"""Permission-checked reads of work registers and their entries.

Who reads a register: every member of its unit, and the viewers, consolidators and
administrators of the units above (as with reports). Who writes its entries: the unit's
reporters and approvers. An outsider gets NotFound — not even the register's existence.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from baocao.core.actors import AnyUser
from baocao.core.errors import Forbidden, NotFound
from baocao.core.prepared import prepared
from baocao.domain.periods import CutoffRule, Period
from baocao.domain.registers import EntryFacts, Figure, Measure, compute, same_category
from baocao.domain.text import clean_text, fold
from baocao.domain.workflow import Role
from baocao.organizations.access import (
    is_administrator,
    member_units,
    oversight_filter,
    roles_in,
)
from baocao.registers.columns import CODE, ColumnType, columns_of
from baocao.registers.models import RegisterBinding, RegisterEntry, WorkRegister
from baocao.reports.models import Report
from baocao.reports.selectors import PUBLISHED

WRITERS = frozenset({Role.REPORTER, Role.APPROVER})


def readable_registers(user: AnyUser) -> QuerySet[WorkRegister]:
    """Return the registers ``user`` may read, by unit then name."""
    if not getattr(user, "is_authenticated", False):
        return WorkRegister.objects.none()
    own = [unit.pk for unit in member_units(user)]
    return (
        WorkRegister.objects.filter(Q(unit_id__in=own) | oversight_filter(user))
        .select_related("unit")
        .order_by("unit__path", "name")
    )


def can_write(user: AnyUser, register: WorkRegister) -> bool:
    """Return whether ``user`` may add, change and delete entries of ``register``."""
    return register.is_active and bool(roles_in(user, register.unit) & WRITERS)


def can_design(user: AnyUser, register: WorkRegister) -> bool:
    """Return whether ``user`` may change the register's design and bindings: an
    administrator of its unit or of a unit above (or a superuser)."""
    return is_administrator(user, register.unit)


def access_register(user: AnyUser, register_id: int, *, for_write: bool = False) -> WorkRegister:
    """Return the register if ``user`` may read it (or write it, with ``for_write``).

    NotFound for an outsider; Forbidden for a reader who may not write.
    """
    try:
        register = readable_registers(user).get(pk=register_id)
    except (WorkRegister.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("Không tìm thấy sổ theo dõi.")) from None
    if for_write and not can_write(user, register):
        raise Forbidden(
            _("Chỉ chuyên viên và lãnh đạo của đơn vị được ghi sổ này."), code="not_writable"
        )
    return register


def access_entry(user: AnyUser, register: WorkRegister, entry_id: int) -> RegisterEntry:
    """Return an entry of ``register`` (already access-checked) or raise NotFound."""
    try:
        return register.entries.get(pk=entry_id)
    except (RegisterEntry.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("Không tìm thấy mục trong sổ.")) from None


@dataclass(frozen=True)
class EntryFilter:
    """What the register page and the API filter entries by."""

    start: dt.date | None = None
    end: dt.date | None = None
    category: str = ""
    text: str = ""
    categories: tuple[str, ...] = ()
    columns: tuple[tuple[str, Any], ...] = ()  # (column code, value): both must hold


@dataclass(frozen=True)
class FilterProblem:
    """A filter field that could not be used (and was left out): which, why, what was given."""

    field: str
    code: str
    message: str
    value: str


def entry_filter(
    register: WorkRegister,
    *,
    period: str = "",
    start: dt.date | None = None,
    end: dt.date | None = None,
    category: str = "",
    text: str = "",
    categories: Sequence[str] = (),
    columns: Mapping[str, str] | None = None,
) -> tuple[EntryFilter, list[FilterProblem]]:
    """Return the filter of ``register``'s entries that the page and the API both apply, and
    the fields left out because they could not be used.

    The one meaning of the fields, together (AND): a period code (2022-01) keeps the entries of
    that period's data window (``period_window``); ``start`` and ``end`` keep those from and
    up to those days — with a period, they narrow its window. An unknown period is left out
    (``invalid_period``), and so is an end before the start (``date_order``). The category
    is matched to the register's own spelling, ignoring case and diacritics (several
    ``categories``: any of them); the text is searched as ``filtered_entries`` says. A value
    of a choice or yes/no column of the register keeps the entries with that value (matched
    to the option's spelling); other codes are ignored.
    """
    problems: list[FilterProblem] = []
    if start and end and end < start:
        problems.append(
            FilterProblem(
                "to", "date_order", _("Đến ngày phải từ Từ ngày trở về sau."), end.isoformat()
            )
        )
        end = None
    period = period.strip()
    if period:
        try:
            window_start, window_end = period_window(register, period)
        except ValueError:
            problems.append(
                FilterProblem(
                    "period",
                    "invalid_period",
                    _("Kỳ báo cáo không hợp lệ (ví dụ: 2022-01)."),
                    period,
                )
            )
        else:
            start = max(start, window_start) if start else window_start
            end = min(end, window_end) if end else window_end
    wanted = clean_text(category)
    known = [c for c in register.categories or [] if wanted and same_category(c, wanted)]
    several = tuple(
        next((c for c in register.categories or [] if same_category(c, w)), w)
        for w in (clean_text(c) for c in categories)
        if w
    )
    chosen_columns: list[tuple[str, Any]] = []
    for column in columns_of(register):
        raw = clean_text((columns or {}).get(column.code, ""))
        if not raw:
            continue
        if column.type is ColumnType.YESNO:
            chosen_columns.append((column.code, fold(raw) in {"co", "1", "true"}))
        elif column.type is ColumnType.CHOICE:
            option = next((o for o in column.options if fold(o) == fold(raw)), None)
            if option is not None:
                chosen_columns.append((column.code, option))
    chosen = EntryFilter(
        start=start,
        end=end,
        category=known[0] if known else wanted,
        text=text,
        categories=several,
        columns=tuple(chosen_columns),
    )
    return chosen, problems


def filtered_entries(register: WorkRegister, filters: EntryFilter) -> QuerySet[RegisterEntry]:
    """Return the register's entries within the filter, by date then number.

    The text filter ignores case and diacritics (đ folded); it looks at the subject, the
    reference and the notes.
    """
    entries = register.entries.all()
    if filters.start:
        entries = entries.filter(entry_date__gte=filters.start)
    if filters.end:
        entries = entries.filter(entry_date__lte=filters.end)
    category = clean_text(filters.category)  # no control character reaches the database
    if category:
        entries = entries.filter(category=category)
    if filters.categories:
        entries = entries.filter(category__in=[clean_text(c) for c in filters.categories])
    for code, value in filters.columns:
        if CODE.match(code):
            entries = entries.filter(**{f"values__{code}": value})
    text = fold(clean_text(filters.text))
    if text:
        entries = entries.filter(folded__contains=text)
    return entries.select_related("created_by", "updated_by").order_by("entry_date", "number")


def totals(entries: QuerySet[RegisterEntry]) -> tuple[int, Decimal | None]:
    """Return how many entries and the sum of their quantities (None when none has one)."""
    result = entries.order_by().aggregate(count=Count("pk"), total=Sum("quantity"))
    total = result["total"]
    return result["count"], None if total is None else Decimal(total)


def locking_report(entry_date: dt.date, register: WorkRegister) -> Report | None:
    """Return the submitted or approved report that closed the register for ``entry_date``.

    A register is closed for a date once a report of its unit whose template has an indicator
    bound to the register, and whose data window holds the date, is submitted or approved:
    the report quoted the register's figures, so the entries behind them stay as they were
    (a returned report reopens them).
    """
    templates = register.bindings.values_list("indicator__template_id", flat=True)
    return (
        Report.objects.filter(
            unit_id=register.unit_id,
            template_id__in=templates,
            status__in=PUBLISHED,
            period_start__lte=entry_date,
            period_end__gte=entry_date,
        )
        .order_by("period_start")
        .first()
    )


def closed_windows(register: WorkRegister) -> list[tuple[dt.date, dt.date, Report]]:
    """Return the data windows of the reports that closed ``register``."""
    templates = register.bindings.values_list("indicator__template_id", flat=True)
    reports = Report.objects.filter(
        unit_id=register.unit_id, template_id__in=templates, status__in=PUBLISHED
    ).order_by("period_start")
    return [(r.period_start, r.period_end, r) for r in reports]


@dataclass(frozen=True)
class RegisterFigure:
    """What a register gives an indicator of a report, beside the value the report holds."""

    binding: RegisterBinding
    figure: Figure
    current: Decimal | None
    start: dt.date
    end: dt.date

    @property
    def changes(self) -> bool:
        """Return whether taking the figure would change the report's value."""
        return self.current is None or self.current != self.figure.value


def report_figures(report: Report) -> list[RegisterFigure]:
    """Return, for each indicator of ``report`` bound to a register of its unit, the figure.

    The caller has checked that the user may read the report. The window is the report's own
    data window (period_start … period_end).
    """
    bindings = (
        RegisterBinding.objects.filter(
            indicator__template_id=report.template_id,
            register__unit_id=report.unit_id,
            register__is_active=True,
        )
        .select_related("register", "indicator")
        .order_by("indicator__order", "indicator__code")
    )
    current = {v.indicator_id: v.value for v in report.values.all()}
    out = []
    facts: dict[int, list[EntryFacts]] = {}
    for binding in bindings:
        if binding.register_id not in facts:
            rows = binding.register.entries.filter(
                entry_date__gte=report.period_start,
                entry_date__lte=report.period_end,
            ).values_list("entry_date", "category", "quantity", "values")
            facts[binding.register_id] = [
                EntryFacts(d, c, q, v if isinstance(v, dict) else {}) for d, c, q, v in rows
            ]
        figure = compute(
            facts[binding.register_id],
            start=report.period_start,
            end=report.period_end,
            measure=Measure(binding.measure),
            categories=binding.wanted_categories(),
            filters=binding.filters or None,
            sum_column=binding.sum_column,
        )
        out.append(
            RegisterFigure(
                binding,
                figure,
                current.get(binding.indicator_id),
                report.period_start,
                report.period_end,
            )
        )
    return out


def period_window(register: WorkRegister, code: str) -> tuple[dt.date, dt.date]:
    """Return the data window of period ``code`` for ``register``: that of the regime of its
    bound indicators (Decree 09: 15th of the month before to the 14th), else calendar months.

    Raise PeriodError for a code that is not a period.
    """
    period = Period.parse(code)
    binding = register.bindings.select_related("indicator__template").first()
    rule = binding.indicator.template.cutoff_rule if binding else CutoffRule(1)
    return rule.window(period)


@dataclass(frozen=True)
class RegisterLink:
    """The register behind a report's figure: where to read its lines of the report's window,
    and the register's own figure when the report says something else."""

    register: str
    register_id: int
    query: str
    differs: Decimal | None


def report_register_links(user: AnyUser, report: Report) -> dict[int, RegisterLink]:
    """Return, per indicator of ``report`` fed by a register the user may read, the link to the
    register's lines (period window and category) and, when the report's value is not what the
    register gives (typed by hand, or the register changed since), the register's figure."""
    readable = set(
        readable_registers(user).filter(unit_id=report.unit_id).values_list("pk", flat=True)
    )
    if not readable:
        return {}
    links: dict[int, RegisterLink] = {}
    for found in report_figures(report):
        binding = found.binding
        if binding.register_id not in readable or binding.indicator_id in links:
            continue
        query: dict[str, Any] = {"period": report.period_code}
        wanted = binding.wanted_categories()
        if len(wanted) == 1:
            query["category"] = wanted[0]
        elif wanted:
            query["categories"] = wanted
        for code, allowed in (binding.filters or {}).items():
            if len(allowed) == 1:
                query[f"col_{code}"] = allowed[0]
        reported, counted = found.current, found.figure.value
        agrees = reported == counted or (reported is None and counted == 0)
        links[binding.indicator_id] = RegisterLink(
            binding.register.name,
            binding.register_id,
            urlencode(query, doseq=True),
            None if agrees else counted,
        )
    return links


def period_picker(register: WorkRegister, chosen: str = "") -> list[tuple[int, list[Period]]]:
    """Return the periods to filter ``register`` by, newest first, grouped by year: those of
    the regime of its bound indicators since the regime's first (the app's one period picker,
    ``analytics.selectors.period_groups``), else the calendar months since its first entry.
    A valid ``chosen`` code outside them is offered too."""
    import contextlib

    from django.utils import timezone

    from baocao.analytics.selectors import by_year, period_groups
    from baocao.domain.periods import PeriodError, PeriodKind, periods_between

    wanted = None
    if chosen:
        with contextlib.suppress(PeriodError):
            wanted = Period.parse(chosen)
    binding = register.bindings.select_related("indicator__template").first()
    if binding is not None:
        template = binding.indicator.template
        groups = period_groups(
            template, wanted if wanted and wanted.kind is template.kind else None
        )
        if wanted is None or wanted.kind is template.kind:
            return groups
        return [(wanted.year, [wanted]), *groups]
    today = timezone.localdate()
    first = register.entries.order_by("entry_date").values_list("entry_date", flat=True).first()
    months = CutoffRule(1)
    start = Period.from_date(PeriodKind.MONTH, min(first or today, today), months)
    periods = list(
        reversed(periods_between(start, Period.from_date(PeriodKind.MONTH, today, months)))
    )
    if wanted is not None and wanted not in periods:
        periods.insert(0, wanted)
    return by_year(periods)


def has_register_figures(report: Report) -> bool:
    """Tell whether an indicator of the report's regime version is bound to an active register
    of its unit (the editor then offers to take the figures from the registers)."""
    return bool(_bound_indicator(report.template_id, report.unit_id))


@prepared
def _bound_indicator(template: int, unit: int) -> QuerySet[RegisterBinding, int]:
    return RegisterBinding.objects.filter(
        indicator__template_id=template, register__unit_id=unit, register__is_active=True
    ).values_list("pk", flat=True)[:1]
