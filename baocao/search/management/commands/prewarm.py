"""``baocao prewarm``: read the search table and its indexes into PostgreSQL's shared buffers
(``baocao.search.prewarm``), after each start of the database server. SQLite: nothing to do
(the file is read through the operating system's page cache).
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections

from baocao.search.prewarm import PrewarmError, prewarm


class Command(BaseCommand):
    """Read the search relations into PostgreSQL's buffers (after a start of the server)."""

    help = (
        "Nạp bảng chỉ mục tìm kiếm và các chỉ mục của nó vào bộ đệm của PostgreSQL "
        "(chạy sau mỗi lần khởi động máy chủ cơ sở dữ liệu)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        """Accept the database alias and the share of the shared buffers to fill."""
        parser.add_argument(
            "--database",
            default=DEFAULT_DB_ALIAS,
            help="Bí danh cơ sở dữ liệu (default, hoặc replica cho máy chủ bản sao).",
        )
        parser.add_argument(
            "--fraction",
            type=float,
            default=0.9,
            help="Phần tối đa của shared_buffers được nạp (mặc định 0.9).",
        )

    def handle(self, *args: object, **options: object) -> None:
        """Prewarm and say what was read, how much and how long it took."""
        alias = str(options["database"])
        fraction = float(options["fraction"])  # type: ignore[arg-type]
        if not 0 < fraction <= 1:
            raise CommandError("--fraction phải trong khoảng (0, 1].")
        if alias not in connections:
            raise CommandError(f"Không có cơ sở dữ liệu {alias!r}.")
        connection = connections[alias]
        verbose = int(options.get("verbosity", 1)) > 0  # type: ignore[call-overload]
        if connection.vendor != "postgresql":
            if verbose:
                self.stdout.write("Không cần nạp trước: chỉ PostgreSQL có bộ đệm riêng.")
            return
        started = time.perf_counter()
        try:
            warmed = prewarm(connection, fraction)
        except PrewarmError as error:
            raise CommandError(str(error)) from error
        seconds = time.perf_counter() - started
        if verbose:
            with connection.cursor() as cursor:
                cursor.execute("SELECT current_setting('block_size')::int")
                block_size = int(cursor.fetchone()[0])
            blocks = sum(w.blocks for w in warmed)
            parts = ", ".join(f"{w.relation} {w.blocks}/{w.total}" for w in warmed)
            self.stdout.write(
                f"Đã nạp {blocks} khối ({blocks * block_size / 2**20:.0f} MB) vào bộ đệm trong "
                f"{seconds:.1f} giây: {parts}."
            )
