"""Days typed by people: ISO (2022-01-14) or the Vietnamese order (14/01/2022)."""

from __future__ import annotations

import time
from datetime import date

DAY_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")


def parse_day(raw: str) -> date:
    """Return the day typed as 2022-01-14 or 14/01/2022; raise ValueError otherwise.

    A calendar day, with no time and no zone: nothing naive is made on the way.
    """
    text = raw.strip()
    for fmt in DAY_FORMATS:
        try:
            return date(*time.strptime(text, fmt)[:3])
        except ValueError:
            continue
    raise ValueError(raw)
