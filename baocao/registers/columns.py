"""A register's own columns (cột của sổ): their definitions and the values an entry gives them.

A register keeps, besides the fields every register has (date, subject, category, quantity,
number/reference, notes), the columns its administrator designs: each has a code, a label, a
type (text, number, date, choice among options, yes/no), whether it is required, and its order.
The definitions are stored on ``WorkRegister.columns`` (JSON), an entry's values on
``RegisterEntry.values`` (JSON, keyed by column code). Values are stored JSON-ready: text as
NFC text, a number as its exact decimal text, a date as ISO text, a choice as the option's own
spelling, yes/no as true/false.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any

from django.utils.translation import gettext as _

from baocao.core.errors import Invalid
from baocao.domain.dates import parse_day
from baocao.domain.numbers import NumberFormatError, parse_number
from baocao.domain.text import clean_text, fold

MAX_COLUMNS = 40
MAX_OPTIONS = 60
MAX_LABEL = 120
MAX_TEXT = 2000
CODE = re.compile(r"^[a-z][a-z0-9_]{0,31}$")
RESERVED = {
    "entry_date",
    "subject",
    "category",
    "quantity",
    "reference",
    "notes",
    "number",
    "year",
}


class ColumnType(StrEnum):
    """What a column holds."""

    TEXT = "text"
    NUMBER = "number"
    DATE = "date"
    CHOICE = "choice"
    YESNO = "yesno"


TYPE_LABELS = {
    ColumnType.TEXT: "Chữ",
    ColumnType.NUMBER: "Số",
    ColumnType.DATE: "Ngày",
    ColumnType.CHOICE: "Chọn trong danh sách",
    ColumnType.YESNO: "Có / Không",
}
YES = {"co", "x", "1", "true", "yes", "dung"}
NO = {"khong", "0", "false", "no", "sai", ""}


@dataclass(frozen=True)
class Column:
    """One column a register's entries carry."""

    code: str
    label: str
    type: ColumnType = ColumnType.TEXT
    options: tuple[str, ...] = field(default_factory=tuple)
    required: bool = False
    order: int = 0

    def as_dict(self) -> dict[str, Any]:
        """Return the column as stored on the register (JSON)."""
        data = asdict(self)
        data["type"] = self.type.value
        data["options"] = list(self.options)
        return data

    def display(self, value: Any) -> str:
        """Return a stored value as shown to a reader (Vietnamese)."""
        if value is None or value == "":
            return ""
        if self.type is ColumnType.YESNO:
            return _("Có") if value is True else _("Không")
        if self.type is ColumnType.DATE:
            try:
                return parse_day(str(value)).strftime("%d/%m/%Y")
            except ValueError:
                return str(value)
        if self.type is ColumnType.NUMBER:
            return f"{Decimal(str(value)):,f}".replace(",", "·").replace(".", ",").replace("·", ".")
        return str(value)


def parse_columns(raw: Any) -> list[Column]:
    """Read column definitions (a list of dicts); raise Invalid naming each fault."""
    if not isinstance(raw, list | tuple):
        raise Invalid(_("Danh sách cột không hợp lệ."), code="invalid_columns")
    if len(raw) > MAX_COLUMNS:
        raise Invalid(_("Sổ có tối đa %(n)s cột.") % {"n": MAX_COLUMNS}, code="invalid_columns")
    errors: dict[str, str] = {}
    columns: list[Column] = []
    seen: set[str] = set()
    for index, item in enumerate(raw, start=1):
        where = f"columns.{index}"
        if not isinstance(item, Mapping):
            errors[where] = _("Cột %(n)s không hợp lệ.") % {"n": index}
            continue
        code = clean_text(str(item.get("code") or "")).lower()
        label = clean_text(str(item.get("label") or ""))
        kind = str(item.get("type") or ColumnType.TEXT.value)
        if not CODE.match(code) or code in RESERVED:
            errors[where] = _(
                "Cột %(n)s: mã “%(code)s” không hợp lệ (chữ thường không dấu, số, gạch dưới; "
                "bắt đầu bằng chữ; không trùng tên cột chung của sổ)."
            ) % {"n": index, "code": code[:40]}
            continue
        if code in seen:
            errors[where] = _("Cột %(n)s: mã “%(code)s” bị trùng.") % {"n": index, "code": code}
            continue
        seen.add(code)
        if not label or len(label) > MAX_LABEL:
            errors[where] = _("Cột %(n)s: cần tên cột (tối đa %(max)s ký tự).") % {
                "n": index,
                "max": MAX_LABEL,
            }
            continue
        if kind not in {t.value for t in ColumnType}:
            errors[where] = _("Cột %(n)s: kiểu “%(type)s” không hợp lệ.") % {
                "n": index,
                "type": kind[:20],
            }
            continue
        raw_options = item.get("options") or []
        if isinstance(raw_options, str):
            raw_options = re.split(r"[;\n]", raw_options)
        options: list[str] = []
        for option in raw_options:
            text = clean_text(str(option))
            if text and all(fold(text) != fold(o) for o in options):
                options.append(text[:MAX_LABEL])
        if kind == ColumnType.CHOICE.value and not options:
            errors[where] = _("Cột %(n)s: kiểu chọn cần ít nhất một lựa chọn.") % {"n": index}
            continue
        if len(options) > MAX_OPTIONS:
            errors[where] = _("Cột %(n)s: tối đa %(max)s lựa chọn.") % {
                "n": index,
                "max": MAX_OPTIONS,
            }
            continue
        try:
            order = int(item.get("order") or index)
        except (TypeError, ValueError):
            order = index
        columns.append(
            Column(
                code=code,
                label=label,
                type=ColumnType(kind),
                options=tuple(options) if kind == ColumnType.CHOICE.value else (),
                required=_flag(item.get("required")),
                order=order,
            )
        )
    if errors:
        raise Invalid(_("Thiết kế cột chưa hợp lệ."), code="invalid_columns", details=errors)
    return sorted(columns, key=lambda c: (c.order, c.code))


