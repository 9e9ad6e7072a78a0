"""The subtree rollup: same answers as the fact tables, refreshed by a job, its lag shown."""

from decimal import Decimal

import pytest

from baocao.analytics.models import IndicatorRollup, RollupPending
from baocao.analytics.pivot import run_pivot
from baocao.analytics.rollup import rebuild_rollups, refresh_unit_period, rollup_status
from baocao.domain.periods import Period
from baocao.domain.workflow import Role
from baocao.jobs.models import Job
from baocao.jobs.queue import run_now
from baocao.organizations.models import OrgUnit
from baocao.organizations.services import reorganize
from tests.analytics.conftest import file_report
from tests.analytics.test_pivot import year_of_values  # noqa: F401 - a fixture
from tests.analytics.test_views import _pivot_url, approved_jan  # noqa: F401 - a fixture
from tests.conftest import make_user

P = Period.parse
PLAN_HEADER = (
    "date,kind,from,to,name,short_name,level,parent,doc_code,governing_body,functions,"
    "indicators,share,note\n"
)


def _table(pivot):
    return {
        (r.unit.pk, r.indicator.code): [None if v is None else round(v, 4) for v in r.cells]
        for r in pivot.rows
    }


def _reorganize(line: str, by) -> None:
    """Apply one line of a reorganisation plan."""
    result = reorganize((PLAN_HEADER + line).encode(), name="plan.csv", by=by)
    assert result.errors == [] and result.events


def _both(template, rows, within, *, by_year=False, start="2022-01", end="2022-12"):
    """Return the pivot through the rollup and through the fact tables."""
    indicators = list(template.indicators.filter(code__in=["BAO_CHI", "TY_LE"]))
    kwargs = {
        "indicators": indicators,
        "rows": rows,
        "start": P(start) if not by_year else P("2021-01"),
        "end": P(end),
        "by_year": by_year,
        "within": within,
    }
    return run_pivot(**kwargs), run_pivot(**kwargs, rollup=False)


@pytest.mark.django_db
def test_the_rollup_answers_as_the_facts_do_by_month_and_by_year(
    year_of_values,  # noqa: F811
    template,
    province,
    unit,
    other_unit,
):
    rebuild_rollups()
    assert IndicatorRollup.objects.filter(unit=province).exists()
    assert not IndicatorRollup.objects.filter(unit=unit).exists()  # no units below it
    for by_year in (False, True):
        rolled, facts = _both(template, [province, unit, other_unit], province, by_year=by_year)
        assert rolled.from_rollup and not facts.from_rollup
        assert _table(rolled) == _table(facts)
    rolled, _ = _both(template, [province], province)
    assert rolled.rows[0].cells[:3] == [11, 22, 33]


@pytest.mark.django_db
def test_an_approval_waits_for_its_job_then_the_rollup_has_it(
    year_of_values,  # noqa: F811
    template,
    province,
    unit,
    reporter,
    approver,
    settings,
):
    rebuild_rollups()
    settings.BAOCAO_JOBS_IMMEDIATE = False
    file_report(
        template, unit, "2022-04", reporter=reporter, approver=approver, values={"BAO_CHI": "7"}
    )
    status = rollup_status()
    assert status.pending == 1
    rolled, facts = _both(template, [province, unit], province)
    assert not rolled.from_rollup  # pending in 2022: read from the fact tables
    assert _table(rolled) == _table(facts)
    assert rolled.rows[0].cells[3] == Decimal(7)
    job = Job.objects.get(kind="analytics.rollup")
    run_now(job.pk)
    assert rollup_status().pending == 0
    rolled, facts = _both(template, [province, unit], province)
    assert rolled.from_rollup
    assert _table(rolled) == _table(facts)
    assert rolled.rows[0].cells[3] == Decimal(7)
    # Another year has nothing pending: the rollup answers there meanwhile.
    assert RollupPending.objects.count() == 0


@pytest.mark.django_db
def test_the_refresh_is_idempotent(year_of_values, template, unit):  # noqa: F811
    rebuild_rollups()
    before = sorted(
        IndicatorRollup.objects.values_list("unit", "indicator", "year", "index", "total", "count")
    )
    refresh_unit_period(unit.pk, template.pk, 2022, 2)
    refresh_unit_period(unit.pk, template.pk, 2022, 2)
    after = sorted(
        IndicatorRollup.objects.values_list("unit", "indicator", "year", "index", "total", "count")
    )
    assert after == before


