"""``baocao reindex``: rebuild the search index and the legal citations of every report."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandParser

from baocao.reports.models import Report
from baocao.search.indexing import reindex


class Command(BaseCommand):
    """Rebuild the full-text index and citations (after imports, restores, upgrades)."""

    help = "Xây dựng lại chỉ mục tìm kiếm và danh mục văn bản được viện dẫn của mọi báo cáo."

    def add_arguments(self, parser: CommandParser) -> None:
        """Accept an optional list of report ids."""
        parser.add_argument(
            "report_ids", nargs="*", type=int, help="Chỉ các báo cáo có mã này (mặc định: tất cả)."
        )

    def handle(self, *args: object, **options: object) -> None:
        """Reindex and say how many reports and how long it took."""
        started = time.perf_counter()
        ids = options.get("report_ids") or []
        reports = Report.objects.filter(pk__in=ids) if ids else None
        count = reindex(reports)
        if int(options.get("verbosity", 1)) > 0:  # type: ignore[call-overload]
            self.stdout.write(
                f"Đã lập chỉ mục {count} báo cáo trong {time.perf_counter() - started:.1f} giây."
            )
