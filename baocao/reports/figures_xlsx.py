"""The Excel round trip of a report's figures: download the form, fill it offline, upload it.

``build_workbook`` writes one sheet ("Số liệu") with the unit, period and regime on top and a
row per indicator (Lĩnh vực, Mã, Chỉ tiêu, Đơn vị tính, Giá trị, Ghi chú); only Giá trị and
Ghi chú are unlocked, a hidden column holds each indicator's id, and a very hidden sheet
holds the report id, its version, the mode (blank or current values) and the values as they
were downloaded.

``read_workbook`` turns an uploaded file into a ``Plan``: one ``Cell`` per indicator with the
raw cell, how it is read ("đọc là 1250") and a message per bad cell. The messages come from
the editor's own save path: ``preview`` runs ``save_draft`` — version check, permission,
validation and audit alike — inside a transaction it rolls back. ``apply`` runs it for real,
so everything is written or nothing.
"""

from __future__ import annotations

import datetime as dt
import io
import warnings
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from baocao.catalog.models import Indicator
from baocao.core.errors import Invalid
from baocao.core.locale import period_label
from baocao.domain.numbers import format_number
from baocao.reports.models import Report
from baocao.reports.presenters import value_reading, value_rows
from baocao.reports.services import save_draft

FORMAT = "baocao-figures/1"
SHEET = "Số liệu"
META_SHEET = "_baocao"
MAX_BYTES = 2 * 1024 * 1024
MAX_UNPACKED_BYTES = 20 * 1024 * 1024
HEADER_ROW = 7
COLUMNS = ("section", "code", "name", "unit", "value", "note", "id")
VALUE_COL, NOTE_COL, ID_COL = 5, 6, 7
MODE_BLANK, MODE_CURRENT = "blank", "current"


class FiguresFileError(ValueError):
    """Raise when an uploaded file is no figures form of this report; ``message`` says why."""

    def __init__(self, message: str, *, code: str = "unreadable") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass
class Cell:
    """One indicator's row of an uploaded form."""

    indicator: Indicator
    row: int
    raw: str
    note: str
    current: str
    current_note: str
    reading: str = ""
    ambiguous: bool = False
    error: str = ""
    action: str = "same"  # same, set, clear

    @property
    def changes(self) -> bool:
        """Return whether applying the form changes this indicator."""
        return self.action != "same"


@dataclass
class Plan:
    """An uploaded form read against its report: the cells, the notices and the errors."""

    report: Report
    mode: str
    version: int
    cells: list[Cell] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Return whether the form may be written."""
        return not self.errors and not any(c.error for c in self.cells)

    @property
    def changed(self) -> list[Cell]:
        """Return the cells that change a value or a note."""
        return [c for c in self.cells if c.changes]

    def values(self) -> dict[int, tuple[str, str]]:
        """Return the changes as ``save_draft`` takes them."""
        return {c.indicator.pk: (c.raw, c.note) for c in self.changed}


def shown_value(row: Any) -> str:
    """Return an indicator value as the editor shows it ("1.250", "12,5" or the text)."""
    if row.value is None:
        return ""
    if row.value.value is None:
        return row.value.text_value
    return format_number(row.value.value)


def filename(report: Report) -> str:
    """Return the download's file name, ASCII: so-lieu-<unit code>-<period>.xlsx."""
    unit = getattr(report.unit, "code", "") or str(report.unit_id)
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in str(unit))
    return f"so-lieu-{safe}-{report.period_code}.xlsx"


# --- the form ------------------------------------------------------------------------------


