"""Synthetic demo data at scale: a unit tree, a monthly template, reports, values and facts.

Used by ``baocao gen-demo`` and by ``bench/analytics.py``. Units and reports go in with
``bulk_create``; values and facts, the bulk of the rows, with ``executemany`` (SQLite) or COPY
(PostgreSQL). Everything is marked ``is_demo``.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from baocao.catalog.calendar import working_calendar
from baocao.catalog.models import Indicator, ReportTemplate, Section
from baocao.domain.periods import Period
from baocao.organizations.models import OrgUnit
from baocao.reports.models import Report

CHUNK = 50_000
RULES = ["sum", "sum", "sum", "average", "max", "sum", "last", "min"]
SECTOR_NAMES = [
    ("Tin, bài báo chí về tỉnh", "tin, bài"), ("Hồ sơ TTHC tiếp nhận trực tuyến", "hồ sơ"),
    ("Tỷ lệ hồ sơ trực tuyến", "%"), ("Cuộc thanh tra, kiểm tra", "cuộc"),
    ("Hệ thống được rà soát lỗ hổng", "hệ thống"), ("Vụ việc khiếu nại, tố cáo", "vụ việc"),
    ("Trạm BTS đang hoạt động", "trạm"), ("Cáp viễn thông được chỉnh trang", "km"),
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
        code=f"{size.prefix}-ROOT", name="Cả nước (dữ liệu mẫu)" if nation else
        "UBND tỉnh Mẫu (dữ liệu mẫu)", short_name="Dữ liệu mẫu",
        level="national" if nation else "province", is_demo=True, place_name="Hà Nội",
    )
    rest = max(size.units - 1, 1)
    branches = max(1, round(math.sqrt(rest)))
    branch_level, leaf_level = ("province", "commune") if nation else ("district", "commune")
    parents = OrgUnit.objects.bulk_create([
        OrgUnit(code=f"{size.prefix}-B{b:03d}", name=f"{'Tỉnh' if nation else 'Huyện'} Mẫu {b}",
                short_name=f"{'Tỉnh' if nation else 'Huyện'} {b}", level=branch_level,
                parent=root, is_demo=True)
        for b in range(1, branches + 1)
    ])
    leaves_wanted = max(rest - branches, 0)
    leaves = OrgUnit.objects.bulk_create([
        OrgUnit(code=f"{size.prefix}-L{n:05d}", name=f"Xã Mẫu {n}", short_name=f"Xã {n}",
                level=leaf_level, parent=parents[n % branches], is_demo=True)
        for n in range(1, leaves_wanted + 1)
    ])
    _set_paths(root, parents, leaves)
    return root, leaves or parents


def _set_paths(root: OrgUnit, parents: list[OrgUnit], leaves: list[OrgUnit]) -> None:
    """Fill the materialised paths that bulk_create skipped (save() computes them one by one)."""
    root.refresh_from_db()
    for unit in parents:
        unit.path, unit.depth = f"{root.path}{unit.pk}/", root.depth + 1
    by_id = {p.pk: p for p in parents}
    for unit in leaves:
        parent = by_id[unit.parent_id]
        unit.path, unit.depth = f"{parent.path}{unit.pk}/", parent.depth + 1
    OrgUnit.objects.bulk_update(parents + leaves, ["path", "depth"], batch_size=2000)


def _template(size: DemoSize) -> ReportTemplate:
    template = ReportTemplate.objects.create(
        code=f"{size.prefix}-THANG", name="Báo cáo tháng (dữ liệu mẫu)", period_kind="month",
        title_format="Báo cáo kết quả hoạt động {period}",
    )
    section = Section.objects.create(template=template, code="KQ", order=1,
                                     title="Kết quả thực hiện nhiệm vụ")
    Section.objects.create(template=template, code="NVTT", order=2, kind="plan",
                           title="Nhiệm vụ trọng tâm tháng tới")
    Indicator.objects.bulk_create([
        Indicator(template=template, section=section, code=f"CT{k:03d}",
                  name=(SECTOR_NAMES[k % len(SECTOR_NAMES)][0] + (f" ({k + 1})" if k >= 8 else "")),
                  unit=SECTOR_NAMES[k % len(SECTOR_NAMES)][1], order=k,
                  value_type="percent" if SECTOR_NAMES[k % len(SECTOR_NAMES)][1] == "%" else
                  "integer", aggregation="average" if k % 8 == 2 else RULES[k % len(RULES)],
                  is_key=k < 4)
        for k in range(size.indicators)
    ])
    return template


def _periods(months: int, today: dt.date) -> list[Period]:
    period = Period.from_date(Period.month(2000, 1).kind, today).previous()
    periods = []
    for _ in range(months):
        periods.append(period)
        period = period.previous()
    return periods[::-1]


def generate(size: DemoSize, *, progress: Callable[[str], None] = lambda _: None) -> DemoResult:
    """Generate the demo province or nation; return what was made."""
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
    calendar = working_calendar()
    reports = 0
    values = 0
    for n, period in enumerate(periods):
        start, end = template.cutoff_rule.window(period)
        due = template.deadline.deadline(period, template.cutoff_rule, calendar)
        latest = n == len(periods) - 1
        batch = []
        for unit in leaves:
            roll = rng.random()
            if latest and roll < 0.08:
                continue  # missing
            status = "submitted" if latest and roll < 0.25 else "approved"
            late = rng.random() < 0.1
            sent = dt.datetime.combine(due + dt.timedelta(days=rng.randint(1, 5) if late
                                                          else -rng.randint(0, 4)), dt.time(10))
            sent_at = timezone.make_aware(sent)
            batch.append(Report(
                unit=unit, template=template, period_code=period.code, period_kind="month",
                period_year=period.year, period_index=period.index, period_start=start,
                period_end=end, due_date=due, status=status,
                title=f"Báo cáo kết quả hoạt động {period.label.lower()}", is_demo=True,
                submitted_at=sent_at, approved_at=sent_at if status == "approved" else None,
            ))
        with transaction.atomic():
            made = Report.objects.bulk_create(batch, batch_size=5000)
            reports += len(made)
            values += insert_values(_value_rows(made, indicators, rng, period))
        progress(f"{period.label}: {len(made)} báo cáo")
    from baocao.analytics.services import rebuild_facts

    facts = rebuild_facts()
    return DemoResult(root, template, total_units, reports, values, facts)


def _value_rows(reports: list[Report], indicators: list[Indicator], rng: random.Random,
                period: Period) -> Iterator[tuple]:
    season = 1.0 + 0.15 * math.sin(period.index / 12 * 2 * math.pi)
    growth = 1.0 + 0.04 * (period.year - 2020)
    for report in reports:
        base = (report.unit_id % 17) + 3
        for k, indicator in enumerate(indicators):
            if indicator.value_type == "percent":
                value = min(100, 40 + (report.unit_id + k) % 50 + rng.randint(0, 9))
            else:
                value = int(base * (k + 1) * season * growth) + rng.randint(0, 5)
            yield (report.pk, indicator.pk, value, "", "")


def insert_values(rows: Iterator[tuple]) -> int:
    """Insert (report_id, indicator_id, value, text_value, note) rows fast; return how many."""
    return _insert("reports_indicatorvalue",
                   ["report_id", "indicator_id", "value", "text_value", "note"], rows)


def insert_facts(rows: Iterator[tuple]) -> int:
    """Insert (unit, indicator, report, period_code, kind, year, index, value) rows fast."""
    return _insert("analytics_indicatorfact",
                   ["unit_id", "indicator_id", "report_id", "period_code", "period_kind", "year",
                    '"index"', "value"], rows)


def _insert(table: str, columns: list[str], rows: Iterator[tuple]) -> int:
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw = cursor.cursor
            with raw.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
            return count
        sql = (f"INSERT INTO {table} ({', '.join(columns)}) "  # noqa: S608 - fixed names
               f"VALUES ({', '.join(['%s'] * len(columns))})")
        chunk: list[tuple] = []
        for row in rows:
            chunk.append(row)
            if len(chunk) >= CHUNK:
                cursor.executemany(sql, chunk)
                count += len(chunk)
                chunk = []
        if chunk:
            cursor.executemany(sql, chunk)
            count += len(chunk)
    return count
