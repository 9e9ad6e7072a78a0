"""Writing a register: who may, what is checked, what closes it, and filling a report from it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from baocao.core.errors import Conflict, Forbidden, Invalid, NotFound
from baocao.registers.models import RegisterEntry
from baocao.registers.selectors import (
    EntryFilter,
    access_register,
    filtered_entries,
    readable_registers,
    report_figures,
    totals,
)
from baocao.registers.services import (
    EntryInput,
    add_entry,
    delete_entry,
    fill_from_registers,
    update_entry,
)
from baocao.reports.services import approve_report, return_report, submit_report
from tests.conftest import reload

pytestmark = pytest.mark.django_db


def complaint(
    day: str,
    subject: str = "Đơn khiếu nại về cột ăng-ten",
    category: str = "Khiếu nại",
    quantity: str = "",
) -> EntryInput:
    return EntryInput(entry_date=day, subject=subject, category=category, quantity=quantity)


def test_entries_are_numbered_per_year_and_stored_nfc(register, reporter):
    first = add_entry(register.pk, complaint("20/12/2021"), by=reporter)
    decomposed = "Đơn to\u0302\u0301 ca\u0301o"  # "Đơn tố cáo" typed with combining marks
    second = add_entry(register.pk, complaint("2022-01-03", decomposed, "tố cáo"), by=reporter)
    third = add_entry(register.pk, complaint("2022-01-05"), by=reporter)
    assert [(e.year, e.number) for e in (first, second, third)] == [(2021, 1), (2022, 1), (2022, 2)]
    second.refresh_from_db()
    assert second.subject == "Đơn tố cáo"  # NFC
    assert second.category == "Tố cáo"  # the register's own spelling


def test_bad_input_is_refused_field_by_field_and_nothing_is_stored(register, reporter):
    future = (timezone.localdate() + dt.timedelta(days=5)).strftime("%d/%m/%Y")
    cases = [
        (EntryInput(entry_date="31/02/2022", subject="x", category="Khiếu nại"), "entry_date"),
        (EntryInput(entry_date=future, subject="x", category="Khiếu nại"), "entry_date"),
        (EntryInput(entry_date="01/01/2022", subject="   ", category="Khiếu nại"), "subject"),
        (EntryInput(entry_date="01/01/2022", subject="x" * 2001, category="Khiếu nại"), "subject"),
        (EntryInput(entry_date="01/01/2022", subject="x", category="Ý kiến"), "category"),
        (
            EntryInput(entry_date="01/01/2022", subject="x", category="Khiếu nại", quantity="mười"),
            "quantity",
        ),
        (
            EntryInput(entry_date="01/01/2022", subject="x", category="Khiếu nại", quantity="-3"),
            "quantity",
        ),
    ]
    for data, field in cases:
        with pytest.raises(Invalid) as caught:
            add_entry(register.pk, data, by=reporter)
        assert field in caught.value.details, (data, caught.value.details)
    assert not RegisterEntry.objects.exists()


def test_a_hostile_subject_is_kept_verbatim(register, reporter):
    text = "<script>alert(1)</script>'; DROP TABLE registers_registerentry; --"
    entry = add_entry(register.pk, complaint("2022-01-03", text), by=reporter)
    assert RegisterEntry.objects.get(pk=entry.pk).subject == text


def test_who_reads_and_who_writes(
    register, other_register, reporter, approver, viewer, consolidator, outsider
):
    assert set(readable_registers(viewer)) == {register, other_register}
    assert list(readable_registers(outsider)) == [other_register]
    add_entry(register.pk, complaint("2022-01-03"), by=approver)  # the unit's leader may write
    for user in (viewer, consolidator):
        assert access_register(user, register.pk) == register
        with pytest.raises(Forbidden):
            add_entry(register.pk, complaint("2022-01-04"), by=user)
    with pytest.raises(NotFound):
        access_register(outsider, register.pk)
    with pytest.raises(NotFound):
        add_entry(register.pk, complaint("2022-01-04"), by=outsider)
    entry = RegisterEntry.objects.get()
    with pytest.raises(NotFound):
        delete_entry(register.pk, entry.pk, by=outsider)
    with pytest.raises(NotFound):  # an entry id of another register
        delete_entry(other_register.pk, entry.pk, by=reporter)
    assert RegisterEntry.objects.count() == 1


def test_filters_and_totals(register, reporter):
    add_entry(register.pk, complaint("2021-12-20", quantity="2"), by=reporter)
    add_entry(register.pk, complaint("2022-01-03", "Đơn tố cáo cán bộ", "Tố cáo", "1"), by=reporter)
    add_entry(register.pk, complaint("2022-01-20", "ĐƠN khiếu nại lần hai"), by=reporter)
    window = EntryFilter(start=dt.date(2021, 12, 15), end=dt.date(2022, 1, 14))
    assert totals(filtered_entries(register, window)) == (2, Decimal(3))
    assert totals(filtered_entries(register, EntryFilter(category="Tố cáo"))) == (1, Decimal(1))
    found = filtered_entries(register, EntryFilter(text="don khieu nai"))
    assert [e.entry_date.day for e in found] == [20, 20]  # 20/12/2021 and 20/01/2022
    assert totals(filtered_entries(register, EntryFilter(text="lan hai"))) == (1, None)


def test_a_report_is_filled_from_the_window_and_the_note_says_how(register, draft, reporter):
    add_entry(register.pk, complaint("2021-12-15"), by=reporter)  # first day of the window
    add_entry(register.pk, complaint("2022-01-14"), by=reporter)  # last day
    add_entry(register.pk, complaint("2022-01-10", "Đơn tố cáo", "Tố cáo"), by=reporter)
    add_entry(register.pk, complaint("2022-01-15"), by=reporter)  # next window
    (figure,) = report_figures(draft)
    assert (figure.figure.value, figure.current, figure.changes) == (Decimal(2), None, True)
    filled = fill_from_registers(draft.pk, by=reporter, expected_version=draft.version)
    assert [(f.indicator_code, f.value, f.entries) for f in filled] == [
        ("KHIEU_NAI", Decimal(2), 2)
    ]
    value = reload(draft).values.get(indicator__code="KHIEU_NAI")
    assert value.value == 2
    assert value.note == "Theo Sổ tiếp nhận đơn thư: 2 mục, 15/12/2021–14/01/2022"
    assert reload(draft).values.get(indicator__code="BAO_CHI").value == 773  # untouched


def test_filling_follows_the_report_rules(register, draft, reporter, viewer, outsider):
    with pytest.raises(Conflict):  # a stale version
        fill_from_registers(draft.pk, by=reporter, expected_version=draft.version - 1)
    with pytest.raises(NotFound):
        fill_from_registers(draft.pk, by=outsider, expected_version=draft.version)
    submit_report(reload(draft), by=reporter)
    with pytest.raises(Forbidden):  # submitted: not editable
        fill_from_registers(draft.pk, by=reporter, expected_version=reload(draft).version)
    assert not reload(draft).values.filter(indicator__code="KHIEU_NAI").exists()


def test_a_submitted_report_closes_its_window_until_returned(register, draft, reporter, approver):
    inside = add_entry(register.pk, complaint("2022-01-05"), by=reporter)
    submit_report(reload(draft), by=reporter)
    with pytest.raises(Conflict) as caught:
        add_entry(register.pk, complaint("2022-01-06"), by=reporter)
    assert caught.value.code == "register_closed"
    with pytest.raises(Conflict):
        update_entry(register.pk, inside.pk, complaint("2022-01-05", "Sửa"), by=reporter)
    with pytest.raises(Conflict):  # moving an entry into the closed window
        outside = add_entry(register.pk, complaint("2022-01-20"), by=reporter)
        update_entry(register.pk, outside.pk, complaint("2022-01-07"), by=reporter)
    with pytest.raises(Conflict):
        delete_entry(register.pk, inside.pk, by=reporter)
    return_report(reload(draft), by=approver, comment="Bổ sung số liệu đơn thư.")
    update_entry(
        register.pk, inside.pk, complaint("2022-01-05", "Đơn khiếu nại (sửa)"), by=reporter
    )
    assert RegisterEntry.objects.get(pk=inside.pk).subject == "Đơn khiếu nại (sửa)"
    submit_report(reload(draft), by=reporter)
    approve_report(reload(draft), by=approver)
    with pytest.raises(Conflict):
        delete_entry(register.pk, inside.pk, by=reporter)


def test_a_template_without_bound_indicators_says_so(draft, reporter):
    with pytest.raises(Invalid) as caught:
        fill_from_registers(draft.pk, by=reporter, expected_version=draft.version)
    assert caught.value.code == "no_bindings"


def test_the_demo_registers_give_the_sample_reports_figures():
    """The Sở TT&TT's registers hold what its January 2022 report quotes: 5 and 492, and 0."""
    from baocao.demo.load import load_demo
    from baocao.registers.selectors import report_figures

    data = load_demo()
    load_demo()  # idempotent
    figures = {
        f.binding.indicator.code: (f.figure.value, f.current)
        for f in report_figures(data["report"])
    }
    assert figures == {
        "LUU_CHIEU_TL": (Decimal(5), Decimal(5)),
        "LUU_CHIEU_TRANG": (Decimal(492), Decimal(492)),
        "KHIEU_NAI": (Decimal(0), Decimal(0)),
    }
    assert RegisterEntry.objects.filter(register__code="LUU-CHIEU").count() == 8


