"""Parallel issuing: the agency's outgoing series never gives a number twice, nor skips one."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TypeVar

import pytest
from django.db import OperationalError, connection
from django.utils import timezone

from baocao.issuing.models import OutgoingEntry
from baocao.issuing.services import issue_report, next_number, record_external_number
from baocao.reports.models import NumberRegister
from baocao.reports.services import add_item, approve_report, create_report, submit_report
from tests.conftest import reload

ISSUERS = 8
T = TypeVar("T")


def patiently(call: Callable[[], T]) -> T:
    """Call, retrying while the in-memory SQLite test database answers "locked"."""
    for _ in range(4000):
        try:
            return call()
        except OperationalError as exc:
            if "locked" not in str(exc):
                raise
            time.sleep(0.005)
    raise AssertionError("the database stayed locked")


@pytest.mark.django_db(transaction=True)
def test_parallel_issues_and_recorded_numbers_give_each_number_once(
    template, unit, reporter, approver, clerk
):
    reports = []
    for month in range(1, ISSUERS + 1):
        report = create_report(
            unit=unit, template=template, period=f"2022-{month:02d}", by=reporter
        )
        add_item(
            report,
            by=reporter,
            expected_version=report.version,
            text="Nội dung.",
            section_id=template.sections.get(code="CNTT").pk,
        )
        submit_report(reload(report), by=reporter)
        reports.append(approve_report(reload(report), by=approver))
    today = timezone.localdate()
    started = threading.Barrier(ISSUERS + 4)
    errors: list[BaseException] = []

    def issuer(report_id: int) -> None:
        try:
            started.wait()
            patiently(lambda: issue_report(report_id, by=clerk))
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    def recorder(seq: int) -> None:
        try:
            started.wait()
            patiently(
                lambda: record_external_number(
                    unit, by=clerk, seq=seq, issued_on=today, type_code="KH"
                )
            )
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=issuer, args=(r.pk,)) for r in reports]
    threads += [threading.Thread(target=recorder, args=(seq,)) for seq in (50, 51, 52, 53)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert not errors, errors
    entries = list(
        OutgoingEntry.objects.filter(unit=unit, year=today.year).values_list("seq", "report_id")
    )
    seqs = sorted(seq for seq, _ in entries)
    assert len(seqs) == len(set(seqs)) == ISSUERS + 4  # no number given twice
    issued = sorted(seq for seq, report_id in entries if report_id)
    # The issues take 1–8 without a gap, whatever the recorded numbers 50–53 did meanwhile.
    assert issued == list(range(1, ISSUERS + 1))
    assert sorted(seq for seq, report_id in entries if not report_id) == [50, 51, 52, 53]
    assert all(reload(r).status == "issued" for r in reports)
    assert len({reload(r).number_text for r in reports}) == ISSUERS
    assert NumberRegister.objects.get(unit=unit, year=today.year).last_seq == ISSUERS
    assert next_number(unit, today.year) == ISSUERS + 1
