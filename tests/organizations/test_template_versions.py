"""Regime versions: a regime with reports is copied into a new version, never altered."""

from __future__ import annotations

import pytest

from baocao.catalog.models import Indicator, ReportTemplate
from baocao.catalog.versioning import new_template_version
from baocao.core.errors import Conflict, Forbidden
from baocao.domain.workflow import Role
from baocao.reports.services import create_report
from tests.conftest import client_for, make_user


@pytest.fixture
def admin(province):
    """Return an administrator (staff, for the admin site)."""
    user = make_user("quantri.tinh", province, Role.ADMINISTRATOR)
    user.is_staff = user.is_superuser = True
    user.save()
    return user


def test_a_new_version_copies_sections_indicators_and_keeps_old_reports(
    template, draft, admin, reporter, unit
):
    new = new_template_version(template, by=admin)
    template.refresh_from_db()
    assert (template.version, template.is_current, template.is_active) == (1, False, False)
    assert (new.code, new.version, new.is_current, new.previous_version_id) == (
        "STTTT-THANG",
        2,
        True,
        template.pk,
    )
    assert ReportTemplate.current("STTTT-THANG") == new
    assert list(new.sections.values_list("code", flat=True)) == list(
        template.sections.values_list("code", flat=True)
    )
    old_ind = template.indicators.get(code="BAO_CHI")
    new_ind = new.indicators.get(code="BAO_CHI")
    assert list(new_ind.continues.all()) == [old_ind]
    assert new_ind.section is None or new_ind.section.template_id == new.pk
    draft.refresh_from_db()
    assert draft.template_id == template.pk
    assert set(new.assigned_units.all()) == set(template.assigned_units.all())
    later = create_report(unit=unit, template=new, period="2022-03", by=reporter)
    assert later.template.version == 2
    with pytest.raises(Conflict):
        new_template_version(template, by=admin)
    with pytest.raises(Forbidden):
        new_template_version(new, by=reporter)


def test_the_admin_makes_a_version_with_reports_read_only_and_offers_a_new_one(
    template, draft, admin
):
    client = client_for(admin)
    page = client.get(f"/admin/catalog/reporttemplate/{template.pk}/change/")
    text = page.content.decode()
    assert page.status_code == 200 and "phien-ban-moi" in text
    assert 'name="name"' not in text  # read-only
    response = client.post(f"/admin/catalog/reporttemplate/{template.pk}/phien-ban-moi/")
    new = ReportTemplate.current("STTTT-THANG")
    assert response.status_code == 302 and new.version == 2
    editable = client.get(f"/admin/catalog/reporttemplate/{new.pk}/change/").content.decode()
    assert 'name="name"' in editable
    assert Indicator.objects.filter(template=new).count() == 3


def test_the_first_report_of_a_new_version_continues_last_periods_report(
    template, draft, admin, reporter, unit
):
    # January 2022 (version 1) has a next-month task and 773 press items.
    from baocao.analytics.follow_through import follow_through
    from baocao.reports.presenters import value_rows
    from baocao.reports.selectors import previous_report

    task = "Tiếp tục triển khai Camera giám sát giao thông."
    new = new_template_version(template, by=admin)
    february = create_report(
        unit=unit, template=new, period="2022-02", by=reporter, start_from_previous=True
    )
    assert previous_report(february) == draft
    carried = february.items.get(continuing=True)
    assert (carried.text, carried.section.template_id) == (task, new.pk)
    row = next(r for r in value_rows(february) if r.indicator.code == "BAO_CHI")
    assert (row.indicator.template_id, row.previous.value) == (new.pk, 773)
    (followed,) = follow_through(february).rows
    assert (followed.plan.text, followed.result) == (task, carried)
