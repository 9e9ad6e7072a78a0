"""Finding 6: while a report is being submitted, writers adding lines to its register's window
either land before the submit or are refused — none lands after it was acknowledged."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TypeVar

import pytest
from django.db import OperationalError, connection

from baocao.core.errors import Conflict
from baocao.registers.models import RegisterEntry
from baocao.registers.services import EntryInput, add_entry
from baocao.reports.models import Report
from baocao.reports.services import submit_report

WRITERS = 8
T = TypeVar("T")


def patiently(call: Callable[[], T]) -> T:
    """Call, retrying while the database says "locked".

    The suite's SQLite database is in memory with a shared cache, which answers "table is
    locked" at once where a real SQLite file waits (timeout 20 s); PostgreSQL never does.
    """
    for _ in range(2000):
        try:
            return call()
        except OperationalError as exc:
            if "locked" not in str(exc):
                raise
            time.sleep(0.005)
    raise AssertionError("the database stayed locked")


@pytest.mark.django_db(transaction=True)
def test_no_line_lands_in_the_window_after_the_submit(register, draft, reporter, second_reporter):
    stop = threading.Event()
    started = threading.Barrier(WRITERS + 1)
    errors: list[BaseException] = []
    landed: list[int] = []

    def writer(index: int) -> None:
        try:
            started.wait()
            while not stop.is_set():
                try:
                    entry = patiently(
                        lambda: add_entry(
                            register.pk,
                            EntryInput(
                                entry_date="2022-01-10",
                                subject=f"Đơn {index}",
                                category="Khiếu nại",
                            ),
                            by=second_reporter if index % 2 else reporter,
                        )
                    )
                    landed.append(entry.pk)
                except Conflict as exc:
                    if exc.code == "register_closed":
                        break
                    if exc.code != "number_taken":
                        raise
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(WRITERS)]
    for thread in threads:
        thread.start()
    started.wait()
    deadline = time.monotonic() + 30
    while len(landed) < WRITERS and not errors and time.monotonic() < deadline:
        time.sleep(0.01)  # let the writers get going
    patiently(lambda: submit_report(Report.objects.get(pk=draft.pk), by=reporter))
    at_acknowledgement = RegisterEntry.objects.filter(register=register).count()
    for thread in threads:
        thread.join(60)
    stop.set()
    assert not errors, errors
    after = RegisterEntry.objects.filter(register=register).count()
    assert after == at_acknowledgement, f"{after - at_acknowledgement} lines after the submit"
    assert Report.objects.get(pk=draft.pk).status == "submitted"