def test_a_deleted_lines_number_is_not_given_again(register, reporter):
    first = add_entry(register.pk, complaint("2022-01-03"), by=reporter)
    last = add_entry(register.pk, complaint("2022-01-04"), by=reporter)
    delete_entry(register.pk, last.pk, by=reporter)
    again = add_entry(register.pk, complaint("2022-01-05"), by=reporter)
    assert (first.number, last.number, again.number) == (1, 2, 3)
    moved = update_entry(register.pk, first.pk, complaint("2021-12-30"), by=reporter)
    assert (moved.year, moved.number) == (2021, 1)
    assert add_entry(register.pk, complaint("2022-01-06"), by=reporter).number == 4


def test_every_change_is_logged_and_a_deleted_line_can_be_read_again(register, reporter):
    from baocao.registers.models import RegisterEvent

    entry = add_entry(register.pk, complaint("2022-01-03", "Đơn khiếu nại ban đầu"), by=reporter)
    update_entry(register.pk, entry.pk, complaint("2022-01-03", "Đơn khiếu nại (sửa)"), by=reporter)
    delete_entry(register.pk, entry.pk, by=reporter)
    events = list(RegisterEvent.objects.order_by("pk"))
    assert [(e.verb, e.label, e.actor) for e in events] == [
        ("add", "1/2022", reporter),
        ("edit", "1/2022", reporter),
        ("delete", "1/2022", reporter),
    ]
    assert events[1].data["before"]["subject"] == "Đơn khiếu nại ban đầu"
    assert events[1].data["after"]["subject"] == "Đơn khiếu nại (sửa)"
    assert events[2].data["before"] == {
        "number": 1,
        "year": 2022,
        "entry_date": "2022-01-03",
        "subject": "Đơn khiếu nại (sửa)",
        "category": "Khiếu nại",
        "quantity": None,
        "reference": "",
        "notes": "",
    }
    with pytest.raises(PermissionError):
        events[0].delete()
    events[0].data = {}
    with pytest.raises(PermissionError):
        events[0].save()
    with pytest.raises(Invalid):  # a refused write leaves no trace in the log
        add_entry(register.pk, complaint("31/02/2022"), by=reporter)
    assert RegisterEvent.objects.count() == 3