def build_workbook(report: Report, *, mode: str = MODE_CURRENT) -> bytes:
    """Return the figures form of ``report`` as XLSX bytes (blank or with the current values)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.worksheet.datavalidation import DataValidation

    rows = value_rows(report)
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    bold = Font(bold=True)
    template = report.template
    sheet["A1"] = _("BIỂU SỐ LIỆU BÁO CÁO")
    sheet["A1"].font = Font(bold=True, size=14)
    head = (
        (_("Đơn vị"), report.unit.name),
        (_("Kỳ báo cáo"), period_label(report.period)),
        (
            _("Chế độ báo cáo"),
            _("%(name)s (phiên bản %(version)s)")
            % {"name": template.name, "version": template.version},
        ),
        (
            _("Hướng dẫn"),
            _(
                "Chỉ nhập vào cột Giá trị và Ghi chú. Số viết kiểu Việt Nam: dấu chấm ngăn cách "
                "hàng nghìn, dấu phẩy thập phân (1.234,5). Không thêm, xóa hay đổi thứ tự dòng."
            ),
        ),
    )
    for offset, (label, value) in enumerate(head, start=2):
        sheet.cell(row=offset, column=1, value=label).font = bold
        sheet.cell(row=offset, column=2, value=value)
    titles = (
        _("Lĩnh vực"),
        _("Mã"),
        _("Chỉ tiêu"),
        _("Đơn vị tính"),
        _("Giá trị"),
        _("Ghi chú"),
        "id",
    )
    header_fill = PatternFill("solid", fgColor="DDDDDD")
    for col, title in enumerate(titles, start=1):
        cell = sheet.cell(row=HEADER_ROW, column=col, value=title)
        cell.font = bold
        cell.fill = header_fill
    entry_fill = PatternFill("solid", fgColor="FFF9DB")
    checks: dict[str, DataValidation] = {}
    originals: list[tuple[int, str, str]] = []
    for index, row in enumerate(rows, start=HEADER_ROW + 1):
        indicator = row.indicator
        current = shown_value(row)
        current_note = row.value.note if row.value else ""
        originals.append((indicator.pk, current, current_note))
        section = indicator.section.title if indicator.section else ""
        values: tuple[Any, ...] = (section, indicator.code, indicator.name, indicator.unit)
        for col, value in enumerate(values, start=1):
            sheet.cell(row=index, column=col, value=value)
        value_cell = sheet.cell(row=index, column=VALUE_COL)
        note_cell = sheet.cell(row=index, column=NOTE_COL)
        if mode == MODE_CURRENT and row.value is not None:
            if row.value.value is not None:
                number = row.value.value
                integral = number == number.to_integral_value()
                value_cell.value = int(number) if integral else float(number)
            else:
                value_cell.value = row.value.text_value
            note_cell.value = current_note or None
        sheet.cell(row=index, column=ID_COL, value=indicator.pk)
        for cell in (value_cell, note_cell):
            cell.protection = Protection(locked=False)
            cell.fill = entry_fill
        if indicator.value_type == Indicator.ValueType.TEXT:
            value_cell.number_format = "@"
            continue
        integer = indicator.value_type == Indicator.ValueType.INTEGER
        value_cell.number_format = "#,##0" if integer else "#,##0.####"
        low, high = indicator.bounds()
        key = f"{integer}:{low}:{high}"
        if key not in checks:
            check = DataValidation(
                type="whole" if integer else "decimal",
                operator="between",
                formula1=str(low if low is not None else -(10**15) + 1),
                formula2=str(high if high is not None else 10**15 - 1),
                allow_blank=True,
                errorStyle="warning",
                errorTitle=_("Giá trị không hợp lệ"),
                error=_("Chỉ tiêu này nhận số nguyên.")
                if integer
                else _("Chỉ tiêu này nhận một số."),
            )
            sheet.add_data_validation(check)
            checks[key] = check
        checks[key].add(value_cell)
    last = HEADER_ROW + len(rows)
    for letter, col_width in zip("ABCDEFG", (24, 10, 48, 14, 16, 30, 8), strict=True):
        sheet.column_dimensions[letter].width = col_width
    sheet.column_dimensions["G"].hidden = True
    for row_cells in sheet.iter_rows(min_row=HEADER_ROW + 1, max_row=last, max_col=6):
        for cell in row_cells:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=1)
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False

    meta = book.create_sheet(META_SHEET)
    meta.sheet_state = "veryHidden"
    for meta_key, meta_value in (
        ("format", FORMAT),
        ("report", report.pk),
        ("version", report.version),
        ("unit", report.unit_id),
        ("unit_name", report.unit.name),
        ("period", report.period_code),
        ("template", report.template_id),
        ("mode", mode),
    ):
        meta.append([meta_key, meta_value])
    for pk, current, current_note in originals:
        meta.append(["value", pk, current, current_note])
    meta.protection.sheet = True
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- reading an upload ---------------------------------------------------------------------


def _open(data: bytes, name: str) -> Any:
    damaged = _("Tệp “%(name)s” không phải bảng tính Excel (.xlsx) hoặc đã bị hỏng.") % {
        "name": name
    }
    if not data:
        raise FiguresFileError(_("Tệp “%(name)s” rỗng.") % {"name": name}, code="empty")
    if len(data) > MAX_BYTES:
        raise FiguresFileError(
            _("Tệp “%(name)s” lớn hơn %(limit)s MB: đây không phải biểu số liệu của baocao.")
            % {"name": name, "limit": MAX_BYTES // (1024 * 1024)},
            code="too_large",
        )
    if not data.startswith(b"PK\x03\x04"):
        raise FiguresFileError(
            _(
                "Tệp “%(name)s” không phải tệp Excel (.xlsx): hãy tải biểu số liệu, điền rồi lưu ở dạng .xlsx."
            )
            % {"name": name},
            code="unsupported",
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise FiguresFileError(damaged) from exc
    if "xl/workbook.xml" not in {info.filename for info in infos}:
        raise FiguresFileError(damaged)
    if sum(info.file_size for info in infos) > MAX_UNPACKED_BYTES:
        raise FiguresFileError(damaged, code="too_large")
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise FiguresFileError(damaged) from exc


def _cell_text(value: Any) -> str:
    """Return a cell as the editor would receive it: numbers in the Vietnamese format."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float | Decimal):
        try:
            return format_number(Decimal(str(value)))
        except (InvalidOperation, ValueError):
            return str(value)
    if isinstance(value, dt.datetime | dt.date):
        return f"{value:%d/%m/%Y}"
    return str(value).strip()


