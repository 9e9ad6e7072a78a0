"""Validate report input: texts and indicator values, with Vietnamese messages."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from baocao.catalog.models import Indicator
from baocao.domain.numbers import NumberFormatError, parse_number
from baocao.domain.text import clean_text
from baocao.domain.validation import bound_message


def bound_messages() -> dict[str, str]:
    """Return the bound messages of ``domain.validation`` in the active language."""
    return {
        "low": _("Giá trị phải lớn hơn hoặc bằng {bound}."),
        "high": _("Giá trị phải nhỏ hơn hoặc bằng {bound}."),
    }


MAX_ITEM_CHARS = 5000
MAX_TITLE_CHARS = 500
MAX_NOTE_CHARS = 500
MAX_ITEMS = 500


def clean_item_text(raw: str) -> str:
    """Return the item text cleaned (NFC, no control characters) or raise ValueError."""
    text = clean_text(raw or "")
    if len(text) > MAX_ITEM_CHARS:
        raise ValueError(
            _("Nội dung quá dài (%(n)s ký tự); tối đa %(max)s ký tự mỗi mục.")
            % {"n": len(text), "max": MAX_ITEM_CHARS}
        )
    return text


def clean_title(raw: str) -> str:
    """Return the cleaned summary line or raise ValueError."""
    title = " ".join(clean_text(raw or "").split())
    if not title:
        raise ValueError(_("Trích yếu không được để trống."))
    if len(title) > MAX_TITLE_CHARS:
        raise ValueError(_("Trích yếu quá dài; tối đa %(n)s ký tự.") % {"n": MAX_TITLE_CHARS})
    return title


# What a caller gives for an indicator: text as a person typed it, or a number already typed
# (the API's JSON numbers, an import's figures, a register's count). None or "" is "no value".
RawValue = str | Decimal | int | None


def clean_indicator_value(indicator: Indicator, raw: RawValue) -> tuple[Decimal | None, str]:
    """Return (number, text) for an indicator's input, or raise ValueError in Vietnamese.

    Text is read in the Vietnamese format (1.234,5); a typed number is taken as it is, never
    written out and read back. Both then pass the same checks (integer, size, bounds).
    """
    if raw is None:
        return None, ""
    if isinstance(raw, bool):
        raise ValueError(_("Giá trị không hợp lệ."))
    if isinstance(raw, Decimal | int):
        value = Decimal(raw)
        if not value.is_finite():
            raise ValueError(_("Giá trị không hợp lệ."))
        if indicator.value_type == Indicator.ValueType.TEXT:
            return None, format(value, "f").replace(".", ",")  # a text indicator keeps it as text
    else:
        raw = clean_text(raw)
        if not raw:
            return None, ""
        if indicator.value_type == Indicator.ValueType.TEXT:
            if len(raw) > MAX_NOTE_CHARS:
                raise ValueError(_("Giá trị quá dài; tối đa %(n)s ký tự.") % {"n": MAX_NOTE_CHARS})
            return None, raw
        try:
            value = parse_number(raw)
        except NumberFormatError:
            raise ValueError(
                _("“%(raw)s” không phải là số hợp lệ (ví dụ: 1.234,5).") % {"raw": raw[:40]}
            ) from None
    if indicator.value_type == Indicator.ValueType.INTEGER and value != value.to_integral_value():
        raise ValueError(_("Chỉ tiêu này phải là số nguyên."))
    if abs(value) >= Decimal("1e15"):
        raise ValueError(_("Giá trị quá lớn."))
    low, high = indicator.bounds()
    message = bound_message(value, low, high, bound_messages())
    if message:
        raise ValueError(message)
    return value.quantize(Decimal("0.0001")), ""
