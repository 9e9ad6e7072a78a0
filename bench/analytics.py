"""Benchmark the analytics pivot against a plain SQL GROUP BY over the raw values.

    .venv/bin/python bench/analytics.py                      # 2,000 units x 120 months x 40
    .venv/bin/python bench/analytics.py --units 500 --months 60 --indicators 20
    BAOCAO_DATABASE_URL=postgres://postgres@127.0.0.1:5432/baocao_bench_analytics \
        .venv/bin/python bench/analytics.py

Queries: (a) one indicator across all units by year; (b) ten indicators for one province's
subtree by month. Each is timed through ``run_pivot`` (the fact table) and through a GROUP BY
over reports_indicatorvalue JOIN reports_report (the baseline); the answers must agree.
Without BAOCAO_DATABASE_URL the data goes to a SQLite file under /tmp/baocao-bench-analytics
(loaded with journal_mode=OFF, synchronous=OFF: that file only). The data is kept between runs
of the same size (``--fresh`` regenerates it; ``--generate-only`` stops after generating).
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
import tracemalloc
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("BAOCAO_VAR_DIR", "/tmp/baocao-bench-analytics")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baocao.settings")


def _setup(args: argparse.Namespace) -> None:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from django.db import connection

    if connection.vendor == "sqlite":  # this bench's own file: no journal, no fsync
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode=OFF")
            cursor.execute("PRAGMA synchronous=OFF")
            cursor.execute("PRAGMA temp_store=MEMORY")
            cursor.execute("PRAGMA cache_size=-262144")  # 256 MB while loading and indexing


def _prefix(args: argparse.Namespace) -> str:
    return f"B{args.units}x{args.months}x{args.indicators}"


def _generate(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from baocao.demo.synthetic import DemoSize, generate
    from baocao.organizations.models import OrgUnit

    prefix = _prefix(args)
    root = OrgUnit.objects.filter(code=f"{prefix}-ROOT").first()
    if root is not None and not args.fresh:
        print(f"reusing data {prefix}")
        from django.db import connection

        _vacuum()
        return root
    if root is not None:
        from django.db import connection

        tables = (
            "analytics_indicatoryearfact",
            "analytics_indicatorfact",
            "reports_indicatorvalue",
            "reports_report",
            "catalog_reporttemplate_assigned_units",
            "catalog_indicator",
            "catalog_section",
            "catalog_reporttemplate",
        )
        with connection.cursor() as cursor:  # demo rows only, this bench's own database
            if connection.vendor == "postgresql":  # DELETE of ten million rows takes minutes
                cursor.execute(f"TRUNCATE {', '.join(tables)}, organizations_orgunit CASCADE")
            else:
                for table in tables:
                    cursor.execute(f"DELETE FROM {table}")
                cursor.execute("UPDATE organizations_orgunit SET parent_id = NULL")
                cursor.execute("DELETE FROM organizations_orgunit")
    started = time.perf_counter()

    def progress(line: str) -> None:
        if args.verbose and (not line.startswith("Tháng") or line.startswith("Tháng 12")):
            print(f"  {time.perf_counter() - started:7.1f} s  {line}", flush=True)

    result = generate(
        DemoSize(args.units, args.months, args.indicators, prefix), progress=progress, bulk=True
    )
    elapsed = time.perf_counter() - started
    print(
        f"generated {result.units} units, {result.reports} reports, {result.values} values, "
        f"{result.facts} facts in {elapsed:.1f} s ({result.values / elapsed:,.0f} values/s)"
    )
    _vacuum()
    return result.root


def _vacuum() -> None:
    """Fresh statistics for both sides' query plans (and PostgreSQL's visibility map, which
    index-only scans need)."""
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    print(f"statistics refreshed in {time.perf_counter() - started:.1f} s")


REPEAT = 20


def _p95(times: list[float]) -> float:
    """Return the 95th percentile of ``times`` (nearest rank)."""
    ordered = sorted(times)
    return ordered[max(0, -(-len(ordered) * 95 // 100) - 1)]


def _load() -> str:
    """Return the machine's 1-minute load."""
    return f"{os.getloadavg()[0]:.1f}"


def _timed(fn, repeat: int = REPEAT):  # type: ignore[no-untyped-def]
    times = []
    result = None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return result, times, peak


def _baseline(sql: str, params: list) -> list[tuple]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _ms(times: list[float]) -> str:
    """Return "first X ms, p95 Y ms, best Z ms" of ``times``."""
    return (
        f"first {times[0] * 1000:.0f} ms, p95 {_p95(times) * 1000:.0f} ms, "
        f"best {min(times) * 1000:.0f} ms"
    )


