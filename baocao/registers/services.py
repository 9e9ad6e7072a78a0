"""Writes to work registers: entries added, changed and deleted, and a report filled from them.

Every function checks the user's rights itself (selectors.access_register), validates all of
its input before writing, and writes in one transaction: a refused call changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeVar

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from baocao.core.actors import Actor
from baocao.core.errors import Conflict, Invalid
from baocao.domain.dates import parse_day
from baocao.domain.numbers import NumberFormatError, parse_number
from baocao.domain.registers import next_number, same_category
from baocao.domain.text import clean_text
from baocao.registers.columns import clean_values, columns_of
from baocao.registers.models import RegisterEntry, RegisterEvent, RegisterYear, WorkRegister
from baocao.registers.selectors import access_entry, access_register, locking_report, report_figures
from baocao.reports.models import Report
from baocao.reports.selectors import access_report
from baocao.reports.services.authoring import set_indicator_values

MAX_SUBJECT = 2000
MAX_NOTES = 2000
MAX_REFERENCE = 255
MAX_QUANTITY = Decimal("1e15")
EARLIEST = dt.date(1990, 1, 1)
T = TypeVar("T")


@dataclass(frozen=True)
class EntryInput:
    """What a user types for an entry; strings as typed (dates ISO or dd/mm/yyyy). The quantity
    may also come as a number already typed (the API's JSON numbers): taken as it is."""

    entry_date: str
    subject: str
    category: str = ""
    quantity: str | Decimal = ""
    reference: str = ""
    notes: str = ""
    values: Mapping[str, Any] = field(default_factory=dict)  # the register's columns, by code


@dataclass(frozen=True)
class CleanEntry:
    """A validated entry."""

    entry_date: dt.date
    subject: str
    category: str
    quantity: Decimal | None
    reference: str
    notes: str
    values: dict[str, Any] = field(default_factory=dict)


def parse_date(raw: str) -> dt.date:
    """Read a date typed as 2022-01-14 or 14/01/2022; raise ValueError otherwise."""
    return parse_day(raw)


def clean_entry(register: WorkRegister, data: EntryInput) -> CleanEntry:
    """Validate ``data`` for ``register``; raise Invalid with a message per field."""
    errors: dict[str, str] = {}
    day = None
    try:
        day = parse_date(data.entry_date or "")
    except ValueError:
        errors["entry_date"] = _("Ngày không hợp lệ (ví dụ: 14/01/2022).")
    else:
        if day > timezone.localdate():
            errors["entry_date"] = _("Ngày ghi sổ không được sau hôm nay.")
        elif day < EARLIEST:
            errors["entry_date"] = _("Ngày ghi sổ quá xa trong quá khứ.")
    subject = clean_text(data.subject or "")
    if not subject:
        errors["subject"] = _("Cần ghi nội dung.")
    elif len(subject) > MAX_SUBJECT:
        errors["subject"] = _("Nội dung quá dài; tối đa %(n)s ký tự.") % {"n": MAX_SUBJECT}
    category = clean_text(data.category or "")
    if register.categories:
        known = [c for c in register.categories if same_category(c, category)] if category else []
        if not known:
            errors["category"] = _("Chọn một phân loại của sổ: %(list)s.") % {
                "list": ", ".join(register.categories)
            }
        else:
            category = known[0]
    elif len(category) > 128:
        errors["category"] = _("Phân loại quá dài; tối đa 128 ký tự.")
    quantity: Decimal | None = None
    given = data.quantity
    typed, text = (given, "") if isinstance(given, Decimal) else (None, clean_text(given or ""))
    if typed is not None or text:
        try:
            quantity = typed if typed is not None else parse_number(text)
        except NumberFormatError:
            errors["quantity"] = _("“%(raw)s” không phải là số hợp lệ (ví dụ: 1.234,5).") % {
                "raw": text[:40]
            }
        else:
            if quantity < 0:
                errors["quantity"] = _("Số lượng không được âm.")
            elif quantity >= MAX_QUANTITY:
                errors["quantity"] = _("Số lượng quá lớn.")
    reference = clean_text(data.reference or "")
    if len(reference) > MAX_REFERENCE:
        errors["reference"] = _("Số, ký hiệu quá dài; tối đa %(n)s ký tự.") % {"n": MAX_REFERENCE}
    notes = clean_text(data.notes or "")
    if len(notes) > MAX_NOTES:
        errors["notes"] = _("Ghi chú quá dài; tối đa %(n)s ký tự.") % {"n": MAX_NOTES}
    values, value_errors = clean_values(columns_of(register), data.values)
    errors.update({f"values.{code}": message for code, message in value_errors.items()})
    if errors or day is None:
        raise Invalid(_("Mục sổ chưa hợp lệ, hãy sửa các ô được đánh dấu."), details=errors)
    if quantity is not None:
        quantity = quantity.quantize(Decimal("0.0001"))
    return CleanEntry(day, subject, category, quantity, reference, notes, values)


def _refuse_if_closed(register: WorkRegister, day: dt.date) -> None:
    """Refuse a write on ``day`` when a sent report closed it; call inside the transaction.

    The reports that could close the day are locked first (SELECT … FOR UPDATE), so a submit
    running at the same time either commits before this check — and is seen — or waits for
    this write to commit: no line lands in a window after its report was acknowledged as
    sent. (SQLite: transactions are IMMEDIATE, a writer holds the database until it ends.)
    """
    templates = register.bindings.values_list("indicator__template_id", flat=True)
    list(
        Report.objects.select_for_update()
        .filter(
            unit_id=register.unit_id,
            template_id__in=templates,
            period_start__lte=day,
            period_end__gte=day,
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    report = locking_report(day, register)
    if report is not None:
        raise Conflict(
            _(
                "Sổ đã khóa cho ngày %(day)s: báo cáo “%(title)s” đã gửi hoặc đã phê duyệt với số "
                "liệu lấy từ sổ. Muốn sửa, báo cáo phải được trả lại."
            )
            % {"day": day.strftime("%d/%m/%Y"), "title": report.title},
            code="register_closed",
            details={"report": report.pk},
        )


def entry_facts(entry: RegisterEntry) -> dict[str, object]:
    """Return what a line says, as the register's log keeps it (JSON)."""
    facts: dict[str, object] = {
        "number": entry.number,
        "year": entry.year,
        "entry_date": entry.entry_date.isoformat(),
        "subject": entry.subject,
        "category": entry.category,
        "quantity": None if entry.quantity is None else str(entry.quantity.normalize()),
        "reference": entry.reference,
        "notes": entry.notes,
    }
    if entry.values:  # the register's own columns
        facts["values"] = dict(entry.values)
    return facts


def log_event(
    register: WorkRegister,
    verb: str,
    *,
    by: Actor,
    entry: RegisterEntry | None = None,
    **data: object,
) -> RegisterEvent:
    """Record a change of the register in its log (in the caller's transaction)."""
    return RegisterEvent.objects.create(
        register=register,
        verb=verb,
        actor=by,
        data=data,
        entry_id_value=entry.pk if entry else None,
        label=f"{entry.number}/{entry.year}" if entry else "",
    )


def add_entry(register_id: int, data: EntryInput, *, by: Actor) -> RegisterEntry:
    """Add an entry to a register, numbered next in its year."""
    register = access_register(by, register_id, for_write=True)
    clean = clean_entry(register, data)

    def write() -> RegisterEntry:
        _refuse_if_closed(register, clean.entry_date)
        entry = store_entry(register, clean, by=by)
        log_event(register, RegisterEvent.Verb.ADD, by=by, entry=entry, after=entry_facts(entry))
        return entry

    return numbered(write)


def numbered(write: Callable[[], T]) -> T:
    """Run ``write`` (which takes numbers) in one transaction; again, up to three times, when
    two writers created a year's counter at once."""
    for _attempt in range(3):
        try:
            with transaction.atomic():
                return write()
        except IntegrityError:
            continue
    raise Conflict(_("Không cấp được số thứ tự, hãy thử lại."), code="number_taken")


def store_entry(register: WorkRegister, clean: CleanEntry, *, by: Actor) -> RegisterEntry:
    """Write a clean entry with the next number of its year (in the caller's transaction)."""
    year = clean.entry_date.year
    return RegisterEntry.objects.create(
        register=register,
        year=year,
        number=take_number(register, year),
        entry_date=clean.entry_date,
        subject=clean.subject,
        category=clean.category,
        quantity=clean.quantity,
        reference=clean.reference,
        notes=clean.notes,
        values=clean.values,
        created_by=by,
    )


def _last_line_number(register: WorkRegister, year: int) -> int:
    """Return the highest number of the year's lines (0 when there is none)."""
    return next_number(register.entries.filter(year=year).values_list("number", flat=True)) - 1


def last_number(register: WorkRegister, year: int) -> int:
    """Return the last number given in the register's year (0 before its first line)."""
    counter = RegisterYear.objects.filter(register=register, year=year).first()
    return int(counter.last_number) if counter else _last_line_number(register, year)


def take_number(register: WorkRegister, year: int) -> int:
    """Return the next number of the register's year and record it as given (in the caller's
    transaction; the counter row is locked until it ends, so no two lines share a number)."""
    counter, created = RegisterYear.objects.select_for_update().get_or_create(
        register=register, year=year
    )
    if created:  # lines written before the counter existed
        counter.last_number = _last_line_number(register, year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


def update_entry(register_id: int, entry_id: int, data: EntryInput, *, by: Actor) -> RegisterEntry:
    """Change an entry; a new year gives it the next number of that year."""
    register = access_register(by, register_id, for_write=True)
    entry = access_entry(by, register, entry_id)
    clean = clean_entry(register, data)
    with transaction.atomic():
        for day in sorted({entry.entry_date, clean.entry_date}):
            _refuse_if_closed(register, day)
        before = entry_facts(entry)
        if clean.entry_date.year != entry.year:
            entry.year = clean.entry_date.year
            entry.number = take_number(register, entry.year)
        entry.entry_date, entry.subject, entry.category = (
            clean.entry_date,
            clean.subject,
            clean.category,
        )
        entry.quantity, entry.reference, entry.notes = clean.quantity, clean.reference, clean.notes
        entry.values = clean.values
        entry.updated_by = by
        entry.save()
        log_event(
            register,
            RegisterEvent.Verb.EDIT,
            by=by,
            entry=entry,
            before=before,
            after=entry_facts(entry),
        )
    return entry


def delete_entry(register_id: int, entry_id: int, *, by: Actor) -> None:
    """Delete an entry (its number is not given again to another entry of the year)."""
    register = access_register(by, register_id, for_write=True)
    entry = access_entry(by, register, entry_id)
    with transaction.atomic():
        _refuse_if_closed(register, entry.entry_date)
        log_event(
            register, RegisterEvent.Verb.DELETE, by=by, entry=entry, before=entry_facts(entry)
        )
        entry.delete()


@dataclass(frozen=True)
class Filled:
    """An indicator value taken from a register."""

    indicator_code: str
    value: Decimal
    entries: int
    register: str


def register_note(
    figure_entries: int, register: str, start: dt.date, end: dt.date, missing: int = 0
) -> str:
    """Return the note stored beside a value taken from a register (Vietnamese, as the report)."""
    note = f"Theo {register}: {figure_entries} mục, {start:%d/%m/%Y}–{end:%d/%m/%Y}"
    if missing:
        note += f" ({missing} mục chưa ghi số lượng)"
    return note


def fill_from_registers(report_id: int, *, by: Actor, expected_version: int) -> list[Filled]:
    """Set the report's register-bound indicator values from its unit's registers.

    Only a draft or returned report, by its unit's reporter (the report rules apply, with the
    version check); values of unbound indicators are left as they are. Each value gets a note
    naming the register, the entries counted and the window.
    """
    report = access_report(by, report_id, for_write=True)
    figures = report_figures(report)
    if not figures:
        raise Invalid(
            _("Chế độ báo cáo này không có chỉ tiêu nào lấy số liệu từ sổ theo dõi của đơn vị."),
            code="no_bindings",
        )
    values = {
        f.binding.indicator_id: (
            f.figure.value,  # the typed figure, not written out and read back
            register_note(
                f.figure.entries, f.binding.register.name, f.start, f.end, f.figure.missing_quantity
            ),
        )
        for f in figures
    }
    set_indicator_values(report, by=by, expected_version=expected_version, values=values)
    return [
        Filled(f.binding.indicator.code, f.figure.value, f.figure.entries, f.binding.register.name)
        for f in figures
    ]
