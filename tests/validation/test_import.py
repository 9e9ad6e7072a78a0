"""The importer goes through the same checks: a refused figure is named in its preview."""

from __future__ import annotations

import io

import pytest
from django.test import Client

from baocao.demo.load import load_demo
from baocao.imports.models import ImportedFile
from baocao.reports.models import Report
from baocao.validation.models import ValidationRule
from tests.conftest import sample_text


@pytest.fixture
def demo(db):
    return load_demo()


def test_a_figure_breaking_a_rule_is_shown_in_the_preview_and_nothing_is_imported(demo):
    ValidationRule.objects.create(
        template=demo["template"], left="BAO_CHI_TW", operator="<=", right="500"
    )
    client = Client()
    client.login(username="chuyenvien", password="Baocao@2026")
    upload = io.BytesIO(sample_text().replace("tháng 01 năm 2022", "tháng 07 năm 2022").encode())
    upload.name = "thang-7.txt"
    response = client.post(
        "/nhap-bao-cao/",
        {"unit": demo["units"]["STTTT"].pk, "template": demo["template"].pk, "file": upload},
    )
    imported = ImportedFile.objects.get(name="thang-7.txt")
    indicator = demo["template"].indicators.get(code="BAO_CHI_TW")
    form = {"period": "2022-07"} | {f"map-{i}": "" for i in range(20)}
    form["map-1"] = str(indicator.pk)
    response = client.post(f"/nhap-bao-cao/{imported.pk}/", form)
    assert response.status_code == 422
    page = response.content.decode()
    assert "Số liệu không qua kiểm tra" in page
    assert "Số liệu không thỏa quy tắc BAO_CHI_TW ≤ 500 (773 ≤ 500 không đúng)." in page
    assert not Report.objects.filter(period_code="2022-07", unit__code="STTTT").exists()
