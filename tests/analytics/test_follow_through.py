"""Plan follow-through: last period's tasks against this period's results, confirmed by people."""

import pytest

from baocao.analytics.follow_through import follow_through
from baocao.analytics.services import confirm_follow_through
from baocao.core.errors import Invalid, NotFound
from tests.analytics.conftest import file_report

PLANS = [
    "Tiếp tục triển khai Camera giám sát giao thông.",
    "Tổ chức Hội nghị tập huấn chuyển đổi số cho cán bộ cấp xã.",
    "Thanh tra việc chấp hành pháp luật về báo chí.",
]
RESULTS = [
    "Đã lắp đặt 20 camera giám sát giao thông tại TP Thái Bình.",
    "Tổ chức thành công hội nghị tập huấn chuyển đổi số cho 300 cán bộ xã, phường.",
    "Cấp 05 giấy phép xuất bản bản tin.",
]


@pytest.fixture
def two_months(template, unit, reporter, approver):
    jan = file_report(template, unit, "2022-01", reporter=reporter, approver=approver, plans=PLANS)
    feb = file_report(template, unit, "2022-02", reporter=reporter, results=RESULTS, submit=False)
    return jan, feb


def test_it_suggests_done_and_not_reported(two_months):
    view = follow_through(two_months[1])
    assert [r.outcome for r in view.rows] == ["done", "done", "not_reported"]
    assert [r.result.text if r.result else None for r in view.rows][:2] == RESULTS[:2]
    assert view.rate == pytest.approx(66.7)
    assert not any(r.confirmed for r in view.rows)


def test_a_person_corrects_a_suggestion(two_months, reporter):
    jan, feb = two_months
    plans = list(jan.items.filter(kind="plan").order_by("order"))
    results = list(feb.items.filter(kind="result").order_by("order"))
    confirm_follow_through(
        feb,
        {plans[0].pk: ("continuing", results[0].pk), plans[2].pk: ("done", results[2].pk)},
        by=reporter,
    )
    view = follow_through(feb)
    assert [(r.outcome, r.confirmed) for r in view.rows] == [
        ("continuing", True),
        ("done", False),
        ("done", True),
    ]
    assert view.continuing == 1 and view.rate == pytest.approx(66.7)


def test_carried_over_items_count_as_continuing(template, unit, reporter, approver):
    file_report(template, unit, "2022-01", reporter=reporter, approver=approver, plans=PLANS[:1])
    from baocao.reports.services import create_report

    feb = create_report(
        unit=unit, template=template, period="2022-02", by=reporter, start_from_previous=True
    )
    view = follow_through(feb)
    assert [r.outcome for r in view.rows] == ["continuing"]


def test_outsider_cannot_confirm(two_months, outsider):
    with pytest.raises(NotFound):
        confirm_follow_through(two_months[1], {}, by=outsider)


def test_a_result_of_another_report_is_refused(two_months, reporter):
    jan, feb = two_months
    plan = jan.items.filter(kind="plan").first()
    with pytest.raises(Invalid):
        confirm_follow_through(feb, {plan.pk: ("done", plan.pk)}, by=reporter)


def test_no_previous_report_means_no_rows(template, unit, reporter):
    report = file_report(template, unit, "2022-05", reporter=reporter, submit=False)
    assert follow_through(report).rows == []
