"""Analytics writes: fact refresh, consolidated reports, confirmed follow-through."""

from baocao.analytics.services.consolidate import consolidate_report
from baocao.analytics.services.facts import rebuild_facts, refresh_report_facts
from baocao.analytics.services.follow import confirm_follow_through

__all__ = [
    "confirm_follow_through",
    "consolidate_report",
    "rebuild_facts",
    "refresh_report_facts",
]
