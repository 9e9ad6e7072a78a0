"""Consolidated reports: built from approved reports, items attributed, values by rule."""

from decimal import Decimal

import pytest

from baocao.analytics.services import consolidate_report
from baocao.core.errors import Conflict, Forbidden, Invalid, NotFound
from baocao.reports.models import AuditEvent
from tests.analytics.conftest import file_report


@pytest.fixture
def two_approved(template, unit, other_unit, reporter, approver, outsider, outside_approver):
    a = file_report(
        template,
        unit,
        "2022-01",
        reporter=reporter,
        approver=approver,
        values={"BAO_CHI": "773", "KHIEU_NAI": "0", "TY_LE": "80"},
        results=["Trình UBND tỉnh phê duyệt Đề án Chuyển đổi số."],
    )
    b = file_report(
        template,
        other_unit,
        "2022-01",
        reporter=outsider,
        approver=outside_approver,
        values={"BAO_CHI": "27", "KHIEU_NAI": "3", "TY_LE": "60"},
        results=["Thẩm định 12 dự án đầu tư công."],
    )
    return a, b


def test_consolidator_builds_a_draft_from_approved_reports(
    two_approved, template, province, consolidator, unit, other_unit
):
    report = consolidate_report(
        parent=province, template=template, period="2022-01", by=consolidator
    )
    assert report.is_consolidated and report.status == "draft" and report.unit == province
    values = {v.indicator.code: v.value for v in report.values.select_related("indicator")}
    assert values == {"BAO_CHI": Decimal(800), "KHIEU_NAI": Decimal(3), "TY_LE": Decimal(70)}
    items = [(i.source_unit, i.text) for i in report.items.order_by("order")]
    assert items == [
        (unit, "Trình UBND tỉnh phê duyệt Đề án Chuyển đổi số."),
        (other_unit, "Thẩm định 12 dự án đầu tư công."),
    ]
    event = report.events.get(verb=AuditEvent.Verb.CONSOLIDATE)
    assert sorted(event.data["sources"]) == sorted(r.pk for r in two_approved)


def test_only_approved_reports_are_consolidated(
    template, province, unit, other_unit, reporter, approver, outsider, consolidator
):
    file_report(
        template, unit, "2022-01", reporter=reporter, approver=approver, values={"BAO_CHI": "10"}
    )
    file_report(template, other_unit, "2022-01", reporter=outsider, values={"BAO_CHI": "99"})
    report = consolidate_report(
        parent=province, template=template, period="2022-01", by=consolidator
    )
    assert report.values.get(indicator__code="BAO_CHI").value == 10


def test_nothing_approved_is_a_clear_error(template, province, consolidator):
    with pytest.raises(Invalid, match="Chưa có báo cáo nào được phê duyệt"):
        consolidate_report(parent=province, template=template, period="2022-01", by=consolidator)


def test_only_a_consolidator_may_consolidate(two_approved, template, province, viewer, outsider):
    with pytest.raises(Forbidden):
        consolidate_report(parent=province, template=template, period="2022-01", by=viewer)
    with pytest.raises(NotFound):
        consolidate_report(parent=province, template=template, period="2022-01", by=outsider)


def test_a_second_consolidation_of_the_same_period_is_refused(
    two_approved, template, province, consolidator
):
    consolidate_report(parent=province, template=template, period="2022-01", by=consolidator)
    with pytest.raises(Conflict):
        consolidate_report(parent=province, template=template, period="2022-01", by=consolidator)


def test_approved_consolidation_adds_no_facts(
    two_approved, template, province, consolidator, province_reporter, db
):
    from baocao.analytics.models import IndicatorFact
    from baocao.domain.workflow import Role
    from baocao.reports.services import approve_report, submit_report
    from tests.conftest import make_user

    before = IndicatorFact.objects.count()
    report = consolidate_report(
        parent=province, template=template, period="2022-01", by=consolidator
    )
    submit_report(report, by=province_reporter)
    approve_report(report, by=make_user("chutich", province, Role.APPROVER))
    assert IndicatorFact.objects.count() == before == 6


@pytest.mark.django_db
def test_the_units_to_consolidate_are_read_in_one_query(consolidator, province, unit, reporter):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from baocao.analytics.selectors import consolidation_parents
    from baocao.domain.workflow import Role
    from baocao.organizations.models import Membership, OrgUnit

    team = OrgUnit.objects.create(code="STTTT-P1", name="Phòng CNTT", level="division", parent=unit)
    Membership.objects.create(user=consolidator, unit=team, role=Role.CONSOLIDATOR)
    assert consolidation_parents(reporter) == []
    consolidator = type(consolidator).objects.get(pk=consolidator.pk)
    consolidation_parents(consolidator)  # the memberships are read once per request
    with CaptureQueriesContext(connection) as queries:
        parents = consolidation_parents(consolidator)
    assert parents == [province, unit, team] and len(queries) == 1
