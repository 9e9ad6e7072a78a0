"""``baocao enqueue KIND [--params JSON] [--user NAME] [--key KEY]``: queue a background job.

For example ``baocao enqueue imports.folder --params '{"paths": ["/srv/cu"], "unit": "STTTT",
"template": "BC-THANG"}' --user lan`` or ``baocao enqueue search.reindex``.
"""

from __future__ import annotations

import json
from argparse import ArgumentParser
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from baocao.jobs import queue


class Command(BaseCommand):
    help = "Xếp một công việc nền (in mã công việc); 'baocao worker' sẽ chạy nó."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("kind", help="loại công việc, ví dụ search.reindex")
        parser.add_argument("--params", default="{}", help="tham số dạng JSON")
        parser.add_argument("--user", default="", help="tên đăng nhập của người yêu cầu")
        parser.add_argument("--key", default="", help="khóa chống trùng (cùng khóa: một việc)")

    def handle(self, *args: Any, kind: str, params: str, user: str, key: str, **opts: Any) -> None:
        if queue.kind_of(kind) is None:
            raise CommandError(f"không có loại công việc {kind}")
        try:
            data = json.loads(params)
        except ValueError as exc:
            raise CommandError(f"--params không phải JSON: {exc}") from None
        if not isinstance(data, dict):
            raise CommandError("--params phải là một đối tượng JSON")
        by = None
        if user:
            by = get_user_model().objects.filter(username=user).first()
            if by is None:
                raise CommandError(f"không có người dùng {user}")
        job = queue.enqueue(kind, data, key=key or None, by=by)
        self.stdout.write(f"{job.pk} {job.kind} {job.status}")
