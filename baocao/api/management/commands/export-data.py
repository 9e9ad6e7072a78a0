"""``baocao export-data``: write a period's data for a unit (or subtree) as exchange JSON."""

from __future__ import annotations

import json
import sys
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from baocao.api.exchange import export_period
from baocao.core.errors import ServiceError


class Command(BaseCommand):
    """Export with the permissions of ``--user`` (the same rules as the web and the API)."""

    help = "Xuất số liệu một kỳ của đơn vị (hoặc cả cây đơn vị) ra tệp JSON trao đổi."

    def add_arguments(self, parser: CommandParser) -> None:
        """Declare the options."""
        parser.add_argument("--user", required=True, help="tài khoản có quyền xem số liệu")
        parser.add_argument("--unit", required=True, help="mã đơn vị, ví dụ STTTT")
        parser.add_argument("--period", required=True, help="kỳ báo cáo, ví dụ 2022-01")
        parser.add_argument("--subtree", action="store_true", help="gồm cả đơn vị cấp dưới")
        parser.add_argument("--template", help="chỉ một chế độ báo cáo (mã)")
        parser.add_argument(
            "--published-only", action="store_true", help="chỉ báo cáo đã gửi hoặc đã phê duyệt"
        )
        parser.add_argument("-o", "--output", help="tệp ghi ra (mặc định: màn hình)")

    def handle(self, *args: Any, **options: Any) -> None:
        """Export and write the JSON."""
        user = get_user_model().objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"Không có tài khoản {options['user']}.")
        try:
            data = export_period(
                user,
                unit_code=options["unit"],
                period=options["period"],
                subtree=options["subtree"],
                template_code=options["template"],
                published_only=options["published_only"],
            )
        except ServiceError as exc:
            raise CommandError(exc.message) from None
        text = json.dumps(data, ensure_ascii=False, indent=2)
        if options["output"]:
            with open(options["output"], "w", encoding="utf-8") as handle:
                handle.write(text + "\n")
            sys.stderr.write(f"Đã ghi {len(data['reports'])} báo cáo vào {options['output']}\n")
        else:
            self.stdout.write(text)
