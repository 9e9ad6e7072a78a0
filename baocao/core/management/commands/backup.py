"""``baocao backup -o FILE``: write a consistent backup of the database to one file."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from baocao.core.backup import BackupError, backup


class Command(BaseCommand):
    """Back up the database (SQLite online backup, or pg_dump -Fc for PostgreSQL)."""

    help = "Sao lưu cơ sở dữ liệu ra một tệp (SQLite: sao lưu trực tuyến; PostgreSQL: pg_dump -Fc)."

    def add_arguments(self, parser: CommandParser) -> None:
        """Add -o/--output."""
        parser.add_argument("-o", "--output", required=True, help="Tệp sao lưu sẽ ghi ra.")

    def handle(self, *args: object, **options: object) -> None:
        """Write the backup and print where it went."""
        try:
            path = backup(Path(str(options["output"])), settings.DATABASES["default"])
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        size = path.stat().st_size
        self.stdout.write(self.style.SUCCESS(f"Đã sao lưu vào {path} ({size:,} byte)."))
