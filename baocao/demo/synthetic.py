"""Synthetic demo data at scale: a unit tree, a monthly template, reports, values and facts.

Used by ``baocao gen-demo`` and by ``bench/analytics.py``. Units and reports go in with
``bulk_create``; values, the bulk of the rows, with the driver's ``executemany`` (SQLite) or
COPY (PostgreSQL); the fact tables with one ``INSERT … SELECT`` each. Everything is marked
``is_demo``.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models import Field
from django.utils import timezone

from baocao.analytics.bulk import indexes_deferred
from baocao.catalog.calendar import working_calendar
from baocao.catalog.models import Indicator, ReportTemplate, Section
from baocao.domain.periods import Period
from baocao.organizations.models import OrgUnit
from baocao.reports.models import Report

CHUNK = 50_000
RULES = ["sum", "sum", "sum", "average", "max", "sum", "last", "min"]
SECTOR_NAMES = [
    ("Tin, bài báo chí về tỉnh", "tin, bài"),
    ("Hồ sơ TTHC tiếp nhận trực tuyến", "hồ sơ"),
    ("Tỷ lệ hồ sơ trực tuyến", "%"),
    ("Cuộc thanh tra, kiểm tra", "cuộc"),
    ("Hệ thống được rà soát lỗ hổng", "hệ thống"),
    ("Vụ việc khiếu nại, tố cáo", "vụ việc"),
    ("Trạm BTS đang hoạt động", "trạm"),
    ("Cáp viễn thông được chỉnh trang", "km"),
]


@dataclass
class DemoSize:
    """How big the synthetic tree and history are."""

    units: int = 200
    months: int = 24
    indicators: int = 10
    prefix: str = "DEMO"
    seed: int = 2026


@dataclass
class DemoResult:
    """What was generated."""

    root: OrgUnit
    template: ReportTemplate
    units: int
    reports: int
    values: int
    facts: int


def _build_tree(size: DemoSize) -> tuple[OrgUnit, list[OrgUnit]]:
    """Create a root, branches and leaves: about sqrt(N) branches of about sqrt(N) leaves."""
    nation = size.units > 400
    root = OrgUnit.objects.create(
        code=f"{size.prefix}-ROOT",
        name="Cả nước (dữ liệu mẫu)" if nation else "UBND tỉnh Mẫu (dữ liệu mẫu)",
        short_name="Dữ liệu mẫu",
        level="national" if nation else "province",
        is_demo=True,
        place_name="Hà Nội",
    )
    rest = max(size.units - 1, 1)
    branches = max(1, round(math.sqrt(rest)))
    branch_level, leaf_level = ("province", "commune") if nation else ("district", "commune")
    parents = OrgUnit.objects.bulk_create(
        [
            OrgUnit(
                code=f"{size.prefix}-B{b:03d}",
                name=f"{'Tỉnh' if nation else 'Huyện'} Mẫu {b}",
                short_name=f"{'Tỉnh' if nation else 'Huyện'} {b}",
                level=branch_level,
                parent=root,
                is_demo=True,
            )
            for b in range(1, branches + 1)
        ]
    )
    leaves_wanted = max(rest - branches, 0)
    leaves = OrgUnit.objects.bulk_create(
        [
            OrgUnit(
                code=f"{size.prefix}-L{n:05d}",
                name=f"Xã Mẫu {n}",
                short_name=f"Xã {n}",
                level=leaf_level,
                parent=parents[n % branches],
                is_demo=True,
            )
            for n in range(1, leaves_wanted + 1)
        ]
    )
    _set_paths(root, parents, leaves)
    return root, leaves or parents


def _set_paths(root: OrgUnit, parents: list[OrgUnit], leaves: list[OrgUnit]) -> None:
    """Fill the materialised paths that bulk_create skipped (save() computes them one by one)."""
    root.refresh_from_db()
    for unit in parents:
        unit.path, unit.depth = f"{root.path}{unit.pk}/", root.depth + 1
    by_id = {p.pk: p for p in parents}
    for unit in leaves:
        parent = by_id[unit.parent_id or 0]  # a leaf always has one of ``parents`` above it
        unit.path, unit.depth = f"{parent.path}{unit.pk}/", parent.depth + 1
    OrgUnit.objects.bulk_update(parents + leaves, ["path", "depth"], batch_size=2000)


def _template(size: DemoSize) -> ReportTemplate:
    template = ReportTemplate.objects.create(
        code=f"{size.prefix}-THANG",
        name="Báo cáo tháng (dữ liệu mẫu)",
        period_kind="month",
        title_format="Báo cáo kết quả hoạt động {period}",
    )
    section = Section.objects.create(
        template=template, code="KQ", order=1, title="Kết quả thực hiện nhiệm vụ"
    )
    Section.objects.create(
        template=template, code="NVTT", order=2, kind="plan", title="Nhiệm vụ trọng tâm tháng tới"
    )
    Indicator.objects.bulk_create(
        [
            Indicator(
                template=template,
                section=section,
                code=f"CT{k:03d}",
                name=(SECTOR_NAMES[k % len(SECTOR_NAMES)][0] + (f" ({k + 1})" if k >= 8 else "")),
                unit=SECTOR_NAMES[k % len(SECTOR_NAMES)][1],
                order=k,
                value_type="percent"
                if SECTOR_NAMES[k % len(SECTOR_NAMES)][1] == "%"
                else "integer",
                aggregation="average" if k % 8 == 2 else RULES[k % len(RULES)],
                is_key=k < 4,
            )
            for k in range(size.indicators)
        ]
    )
    return template


def _periods(months: int, today: dt.date) -> list[Period]:
    period = Period.from_date(Period.month(2000, 1).kind, today).previous()
    periods = []
    for _ in range(months):
        periods.append(period)
        period = period.previous()
    return periods[::-1]


def generate(
    size: DemoSize, *, progress: Callable[[str], None] = lambda _: None, bulk: bool = False
) -> DemoResult:
    """Generate the demo province or nation; return what was made.

    ``bulk`` (a database of its own, e.g. the benchmark's): load every report and value in one
    transaction with the value table's indexes dropped and built again at the end, and the
    fact tables likewise. Without it each month commits on its own and indexes stay in place.
    """
    rng = random.Random(size.seed)
    today = timezone.localdate()
    with transaction.atomic():
        root, leaves = _build_tree(size)
        template = _template(size)
        template.assigned_units.add(*leaves)
    total_units = OrgUnit.objects.filter(path__startswith=root.path).count()
    progress(f"{total_units} đơn vị")
    indicators = list(template.indicators.order_by("order"))
    periods = _periods(size.months, today)
    counts = [0, 0]
    if bulk:
        with transaction.atomic(), indexes_deferred("reports_indicatorvalue"):
            for n, period in enumerate(periods):
                _month(template, leaves, indicators, period, n == len(periods) - 1, rng, counts)
                progress(f"{period.label}: {counts[0]} báo cáo")
        progress("đã tạo lại chỉ mục số liệu")
    else:
        for n, period in enumerate(periods):
            with transaction.atomic():
                _month(template, leaves, indicators, period, n == len(periods) - 1, rng, counts)
            progress(f"{period.label}: {counts[0]} báo cáo")
    from baocao.analytics.services import rebuild_facts

    progress(f"{counts[1]} số liệu; đang tính bảng phân tích")
    facts = rebuild_facts(bulk=True if bulk else None)
    progress(f"{facts} dòng phân tích")
    return DemoResult(root, template, total_units, counts[0], counts[1], facts)


def _month(
    template: ReportTemplate,
    leaves: list[OrgUnit],
    indicators: list[Indicator],
    period: Period,
    latest: bool,
    rng: random.Random,
    counts: list[int],
) -> None:
    """Create one month's reports (the latest with missing and submitted ones) and values."""
    start, end = template.cutoff_rule.window(period)
    due = template.deadline.deadline(period, template.cutoff_rule, working_calendar())
    now = timezone.now()
    base = Report(
        template=template,
        period_code=period.code,
        period_kind="month",
        period_year=period.year,
        period_index=period.index,
        period_start=start,
        period_end=end,
        due_date=due,
        status="approved",
        is_demo=True,
        title=f"Báo cáo kết quả hoạt động {period.label.lower()}",
        created_at=now,
        updated_at=now,
    )
    rows = []
    for unit in leaves:
        roll = rng.random()
        if latest and roll < 0.08:
            continue  # missing
        status = "submitted" if latest and roll < 0.25 else "approved"
        late = rng.random() < 0.1
        sent = dt.datetime.combine(
            due + dt.timedelta(days=rng.randint(1, 5) if late else -rng.randint(0, 4)), dt.time(10)
        )
        sent_at = timezone.make_aware(sent)
        rows.append(
            {
                "unit_id": unit.pk,
                "status": status,
                "submitted_at": sent_at,
                "approved_at": sent_at if status == "approved" else None,
            }
        )
    made = _insert_reports(base, rows)
    counts[0] += len(made)
    counts[1] += insert_values(_value_rows(made, indicators, rng, period))


def _insert_reports(base: Report, rows: list[dict]) -> list[tuple[int, int]]:
    """Insert copies of ``base`` that differ in the fields of each row; return (id, unit_id).

    One prepared row per period, a few fields changed per unit: Django's ``bulk_create``
    prepares all thirty fields of every row (and SQLite's 999-parameter limit cuts it into
    batches of 34), which made the reports slower to write than the ten million values.
    """
    fields = [f for f in Report._meta.concrete_fields if not f.primary_key]
    cache: dict[tuple[str, object], object] = {}

    def prep(field: Field[Any, Any], value: object) -> object:
        key = (field.attname, value)
        if key not in cache:
            cache[key] = field.get_db_prep_save(value, connection)
        return cache[key]

    template = [prep(f, getattr(base, f.attname)) for f in fields]
    position = {f.attname: n for n, f in enumerate(fields)}
    by_name = {f.attname: f for f in fields}
    prepared = []
    for row in rows:
        values = list(template)
        for name, value in row.items():
            values[position[name]] = prep(by_name[name], value)
        prepared.append(values)
    columns = [f.column for f in fields]
    _insert_rows(Report._meta.db_table, columns, prepared)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, unit_id FROM reports_report WHERE template_id = %s "
            "AND period_code = %s ORDER BY id",
            [base.template_id, base.period_code],
        )
        return cursor.fetchall()


