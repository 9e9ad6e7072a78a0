"""``baocao reorganize PLAN [--dry-run] --user NAME``: apply a reorganisation plan of units."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from baocao.core.errors import ServiceError
from baocao.organizations.services import reorganize


class Command(BaseCommand):
    """Check the whole plan, list what it touches and apply it in one transaction."""

    help = (
        "Sắp xếp đơn vị theo kế hoạch (CSV hoặc YAML: date, kind, from, to, functions, "
        "share…): kiểm tra toàn bộ, liệt kê đơn vị, vai trò, sổ, chế độ báo cáo và báo cáo "
        "chưa hoàn thành bị ảnh hưởng, rồi áp dụng trong một giao dịch. Áp dụng lại cùng "
        "kế hoạch không thay đổi gì. Xem docs/reorganisation.md."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        """Declare the options."""
        parser.add_argument("plan", help="tệp kế hoạch .csv, .yaml hoặc .yml (UTF-8)")
        parser.add_argument("--user", required=True, help="quản trị của các đơn vị trong kế hoạch")
        parser.add_argument("--dry-run", action="store_true", help="chỉ xem trước, không ghi")

    def handle(self, *args: Any, **options: Any) -> None:
        """Read the plan, print what it touches, apply it unless dry run."""
        user = get_user_model().objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"Không có tài khoản {options['user']}.")
        path = Path(options["plan"])
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Không đọc được tệp kế hoạch: {exc.strerror}") from None
        try:
            result = reorganize(data, name=path.name, by=user, dry_run=options["dry_run"])
        except ServiceError as exc:
            raise CommandError(exc.message) from None
        if result.errors:
            for error in result.errors:
                self.stderr.write(str(error))
            raise CommandError(
                f"Kế hoạch có {len(result.errors)} lỗi; chưa áp dụng gì.", returncode=1
            )
        for line in result.already:
            self.stdout.write(f"Dòng {line.number}: đã áp dụng trước đây, bỏ qua.")
        sections = [
            ("Đơn vị", result.touched.units),
            ("Vai trò", result.touched.roles),
            ("Sổ theo dõi", result.touched.registers),
            ("Chế độ báo cáo được giao", result.touched.templates),
            ("Báo cáo chưa hoàn thành", result.touched.reports),
        ]
        for title, rows in sections:
            self.stdout.write(f"{title}: {len(rows)}")
            for row in rows:
                self.stdout.write(f"  - {row}")
        new = len(result.new_lines)
        if not new:
            self.stdout.write("Kế hoạch đã được áp dụng; không có thay đổi.")
        elif result.dry_run:
            self.stdout.write(f"Xem trước: {new} dòng sẽ được áp dụng; chưa ghi gì.")
        else:
            self.stdout.write(f"Đã áp dụng {new} dòng ({len(result.events)} sự kiện).")
