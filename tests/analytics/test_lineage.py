"""Analytics with lineage: successors carry predecessors' figures, marked, never twice."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from baocao.analytics.history import rates_history
from baocao.analytics.pivot import run_pivot
from baocao.analytics.scope import Scope, pivot_rows
from baocao.catalog.versioning import new_template_version
from baocao.domain.periods import Period
from baocao.domain.workflow import Role
from baocao.organizations.models import OrgUnit
from baocao.organizations.services import reorganize
from tests.analytics.conftest import file_report
from tests.api.conftest import api_as
from tests.conftest import make_user

HEADER = "date,kind,from,to,name,level,parent,functions,indicators,share\n"
JAN, FEB = Period.parse("2022-01"), Period.parse("2022-02")


@pytest.fixture
def admin(province):
    """Return an administrator of the province."""
    return make_user("quantri.tinh", province, Role.ADMINISTRATOR)


@pytest.fixture
def filed(template, unit, other_unit, reporter, approver, outsider, outside_approver):
    """January 2022: the Sở TT&TT 100 press items, 10 complaints; the Sở KH&ĐT 7 and 3."""
    file_report(
        template,
        unit,
        "2022-01",
        reporter=reporter,
        approver=approver,
        values={"BAO_CHI": "100", "KHIEU_NAI": "10", "TY_LE": "80"},
    )
    file_report(
        template,
        other_unit,
        "2022-01",
        reporter=outsider,
        approver=outside_approver,
        values={"BAO_CHI": "7", "KHIEU_NAI": "3", "TY_LE": "40"},
    )
    return template


def _plan(text: str, admin) -> None:  # type: ignore[no-untyped-def]
    result = reorganize((HEADER + text).encode(), name="plan.csv", by=admin)
    assert result.errors == []


def _cells(
    template,
    code: str,
    *,
    lineage: bool = True,
    as_of=None,
    subtree=True,
    indicators=("BAO_CHI", "KHIEU_NAI", "TY_LE"),
):  # type: ignore[no-untyped-def]
    unit = OrgUnit.objects.get(code=code)
    rows, _level = pivot_rows(Scope(unit, subtree), None, lineage=lineage, as_of=as_of)
    chosen = [template.indicators.get(code=c) for c in indicators]
    pivot = run_pivot(
        indicators=chosen,
        rows=rows,
        start=JAN,
        end=FEB,
        lineage=lineage,
        as_of=as_of,
        subtree=subtree,
        within=unit,
    )
    return {
        (r.unit.code, r.indicator.code): (r.cells[0], r.carried[0] if r.carried else False)
        for r in pivot.rows
    }


def _open(code: str) -> str:
    return f"2025-01-01,open,,{code},Đơn vị {code},department,UBND-TB,,,\n"


def test_a_merge_carries_both_predecessors_and_the_province_counts_them_once(filed, admin):
    _plan(_open("NEW") + "2025-03-01,merge,STTTT;SKHDT,NEW,,,,,,\n", admin)
    cells = _cells(filed, "UBND-TB")
    assert set(k[0] for k in cells) == {"UBND-TB", "NEW"}  # the tree as of today
    assert cells[("NEW", "BAO_CHI")] == (Decimal(107), True)
    assert cells[("NEW", "TY_LE")] == (Decimal(60), True)  # an average is not summed
    assert cells[("UBND-TB", "BAO_CHI")][0] == Decimal(107)
    plain = _cells(filed, "UBND-TB", lineage=False)
    assert plain[("NEW", "BAO_CHI")] == (None, False)
    assert plain[("STTTT", "BAO_CHI")] == (Decimal(100), False)
    assert plain[("UBND-TB", "BAO_CHI")][0] == Decimal(107)
    before = _cells(filed, "UBND-TB", as_of=dt.date(2024, 12, 1))
    assert {k[0] for k in before} == {"UBND-TB", "STTTT", "SKHDT"}
    assert before[("STTTT", "BAO_CHI")] == (Decimal(100), False)


def test_a_split_by_functions_and_shares(filed, admin):
    _plan(
        _open("PRESS")
        + _open("REST")
        + "2025-03-01,split,STTTT,PRESS,,,,Báo chí,BAO_CHI,\n"
        + "2025-03-01,split,STTTT,REST,,,,Còn lại,,\n",
        admin,
    )
    cells = _cells(filed, "UBND-TB")
    assert cells[("PRESS", "BAO_CHI")] == (Decimal(100), True)
    assert cells[("PRESS", "KHIEU_NAI")][0] is None
    assert cells[("REST", "KHIEU_NAI")] == (Decimal(10), True)
    assert cells[("REST", "BAO_CHI")][0] is None
    assert cells[("UBND-TB", "BAO_CHI")][0] == Decimal(107)


def test_a_split_with_shares_divides_the_numbers(filed, admin):
    _plan(
        _open("A")
        + _open("B")
        + "2025-03-01,split,STTTT,A,,,,,,0.6\n"
        + "2025-03-01,split,STTTT,B,,,,,,40%\n",
        admin,
    )
    cells = _cells(filed, "UBND-TB", indicators=("KHIEU_NAI",))
    assert cells[("A", "KHIEU_NAI")][0] == Decimal(6)
    assert cells[("B", "KHIEU_NAI")][0] == Decimal(4)
    assert cells[("UBND-TB", "KHIEU_NAI")][0] == Decimal(13)


def test_a_merge_after_a_split_counts_the_split_unit_once(filed, admin):
    _plan(
        _open("X")
        + _open("Y")
        + _open("Z")
        + "2025-03-01,split,STTTT,X,,,,,,\n2025-03-01,split,STTTT,Y,,,,,,\n"
        + "2025-07-01,merge,X;Y,Z,,,,,,\n",
        admin,
    )
    cells = _cells(filed, "Z", indicators=("BAO_CHI",))
    assert cells[("Z", "BAO_CHI")] == (Decimal(100), True)
    between = _cells(filed, "UBND-TB", as_of=dt.date(2025, 5, 1), indicators=("BAO_CHI",))
    assert between[("X", "BAO_CHI")] == (Decimal(100), True)
    assert between[("Y", "BAO_CHI")] == (Decimal(100), True)
    assert between[("UBND-TB", "BAO_CHI")][0] == Decimal(107)


def test_an_indicator_of_a_new_regime_version_carries_the_old_one(filed, admin, province):
    admin.is_superuser = True
    admin.save()
    new = new_template_version(filed, by=admin)
    cells = _cells(new, "STTTT", subtree=False, indicators=("BAO_CHI",))
    assert cells[("STTTT", "BAO_CHI")] == (Decimal(100), False)  # its own unit: not carried
    assert (
        _cells(new, "STTTT", lineage=False, subtree=False, indicators=("BAO_CHI",))[
            ("STTTT", "BAO_CHI")
        ][0]
        is None
    )


def test_the_api_pivot_with_lineage(filed, admin, viewer):
    _plan(_open("NEW") + "2025-03-01,merge,STTTT;SKHDT,NEW,,,,,,\n", admin)
    query = (
        "/api/pivot?indicators=BAO_CHI&unit=UBND-TB&period_from=2022-01&period_to=2022-02"
        "&lineage=true"
    )
    body = api_as(viewer).get(query).json()
    rows = {r["unit"]: r for r in body["rows"]}
    assert body["lineage"] is True and set(rows) == {"UBND-TB", "NEW"}
    assert rows["NEW"]["cells"] == ["107", None] and rows["NEW"]["carried"] == [True, False]
    old = api_as(viewer).get(query + "&as_of=2024-12-31").json()
    assert {r["unit"] for r in old["rows"]} == {"UBND-TB", "STTTT", "SKHDT"}
    plain = api_as(viewer).get(query.replace("&lineage=true", "")).json()
    assert {r["unit"]: r["closed_on"] for r in plain["rows"]}["STTTT"] == "2025-03-01"


def test_the_rates_history_of_a_successor_goes_back_through_its_predecessors(filed, admin):
    _plan(_open("NEW") + "2025-03-01,merge,STTTT;SKHDT,NEW,,,,,,\n", admin)
    new = OrgUnit.objects.get(code="NEW")
    plain = rates_history(filed, new, FEB, count=2)
    assert [h.rate.expected for h in plain] == [0, 0]
    followed = rates_history(filed, new, FEB, count=2, lineage=True)
    assert [h.rate.expected for h in followed] == [2, 2]
    assert followed[0].period == JAN
