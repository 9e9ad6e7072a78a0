"""What the register pages show: the filter read from the query, rows with their lock, forms.

Reads only; rights are checked by the selectors the views call first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from baocao.domain.numbers import format_number
from baocao.domain.periods import Period
from baocao.registers.columns import Column, ColumnType, columns_of
from baocao.registers.models import RegisterEntry, WorkRegister
from baocao.registers.selectors import EntryFilter, entry_filter
from baocao.registers.services import EntryInput, parse_date
from baocao.reports.models import Report

MAX_TEXT = 100
COLUMN_FIELD = "col_"  # a register column's form field and filter parameter: col_<code>
FORM_FIELDS = ("entry_date", "subject", "category", "quantity", "reference", "notes")


@dataclass
class FilterForm:
    """The register page's filter as typed, its errors, and the filter it gives."""

    period: str = ""
    start: str = ""
    end: str = ""
    category: str = ""
    text: str = ""
    errors: dict[str, str] = field(default_factory=dict)
    filters: EntryFilter = field(default_factory=EntryFilter)
    window: Period | None = None
    column_filters: list[tuple[Column, str]] = field(default_factory=list)

    @property
    def active(self) -> bool:
        """Return whether any filter applies."""
        f = self.filters
        return bool(f.start or f.end or f.category or f.text.strip() or f.categories or f.columns)


def read_filter(register: WorkRegister, query: QueryDict) -> FilterForm:
    """Read the filter from the page's query string; a bad field is reported and ignored.

    What the fields mean together is ``registers.selectors.entry_filter``'s (as in the API):
    a period's data window, narrowed by the dates when given. Here a field that cannot be
    used gets its message next to it.
    """
    form = FilterForm(
        period=query.get("period", "").strip()[:16],
        start=query.get("from", "").strip()[:16],
        end=query.get("to", "").strip()[:16],
        category=query.get("category", "").strip()[:128],
        text=query.get("q", "").strip()[:MAX_TEXT],
    )
    several = [c.strip()[:128] for c in query.getlist("categories")[:20] if c.strip()]
    chosen_columns = {
        c.code: query.get(COLUMN_FIELD + c.code, "").strip()[:128]
        for c in columns_of(register)
        if c.type in (ColumnType.CHOICE, ColumnType.YESNO)
    }
    start = _date_or_error(form.start, "from", form.errors)
    end = _date_or_error(form.end, "to", form.errors)
    form.filters, problems = entry_filter(
        register,
        period=form.period,
        start=start,
        end=end,
        category=form.category,
        text=form.text,
        categories=several,
        columns=chosen_columns,
    )
    form.column_filters = [
        (c, chosen_columns.get(c.code, ""))
        for c in columns_of(register)
        if c.type in (ColumnType.CHOICE, ColumnType.YESNO)
    ]
    for problem in problems:
        form.errors.setdefault(problem.field, problem.message)
    if form.period and "period" not in form.errors:
        form.window = Period.parse(form.period)
    if form.filters.category:
        form.category = form.filters.category  # the register's own spelling
    return form


def _date_or_error(raw: str, name: str, errors: dict[str, str]) -> dt.date | None:
    if not raw:
        return None
    try:
        return parse_date(raw)
    except ValueError:
        errors[name] = _("Ngày không hợp lệ (ví dụ: 14/01/2022).")
        return None


@dataclass(frozen=True)
class EntryRow:
    """An entry of the table and the report that closed its date, if any."""

    entry: RegisterEntry
    closed_by: Report | None
    cells: list[tuple[str, str]] = field(default_factory=list)  # (label, shown) per column


def entry_rows(
    entries: Sequence[RegisterEntry],
    windows: list[tuple[dt.date, dt.date, Report]],
    columns: Sequence[Column] = (),
) -> list[EntryRow]:
    """Pair each entry with the first report whose closed window holds its date, and its
    register columns' values as shown."""
    return [
        EntryRow(
            e,
            next((r for start, end, r in windows if start <= e.entry_date <= end), None),
            [(c.label, c.display((e.values or {}).get(c.code))) for c in columns],
        )
        for e in entries
    ]


@dataclass(frozen=True)
class ColumnField:
    """A register column in the entry form: its definition, the value as typed, its error."""

    column: Column
    name: str
    value: str
    error: str


def column_fields(register: WorkRegister, form: dict, errors: dict) -> list[ColumnField]:
    """Return the entry form's fields of the register's own columns."""
    values = form.get("values") or {}
    return [
        ColumnField(
            c, COLUMN_FIELD + c.code, values.get(c.code, ""), errors.get(f"values.{c.code}", "")
        )
        for c in columns_of(register)
    ]


def _typed(column: Column, value: object) -> str:
    """Return a stored column value as the form shows it."""
    if value is None:
        return ""
    if column.type is ColumnType.YESNO:
        return "Có" if value is True else "Không"
    return column.display(value)


def entry_form(entry: RegisterEntry | None = None, *, today: dt.date | None = None) -> dict:
    """Return the entry form's initial values: the entry's, or a new one dated ``today``."""
    if entry is not None:
        form = _entry_form(entry)
        columns = columns_of(entry.register)
        form["values"] = {c.code: _typed(c, (entry.values or {}).get(c.code)) for c in columns}
        return form
    return _entry_form(None, today=today)


def _entry_form(entry: RegisterEntry | None = None, *, today: dt.date | None = None) -> dict:
    if entry is None:
        return {
            "entry_date": (today or timezone.localdate()).strftime("%d/%m/%Y"),
            "subject": "",
            "category": "",
            "quantity": "",
            "reference": "",
            "notes": "",
        }
    return {
        "entry_date": entry.entry_date.strftime("%d/%m/%Y"),
        "subject": entry.subject,
        "category": entry.category,
        "quantity": "" if entry.quantity is None else format_number(entry.quantity),
        "reference": entry.reference,
        "notes": entry.notes,
    }


def posted_form(post: QueryDict, register: WorkRegister | None = None) -> dict:
    """Return the entry form as posted (the register's columns as ``values``), to show again."""
    form: dict = {name: post.get(name, "") for name in FORM_FIELDS}
    columns = columns_of(register) if register is not None else []
    form["values"] = {c.code: post.get(COLUMN_FIELD + c.code, "") for c in columns}
    return form


def entry_input(form: dict) -> EntryInput:
    """Return the service input of a posted entry form."""
    return EntryInput(
        **{name: form.get(name, "") for name in FORM_FIELDS}, values=form.get("values") or {}
    )


def category_choices(register: WorkRegister) -> list[str]:
    """Return the categories the filter offers: the register's, else those its entries use."""
    if register.categories:
        return list(register.categories)
    return sorted(
        c
        for c in register.entries.exclude(category="").values_list("category", flat=True).distinct()
    )


def quantity_text(quantity: Decimal | None) -> str:
    """Return a quantity with a dot decimal point and no trailing zeros (for CSV)."""
    if quantity is None:
        return ""
    return f"{quantity.normalize():f}"
