"""``baocao import-package FILE --user U [--unit CODE] [--dry-run]``: receive a package."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from baocao.core.errors import ServiceError
from baocao.issuing.package_import import import_package, max_package_bytes
from baocao.jobs.queue import enqueue

OUTCOMES = {
    "received": "đã nhận",
    "already_received": "đã nhận trước đó, không nhập lại",
    "would_receive": "hợp lệ, sẽ được nhận (xem trước, chưa ghi)",
}


class Command(BaseCommand):
    """Verify and receive with the permissions of ``--user`` (clerk or consolidator)."""

    help = (
        "Nhập gói tin báo cáo (.bcpkg) từ hệ thống khác: kiểm tra mã SHA-256, cấu trúc, "
        "chữ ký số; nhập lại cùng gói tin không tạo bản ghi mới."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        """Declare the options."""
        parser.add_argument("file", help="tệp gói tin (.bcpkg hoặc .zip)")
        parser.add_argument("--user", required=True, help="văn thư hoặc tổng hợp của đơn vị nhận")
        parser.add_argument("--unit", help="mã đơn vị nhận (khi tài khoản nhận cho nhiều đơn vị)")
        parser.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không ghi")
        parser.add_argument(
            "--queue",
            action="store_true",
            help="xếp công việc issuing.import_package cho tiến trình xử lý nền (baocao worker)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        """Read, verify and receive the package; print what it is and what was done."""
        user = get_user_model().objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"Không có tài khoản {options['user']}.")
        path = Path(options["file"])
        if options.get("queue"):
            if options["dry_run"]:
                raise CommandError("--queue không dùng cùng --dry-run.")
            if not path.is_file():
                raise CommandError(f"Không đọc được tệp: {path}")
            params = {"path": str(path.resolve()), "unit": options["unit"]}
            job = enqueue("issuing.import_package", params, by=user)
            self.stdout.write(f"{job.pk} đã xếp công việc issuing.import_package")
            return
        try:
            with path.open("rb") as handle:
                content = handle.read(max_package_bytes() + 1)
        except OSError as exc:
            raise CommandError(f"Không đọc được tệp: {exc}") from None
        try:
            outcome = import_package(
                content,
                by=user,
                filename=path.name,
                unit_code=options["unit"],
                dry_run=options["dry_run"],
            )
        except ServiceError as exc:
            raise CommandError(f"{exc.message} [{exc.code}]") from None
        manifest = outcome.opened.manifest
        self.stdout.write(
            f"{OUTCOMES[outcome.outcome]}: Số {manifest.document.number} ngày "
            f"{manifest.document.issued_on:%d/%m/%Y} của {manifest.sender.name} "
            f"({manifest.sender.code}) → {outcome.to_unit.code}"
        )
        for check in outcome.opened.checks:
            self.stdout.write(f"  {check}")
        if outcome.local_match:
            self.stdout.write(
                f"  báo cáo trên hệ thống: #{outcome.local_report.pk} "  # type: ignore[union-attr]
                f"({outcome.local_match})"
            )
        if outcome.package is not None:
            self.stdout.write(f"  gói tin #{outcome.package.pk}")
