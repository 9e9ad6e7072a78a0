"""Vietnamese number format: 1.234,5 (dot groups thousands, comma marks decimals)."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

_THOUSANDS_DOTS = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+$")
_THOUSANDS_COMMAS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")


class NumberFormatError(ValueError):
    """Raise when a string is not a number in a format a Vietnamese user would write."""


def parse_number(raw: str) -> Decimal:
    """Parse a number as a Vietnamese user types it: "1.234,5", "1234,5", "1.234", "12.5"."""
    text = raw.strip().replace("\u00a0", "").replace(" ", "")
    if text.endswith("%"):
        text = text[:-1]
    if not text:
        raise NumberFormatError("empty")
    if "," in text and "." in text:
        if text.rfind(",") > text.rfind("."):
            whole, _, decimals = text.rpartition(",")
            if not _THOUSANDS_DOTS.match(whole):
                raise NumberFormatError(raw)
            text = whole.replace(".", "") + "." + decimals
        elif _THOUSANDS_COMMAS.match(text):
            text = text.replace(",", "")
        else:
            raise NumberFormatError(raw)
    elif "," in text:
        if text.count(",") > 1:
            raise NumberFormatError(raw)
        text = text.replace(",", ".")
    elif _THOUSANDS_DOTS.match(text):
        text = text.replace(".", "")
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", text):
        raise NumberFormatError(raw)
    try:
        value = Decimal(text)
    except InvalidOperation as exc:
        raise NumberFormatError(raw) from exc
    if not value.is_finite():
        raise NumberFormatError(raw)
    return value


def format_number(value: Decimal | int | float | None, places: int | None = None) -> str:
    """Format a number the Vietnamese way: 1234.5 → "1.234,5"; integers without decimals."""
    if value is None:
        return ""
    number = Decimal(str(value))
    if places is None:
        number = number.normalize()
        exponent = number.as_tuple().exponent
        places = max(0, -exponent) if isinstance(exponent, int) else 0
    text = f"{number:,.{places}f}"
    return text.replace(",", "\u0000").replace(".", ",").replace("\u0000", ".")


def plain_decimal(value: Decimal | None) -> str | None:
    """Return a decimal as a plain string without exponent or trailing zeros ("2297.5").

    The machine form of a figure (API, exchange files, report packages), not the Vietnamese
    display form of ``format_number``.
    """
    if value is None:
        return None
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text
