"""Bring a register's lines in from a spreadsheet (.xlsx or CSV): all the lines or none.

Every line is checked as if typed in the register's form (clean_entry), against the windows
closed by a report, and against the lines the register already holds (same date, subject and
reference). One bad line and nothing is stored; otherwise every line is stored in one
transaction, numbered per year in date order. Between its preview and the confirmation an
upload is kept in ``RegisterUpload`` for its user and register, for a day at most.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections import defaultdict
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from baocao.core.actors import Actor
from baocao.core.errors import Invalid
from baocao.registers.columns import columns_of
from baocao.registers.models import (
    RegisterEvent,
    RegisterUpload,
    WorkRegister,
)
from baocao.registers.selectors import access_register, closed_windows
from baocao.registers.services import (
    CleanEntry,
    clean_entry,
    last_number,
    log_event,
    numbered,
    store_entry,
)
from baocao.registers.tabular import MAX_BYTES, Table, TableError, read_table

MAX_LISTED = 50
MAX_LOGGED = 5000  # line numbers kept in the log of one import
UPLOAD_LIFETIME = dt.timedelta(days=1)


@dataclass(frozen=True)
class ImportRow:
    """A line to add: its row in the file, its clean values, and the number it takes."""

    line: int
    entry: CleanEntry
    number: int

    @property
    def year(self) -> int:
        """Return the year whose numbering the line takes."""
        return self.entry.entry_date.year


@dataclass(frozen=True)
class Skipped:
    """A line of the file the register already holds, as its entry ``number`` ("3/2022")."""

    line: int
    number: str


@dataclass(frozen=True)
class YearSpan:
    """The numbers the added lines of one year take."""

    year: int
    first: int
    last: int
    count: int


@dataclass(frozen=True)
class ImportResult:
    """What an import adds (or, in a dry run, would add) and what it skips."""

    filename: str
    header_line: int
    columns: dict[str, str]
    rows: list[ImportRow]
    skipped: list[Skipped]
    years: list[YearSpan]
    dry_run: bool

    @property
    def added(self) -> int:
        """Return how many lines are (or would be) added."""
        return len(self.rows)


def import_entries(
    register_id: int,
    data: bytes,
    filename: str,
    *,
    by: Actor,
    dry_run: bool,
    skip_existing: bool = False,
) -> ImportResult:
    """Add every line of a spreadsheet to a register, or none; with ``dry_run``, store nothing
    and return the numbers the lines would take.

    Raise Invalid naming the file when it cannot be read or has no header row, and listing
    each refused line ("Dòng 12: …", at most 50) when any line is bad, is in a closed window, or
    is already in the register (unless ``skip_existing``: then such lines are skipped).
    """
    register = access_register(by, register_id, for_write=True)
    try:
        table = read_table(
            data, filename, quantity_label=register.quantity_label, columns=columns_of(register)
        )
    except TableError as exc:
        raise Invalid(exc.message, code=exc.code) from None
    if not table.rows:
        raise Invalid(
            _("Tệp “%(name)s” không có dòng nào để nhập dưới dòng tiêu đề (dòng %(line)s).")
            % {"name": filename, "line": table.header_line},
            code="empty",
        )
    accepted, skipped = _checked(register, table, filename, skip_existing=skip_existing)
    ordered = sorted(accepted, key=lambda pair: (pair[1].entry_date, pair[0]))
    rows = _planned(register, ordered) if dry_run else _stored(register, ordered, by, filename)
    return ImportResult(
        filename, table.header_line, table.columns, rows, skipped, _years(rows), dry_run
    )


def _checked(
    register: WorkRegister,
    table: Table,
    filename: str,
    *,
    skip_existing: bool,
) -> tuple[list[tuple[int, CleanEntry]], list[Skipped]]:
    """Return the clean lines and the skipped ones; raise Invalid listing the refused lines."""
    cleaned: list[tuple[int, CleanEntry]] = []
    problems: list[tuple[int, str]] = []
    duplicates = 0
    for row in table.rows:
        try:
            cleaned.append((row.line, clean_entry(register, row.entry)))
        except Invalid as exc:
            reasons = " ".join(str(m) for m in (exc.details or {}).values()) or exc.message
            problems.append(
                (row.line, _("Dòng %(line)s: %(reason)s") % {"line": row.line, "reason": reasons})
            )
    existing = _existing(register, [c.entry_date for _line, c in cleaned])
    windows = closed_windows(register)
    accepted: list[tuple[int, CleanEntry]] = []
    skipped: list[Skipped] = []
    for line, clean in cleaned:
        number = existing.get((clean.entry_date, clean.subject, clean.reference))
        if number is not None:
            if skip_existing:
                skipped.append(Skipped(line, number))
            else:
                duplicates += 1
                problems.append(
                    (
                        line,
                        _("Dòng %(line)s đã có trong sổ (mục số %(number)s).")
                        % {"line": line, "number": number},
                    )
                )
            continue
        report = next((r for start, end, r in windows if start <= clean.entry_date <= end), None)
        if report is not None:
            problems.append(
                (
                    line,
                    _(
                        "Dòng %(line)s: sổ đã khóa cho ngày %(day)s (báo cáo “%(title)s” đã gửi hoặc đã "
                        "phê duyệt với số liệu lấy từ sổ)."
                    )
                    % {
                        "line": line,
                        "day": clean.entry_date.strftime("%d/%m/%Y"),
                        "title": report.title,
                    },
                )
            )
            continue
        accepted.append((line, clean))
    if problems:
        raise _refusal(filename, problems, only_duplicates=duplicates == len(problems))
    return accepted, skipped


def _refusal(filename: str, problems: list[tuple[int, str]], *, only_duplicates: bool) -> Invalid:
    """Return the Invalid listing the refused lines in file order: 50 at most, then how many
    more."""
    count = len(problems)
    listed = [message for _line, message in sorted(problems, key=lambda p: p[0])][:MAX_LISTED]
    if count > MAX_LISTED:
        listed.append(_("và %(n)s dòng khác.") % {"n": count - MAX_LISTED})
    if only_duplicates:
        message = _(
            "%(count)s dòng của tệp “%(name)s” đã có trong sổ; chưa nhập dòng nào. Chọn "
            "“Bỏ qua các dòng đã có” để chỉ nhập các dòng mới."
        ) % {"count": count, "name": filename}
        return Invalid(message, details=listed, code="duplicates")
    message = _(
        "Tệp “%(name)s” có %(count)s dòng chưa hợp lệ; chưa nhập dòng nào. Hãy sửa các "
        "dòng dưới đây rồi tải tệp lên lại."
    ) % {"count": count, "name": filename}
    return Invalid(message, details=listed, code="invalid_rows")


def _existing(register: WorkRegister, days: list[dt.date]) -> dict[tuple[dt.date, str, str], str]:
    """Return the register's lines between the first and last of ``days`` by (date, subject,
    reference), as their numbers ("3/2022")."""
    if not days:
        return {}
    found: dict[tuple[dt.date, str, str], str] = {}
    rows = (
        register.entries.filter(entry_date__gte=min(days), entry_date__lte=max(days))
        .order_by("year", "number")
        .values_list("entry_date", "subject", "reference", "number", "year")
    )
    for day, subject, reference, number, year in rows:
        found.setdefault((day, subject, reference), f"{number}/{year}")
    return found


def _planned(register: WorkRegister, ordered: list[tuple[int, CleanEntry]]) -> list[ImportRow]:
    """Return the lines with the numbers they would take now (nothing is reserved)."""
    last: dict[int, int] = {}
    rows = []
    for line, clean in ordered:
        year = clean.entry_date.year
        if year not in last:
            last[year] = last_number(register, year)
        last[year] += 1
        rows.append(ImportRow(line, clean, last[year]))
    return rows


def _stored(
    register: WorkRegister,
    ordered: list[tuple[int, CleanEntry]],
    by: Actor,
    filename: str = "",
) -> list[ImportRow]:
    """Store the lines in one transaction, each numbered next in its year."""

    def write() -> list[ImportRow]:
        rows = [
            ImportRow(line, clean, store_entry(register, clean, by=by).number)
            for line, clean in ordered
        ]
        log_event(
            register,
            RegisterEvent.Verb.IMPORT,
            by=by,
            filename=filename,
            added=len(rows),
            numbers=[f"{r.number}/{r.year}" for r in rows][:MAX_LOGGED],
        )
        return rows

    return numbered(write)


def _years(rows: list[ImportRow]) -> list[YearSpan]:
    numbers: dict[int, list[int]] = defaultdict(list)
    for row in rows:
        numbers[row.year].append(row.number)
    return [YearSpan(year, min(n), max(n), len(n)) for year, n in sorted(numbers.items())]


# --- an upload kept between its preview and the confirmation ---------------------------------


def stage_upload(
    register_id: int,
    data: bytes,
    filename: str,
    *,
    by: Actor,
    skip_existing: bool = False,
) -> str:
    """Keep an uploaded file for its user and register until it is imported (a day at most);
    return the token that names it. Earlier uploads of the user for the register, and every
    upload older than a day, are deleted."""
    register = access_register(by, register_id, for_write=True)
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1][:255] or "tệp"
    if len(data) > MAX_BYTES:
        raise Invalid(
            _("Tệp “%(name)s” lớn hơn %(limit)s MB; hãy chia thành nhiều tệp nhỏ hơn.")
            % {"name": name, "limit": MAX_BYTES // (1024 * 1024)},
            code="too_large",
        )
    RegisterUpload.objects.filter(created_at__lt=timezone.now() - UPLOAD_LIFETIME).delete()
    RegisterUpload.objects.filter(register=register, uploaded_by=by).delete()
    token = secrets.token_urlsafe(32)
    RegisterUpload.objects.create(
        register=register,
        uploaded_by=by,
        token=token,
        name=name,
        content=bytes(data),
        skip_existing=skip_existing,
    )
    return token


def staged_upload(register_id: int, token: str, *, by: Actor) -> RegisterUpload:
    """Return the user's kept upload for the register; Invalid when it is gone or expired."""
    register = access_register(by, register_id, for_write=True)
    upload = RegisterUpload.objects.filter(
        register=register,
        uploaded_by=by,
        token=str(token or "")[:64],
        created_at__gte=timezone.now() - UPLOAD_LIFETIME,
    ).first()
    if upload is None:
        raise Invalid(
            _("Tệp đã tải lên không còn (đã nhập, hoặc đã quá một ngày); hãy chọn lại tệp."),
            code="upload_gone",
        )
    return upload


