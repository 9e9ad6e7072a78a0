"""The periods offered and reminded on any day, for every period kind.

A nine-month regime's window (15/12 to 14/09 under Decree 09/2019) leaves the autumn uncovered:
between 15 September and 14 December no nine-month period is open, yet its report is due. The
reports page and ``baocao remind`` must still work on those days and offer the period just closed.
The other kinds are checked at their year-end turn (20 December already lies in next year's
window).
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from baocao.catalog.models import ReportTemplate
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

CASES = [
    # kind, today, the period codes offered on the reports page, the one reminder's subject
    # (deadline: the 27th of the month the cut-off ends in, 14/12 for the year-end ones)
    ("month", "2022-12-20", ["2022-12", "2023-01"], "Sắp đến hạn nộp báo cáo Tháng 12/2022"),
    ("quarter", "2022-12-20", ["2022-Q4", "2023-Q1"], "Sắp đến hạn nộp báo cáo Quý IV/2022"),
    ("half", "2022-12-20", ["2022-H2", "2023-H1"], "Sắp đến hạn nộp báo cáo 6 tháng cuối năm 2022"),
    ("nine_months", "2022-09-20", ["2022-9M"], "Sắp đến hạn nộp báo cáo 9 tháng năm 2022"),
    ("nine_months", "2022-11-30", ["2022-9M"], "Quá hạn nộp báo cáo 9 tháng năm 2022"),
    ("nine_months", "2022-12-20", ["2022-9M", "2023-9M"], "Quá hạn nộp báo cáo 9 tháng năm 2022"),
    ("year", "2022-12-20", ["2022", "2023"], "Sắp đến hạn nộp báo cáo Năm 2022"),
]
IDS = [f"{kind}-{today}" for kind, today, _, _ in CASES]


@pytest.fixture
def regime(unit):
    """Return a factory of an active template of a given period kind, assigned to the unit."""

    def make(kind: str) -> ReportTemplate:
        template = ReportTemplate.objects.create(
            code=f"STTTT-{kind.upper()}",
            name=f"Báo cáo {kind}",
            period_kind=kind,
            title_format="Báo cáo {period}",
            deadline_rule={"kind": "day_of_month", "value": 27},
        )
        template.assigned_units.add(unit)
        return template

    return make


@pytest.mark.parametrize(("kind", "today", "offered", "subject"), CASES, ids=IDS)
def test_the_reports_page_offers_the_periods_of_the_day(
    regime, reporter, monkeypatch, kind, today, offered, subject
):
    regime(kind)
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: dt.date.fromisoformat(today))
    response = client_for(reporter).get("/bao-cao/")
    assert response.status_code == 200
    assert re.findall(r'name="period" value="([^"]+)"', response.content.decode()) == offered


@pytest.mark.parametrize(("kind", "today", "offered", "subject"), CASES, ids=IDS)
def test_remind_runs_and_reminds_the_period_just_closed(
    regime, reporter, kind, today, offered, subject
):
    regime(kind)
    call_command("remind", "--today", today, "--days-before", "10")
    mine = [m for m in mail.outbox if reporter.email in m.to]
    assert len(mine) == 1
    assert mine[0].subject == f"[baocao] {subject}"
