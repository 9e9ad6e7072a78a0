"""``baocao remind``: send the day's reminders (run daily by a systemd timer or cron)."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError, CommandParser

from baocao.notifications.services import send_reminders


class Command(BaseCommand):
    """Send deadline, overdue, approval and missing-unit reminders not sent before."""

    help = (
        "Gửi nhắc việc: hạn nộp sắp đến, quá hạn, báo cáo chờ phê duyệt, đơn vị chưa gửi. "
        "Chạy lại trong ngày không gửi trùng."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        """Add --today and --days-before."""
        parser.add_argument("--today", help="Ngày chạy (YYYY-MM-DD), mặc định hôm nay.")
        parser.add_argument(
            "--days-before",
            type=int,
            default=3,
            help="Nhắc trước hạn nộp bao nhiêu ngày (mặc định 3).",
        )

    def handle(self, *args: object, **options: object) -> None:
        """Send the reminders and print a summary."""
        today = None
        if options["today"]:
            try:
                today = dt.date.fromisoformat(str(options["today"]))
            except ValueError:
                raise CommandError("--today phải có dạng YYYY-MM-DD.") from None
        days = int(options["days_before"])  # type: ignore[call-overload]
        if days < 0:
            raise CommandError("--days-before phải là số không âm.")
        result = send_reminders(today=today, days_before=days)
        self.stdout.write(
            f"Nhắc việc: {result.due} cần gửi, {result.sent} đã gửi mới "
            f"({result.emailed} thư), {result.skipped} đã gửi trước đó, {result.failed} lỗi."
        )
        if result.failed:
            raise CommandError(f"{result.failed} nhắc việc không gửi được; chạy lại sau.")