def _flag(value: Any) -> bool:
    """Read a yes/no typed as a bool, a number or Vietnamese/English text."""
    if isinstance(value, bool):
        return value
    return fold(str(value or "")).strip() in YES


def columns_of(register: Any) -> list[Column]:
    """Return the register's columns in order (a stored design is trusted as written)."""
    stored = getattr(register, "columns", None) or []
    return sorted(
        (
            Column(
                code=str(c["code"]),
                label=str(c.get("label") or c["code"]),
                type=ColumnType(c.get("type") or "text"),
                options=tuple(c.get("options") or ()),
                required=bool(c.get("required")),
                order=int(c.get("order") or 0),
            )
            for c in stored
        ),
        key=lambda c: (c.order, c.code),
    )


def clean_values(
    columns: Iterable[Column], raw: Mapping[str, Any] | None
) -> tuple[dict[str, Any], dict[str, str]]:
    """Validate an entry's column values; return (values to store, errors keyed by code).

    Values of unknown codes are dropped; an empty value is not stored.
    """
    raw = raw or {}
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for column in columns:
        given = raw.get(column.code)
        text = "" if given is None or isinstance(given, bool) else clean_text(str(given))
        empty = given is None or (not isinstance(given, bool) and not text)
        if column.type is ColumnType.YESNO:
            if isinstance(given, bool):
                values[column.code] = given
            elif not empty:
                folded = fold(text).strip()
                if folded in YES:
                    values[column.code] = True
                elif folded in NO:
                    values[column.code] = False
                else:
                    errors[column.code] = _("%(label)s: chọn Có hoặc Không.") % {
                        "label": column.label
                    }
            if column.required and column.code not in values and column.code not in errors:
                errors[column.code] = _("Cần ghi “%(label)s”.") % {"label": column.label}
            continue
        if empty:
            if column.required:
                errors[column.code] = _("Cần ghi “%(label)s”.") % {"label": column.label}
            continue
        if column.type is ColumnType.TEXT:
            if len(text) > MAX_TEXT:
                errors[column.code] = _("%(label)s quá dài; tối đa %(n)s ký tự.") % {
                    "label": column.label,
                    "n": MAX_TEXT,
                }
            else:
                values[column.code] = text
        elif column.type is ColumnType.NUMBER:
            try:
                number = given if isinstance(given, Decimal) else parse_number(text)
            except NumberFormatError:
                errors[column.code] = _("%(label)s: “%(raw)s” không phải là số hợp lệ.") % {
                    "label": column.label,
                    "raw": text[:40],
                }
            else:
                if abs(number) >= Decimal("1e15"):
                    errors[column.code] = _("%(label)s: số quá lớn.") % {"label": column.label}
                else:
                    values[column.code] = str(number.normalize())
        elif column.type is ColumnType.DATE:
            try:
                values[column.code] = parse_day(text).isoformat()
            except ValueError:
                errors[column.code] = _("%(label)s: ngày không hợp lệ (ví dụ: 14/01/2022).") % {
                    "label": column.label
                }
        else:  # choice
            known = [o for o in column.options if fold(o) == fold(text)]
            if known:
                values[column.code] = known[0]
            else:
                errors[column.code] = _("%(label)s: chọn một trong %(list)s.") % {
                    "label": column.label,
                    "list": ", ".join(column.options),
                }
    return values, errors