def _meta(book: Any, report: Report) -> tuple[dict[str, Any], dict[int, tuple[str, str]]]:
    wrong = _(
        "Tệp này không phải biểu số liệu tải từ baocao: hãy bấm “Tải biểu số liệu (Excel)” "
        "trên trang soạn báo cáo, điền vào tệp đó rồi tải lên."
    )
    if META_SHEET not in book.sheetnames or SHEET not in book.sheetnames:
        raise FiguresFileError(wrong, code="wrong_form")
    info: dict[str, Any] = {}
    originals: dict[int, tuple[str, str]] = {}
    for row in book[META_SHEET].iter_rows(values_only=True):
        if not row or row[0] is None:
            continue
        padded = [*row, None, None, None]  # a spreadsheet drops the empty cells at the end
        if row[0] == "value" and isinstance(row[1], int):
            originals[row[1]] = (str(padded[2] or ""), str(padded[3] or ""))
        elif len(row) >= 2:
            info[str(row[0])] = row[1]
    if info.get("format") != FORMAT or not isinstance(info.get("report"), int):
        raise FiguresFileError(wrong, code="wrong_form")
    if info["report"] != report.pk:
        raise FiguresFileError(
            _(
                "Biểu này của một báo cáo khác (%(unit)s, kỳ %(period)s), không phải báo cáo "
                "của %(this_unit)s kỳ %(this_period)s: không nhập."
            )
            % {
                "unit": info.get("unit_name") or "?",
                "period": info.get("period") or "?",
                "this_unit": report.unit.name,
                "this_period": period_label(report.period),
            },
            code="other_report",
        )
    if info.get("template") != report.template_id:
        raise FiguresFileError(
            _(
                "Biểu này theo một phiên bản khác của chế độ báo cáo: hãy tải lại biểu số liệu "
                "rồi điền lại."
            ),
            code="wrong_form",
        )
    return info, originals


