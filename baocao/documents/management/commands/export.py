"""``baocao export REPORT_ID --format docx|pdf -o FILE``: write a report's official document."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from baocao.core.errors import ServiceError
from baocao.documents.services import FORMATS, export_report


class Command(BaseCommand):
    """Export one report as DOCX or PDF, read with a user's permissions."""

    help = "Xuất báo cáo ra văn bản DOCX hoặc PDF theo thể thức Nghị định 30/2020/NĐ-CP."

    def add_arguments(self, parser: CommandParser) -> None:
        """Declare the report id, the format, the output file and the acting user."""
        parser.add_argument("report_id", type=int)
        parser.add_argument("--format", choices=sorted(FORMATS), default="pdf")
        parser.add_argument("-o", "--output", help="tệp ra (mặc định: tên theo số hiệu báo cáo)")
        parser.add_argument(
            "--user",
            help="đọc báo cáo với quyền của người dùng này (mặc định: quản trị viên đầu tiên)",
        )

    def handle(self, *args: object, **options: Any) -> None:
        """Render, write the file and print its path."""
        users = get_user_model().objects
        username = options.get("user")
        user = (
            users.filter(username=username).first()
            if username
            else users.filter(is_superuser=True).order_by("pk").first()
        )
        if user is None:
            raise CommandError("Không tìm thấy người dùng để đọc báo cáo (dùng --user).")
        try:
            exported = export_report(int(options["report_id"]), str(options["format"]), by=user)
        except ServiceError as exc:
            raise CommandError(exc.message) from None
        target = Path(str(options.get("output") or exported.filename))
        target.write_bytes(exported.content)
        self.stdout.write(self.style.SUCCESS(f"Đã xuất {target} ({len(exported.content):,} byte)"))
