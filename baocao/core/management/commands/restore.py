"""``baocao restore FILE [--force]``: replace the database's content with a backup."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from baocao.core.backup import BackupError, restore


class Command(BaseCommand):
    """Restore a backup made by ``baocao backup``; refuse to overwrite data without --force."""

    help = "Khôi phục cơ sở dữ liệu từ tệp sao lưu (cần --force nếu cơ sở dữ liệu đã có dữ liệu)."

    def add_arguments(self, parser: CommandParser) -> None:
        """Add FILE and --force."""
        parser.add_argument("file", help="Tệp sao lưu tạo bởi `baocao backup`.")
        parser.add_argument(
            "--force", action="store_true", help="Ghi đè cơ sở dữ liệu đang có dữ liệu."
        )

    def handle(self, *args: object, **options: object) -> None:
        """Check the file, restore it and print the outcome."""
        path = Path(str(options["file"]))
        try:
            kind = restore(path, settings.DATABASES["default"], force=bool(options["force"]))
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(self.style.SUCCESS(f"Đã khôi phục {kind} từ {path}."))
