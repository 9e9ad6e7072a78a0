"""``baocao export-package REPORT_ID -o FILE --user U``: write an issued report's package."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from baocao.core.errors import ServiceError
from baocao.issuing.package import export_package


class Command(BaseCommand):
    """Export with the permissions of ``--user`` (the same rules as the web and the API)."""

    help = (
        "Xuất gói tin của một báo cáo đã ban hành (tệp .bcpkg: manifest.json, report.json, "
        "document.pdf) để gửi sang hệ thống khác."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        """Declare the options."""
        parser.add_argument("report_id", type=int, help="mã số (id) của báo cáo")
        parser.add_argument("--user", required=True, help="tài khoản có quyền xem báo cáo")
        parser.add_argument("-o", "--output", help="tệp ghi ra (mặc định: tên gói tin)")

    def handle(self, *args: Any, **options: Any) -> None:
        """Build the package and write it."""
        user = get_user_model().objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"Không có tài khoản {options['user']}.")
        try:
            package = export_package(options["report_id"], by=user)
        except ServiceError as exc:
            raise CommandError(exc.message) from None
        target = Path(options["output"] or package.filename)
        target.write_bytes(package.content)
        signed = package.manifest["pdf"]["signed"]
        sys.stderr.write(
            f"Đã ghi {target} ({len(package.content)} byte, sha256 {package.sha256}); "
            + ("văn bản đã ký số.\n" if signed else "văn bản chưa ký số (PDF dựng).\n")
        )
