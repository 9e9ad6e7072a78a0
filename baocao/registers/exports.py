"""Export a register's entries as CSV (UTF-8 with BOM, so Excel reads the Vietnamese)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable

from django.utils.translation import gettext as _

from baocao.domain.text import strip_diacritics
from baocao.organizations.people import display_name
from baocao.registers.columns import ColumnType, columns_of
from baocao.registers.models import RegisterEntry, WorkRegister
from baocao.registers.presenters import quantity_text

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(text: str) -> str:
    """Keep a spreadsheet from reading a typed text as a formula (=, +, -, @)."""
    return f"'{text}" if text.startswith(FORMULA_START) else text


def entries_csv(register: WorkRegister, entries: Iterable[RegisterEntry]) -> bytes:
    """Return the entries as CSV: number and year apart, dates dd/mm/yyyy, dot decimals."""
    header = [_("Số thứ tự"), _("Năm"), _("Ngày"), _("Nội dung"), _("Phân loại")]
    if register.quantity_label:
        header.append(register.quantity_label)
    own = columns_of(register)
    header += [_("Số, ký hiệu"), _("Ghi chú"), *(c.label for c in own), _("Người ghi")]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for e in entries:
        row = [
            e.number,
            e.year,
            e.entry_date.strftime("%d/%m/%Y"),
            _cell(e.subject),
            _cell(e.category),
        ]
        if register.quantity_label:
            row.append(quantity_text(e.quantity))
        row += [_cell(e.reference), _cell(e.notes)]
        values = e.values or {}
        row += [
            str(values.get(c.code, ""))  # a number's exact text, dot decimal
            if c.type is ColumnType.NUMBER
            else _cell(c.display(values.get(c.code)))
            for c in own
        ]
        row.append(display_name(e.created_by))
        writer.writerow(row)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def csv_filename(register: WorkRegister, suffix: str = "") -> str:
    """Return an ASCII file name from the register's code ("so-theo-doi-LUU-CHIEU-2022-01.csv")."""
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", strip_diacritics(register.code)).strip("-") or "so"
    tail = re.sub(r"[^A-Za-z0-9_-]+", "-", suffix).strip("-")
    return f"so-theo-doi-{stem}{'-' + tail if tail else ''}.csv"