def _insert_rows(table: str, columns: list[str], rows: list[list]) -> None:
    """Insert prepared rows with the driver's executemany (SQLite) or COPY (PostgreSQL)."""
    connection.ensure_connection()
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    if connection.vendor == "postgresql":
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)
        return
    marks = ", ".join("?" * len(columns))
    connection.connection.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)  # noqa: S608 - fixed names


def _value_rows(
    reports: list[tuple[int, int]], indicators: list[Indicator], rng: random.Random, period: Period
) -> Iterator[list[tuple[int, int, int]]]:
    """Yield, report by report, its (report_id, indicator_id, value) rows."""
    season = 1.0 + 0.15 * math.sin(period.index / 12 * 2 * math.pi)
    growth = 1.0 + 0.04 * (period.year - 2020)
    ids = [i.pk for i in indicators]
    percent = [k for k, i in enumerate(indicators) if i.value_type == "percent"]
    # The seasonal, growing part of each indicator for each of the 17 unit sizes.
    trend = {
        base: [int(base * (k + 1) * season * growth) for k in range(len(ids))]
        for base in range(3, 20)
    }
    noise_pool = range(6)
    width = len(ids)
    for report_id, unit_id in reports:
        values = [
            t + n
            for t, n in zip(trend[unit_id % 17 + 3], rng.choices(noise_pool, k=width), strict=True)
        ]
        for k in percent:
            values[k] = min(100, 40 + (unit_id + k) % 50 + rng.randint(0, 9))
        yield [
            (report_id, indicator_id, value)
            for indicator_id, value in zip(ids, values, strict=True)
        ]


