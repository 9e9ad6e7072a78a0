"""Benchmark full-text search over many generated items on SQLite and PostgreSQL.

    .venv/bin/python bench/search.py --items 1000000            # both backends
    .venv/bin/python bench/search.py --items 200000 --backend sqlite

Each backend runs in its own process against a throw-away database (a temporary SQLite file,
a dedicated PostgreSQL database ``baocao_bench_search``). The script generates units, reports
and narrative items with bulk inserts, builds the index, then times ``search()`` — the very
function the page and the API call, permission filter included — for a mix of queries and two
personas, and the same queries as a plain ``LIKE '%...%'`` scan of the folded column as the
baseline. It prints p50 / p95 / max latency in milliseconds.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
PG_DB = "baocao_bench_search"

SUBJECTS = [
    "Camera giám sát giao thông", "hệ thống một cửa điện tử", "Đề án Chuyển đổi số",
    "nền tảng tích hợp, chia sẻ dữ liệu (LGSP)", "cơ sở dữ liệu dân cư", "chữ ký số chuyên dùng",
    "dịch vụ công trực tuyến mức độ 4", "hạ tầng viễn thông thụ động", "trung tâm điều hành đô thị "
    "thông minh (IOC)", "an toàn thông tin mạng", "Cổng thông tin điện tử tỉnh",
    "hộp thư điện tử công vụ", "bưu chính công ích", "xuất bản phẩm lưu chiểu",
    "thông tin cơ sở", "báo chí địa phương", "đường truyền số liệu chuyên dùng",
    "phần mềm quản lý văn bản và điều hành", "kho dữ liệu dùng chung", "tỷ lệ hồ sơ trực tuyến",
]
VERBS = ["Triển khai", "Hoàn thành", "Tiếp tục thực hiện", "Đôn đốc", "Rà soát, đánh giá",
         "Tổ chức kiểm tra", "Hướng dẫn các đơn vị", "Đẩy mạnh", "Xây dựng kế hoạch",
         "Phối hợp đồng bộ"]
PLACES = ["tại các sở, ban, ngành", "tại UBND cấp huyện", "trên địa bàn tỉnh", "tại 286 xã",
          "ở các khu công nghiệp", "tại Trung tâm Phục vụ hành chính công"]
TAILS = ["theo Nghị định 107/2021/NĐ-CP.", "đạt 95% kế hoạch.", "đúng tiến độ.",
         "theo Quyết định số 37/2021/QĐ-TTg.", "bảo đảm an toàn, hiệu quả.",
         "theo Kế hoạch số 12/KH-UBND.", "với 773 tin, bài.", "."]
QUERIES = [
    "camera giam sat", "dong bo", "chuyen doi so", "lgsp", "\"mot cua dien tu\"",
    "trien khai", "an toan thong tin", "nghi dinh 107", "IOC", "buu chinh cong ich",
    "kho du lieu dung chung", "tỷ lệ hồ sơ", "\"286 xa\"", "xuat ban pham luu chieu",
    "quyet dinh 37", "khongcotrongdulieu",
]


def sentences(rng: random.Random, count: int) -> list[str]:
    """Return ``count`` distinct-ish item texts built from the phrase lists."""
    out = []
    for _ in range(count):
        out.append(f"{rng.choice(VERBS)} {rng.choice(SUBJECTS)} {rng.choice(PLACES)} "
                   f"{rng.choice(TAILS)}")
    return out


def percentile(values: list[float], p: float) -> float:
    """Return the ``p``-th percentile (nearest rank) of ``values``."""
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def prepare_database(backend: str) -> str:
    """Create an empty database for ``backend`` and return its URL."""
    if backend == "sqlite":
        path = Path(tempfile.mkdtemp(prefix="baocao-bench-")) / "bench.sqlite3"
        return f"sqlite:///{path}"
    import psycopg

    with psycopg.connect(PG_ADMIN_URL.replace("postgres://", "postgresql://"),
                         autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {PG_DB}")
        conn.execute(f"CREATE DATABASE {PG_DB}")
    return f"postgres://postgres@127.0.0.1:5432/{PG_DB}"


def run_backend(backend: str, items: int, repeats: int) -> None:
    """Generate data, index it and time the queries for one backend (in this process)."""
    url = prepare_database(backend)
    os.environ["BAOCAO_DATABASE_URL"] = url
    os.environ.setdefault("BAOCAO_VAR_DIR", tempfile.mkdtemp(prefix="baocao-bench-var-"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "baocao.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from baocao.catalog.models import ReportTemplate, Section
    from baocao.domain.periods import Period
    from baocao.domain.workflow import Role
    from baocao.organizations.models import Membership, OrgUnit
    from baocao.reports.models import NarrativeItem, Report
    from baocao.search.indexing import month_range
    from baocao.search.models import SearchEntry
    from baocao.search.schema import rebuild_fulltext
    from baocao.search.selectors import readable_entries, search
    from baocao.search.tokens import folded_document

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    if backend == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=OFF")
            for trigger in ("search_fts_ai", "search_fts_ad", "search_fts_au"):
                cursor.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    else:
        with connection.cursor() as cursor:
            cursor.execute("DROP INDEX IF EXISTS search_entry_document")

    rng = random.Random(20260101)
    province = OrgUnit.objects.create(code="P", name="UBND tỉnh", level="province")
    units = [OrgUnit.objects.create(code=f"U{i}", name=f"Đơn vị {i}", level="department",
                                    parent=province) for i in range(100)]
    template = ReportTemplate.objects.create(code="T", name="Báo cáo tháng", period_kind="month")
    sections = [Section.objects.create(template=template, code=f"S{i}", title=f"Lĩnh vực {i}",
                                       order=i) for i in range(4)]
    from django.contrib.auth import get_user_model

    user_model = get_user_model()
    viewer = user_model.objects.create_user("viewer", password="x")
    Membership.objects.create(user=viewer, unit=province, role=Role.VIEWER.value)
    reporter = user_model.objects.create_user("reporter", password="x")
    Membership.objects.create(user=reporter, unit=units[0], role=Role.REPORTER.value)

    per_report = 80
    report_count = max(1, items // per_report)
    months = max(1, -(-report_count // len(units)))
    texts = sentences(rng, 4000)
    folded = {text: folded_document(text) for text in texts}
    statuses = ["approved"] * 7 + ["submitted", "draft", "returned"]
    made = 0
    with transaction.atomic():
        reports = []
        for m in range(months):
            period = Period.month(2015 + m // 12, m % 12 + 1)
            for unit in units:
                if len(reports) >= report_count:
                    break
                reports.append(Report(
                    unit=unit, template=template, period_code=period.code,
                    period_kind="month", period_year=period.year, period_index=period.index,
                    period_start="2015-01-01", period_end="2015-01-31", due_date="2015-02-01",
                    status=rng.choice(statuses), title=f"Kết quả hoạt động {period.label}",
                ))
        Report.objects.bulk_create(reports, batch_size=2000)
        reports = list(Report.objects.order_by("pk"))
    chunk: list[tuple[Report, NarrativeItem]] = []

    def flush() -> None:
        NarrativeItem.objects.bulk_create([item for _, item in chunk], batch_size=5000)
        entries = []
        for report, item in chunk:
            first, last = month_range(report.period_code)
            entries.append(SearchEntry(
                report_id=report.pk, item_id=item.pk, field="item", unit_id=report.unit_id,
                template_id=report.template_id, section_id=item.section_id,
                status=report.status, month_first=first, month_last=last,
                folded=folded[item.text],
            ))
        SearchEntry.objects.bulk_create(entries, batch_size=5000)
        chunk.clear()

    with transaction.atomic():
        for report in reports:
            for order in range(per_report):
                if made >= items:
                    break
                chunk.append((report, NarrativeItem(
                    report_id=report.pk, section_id=sections[order % 4].pk, order=order,
                    kind="result", text=rng.choice(texts),
                )))
                made += 1
            if len(chunk) >= 50_000:
                flush()
        if chunk:
            flush()
    load_seconds = time.perf_counter() - started
    index_started = time.perf_counter()
    if backend == "sqlite":
        rebuild_fulltext(connection)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("CREATE INDEX IF NOT EXISTS search_entry_document ON "
                           "search_searchentry USING GIN (document)")
            cursor.execute("ANALYZE")
    index_seconds = time.perf_counter() - index_started
    print(f"[{backend}] {made:,} items in {len(reports):,} reports: load {load_seconds:.0f} s, "
          f"index {index_seconds:.0f} s")

    def time_it(fn) -> float:  # type: ignore[no-untyped-def]
        t0 = time.perf_counter()
        fn()
        return (time.perf_counter() - t0) * 1000

    from baocao.search.query import parse_query

    def like(user, query: str) -> None:  # type: ignore[no-untyped-def]
        needle = " ".join(" ".join(c) for c in parse_query(query).clauses)
        rows = readable_entries(user).filter(folded__contains=needle)
        rows.count()
        list(rows.order_by("-id").values_list("id", flat=True)[:20])

    for label, fn in (("fts", lambda u, q: search(u, q)), ("LIKE", like)):
        for user in (viewer, reporter):
            fn(user, "warm up")
            times = [time_it(lambda u=user, q=q, f=fn: f(u, q))
                     for _ in range(repeats) for q in QUERIES]
            print(f"[{backend}] {label:4} {user.username:8} n={len(times):4} "
                  f"p50 {statistics.median(times):7.1f} ms  p95 {percentile(times, 95):7.1f} ms"
                  f"  max {max(times):7.1f} ms")
    worst = sorted(((time_it(lambda q=q: search(viewer, q)), q) for q in QUERIES), reverse=True)
    print(f"[{backend}] slowest fts queries (viewer): "
          + ", ".join(f"{q!r} {ms:.0f} ms" for ms, q in worst[:4]))
    page = search(viewer, "camera giam sat")
    print(f"[{backend}] 'camera giam sat' for the viewer: {page.total:,}"
          f"{'+' if page.total_capped else ''} hits")


def main() -> int:
    """Parse the options and run each backend in its own process."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=3, help="runs of the query list")
    parser.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run_backend(args.backend, args.items, args.repeats)
        return 0
    backends = ["sqlite", "postgres"] if args.backend == "both" else [args.backend]
    for backend in backends:
        subprocess.run([sys.executable, __file__, "--child", "--backend", backend,
                        "--items", str(args.items), "--repeats", str(args.repeats)], check=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