@pytest.mark.django_db
def test_a_unit_moved_makes_the_pivot_read_the_facts_until_rebuilt(
    year_of_values,  # noqa: F811
    template,
    province,
    unit,
    other_unit,
):
    admin = make_user("quantri.tinh", province, Role.ADMINISTRATOR)
    rebuild_rollups()
    _reorganize(f"2022-06-01,rename,{unit.code},,Sở mới,,,,,,,,,\n", admin)
    assert not rollup_status().tree_changed  # a rename keeps every path
    _reorganize(f"2022-06-01,move,{unit.code},,,,,{other_unit.code},,,,,,\n", admin)
    unit.refresh_from_db()
    assert rollup_status().tree_changed
    rolled, facts = _both(template, [province, other_unit], province)
    assert not rolled.from_rollup
    rebuild_rollups()
    rolled, facts = _both(template, [province, other_unit], province)
    assert rolled.from_rollup and not rollup_status().tree_changed
    assert _table(rolled) == _table(facts)
    other_row = next(
        r for r in rolled.rows if r.unit == other_unit and r.indicator.code == "BAO_CHI"
    )
    assert other_row.cells[:3] == [11, 22, 33]  # its own figures and the moved unit's


@pytest.mark.django_db
def test_the_units_admin_marks_the_tree_changed_on_a_new_parent_only(unit, other_unit):
    from types import SimpleNamespace

    from django.contrib import admin

    units_admin = admin.site._registry[OrgUnit]
    rebuild_rollups()
    unit.name = "Sở mới"
    units_admin.save_model(None, unit, SimpleNamespace(changed_data=["name"]), True)
    assert not rollup_status().tree_changed
    unit.parent = other_unit
    units_admin.save_model(None, unit, SimpleNamespace(changed_data=["parent"]), True)
    assert rollup_status().tree_changed


@pytest.mark.django_db
def test_the_status_says_when_and_how_many_wait(province):
    assert not rollup_status().built
    rebuild_rollups()
    status = rollup_status()
    assert status.built and status.pending == 0 and not status.tree_changed
    OrgUnit.objects.filter(pk=province.pk).update(name="Tỉnh B")  # no signal: still fresh
    assert not rollup_status().tree_changed


@pytest.mark.django_db
def test_the_page_shows_the_lag(client, viewer, template, province, approved_jan):  # noqa: F811
    from django.utils import timezone

    client.force_login(viewer)
    text = client.get(_pivot_url(template, province)).content.decode()
    assert "Số liệu tổng hợp đến" not in text  # never built: nothing to say
    rebuild_rollups()
    RollupPending.objects.create(unit=province, template=template, year=2022, index=1)
    text = client.get(_pivot_url(template, province)).content.decode()
    at = timezone.localtime(rollup_status().refreshed_at).strftime("%H:%M %d/%m")
    assert f"Số liệu tổng hợp đến {at}" in text
    assert "1 lượt tính lại đang chờ" in text
    assert "bảng này tính trực tiếp từ số liệu đã duyệt" in text


def test_a_series_with_gaps_or_out_of_order_lands_in_its_columns():
    from baocao.analytics.pivot import Column, _cells_to_series

    columns = [Column(2022, month, "") for month in range(1, 5)]
    found = [
        (1, 7, "202201,202202,202203,202204", "1,2,3,4", "1,1,1,1"),  # every column in turn
        (1, 8, "202204,202201", "40,10.5", "1,1"),  # a gap, out of order
        (2, 7, "202203,202202,202201,202204", "3,2,1,4", "1,1,1,1"),  # all, out of order
        (2, 9, "202202,202203", "9,10", "3,4"),  # an average: the sum over the count
    ]
    series = _cells_to_series(found, columns, averaged={9})
    assert series[(1, 7)] == [1, 2, 3, 4]
    assert series[(1, 8)] == [Decimal("10.5"), None, None, 40]
    assert series[(2, 7)] == [1, 2, 3, 4]
    assert series[(2, 9)] == [None, 3, Decimal("2.5"), None]