def read_workbook(report: Report, data: bytes, name: str, *, by: Any) -> Plan:
    """Read an uploaded form of ``report`` and check it through the editor's save path.

    Raise FiguresFileError when the file is no form of this report, or when the report's
    figures were changed since the form was downloaded (naming which).
    """
    book = _open(data, name or "tệp")
    try:
        info, originals = _meta(book, report)
        plan = Plan(
            report=report,
            mode=MODE_BLANK if info.get("mode") == MODE_BLANK else MODE_CURRENT,
            version=report.version,
        )
        rows = {row.indicator.pk: row for row in value_rows(report)}
        seen: set[int] = set()
        sheet = book[SHEET]
        for number, line in enumerate(
            sheet.iter_rows(min_row=HEADER_ROW + 1, max_col=ID_COL, values_only=True),
            start=HEADER_ROW + 1,
        ):
            raw_id = line[ID_COL - 1] if len(line) >= ID_COL else None
            value, note = (
                (line[VALUE_COL - 1], line[NOTE_COL - 1]) if len(line) >= 6 else (None, None)
            )
            if raw_id is None:
                if value is not None or note is not None:
                    plan.errors.append(
                        _("Dòng %(n)s: không rõ chỉ tiêu (cột mã ẩn bị xóa); không nhập.")
                        % {"n": number}
                    )
                continue
            try:
                pk = int(raw_id)
            except (TypeError, ValueError):
                pk = -1
            row = rows.get(pk)
            if row is None or pk in seen:
                plan.errors.append(
                    _("Dòng %(n)s: chỉ tiêu không thuộc chế độ báo cáo này.") % {"n": number}
                )
                continue
            seen.add(pk)
            current = shown_value(row)
            current_note = row.value.note if row.value else ""
            cell = Cell(
                indicator=row.indicator,
                row=number,
                raw=_cell_text(value),
                note=_cell_text(note),
                current=current,
                current_note=current_note,
            )
            cell.action = _action(cell, plan.mode)
            if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
                if row.indicator.value_type != Indicator.ValueType.TEXT:
                    cell.reading = _("ô số: %(value)s") % {"value": cell.raw}
            elif cell.raw:
                cell.reading, cell.ambiguous = value_reading(row.indicator, cell.raw)
            plan.cells.append(cell)
    finally:
        book.close()
    _check_stale(plan, info, originals)
    if plan.changed and not plan.errors:
        _dry_run(plan, by=by)
    return plan


def _action(cell: Cell, mode: str) -> str:
    if not cell.raw and not cell.note:
        if mode == MODE_BLANK or (not cell.current and not cell.current_note):
            return "same"
        return "clear"
    if mode == MODE_BLANK and not cell.raw:
        cell.raw = cell.current  # a note alone keeps the value
    if (cell.raw, cell.note) == (cell.current, cell.current_note):
        return "same"
    return "set"


def _check_stale(plan: Plan, info: dict[str, Any], originals: dict[int, tuple[str, str]]) -> None:
    """Refuse a form downloaded before someone changed the figures it sets; allow it when
    only other parts of the report (or other figures) changed since."""
    version = info.get("version")
    if version == plan.report.version:
        return
    moved = [
        c
        for c in plan.changed
        if originals.get(c.indicator.pk, ("", "")) != (c.current, c.current_note)
    ]
    if moved:
        names = "; ".join(
            _("%(name)s: lúc tải “%(then)s”, nay “%(now)s”")
            % {
                "name": c.indicator.name,
                "then": originals.get(c.indicator.pk, ("", ""))[0],
                "now": c.current,
            }
            for c in moved[:10]
        )
        raise FiguresFileError(
            _(
                "Số liệu đã được sửa sau khi tải biểu (phiên bản %(then)s, nay là %(now)s): "
                "%(names)s. Hãy tải lại biểu số liệu rồi điền lại để không ghi đè số mới."
            )
            % {"then": version, "now": plan.report.version, "names": names},
            code="stale_version",
        )
    plan.notices.append(
        _(
            "Báo cáo đã được sửa sau khi tải biểu (phiên bản %(then)s, nay là %(now)s) nhưng "
            "không ở các số liệu trong biểu này; có thể ghi."
        )
        % {"then": version, "now": plan.report.version}
    )


class _DryRun(Exception):
    """Roll back the trial save of a preview."""


def _dry_run(plan: Plan, *, by: Any) -> None:
    """Save the changes as the editor would, then roll back: the per-cell messages of the
    real save, with nothing written."""
    trial = Report.objects.select_related("unit", "template").get(pk=plan.report.pk)
    try:
        with transaction.atomic():
            save_draft(trial, by=by, expected_version=plan.version, values=plan.values())
            raise _DryRun
    except _DryRun:
        pass
    except Invalid as exc:
        details = dict(exc.details or {})
        for cell in plan.cells:
            cell.error = details.pop(f"values.{cell.indicator.pk}", "")
        plan.errors.extend(str(message) for message in details.values())
        if not any(c.error for c in plan.cells) and not plan.errors:
            plan.errors.append(exc.message)


def apply(report: Report, values: dict[int, tuple[str, str]], *, by: Any, version: int) -> Report:
    """Write the previewed changes through ``save_draft``: all of them or none.

    Raise Invalid (per cell, ``values.<id>``), Conflict (someone saved since the preview) or
    Forbidden like the editor's save.
    """
    if not values:
        raise Invalid(_("Biểu không có số liệu nào thay đổi."), code="no_change")
    return save_draft(report, by=by, expected_version=version, values=values)
