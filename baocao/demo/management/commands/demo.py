"""``baocao demo``: load the demo province, template, users and the sample report."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from baocao.demo.load import DEMO_PASSWORD, USERS, load_demo


class Command(BaseCommand):
    """Load the demo data (idempotent) and print the demo logins."""

    help = (
        "Nạp dữ liệu mẫu: đơn vị tỉnh Thái Bình, chế độ báo cáo Sở TT&TT, người dùng, báo cáo mẫu."
    )

    def handle(self, *args: object, **options: object) -> None:
        """Load the data and print who can log in."""
        data = load_demo()
        report = data["report"]
        self.stdout.write(self.style.SUCCESS(f"Dữ liệu mẫu đã sẵn sàng: {report}"))
        self.stdout.write(f"Tài khoản mẫu (mật khẩu chung: {DEMO_PASSWORD}):")
        people: dict[str, list[str]] = {}
        names: dict[str, str] = {}
        for username, (last, first), unit, role, *_ in USERS:
            people.setdefault(username, []).append(f"{role.value}@{unit}")
            names[username] = f"{last} {first}"
        for username, roles in people.items():
            self.stdout.write(f"  {username:<17} {names[username]:<18} {', '.join(roles)}")
