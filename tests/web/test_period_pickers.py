"""Every period choice is a picker of the regime's periods since its first, not free text."""

from __future__ import annotations

import re

from django.urls import reverse

from baocao.reports.models import Report
from tests.conftest import client_for


def options(html: str, select_id: str) -> list[str]:
    select = re.search(rf'<select id="{select_id}"[^>]*>(.*?)</select>', html, re.S)
    assert select, f"no select #{select_id}"
    return re.findall(r'<option value="([^"]+)"', select.group(1))


class TestReportsToWrite:
    def test_the_offered_periods_show_their_due_dates(self, template, unit, reporter):
        html = client_for(reporter).get(reverse("report-list")).content.decode()
        assert "Báo cáo cần lập" in html
        assert re.search(r"Hạn nộp <strong>\d\d/\d\d/\d{4}</strong>", html)

    def test_any_period_since_the_first_report_can_be_picked_and_created(
        self, draft, template, unit, reporter
    ):
        client = client_for(reporter)
        html = client.get(reverse("report-list")).content.decode()
        codes = options(html, f"period-{unit.pk}-{template.pk}")
        assert "2022-02" in codes and "2022-12" in codes
        assert "2022-01" not in codes  # the unit has it already
        assert codes == sorted(codes, reverse=True)  # newest first
        assert '<optgroup label="2022">' in html
        response = client.post(
            reverse("report-create"),
            {"unit": unit.pk, "template": template.pk, "period": "2022-03"},
        )
        assert response.status_code == 302
        assert Report.objects.filter(unit=unit, period_code="2022-03").exists()


class TestRegisterFilter:
    def test_the_register_is_filtered_by_a_picked_period_of_its_regime(
        self, register, draft, reporter
    ):
        html = client_for(reporter).get(f"/so-theo-doi/{register.pk}/?period=2022-01")
        html = html.content.decode()
        codes = options(html, "f-period")
        assert codes[-1] == "2022-01" and "2022-02" in codes  # since the first report
        assert '<option value="2022-01" selected>' in html
        assert 'name="period" value=' not in html  # no free text


class TestSearch:
    def test_the_search_filters_by_months_picked_since_the_first_report(self, draft, reporter):
        html = client_for(reporter).get("/tra-cuu/", {"q": "Camera", "from": "2022-Q1"})
        html = html.content.decode()
        codes = options(html, "search-from")
        assert "2022-01" in codes and codes[-1] == "2022-01"
        assert '<option value="2022-Q1" selected>' in html  # an old link's quarter is kept
        assert options(html, "search-to")[0] == codes[0]
        assert 'name="from" value=' not in html
