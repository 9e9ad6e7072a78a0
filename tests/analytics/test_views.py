"""The analytics pages: who may see them, what they show, exports and bad input."""

import io

import openpyxl
import pytest
from django.urls import reverse

from baocao.analytics.services import consolidate_report
from tests.analytics.conftest import file_report


@pytest.fixture
def approved_jan(template, unit, reporter, approver):
    return file_report(
        template,
        unit,
        "2022-01",
        reporter=reporter,
        approver=approver,
        values={"BAO_CHI": "773"},
        plans=["Camera giám sát giao thông."],
    )


def _pivot_url(template, province, **extra):
    params = {
        "unit": province.pk,
        "template": template.pk,
        "from": "2022-01",
        "to": "2022-03",
        "indicator": template.indicators.get(code="BAO_CHI").pk,
        **extra,
    }
    return reverse("analytics") + "?" + "&".join(f"{k}={v}" for k, v in params.items())


def test_viewer_sees_rates_with_missing_units(client, viewer, template, province, approved_jan):
    client.force_login(viewer)
    page = client.get(reverse("reporting-rates"), {"template": template.pk, "period": "2022-01"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "Đơn vị chưa gửi" in text and "Sở Kế hoạch và Đầu tư" in text


@pytest.mark.parametrize("name", ["reporting-rates", "analytics", "dashboard", "consolidate"])
def test_outsider_gets_404(client, outsider, template, name):
    client.force_login(outsider)
    assert client.get(reverse(name)).status_code == 404


def test_viewer_cannot_open_another_province(client, viewer, template):
    from baocao.organizations.models import OrgUnit

    other = OrgUnit.objects.create(code="UBND-HY", name="UBND tỉnh Hưng Yên", level="province")
    client.force_login(viewer)
    assert client.get(reverse("reporting-rates"), {"unit": other.pk}).status_code == 404
    assert client.get(reverse("analytics"), {"unit": "abc"}).status_code == 404


def test_pivot_page_and_exports(client, viewer, template, province, approved_jan):
    client.force_login(viewer)
    page = client.get(_pivot_url(template, province))
    assert page.status_code == 200
    text = page.content.decode()
    assert 'id="chart-data"' in text and "773" in text
    csv = client.get(_pivot_url(template, province, format="csv"))
    assert csv["Content-Type"].startswith("text/csv")
    assert "Tin, bài báo chí TW" in csv.content.decode("utf-8-sig")
    xlsx = client.get(_pivot_url(template, province, format="xlsx"))
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet["A1"].value == "Đơn vị"
    assert 773 in [c.value for c in sheet[2]]


def test_pivot_bad_input_gets_a_message_not_an_error(client, viewer, template, province):
    client.force_login(viewer)
    for extra, message, status in [
        ({"from": "1990-01", "to": "2040-12"}, "Khoảng thời gian quá dài", 422),
        ({"from": "tháng một"}, "không hợp lệ", 200),
        ({"to": "2021-01"}, "Kỳ kết thúc phải sau kỳ bắt đầu", 422),
    ]:
        page = client.get(_pivot_url(template, province, **extra))
        assert page.status_code == status, extra
        assert message in page.content.decode()


def test_dashboard_shows_key_indicators(client, viewer, approved_jan):
    client.force_login(viewer)
    assert client.get("/").url == reverse("dashboard")
    page = client.get(reverse("dashboard"))
    assert page.status_code == 200
    assert "Tin, bài báo chí TW" in page.content.decode()


def test_consolidator_consolidates_and_drills_down(
    client, consolidator, template, province, approved_jan
):
    client.force_login(consolidator)
    page = client.get(reverse("consolidate"), {"template": template.pk, "period": "2022-01"})
    assert "1 báo cáo đã phê duyệt" in page.content.decode()
    response = client.post(
        reverse("consolidate"), {"unit": province.pk, "template": template.pk, "period": "2022-01"}
    )
    assert response.status_code == 302
    report_id = int(response.url.rstrip("/").split("/")[-1])
    drill = client.get(reverse("consolidate-drilldown", args=[report_id]))
    assert drill.status_code == 200 and "773" in drill.content.decode()


def test_outsider_cannot_drill_down(
    client, outsider, consolidator, template, province, approved_jan
):
    report = consolidate_report(
        parent=province, template=template, period="2022-01", by=consolidator
    )
    client.force_login(outsider)
    assert client.get(reverse("consolidate-drilldown", args=[report.pk])).status_code == 404


def test_report_page_shows_last_periods_tasks(client, reporter, template, unit, approved_jan):
    feb = file_report(
        template,
        unit,
        "2022-02",
        reporter=reporter,
        submit=False,
        results=["Lắp đặt camera giám sát giao thông tại 5 nút giao."],
    )
    client.force_login(reporter)
    text = client.get(reverse("report-detail", args=[feb.pk])).content.decode()
    assert "Thực hiện nhiệm vụ kỳ trước" in text and "Đã thực hiện" in text
    page = client.get(reverse("follow-through", args=[feb.pk]))
    assert page.status_code == 200


def test_rates_page_shows_the_follow_through_per_unit(
    client, viewer, template, province, unit, reporter, approver, approved_jan
):
    file_report(
        template,
        unit,
        "2022-02",
        reporter=reporter,
        approver=approver,
        results=["Lắp đặt camera giám sát giao thông tại TP Thái Bình."],
    )
    client.force_login(viewer)
    page = client.get(reverse("reporting-rates"), {"template": template.pk, "period": "2022-02"})
    text = page.content.decode()
    assert page.status_code == 200
    assert "Thực hiện nhiệm vụ" in text and "thực hiện nhiệm vụ kỳ trước" in text
    assert 'class="num follow-through">100% <small>(1/1)</small>' in text


def test_the_consolidation_page_names_the_report_of_an_earlier_version(
    client, consolidator, template, province, approved_jan
):
    # January's consolidated report was made on version 1; after a new version the page says
    # the period is done (consolidate_report would refuse it as a duplicate) and links it.
    from baocao.catalog.versioning import new_template_version
    from baocao.domain.workflow import Role
    from tests.conftest import make_user

    report = consolidate_report(
        parent=province, template=template, period="2022-01", by=consolidator
    )
    admin = make_user("quantri.tinh", province, Role.ADMINISTRATOR)
    new = new_template_version(template, by=admin)
    client.force_login(consolidator)
    page = client.get(
        reverse("consolidate"), {"unit": province.pk, "template": new.pk, "period": "2022-01"}
    ).content.decode()
    assert "Đơn vị đã có báo cáo kỳ này" in page
    assert reverse("report-detail", args=[report.pk]) in page
