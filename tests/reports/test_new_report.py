"""Creating a report for a period has one home (reports.services.authoring: check_new_report
and open_report): a reporter's draft and a consolidation refuse the same periods with the same
errors, and both are found by search once made."""

from __future__ import annotations

import datetime as dt

import pytest

from baocao.analytics.services.consolidate import consolidate_report
from baocao.core.errors import Conflict, Invalid, ServiceError
from baocao.domain.periods import Period
from baocao.reports.models import Report
from baocao.reports.services import create_report
from baocao.reports.services.authoring import insert_report, period_title


def _reporters_draft(period, *, unit, province, template, reporter, consolidator):  # type: ignore[no-untyped-def]
    return unit, lambda: create_report(unit=unit, template=template, period=period, by=reporter)


def _consolidation(period, *, unit, province, template, reporter, consolidator):  # type: ignore[no-untyped-def]
    return province, lambda: consolidate_report(
        parent=province, template=template, period=period, by=consolidator
    )


CREATORS = [_reporters_draft, _consolidation]


def _error(make) -> ServiceError:  # type: ignore[no-untyped-def]
    with pytest.raises(ServiceError) as caught:
        make()
    return caught.value


def _both(period, **people) -> list[tuple[type, str, str | None, object]]:  # type: ignore[no-untyped-def]
    found = []
    for creator in CREATORS:
        _, make = creator(period, **people)
        error = _error(make)
        found.append((type(error), error.message, error.code, error.details))
    return found


@pytest.fixture
def people(unit, province, template, reporter, consolidator):  # type: ignore[no-untyped-def]
    return {
        "unit": unit,
        "province": province,
        "template": template,
        "reporter": reporter,
        "consolidator": consolidator,
    }


@pytest.mark.parametrize("period", ["2022-13", "tháng 1", "2022-Q1", "2022", "1900-01"])
def test_a_bad_period_is_refused_alike(period, people) -> None:
    reporter_error, consolidation_error = _both(period, **people)
    assert reporter_error == consolidation_error
    assert reporter_error[0] is Invalid


def test_a_closed_unit_is_refused_alike(people) -> None:
    for unit in (people["unit"], people["province"]):
        unit.closed_on = dt.date(2021, 6, 30)
        unit.save()
    reporter_error, consolidation_error = _both("2022-01", **people)
    assert reporter_error[0] is Invalid and reporter_error[2] == "unit_closed"
    assert reporter_error[1:] == consolidation_error[1:]


def test_a_second_report_for_the_period_is_refused_alike(people) -> None:
    period = Period.parse("2022-01")
    template = people["template"]
    for unit in (people["unit"], people["province"]):
        insert_report(
            unit=unit,
            template=template,
            period=period,
            by=people["reporter"],
            title=period_title(template, period),
        )
    reporter_error, consolidation_error = _both("2022-01", **people)
    assert reporter_error == consolidation_error
    assert reporter_error[0] is Conflict and reporter_error[2] == "duplicate_report"
    assert Report.objects.filter(period_code="2022-01").count() == 2  # nothing more written