def insert_values(rows: Iterator[list[tuple[int, int, int]]]) -> int:
    """Insert numeric values, given as lists of (report_id, indicator_id, value); return how many.

    SQLite: the driver's own ``executemany`` over a generator (no Django wrapper per row);
    PostgreSQL: COPY, written as text in large blocks.
    """
    connection.ensure_connection()
    if connection.vendor == "postgresql":
        count = 0
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(
                "COPY reports_indicatorvalue (report_id, indicator_id, value, text_value, note, "
                "is_estimate, confirmed_reason) FROM STDIN"
            ) as copy,
        ):
            block: list[str] = []
            for group in rows:
                block.extend(f"{r}\t{i}\t{v}\t\t\tf\t\n" for r, i, v in group)
                if len(block) >= CHUNK:
                    copy.write("".join(block))
                    count += len(block)
                    block = []
            if block:
                copy.write("".join(block))
                count += len(block)
        return count
    counter = [0]

    def flat() -> Iterator[tuple[int, int, int]]:
        for group in rows:
            counter[0] += len(group)
            yield from group

    connection.connection.executemany(
        "INSERT INTO reports_indicatorvalue (report_id, indicator_id, value, text_value, note, "
        "is_estimate, confirmed_reason) VALUES (?, ?, ?, '', '', 0, '')",
        flat(),
    )
    return counter[0]