def preview_staged(
    register_id: int,
    token: str,
    *,
    by: Actor,
    skip_existing: bool | None = None,
) -> ImportResult:
    """Return what importing the kept upload would do (a dry run); ``skip_existing``, when
    given, changes the option kept with the upload."""
    upload = staged_upload(register_id, token, by=by)
    if skip_existing is not None and skip_existing != upload.skip_existing:
        upload.skip_existing = skip_existing
        upload.save(update_fields=["skip_existing"])
    return import_entries(
        register_id,
        bytes(upload.content),
        upload.name,
        by=by,
        dry_run=True,
        skip_existing=upload.skip_existing,
    )


def import_staged(register_id: int, token: str, *, by: Actor) -> ImportResult:
    """Import the kept upload with the option it was previewed with, then delete it."""
    upload = staged_upload(register_id, token, by=by)
    result = import_entries(
        register_id,
        bytes(upload.content),
        upload.name,
        by=by,
        dry_run=False,
        skip_existing=upload.skip_existing,
    )
    upload.delete()
    return result


def discard_staged(register_id: int, token: str, *, by: Actor) -> None:
    """Delete the user's kept upload for the register, if any."""
    register = access_register(by, register_id, for_write=True)
    RegisterUpload.objects.filter(
        register=register, uploaded_by=by, token=str(token or "")[:64]
    ).delete()
