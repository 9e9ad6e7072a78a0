"""``baocao import-data FILE``: import an exchange JSON file (idempotent; drafts only)."""

from __future__ import annotations

import json
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from pydantic import ValidationError

from baocao.api.exchange import import_data


class Command(BaseCommand):
    """Import with the permissions of ``--user``; print one line per report and the counts."""

    help = (
        "Nhập tệp JSON trao đổi: tạo hoặc cập nhật báo cáo nháp; báo cáo đã gửi hoặc đã "
        "phê duyệt không bị ghi đè; nhập lại cùng một tệp không thay đổi gì."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        """Declare the options."""
        parser.add_argument("file", help="tệp JSON (định dạng baocao-exchange, version 1)")
        parser.add_argument("--user", required=True, help="chuyên viên của các đơn vị trong tệp")
        parser.add_argument("--dry-run", action="store_true", help="chỉ xem trước, không ghi")

    def handle(self, *args: Any, **options: Any) -> None:
        """Read, validate and import the file."""
        user = get_user_model().objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"Không có tài khoản {options['user']}.")
        try:
            with open(options["file"], encoding="utf-8") as handle:
                data = json.load(handle)
        except (OSError, ValueError) as exc:
            raise CommandError(f"Không đọc được tệp JSON: {exc}") from None
        try:
            result = import_data(user, data, dry_run=options["dry_run"])
        except ValidationError as exc:
            raise CommandError(
                f"Tệp không đúng định dạng trao đổi: {exc.error_count()} lỗi, "
                f"ví dụ {exc.errors()[0]['loc']}: {exc.errors()[0]['msg']}"
            ) from None
        for row in result["reports"]:
            line = f"{row['outcome']:<9} {row['unit']} {row['template']} {row['period']}"
            self.stdout.write(line + (f" — {row['message']}" if row["message"] else ""))
        self.stdout.write(
            f"Tạo mới {result['created']}, cập nhật {result['updated']}, giữ nguyên "
            f"{result['unchanged']}, bỏ qua {result['skipped']}, lỗi {result['errors']}"
            + (" (xem trước, chưa ghi)" if result["dry_run"] else "")
        )
        if result["errors"]:
            raise CommandError("Một số báo cáo không nhập được.", returncode=1)
