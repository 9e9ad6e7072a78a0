"""Export a pivot as CSV (UTF-8 with BOM, ";"-separated with decimal commas: what an Excel
set to Vietnamese splits into columns) or XLSX (openpyxl)."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from django.utils.translation import gettext_lazy, pgettext
from openpyxl import Workbook
from openpyxl.styles import Font

from baocao.analytics.pivot import Pivot

HEADER = [
    gettext_lazy("Đơn vị"),
    gettext_lazy("Mã chỉ tiêu"),
    gettext_lazy("Chỉ tiêu"),
    gettext_lazy("Đơn vị tính"),
]


def _header(pivot: Pivot) -> list[str]:
    """Return the column headers in the active language, then a column per period."""
    return [str(h) for h in HEADER] + [c.label for c in pivot.columns]


def _rows(pivot: Pivot) -> list[list[object]]:
    return [
        [row.unit.name, row.indicator.code, row.indicator.name, row.indicator.unit, *row.cells]
        for row in pivot.rows
    ]


def _csv_number(value: object) -> object:
    """Return a number as a Vietnamese Excel reads it: decimal comma, no thousands mark."""
    if isinstance(value, Decimal):
        return f"{value.normalize():f}".replace(".", ",")
    if isinstance(value, float):
        return repr(value).replace(".", ",")
    return value


def pivot_csv(pivot: Pivot) -> bytes:
    """Return the pivot as CSV for a Vietnamese Excel: UTF-8 with a BOM, ";" between fields
    (the list separator when "," is the decimal mark) and numbers with a decimal comma."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(_header(pivot))
    for row in _rows(pivot):
        writer.writerow(["" if v is None else _csv_number(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def pivot_xlsx(pivot: Pivot) -> bytes:
    """Return the pivot as an Excel workbook with numeric cells."""
    book = Workbook()
    sheet = book.active
    sheet.title = pgettext("spreadsheet tab", "Phân tích")
    sheet.append(_header(pivot))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in _rows(pivot):
        sheet.append([float(v) if isinstance(v, Decimal) else v for v in row])
    sheet.freeze_panes = "E2"
    sheet.column_dimensions["A"].width = 40
    sheet.column_dimensions["C"].width = 40
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
