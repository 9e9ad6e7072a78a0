"""``baocao sign REPORT_ID --user U --p12 FILE -o OUT``: sign an approved report's PDF."""

from __future__ import annotations

import getpass
import os
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from baocao.core.errors import ServiceError
from baocao.documents.services import sign_report, signing_time_text


class Command(BaseCommand):
    """Sign a report's PDF (PAdES) with the approver's PKCS#12 certificate."""

    help = (
        "Ký số văn bản PDF của báo cáo đã phê duyệt bằng chứng thư số (.p12). Mật khẩu đọc "
        "từ biến môi trường BAOCAO_P12_PASSPHRASE hoặc hỏi khi chạy; không được lưu lại."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        """Declare the report, the signer, the certificate and the output."""
        parser.add_argument("report_id", type=int)
        parser.add_argument("--user", required=True, help="tên đăng nhập của người ký")
        parser.add_argument("--p12", required=True, help="tệp chứng thư số PKCS#12")
        parser.add_argument("-o", "--output", help="ghi bản PDF đã ký ra tệp này")

    def handle(self, *args: object, **options: Any) -> None:
        """Sign, store the signed copy, optionally write it out."""
        user = get_user_model().objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError("Không tìm thấy người ký.")
        passphrase = os.environ.get("BAOCAO_P12_PASSPHRASE")
        if passphrase is None:
            passphrase = getpass.getpass("Mật khẩu chứng thư số: ")
        try:
            copy = sign_report(
                int(options["report_id"]),
                by=user,
                p12=Path(str(options["p12"])).read_bytes(),
                passphrase=passphrase,
            )
        except (ServiceError, OSError) as exc:
            raise CommandError(getattr(exc, "message", str(exc))) from None
        if options.get("output"):
            Path(str(options["output"])).write_bytes(bytes(copy.content))
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã ký số: {copy.signer_name}, {signing_time_text(copy.signed_at)}, "
                f"SHA-256 {copy.sha256[:16]}…"
            )
        )
