"""Read the lines of a register kept in a spreadsheet: an .xlsx workbook or a CSV file.

Pure reading, no database: the header row is found among the first rows by its column titles
(case and diacritics ignored), and each line below it becomes an ``EntryInput`` of strings, as
a user would type them, with its row number in the spreadsheet. Every failure raises
``TableError`` with a Vietnamese message naming the file.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
import warnings
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from baocao.domain.numbers import format_number
from baocao.domain.text import fold
from baocao.registers.columns import Column, ColumnType
from baocao.registers.services import EntryInput

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
# An .xlsx is a ZIP: its parts may unpack to more than the file, but not without bound.
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
HEADER_SEARCH_ROWS = 10
CFB_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

# Column titles, folded (no case, no diacritics, punctuation as spaces).
DATE_TITLES = ("ngay", "ngay ghi so", "ngay nhan", "ngay tiep nhan", "date")
SUBJECT_TITLES = (
    "noi dung",
    "trich yeu",
    "trich yeu noi dung",
    "ten xuat ban pham",
    "noi dung don",
    "content",
    "subject",
)
CATEGORY_TITLES = ("phan loai", "loai", "category")
QUANTITY_TITLES = ("so luong", "quantity")
REFERENCE_TITLES = ("so ky hieu", "so hieu", "so hieu van ban", "reference number", "reference")
NOTES_TITLES = ("ghi chu", "note", "notes")
# Read but not imported: baocao numbers lines itself and records who wrote them.
IGNORED_TITLES = (
    "so tt",
    "stt",
    "tt",
    "so thu tu",
    "nam",
    "nguoi ghi",
    "number",
    "no",
    "year",
    "recorded by",
)
COLUMN_PREFIX = "values."  # a register's own column, in the header's found fields
FIELDS = ("entry_date", "subject", "category", "quantity", "reference", "notes")

_DAY_FIRST = re.compile(r"^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$")
_TIME_TAIL = re.compile(r"^(\S+)\s+\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$")
_PLAIN_DECIMAL = re.compile(r"^[+-]?\d+\.\d+$")


class TableError(ValueError):
    """Raise when a file cannot be read as a register; ``message`` says why, in Vietnamese."""

    def __init__(self, message: str, *, code: str = "unreadable") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(frozen=True)
class TableRow:
    """A line of the spreadsheet: its row number (1 = the first row) and what it holds."""

    line: int
    entry: EntryInput


@dataclass(frozen=True)
class Table:
    """The lines read from a file, the header row and the titles of the columns taken."""

    kind: str  # "xlsx" or "csv"
    header_line: int
    columns: dict[str, str]  # field → the title as written in the file
    rows: list[TableRow]


def title_key(text: object) -> str:
    """Return a column title folded for matching: "Số, ký hiệu (*)" → "so ky hieu"."""
    folded = fold(str(text or ""))
    folded = re.sub(r"\([^)]*\)", " ", folded)
    return re.sub(r"[^0-9a-z]+", " ", folded).strip()


def expected_columns(quantity_label: str = "") -> str:
    """Return the columns a file may have, for the message of a file whose header is missing."""
    quantity = quantity_label or _("Số lượng")
    text = _(
        "Ngày (hoặc Ngày ghi sổ, Ngày nhận, Ngày tiếp nhận), Nội dung (hoặc Trích yếu, Tên "
        "xuất bản phẩm, Nội dung đơn), Phân loại (hoặc Loại), %(quantity)s, Số, ký hiệu "
        "(hoặc Số hiệu), Ghi chú"
    ) % {"quantity": quantity}
    return str(text)


def read_table(
    data: bytes,
    filename: str,
    *,
    quantity_label: str = "",
    max_rows: int = MAX_ROWS,
    columns: Sequence[Column] = (),
) -> Table:
    """Return the lines of an .xlsx or .csv file; raise TableError saying why it cannot.

    ``columns`` are the register's own columns: a header cell titled as a column's label (or
    its code) fills that column's value of each line."""
    name = filename or "tệp"
    if not data:
        raise TableError(_("Tệp “%(name)s” rỗng.") % {"name": name}, code="empty")
    if len(data) > MAX_BYTES:
        raise TableError(
            _("Tệp “%(name)s” lớn hơn %(limit)s MB; hãy chia thành nhiều tệp nhỏ hơn.")
            % {"name": name, "limit": MAX_BYTES // (1024 * 1024)},
            code="too_large",
        )
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if data.startswith(CFB_SIGNATURE):
        raise TableError(
            _(
                "Tệp “%(name)s” là bảng tính Excel 97–2003 (.xls) hoặc bảng tính có đặt mật khẩu: "
                "hãy mở bằng Excel, bỏ mật khẩu và lưu thành .xlsx hoặc CSV UTF-8."
            )
            % {"name": name},
            code="unsupported",
        )
    grid: Iterable[Sequence[Any]]
    if data.startswith(b"PK\x03\x04"):
        grid, kind = _xlsx_rows(data, name), "xlsx"
    elif ext in ("csv", "txt", "tsv"):
        grid, kind = _csv_rows(data, name), "csv"
    else:
        raise TableError(
            _("Tệp “%(name)s” không phải bảng tính: chỉ nhận tệp Excel (.xlsx) hoặc CSV.")
            % {"name": name},
            code="unsupported",
        )
    return _table(grid, name, kind, quantity_label, max_rows, tuple(columns))


# --- the grid of cells -------------------------------------------------------------------


def _xlsx_rows(data: bytes, name: str) -> Iterator[Sequence[Any]]:
    """Yield the rows of the workbook's first sheet, as cell values (dates as dates)."""
    damaged = _("Tệp “%(name)s” không phải bảng tính Excel (.xlsx) hoặc đã bị hỏng.") % {
        "name": name
    }
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            names = {info.filename for info in infos}
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise TableError(damaged) from exc
    if "xl/workbook.xml" not in names:
        raise TableError(damaged)
    if sum(info.file_size for info in infos) > MAX_UNPACKED_BYTES:
        raise TableError(
            _("Tệp “%(name)s” giải nén ra quá lớn (hơn %(limit)s MB): không đọc tệp này.")
            % {"name": name, "limit": MAX_UNPACKED_BYTES // (1024 * 1024)},
            code="too_large",
        )
    return _sheet_rows(data, damaged)


def _sheet_rows(data: bytes, damaged: str) -> Iterator[Sequence[Any]]:
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise TableError(damaged) from exc
    try:
        sheet = book.worksheets[0] if book.worksheets else None
        if sheet is None or not hasattr(sheet, "iter_rows"):
            raise TableError(damaged)
        try:
            yield from sheet.iter_rows(values_only=True)
        except TableError:
            raise
        except Exception as exc:
            raise TableError(damaged) from exc
    finally:
        book.close()


def decode_csv(data: bytes, name: str) -> str:
    """Return a CSV file's text in NFC, its encoding detected as the importer of reports does
    (baocao.parser.encodings: UTF-8/16 with or without BOM, Windows-1258, and the legacy TCVN3
    and VNI of old Excel files, repaired)."""
    from baocao.parser.encodings import decode_bytes
    from baocao.parser.errors import BinaryFileError, ParseError

    try:
        return decode_bytes(data, name).text
    except BinaryFileError:
        raise TableError(
            _("Tệp “%(name)s” không phải tệp CSV (có dữ liệu nhị phân).") % {"name": name},
            code="unsupported",
        ) from None
    except ParseError:
        raise TableError(
            _("Không đọc được bảng mã của tệp “%(name)s”; hãy lưu lại thành CSV UTF-8.")
            % {"name": name}
        ) from None


def _csv_rows(data: bytes, name: str) -> list[list[str]]:
    """Return the rows of a CSV file, with the separator that makes its header row readable."""
    text = decode_csv(data, name)
    head = "\n".join(text.splitlines()[:HEADER_SEARCH_ROWS])
    candidates = [",", ";", "\t"]
    chosen = None
    for delimiter in candidates:
        rows = _parse_csv(head, delimiter, name)
        if _find_header(rows, "") is not None:
            chosen = delimiter
            break
    if chosen is None:  # no header with any separator: the one splitting the most, for errors
        chosen = max(
            candidates, key=lambda d: max((len(r) for r in _parse_csv(head, d, name)), default=0)
        )
    return _parse_csv(text, chosen, name)


def _parse_csv(text: str, delimiter: str, name: str) -> list[list[str]]:
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise TableError(
            _("Tệp “%(name)s” không phải CSV hợp lệ (%(reason)s).") % {"name": name, "reason": exc}
        ) from exc


# --- the header and the lines ------------------------------------------------------------


def _columns(
    row: Sequence[Any], quantity_label: str, own: Sequence[Column] = ()
) -> tuple[dict[str, int], set[str]]:
    """Return the recognised columns of a row (field → index) and the ignored titles."""
    quantity_titles = (
        (*QUANTITY_TITLES, title_key(quantity_label)) if quantity_label else (QUANTITY_TITLES)
    )
    titles = (
        ("entry_date", DATE_TITLES),
        ("subject", SUBJECT_TITLES),
        ("category", CATEGORY_TITLES),
        ("quantity", quantity_titles),
        ("reference", REFERENCE_TITLES),
        ("notes", NOTES_TITLES),
        *((COLUMN_PREFIX + c.code, (title_key(c.label), title_key(c.code))) for c in own),
    )
    found: dict[str, int] = {}
    ignored: set[str] = set()
    for index, cell in enumerate(row):
        if not isinstance(cell, str):
            continue
        key = title_key(cell)
        if not key:
            continue
        for field_name, known in titles:
            if key in known and field_name not in found:
                found[field_name] = index
                break
        else:
            if key in IGNORED_TITLES:
                ignored.add(key)
    return found, ignored


def _find_header(
    rows: Sequence[Sequence[Any]],
    quantity_label: str,
    own: Sequence[Column] = (),
) -> tuple[int, dict[str, int], set[str]] | None:
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        found, ignored = _columns(row, quantity_label, own)
        if "entry_date" in found and "subject" in found:
            return index, found, ignored
    return None


def _table(
    grid: Iterable[Sequence[Any]],
    name: str,
    kind: str,
    quantity_label: str,
    max_rows: int,
    own: tuple[Column, ...] = (),
) -> Table:
    rows = iter(grid)
    head = [list(r) for _i, r in zip(range(HEADER_SEARCH_ROWS), rows, strict=False)]
    header = _find_header(head, quantity_label, own)
    if header is None:
        raise TableError(
            _(
                "Không tìm thấy dòng tiêu đề có cột Ngày và cột Nội dung trong %(n)s dòng đầu của "
                "tệp “%(name)s”. Các cột được nhận: %(columns)s."
            )
            % {"n": HEADER_SEARCH_ROWS, "name": name, "columns": expected_columns(quantity_label)},
            code="no_header",
        )
    header_index, columns, ignored = header
    # baocao's own CSV export writes quantities with a dot decimal point ("1.5", "1.234").
    own_export = bool(ignored & {"nam", "year"}) and bool(ignored & {"nguoi ghi", "recorded by"})
    titles = {f: str(head[header_index][i]).strip() for f, i in columns.items()}
    out: list[TableRow] = []
    line = header_index + 1
    for row in [*head[header_index + 1 :], *rows]:
        line += 1
        entry = _entry(row, columns, kind=kind, own_export=own_export, own=own)
        if entry is None:
            continue
        if len(out) >= max_rows:
            raise TableError(
                _(
                    "Tệp “%(name)s” có hơn %(limit)s dòng; hãy chia thành nhiều tệp, mỗi tệp tối "
                    "đa %(limit)s dòng."
                )
                % {"name": name, "limit": format_number(max_rows)},
                code="too_many_rows",
            )
        out.append(TableRow(line, entry))
    return Table(kind, header_index + 1, titles, out)


def _entry(
    row: Sequence[Any],
    columns: dict[str, int],
    *,
    kind: str,
    own_export: bool,
    own: tuple[Column, ...] = (),
) -> EntryInput | None:
    """Return the line's input, or None when every recognised cell is empty."""
    types = {COLUMN_PREFIX + c.code: c.type for c in own}
    values: dict[str, str | Decimal] = {}
    for field_name, index in columns.items():
        cell = row[index] if index < len(row) else None
        value: str | Decimal
        if field_name == "entry_date" or types.get(field_name) is ColumnType.DATE:
            value = _date_text(cell)
        elif field_name == "quantity" or types.get(field_name) is ColumnType.NUMBER:
            value = _quantity(cell, own_export=own_export)
        else:
            value = _text(cell, csv_cell=kind == "csv")
        values[field_name] = value
    if not any(isinstance(v, Decimal) or v.strip() for v in values.values()):
        return None
    if _is_total_line(row, str(values.get("entry_date", ""))):
        return None
    own_values = {
        f.removeprefix(COLUMN_PREFIX): v for f, v in values.items() if f.startswith(COLUMN_PREFIX)
    }
    text = {f: str(values.get(f, "")) for f in FIELDS if f != "quantity"}
    return EntryInput(**text, quantity=values.get("quantity", ""), values=own_values)


TOTAL_PREFIXES = ("tong cong", "tong so")  # "Tổng cộng", "Tổng số: 12 đơn"
TOTAL_WORDS = ("cong", "total")  # "Cộng" alone ("Cộng đồng …" is no total)


def _is_total(text: str) -> bool:
    words = title_key(text)
    return words in TOTAL_WORDS or any(
        words == w or words.startswith(f"{w} ") for w in TOTAL_PREFIXES
    )


def _is_total_line(row: Sequence[Any], date_text: str) -> bool:
    """Return whether a line is the register's total ("Tổng cộng", "Cộng"): that word in the
    date column, or no date and that word in the first filled cell."""
    if date_text.strip():
        return _is_total(date_text)
    first = next((str(c) for c in row if c is not None and str(c).strip()), "")
    return _is_total(first)


def _text(cell: Any, *, csv_cell: bool = False) -> str:
    """Return a cell as text; a CSV cell loses the apostrophe an export put before a formula
    character ("'=x" → "=x")."""
    if cell is None:
        return ""
    if isinstance(cell, dt.datetime):
        return (
            cell.strftime("%d/%m/%Y")
            if cell.time() == dt.time()
            else cell.strftime("%d/%m/%Y %H:%M")
        )
    if isinstance(cell, dt.date):
        return cell.strftime("%d/%m/%Y")
    if isinstance(cell, bool):
        return str(cell)
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    text = unicodedata.normalize("NFC", str(cell))
    if csv_cell and text.startswith("'") and text[1:].startswith(FORMULA_START):
        text = text[1:]
    return text


def _date_text(cell: Any) -> str:
    """Return a date cell as yyyy-mm-dd, or its text made readable by the services."""
    if isinstance(cell, dt.datetime | dt.date):
        return f"{cell:%Y-%m-%d}"
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        if 20000 <= cell <= 80000:  # an Excel serial date whose cell lost its date format
            return f"{dt.date(1899, 12, 30) + dt.timedelta(days=int(cell)):%Y-%m-%d}"
        return _text(cell)
    text = _text(cell).strip()
    timed = _TIME_TAIL.match(text)
    if timed:
        text = timed.group(1)
    day_first = _DAY_FIRST.match(text)
    if day_first:
        text = "/".join(day_first.groups())
    return text


def _quantity(cell: Any, *, own_export: bool) -> str | Decimal:
    """Return a quantity as the services take it: a number cell (or a number of baocao's own
    CSV export, "1.5") as the Decimal it holds — never written out and read back — else the
    text as typed."""
    if isinstance(cell, int | float | Decimal) and not isinstance(cell, bool):
        try:
            number = Decimal(str(cell))
        except InvalidOperation:
            return str(cell)
        return number if number.is_finite() else str(cell)
    text = _text(cell).strip()
    if own_export and _PLAIN_DECIMAL.match(text):
        return Decimal(text)
    return text