def _report(
    name: str,
    times: list[float],
    peak: int,
    base_times: list[float],
    agree: bool,
    cells: int,
    facts: list[float] | None = None,
) -> None:
    print(
        f"{name}: rollup pivot {_ms(times)} (load {_load()}), "
        f"peak Python memory {peak / 1e6:.1f} MB; "
        + (f"fact-table pivot {_ms(facts)}; " if facts else "")
        + f"raw GROUP BY {_ms(base_times)} ({len(times)} runs each, raw {len(base_times)}); "
        f"{cells} cells; answers agree: {agree}",
        flush=True,
    )


def main() -> int:
    """Generate (or reuse) the data, run both queries both ways and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=2000)
    parser.add_argument("--months", type=int, default=120)
    parser.add_argument("--indicators", type=int, default=40)
    parser.add_argument("--fresh", action="store_true")
    parser.add_argument("--generate-only", action="store_true")
    parser.add_argument("--verbose", action="store_true", help="print the generation's phases")
    parser.add_argument("--rebuild-rollup", action="store_true", help="rebuild the rollup")
    parser.add_argument("--baseline-repeat", type=int, default=REPEAT)
    args = parser.parse_args()
    if args.fresh and not os.environ.get("BAOCAO_DATABASE_URL"):
        Path(os.environ["BAOCAO_VAR_DIR"], "baocao.sqlite3").unlink(missing_ok=True)
    _setup(args)
    from django.db import connection
    from django.db.models import Max, Min

    from baocao.analytics.pivot import run_pivot
    from baocao.catalog.models import ReportTemplate
    from baocao.domain.periods import Period

    print(f"database: {connection.vendor}")
    root = _generate(args)
    if args.generate_only:
        return 0
    from baocao.analytics.rollup import rebuild_rollups, rollup_status

    status = rollup_status()
    if not status.built or status.tree_changed or status.pending or args.rebuild_rollup:
        started = time.perf_counter()
        count = rebuild_rollups()
        print(
            f"rollup built: {count} rows in {time.perf_counter() - started:.1f} s (load {_load()})",
            flush=True,
        )
    status = rollup_status()
    print(f"rollup refreshed at {status.refreshed_at:%H:%M:%S}, {status.pending} pending")
    template = ReportTemplate.objects.get(code=f"{_prefix(args)}-THANG")
    indicators = list(template.indicators.order_by("order"))
    span = template.reports.aggregate(first=Min("period_code"), last=Max("period_code"))
    start, end = Period.parse(span["first"]), Period.parse(span["last"])
    leaves = list(template.assigned_units.order_by("path"))
    import gc

    gc.freeze()  # as the app does after start-up (baocao/wsgi.py)
    print(
        f"{len(leaves)} reporting units, periods {start.code}..{end.code}, "
        f"{template.reports.count()} reports"
    )

    # (a) one indicator across all units by year.
    indicator = indicators[0]

    def pivot_a(rollup: bool):  # type: ignore[no-untyped-def]
        return run_pivot(
            indicators=[indicator],
            rows=leaves,
            start=start,
            end=end,
            by_year=True,
            within=root,
            rollup=rollup,
        )

    pivot, times, peak = _timed(lambda: pivot_a(True))
    from_rollup = pivot.from_rollup
    pivot_f, facts_times, _ = _timed(lambda: pivot_a(False))
    sql_a = (
        "SELECT r.unit_id, r.period_year, SUM(v.value) FROM reports_indicatorvalue v "
        "JOIN reports_report r ON r.id = v.report_id WHERE v.indicator_id = %s "
        "AND r.status = 'approved' AND r.is_consolidated = %s "
        "GROUP BY r.unit_id, r.period_year"
    )
    base, base_times, _ = _timed(
        lambda: _baseline(sql_a, [indicator.pk, False]), args.baseline_repeat
    )
    expected = {(u, y): Decimal(str(v)) for u, y, v in base}
    years = [c.year for c in pivot.columns]
    agree_a = True
    for one in (pivot, pivot_f):
        got = {
            (row.unit.pk, years[i]): v
            for row in one.rows
            for i, v in enumerate(row.cells)
            if v is not None
        }
        agree_a &= got.keys() == expected.keys() and all(
            abs(got[k] - expected[k]) < Decimal("0.01") for k in got
        )
    _report(
        f"(a) 1 indicator x all units x years (rollup used: {from_rollup})",
        times,
        peak,
        base_times,
        agree_a,
        len(got),
        facts_times,
    )

    # (b) ten indicators for one province's (branch's) subtree by month.
    branch = root.children.order_by("path").first()
    children = list(branch.children.order_by("path"))
    chosen = indicators[:10]

    def pivot_b(rollup: bool):  # type: ignore[no-untyped-def]
        return run_pivot(
            indicators=chosen,
            rows=[branch, *children],
            start=start,
            end=end,
            within=branch,
            rollup=rollup,
        )

    pivot, times, peak = _timed(lambda: pivot_b(True))
    from_rollup = pivot.from_rollup
    pivot_f, facts_times, _ = _timed(lambda: pivot_b(False))
    sql_b = (
        "SELECT r.unit_id, v.indicator_id, r.period_year, r.period_index, SUM(v.value) "
        "FROM reports_indicatorvalue v JOIN reports_report r ON r.id = v.report_id "
        "JOIN organizations_orgunit u ON u.id = r.unit_id WHERE u.path LIKE %s "
        "AND v.indicator_id IN (" + ", ".join(["%s"] * len(chosen)) + ") "
        "AND r.status = 'approved' AND r.is_consolidated = %s "
        "GROUP BY r.unit_id, v.indicator_id, r.period_year, r.period_index"
    )
    base, base_times, _ = _timed(
        lambda: _baseline(sql_b, [branch.path + "%", *[i.pk for i in chosen], False]),
        args.baseline_repeat,
    )
    expected = {(u, i, y, m): Decimal(str(v)) for u, i, y, m, v in base}
    keys = [c.key for c in pivot.columns]
    agree_b = True
    for one in (pivot, pivot_f):
        got = {
            (row.unit.pk, row.indicator.pk, *keys[n]): v
            for row in one.rows
            if row.unit.pk != branch.pk
            for n, v in enumerate(row.cells)
            if v is not None
        }
        agree_b &= got.keys() == expected.keys() and all(
            abs(got[k] - expected[k]) < Decimal("0.01") for k in got
        )
    # The branch row: each rule combines its units' values (domain.consolidation), checked too.
    from baocao.domain.consolidation import combine_units

    by_cell: dict[tuple, list[Decimal]] = {}
    for (_u, i, y, m), v in expected.items():
        by_cell.setdefault((i, y, m), []).append(v)
    for row in [*pivot.rows, *pivot_f.rows]:
        if row.unit.pk == branch.pk:
            for n, v in enumerate(row.cells):
                want = combine_units(
                    row.indicator.aggregation, by_cell.get((row.indicator.pk, *keys[n]), [])
                )
                agree_b &= (v is None and want is None) or (
                    v is not None and want is not None and abs(v - want) < Decimal("0.01")
                )
    _report(
        f"(b) 10 indicators x subtree of {branch.name} ({len(children)} units) x months "
        f"(rollup used: {from_rollup})",
        times,
        peak,
        base_times,
        agree_b,
        len(got),
        facts_times,
    )

    # (c) the whole cube: every indicator x year for the whole tree (the root's row), in
    # batches of MAX_INDICATORS (the pivot's limit), against one raw GROUP BY.
    from baocao.analytics.pivot import MAX_INDICATORS

    def cube(rollup: bool):  # type: ignore[no-untyped-def]
        rows = []
        for n in range(0, len(indicators), MAX_INDICATORS):
            rows += run_pivot(
                indicators=indicators[n : n + MAX_INDICATORS],
                rows=[root],
                start=start,
                end=end,
                by_year=True,
                within=root,
                rollup=rollup,
            ).rows
        return rows

    cube_rows, times, peak = _timed(lambda: cube(True))
    cube_f, facts_times, _ = _timed(lambda: cube(False))
    sql_c = (
        "SELECT v.indicator_id, r.period_year, SUM(v.value), COUNT(v.value), MAX(v.value), "
        "MIN(v.value) FROM reports_indicatorvalue v JOIN reports_report r ON r.id = v.report_id "
        "WHERE r.status = 'approved' AND r.is_consolidated = %s AND v.value IS NOT NULL "
        "GROUP BY v.indicator_id, r.period_year"
    )
    base, base_times, _ = _timed(lambda: _baseline(sql_c, [False]), args.baseline_repeat)
    parts = {
        (i, y): (Decimal(str(t)), c, Decimal(str(h)), Decimal(str(lo)))
        for i, y, t, c, h, lo in base
    }
    agree_c, checked = True, 0
    for one in (cube_rows, cube_f):
        for row in one:
            rule = row.indicator.aggregation
            for year, v in zip(years, row.cells, strict=True):
                total, count, high, low = parts.get((row.indicator.pk, year), (None, 0, None, None))
                if rule == "last":  # the sum of each unit's latest value: not in this GROUP BY
                    continue
                want = {"sum": total, "max": high, "min": low}.get(
                    rule, total / count if count else None
                )
                checked += 1
                agree_c &= (v is None and want is None) or (
                    v is not None and want is not None and abs(v - want) < Decimal("0.01")
                )
    _report(
        f"(c) whole cube: {len(indicators)} indicators x {len(years)} years, whole tree",
        times,
        peak,
        base_times,
        agree_c,
        checked // 2,
        facts_times,
    )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS of this process: {rss:.0f} MB")
    return 0 if agree_a and agree_b and agree_c else 1


if __name__ == "__main__":
    raise SystemExit(main())
