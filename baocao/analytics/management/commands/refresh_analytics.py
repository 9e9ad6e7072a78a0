"""``baocao refresh_analytics``: rebuild the fact table from the approved reports."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from baocao.analytics.services import rebuild_facts


class Command(BaseCommand):
    """Rebuild IndicatorFact from every approved, non-consolidated report."""

    help = "Tính lại bảng số liệu phân tích từ các báo cáo đã phê duyệt."

    def handle(self, *args: Any, **options: Any) -> None:
        """Rebuild and say how many rows and how long it took."""
        started = time.perf_counter()
        count = rebuild_facts()
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã tính lại {count} dòng số liệu phân tích trong "
                f"{time.perf_counter() - started:.1f} giây."
            )
        )
