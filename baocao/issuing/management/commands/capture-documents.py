"""baocao capture-documents: capture the document of every approved report that has none."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import transaction

from baocao.issuing.upgrade import capture_missing


class Command(BaseCommand):
    """Freeze the printed document of reports approved before captures existed."""

    help = (
        "Chốt văn bản của các báo cáo đã phê duyệt trở đi mà chưa có bản chốt (sau khi nâng cấp)."
    )

    def handle(self, *args: object, **options: object) -> None:
        """Capture what is missing in one transaction and say how many."""
        with transaction.atomic():
            count = capture_missing()
        self.stdout.write(f"Đã chốt văn bản của {count} báo cáo.")
