"""The leaders' dashboard and the period drop-downs of the analytics pages (issue 13, point 6)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from baocao.analytics.rates import current_period
from baocao.analytics.services import consolidate_report
from baocao.domain.periods import Period, periods_between
from baocao.domain.workflow import Role
from baocao.organizations.models import Membership
from baocao.reports.services import submit_report
from tests.analytics.conftest import file_report


@pytest.fixture
def approved_jan(template, unit, reporter, approver):
    return file_report(
        template, unit, "2022-01", reporter=reporter, approver=approver, values={"BAO_CHI": "773"}
    )


def _options(html: str, select_id: str) -> list[str]:
    """Return the option values of the ``<select id=select_id>``, in order."""
    match = re.search(rf'<select id="{select_id}"[^>]*>(.*?)</select>', html, re.S)
    assert match, f"no select #{select_id}"
    return re.findall(r'<option value="([^"]+)"', match.group(1))


def _selected(html: str, select_id: str) -> str:
    match = re.search(rf'<select id="{select_id}"[^>]*>(.*?)</select>', html, re.S)
    assert match
    chosen = re.findall(r'<option value="([^"]+)" selected', match.group(1))
    assert len(chosen) == 1
    return chosen[0]


def _every_month_since_2022(template) -> list[str]:
    latest = current_period(template, timezone.localdate())
    return [p.code for p in reversed(periods_between(Period.parse("2022-01"), latest))]


def test_dashboard_defaults_to_the_latest_period_with_reports(
    client, viewer, template, approved_jan
):
    client.force_login(viewer)
    html = client.get(reverse("dashboard")).content.decode()
    assert _selected(html, "d-period") == "2022-01"
    assert "Báo cáo tháng Sở TT&amp;TT — Tháng 01/2022" in html
    assert re.search(r"kpi-n\">50%<", html)  # one of the two expected departments sent
    assert "773" in html


def test_dashboard_follows_the_period_chosen(client, viewer, template, approved_jan):
    client.force_login(viewer)
    html = client.get(reverse("dashboard"), {"period": "2022-02"}).content.decode()
    assert _selected(html, "d-period") == "2022-02"
    assert "Tháng 02/2022" in html and "Tháng 01/2022" not in html.split("<h2", 2)[-1][:80]
    bad = client.get(reverse("dashboard"), {"period": "2022-13"})
    assert bad.status_code == 200
    assert "không hợp lệ" in bad.content.decode()


def test_dashboard_period_picker_offers_every_month_since_the_first_report(
    client, viewer, template, approved_jan
):
    client.force_login(viewer)
    html = client.get(reverse("dashboard")).content.decode()
    assert _options(html, "d-period") == _every_month_since_2022(template)
    assert '<optgroup label="2022">' in html and '<optgroup label="2023">' in html


@pytest.mark.parametrize(
    ("name", "select_ids"),
    [
        ("reporting-rates", ["f-period"]),
        ("consolidate", ["c-period"]),
        ("analytics", ["f-from", "f-to"]),
    ],
)
def test_period_drop_downs_reach_back_to_the_first_report(
    client, consolidator, template, province, approved_jan, name, select_ids
):
    client.force_login(consolidator)
    page = client.get(reverse(name), {"unit": province.pk, "template": template.pk})
    html = page.content.decode()
    for select_id in select_ids:
        assert _options(html, select_id) == _every_month_since_2022(template)
        assert re.search(rf'<select id="{select_id}"[^>]*><optgroup label="\d{{4}}">', html)


def test_pivot_defaults_to_the_latest_period_with_data(
    client, viewer, template, province, approved_jan
):
    client.force_login(viewer)
    indicator = template.indicators.get(code="BAO_CHI")
    html = client.get(
        reverse("analytics"),
        {"unit": province.pk, "template": template.pk, "indicator": indicator.pk},
    ).content.decode()
    assert _selected(html, "f-to") == "2022-01"
    assert _selected(html, "f-from") == "2022-01"  # not before the first report
    assert "773" in html  # the last column (the bars' period) holds the figure


def test_waiting_for_the_leaders_approval(
    client,
    template,
    province,
    unit,
    other_unit,
    reporter,
    approver,
    consolidator,
    province_reporter,
    viewer,
    approved_jan,
):
    Membership.objects.create(user=viewer, unit=province, role=Role.APPROVER.value)
    report = consolidate_report(
        parent=province, template=template, period="2022-01", by=consolidator
    )
    report.refresh_from_db()
    submit_report(report, by=province_reporter)
    client.force_login(viewer)
    html = client.get(reverse("dashboard")).content.decode()
    section = html.split('id="cho-duyet"', 1)[1].split("</section>", 1)[0]
    assert "Chờ anh/chị duyệt" in html
    assert reverse("report-detail", args=[report.pk]) in section
    assert "Báo cáo tổng hợp" in section


def test_nothing_waiting_says_so(client, viewer, province, template):
    Membership.objects.create(user=viewer, unit=province, role=Role.APPROVER.value)
    client.force_login(viewer)
    html = client.get(reverse("dashboard")).content.decode()
    assert "Không có báo cáo nào chờ anh/chị duyệt." in html


def test_drill_down_by_unit(client, viewer, template, unit, other_unit, approved_jan):
    client.force_login(viewer)
    html = client.get(reverse("dashboard"), {"period": "2022-01"}).content.decode()
    table = html.split('class="table drill"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)
    stttt = next(r for r in rows if "Sở TT&amp;TT" in r)
    other = next(r for r in rows if escape(other_unit.short_name or other_unit.name) in r)
    assert "773" in stttt and "1/1" in stttt
    assert "0/1" in other and "773" not in other
    link = f"{reverse('dashboard')}?unit={unit.pk}&amp;period=2022-01"
    assert link in stttt
    drilled = client.get(reverse("dashboard"), {"unit": unit.pk, "period": "2022-01"})
    assert drilled.status_code == 200
    assert "Sở Thông tin và Truyền thông" in drilled.content.decode()


def test_latest_approved_shows_the_number_only_once_given(
    client, viewer, template, unit, reporter, approver
):
    approved_jan = file_report(
        template, unit, "2022-01", reporter=reporter, approver=approver, send=False
    )
    client.force_login(viewer)
    approved_on = timezone.localtime(approved_jan.approved_at).strftime("%d/%m/%Y")
    html = client.get(reverse("dashboard")).content.decode()
    assert f"<small>({approved_on})</small>" in html  # approved, not yet numbered by the clerk
    assert "(, " not in html
    approved_jan.number_text = "05/BC-STTTT"
    approved_jan.save(update_fields=["number_text"])
    html = client.get(reverse("dashboard")).content.decode()
    assert f"<small>(05/BC-STTTT, {approved_on})</small>" in html
