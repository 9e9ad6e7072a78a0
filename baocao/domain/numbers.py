"""Vietnamese number format: 1.234,5 (dot groups thousands, comma marks decimals)."""

from __future__ import annotations

import re
from dataclasses import dataclass
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


# One separator, once, followed by exactly three digits: "1.250" or "1,250". Vietnamese
# reads the first as 1250 and the second as 1,25; an English writer meant the opposite.
_ONE_GROUP = re.compile(r"^[+-]?\d{1,3}[.,]\d{3}%?$")


@dataclass(frozen=True)
class Reading:
    """How a typed number was read: its value, and the other value it may have meant."""

    value: Decimal
    ambiguous: bool = False
    other: Decimal | None = None

    @property
    def text(self) -> str:
        """Return the value as shown after "đọc là": decimal comma, thousands by spaces."""
        return spoken_number(self.value)


def read_number(raw: str) -> Reading:
    """Return how ``parse_number`` reads ``raw``, flagging "1.250" and "1,250" as ambiguous.

    Raise NumberFormatError like ``parse_number``. The editor's script (editor.js) mirrors
    this rule for the reading shown while typing; tests keep the two equal.
    """
    value = parse_number(raw)
    text = raw.strip().replace("\u00a0", "").replace(" ", "")
    if not _ONE_GROUP.match(text):
        return Reading(value)
    digits = text.rstrip("%")
    # Read "1.250" as thousands (meant as a decimal point?), "1,250" as a decimal comma
    # (meant as thousands?).
    other = Decimal(digits) if "." in digits else Decimal(digits.replace(",", ""))
    if other == value:  # "0.000"
        return Reading(value)
    return Reading(value, ambiguous=True, other=other)


def spoken_number(value: Decimal) -> str:
    """Return a value unmistakably: "1250", "12 345 678", "12,5" (no dot at all).

    Thousands are grouped by a no-break space only from five digits on, so "1250" reads as
    the user typed it and never looks like a Vietnamese "1.250" or an English "1,250".
    """
    text = plain_decimal(value) or "0"
    sign = "-" if text.startswith("-") else ""
    whole, _, decimals = text.lstrip("+-").partition(".")
    if len(whole) > 4:
        groups: list[str] = []
        while whole:
            groups.insert(0, whole[-3:])
            whole = whole[:-3]
        whole = "\u00a0".join(groups)
    return sign + whole + ("," + decimals if decimals else "")


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
