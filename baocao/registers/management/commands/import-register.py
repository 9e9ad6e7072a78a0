"""``baocao import-register FILE --unit CODE --register CODE``: a register's lines from a sheet."""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from baocao.core.errors import ServiceError
from baocao.organizations.management.actor import acting_reporter
from baocao.registers.bulk import import_entries
from baocao.registers.models import WorkRegister
from baocao.registers.tabular import MAX_BYTES


class Command(BaseCommand):
    """Import the lines of an .xlsx or CSV file into a unit's work register: all or none."""

    help = (
        "Nhập các mục của một sổ theo dõi từ tệp Excel (.xlsx) hoặc CSV: nhập tất cả các dòng "
        "hoặc không dòng nào."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        """Declare the file, the unit, the register and the acting user."""
        parser.add_argument("path", help="tệp .xlsx hoặc .csv")
        parser.add_argument("--unit", required=True, help="mã đơn vị, ví dụ STTTT")
        parser.add_argument("--register", required=True, help="mã sổ, ví dụ LUU-CHIEU")
        parser.add_argument(
            "--user", help="tên đăng nhập người ghi sổ (mặc định: chuyên viên đầu tiên của đơn vị)"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="chỉ kiểm tra và cho biết sẽ thêm gì, không ghi"
        )
        parser.add_argument(
            "--skip-existing",
            action="store_true",
            help="bỏ qua các dòng đã có trong sổ (cùng ngày, nội dung, số hiệu)",
        )

    def handle(self, *args: object, **options: object) -> None:
        """Import the file and print what was added; exit 1 listing the lines when refused."""
        translation.activate("vi")
        try:
            register = WorkRegister.objects.select_related("unit").get(
                unit__code=options["unit"], code=options["register"]
            )
        except WorkRegister.DoesNotExist:
            raise CommandError(
                f"đơn vị {options['unit']} không có sổ mã {options['register']}"
            ) from None
        user = acting_reporter(register.unit, options.get("user"))  # type: ignore[arg-type]
        path = Path(str(options["path"]))
        try:
            with path.open("rb") as handle:
                data = handle.read(MAX_BYTES + 1)
        except OSError as exc:
            raise CommandError(f"không đọc được tệp {path} ({exc.strerror})") from None
        try:
            result = import_entries(
                register.pk,
                data,
                path.name,
                by=user,
                dry_run=bool(options["dry_run"]),
                skip_existing=bool(options["skip_existing"]),
            )
        except ServiceError as exc:
            self.stderr.write(f"KHÔNG NHẬP {path.name}: {exc.message}")
            for line in exc.details if isinstance(exc.details, list) else []:
                self.stderr.write(f"  {line}")
            if exc.code == "duplicates":
                self.stderr.write("  Dùng --skip-existing để chỉ nhập các dòng mới.")
            sys.exit(1)
        verb = "SẼ THÊM" if result.dry_run else "ĐÃ NHẬP"
        self.stdout.write(
            f"{verb} {result.added} mục vào {register.name} ({register.unit.code}) từ {path.name}."
        )
        for span in result.years:
            self.stdout.write(f"  Năm {span.year}: số thứ tự {span.first} đến {span.last}")
        if result.skipped:
            self.stdout.write(
                f"  Bỏ qua {len(result.skipped)} dòng đã có: "
                + ", ".join(f"dòng {s.line} ({s.number})" for s in result.skipped)
            )
