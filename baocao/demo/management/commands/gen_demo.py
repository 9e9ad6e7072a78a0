"""``baocao gen-demo --units N --months M --indicators K``: a synthetic province or nation."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from baocao.demo.synthetic import DemoSize, generate
from baocao.organizations.models import OrgUnit


class Command(BaseCommand):
    """Generate demo units, a monthly template, reports, values and facts (is_demo=True)."""

    help = "Sinh dữ liệu mẫu quy mô lớn (đánh dấu là dữ liệu mẫu)."

    def add_arguments(self, parser: CommandParser) -> None:
        """Declare the size options."""
        parser.add_argument("--units", type=int, default=200)
        parser.add_argument("--months", type=int, default=24)
        parser.add_argument("--indicators", type=int, default=10)
        parser.add_argument(
            "--prefix", default="DEMO", help="Tiền tố mã đơn vị, mã chế độ báo cáo (mặc định DEMO)."
        )
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--bulk",
            action="store_true",
            help="Nạp một lần, tạo lại chỉ mục sau khi nạp (chỉ dùng cho cơ sở "
            "dữ liệu riêng để thử nghiệm: khóa bảng số liệu khi chạy).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        """Check the sizes, refuse to overwrite, generate and report the counts."""
        size = DemoSize(
            options["units"],
            options["months"],
            options["indicators"],
            options["prefix"],
            options["seed"],
        )
        if not 2 <= size.units <= 100_000:
            raise CommandError("Số đơn vị phải từ 2 đến 100.000.")
        if not 1 <= size.months <= 240:
            raise CommandError("Số tháng phải từ 1 đến 240.")
        if not 1 <= size.indicators <= 200:
            raise CommandError("Số chỉ tiêu phải từ 1 đến 200.")
        if OrgUnit.objects.filter(code=f"{size.prefix}-ROOT").exists():
            raise CommandError(
                f"Đã có dữ liệu mẫu với tiền tố {size.prefix}; hãy dùng --prefix khác."
            )
        started = time.perf_counter()
        result = generate(
            size, progress=lambda line: self.stdout.write(f"  {line}"), bulk=options["bulk"]
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã sinh {result.units} đơn vị, {result.reports} báo cáo, {result.values} số liệu, "
                f"{result.facts} dòng phân tích trong {time.perf_counter() - started:.1f} giây "
                f"(đơn vị gốc: {result.root.name}, mã {result.root.code})."
            )
        )
