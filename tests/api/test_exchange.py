"""Bulk exchange: export a period, import it idempotently, never overwrite a sent report."""

from __future__ import annotations

import copy
import json

import pytest
from django.core.management import CommandError, call_command

from baocao.api.exchange import export_period, import_data
from baocao.reports.models import AuditEvent, Report
from baocao.reports.services import approve_report, submit_report
from tests.api.conftest import api_as
from tests.conftest import make_user, reload


@pytest.fixture
def exported(draft, reporter) -> dict:
    """Return the Sở TT&TT's January 2022 export, with the draft moved to another period."""
    data = export_period(reporter, unit_code="STTTT", period="2022-01")
    return data


def test_the_export_has_the_documented_shape(exported) -> None:
    assert exported["format"] == "baocao-exchange" and exported["version"] == 1
    assert [u["code"] for u in exported["units"]] == ["STTTT"]
    assert exported["units"][0]["parent"] == "UBND-TB"
    template = exported["templates"][0]
    assert template["code"] == "STTTT-THANG"
    assert [s["code"] for s in template["sections"]] == ["CNTT", "TTBC", "TTRA", "NVTT"]
    report = exported["reports"][0]
    assert (report["unit"], report["template"], report["period"]) == (
        "STTTT",
        "STTTT-THANG",
        "2022-01",
    )
    assert report["values"] == [
        {"indicator": "BAO_CHI", "value": "773", "text_value": "", "note": ""}
    ]
    assert report["items"][0]["section"] == "CNTT"


def test_importing_into_an_empty_period_creates_drafts_and_twice_changes_nothing(
    exported, draft, reporter
) -> None:
    data = copy.deepcopy(exported)
    data["period"] = data["reports"][0]["period"] = "2022-02"
    data["reports"][0]["values"].append({"indicator": "TY_LE", "value": "97.25", "note": ""})
    first = import_data(reporter, data)
    assert (first["created"], first["errors"]) == (1, 0), first
    report = Report.objects.get(unit__code="STTTT", period_code="2022-02")
    assert report.status == "draft"
    assert {v.indicator.code: str(v.value.normalize()) for v in report.values.all()} == {
        "BAO_CHI": "773",
        "TY_LE": "97.25",
    }
    version, events = report.version, AuditEvent.objects.count()
    second = import_data(reporter, data)
    assert second["unchanged"] == 1 and second["created"] == second["updated"] == 0
    assert reload(report).version == version
    assert AuditEvent.objects.count() == events


def test_a_changed_file_updates_a_draft(exported, draft, reporter) -> None:
    data = copy.deepcopy(exported)
    data["reports"][0]["values"][0]["value"] = "800"
    result = import_data(reporter, data)
    assert result["updated"] == 1
    assert reload(draft).values.get(indicator__code="BAO_CHI").value == 800
    assert AuditEvent.objects.filter(report=draft, verb="import").exists()


def test_a_submitted_or_approved_report_is_never_overwritten(
    exported, draft, reporter, approver
) -> None:
    submit_report(draft, by=reporter)
    approve_report(reload(draft), by=approver)
    data = copy.deepcopy(exported)
    data["reports"][0]["title"] = "Ghi đè?"
    result = import_data(reporter, data)
    assert result["skipped"] == 1
    assert reload(draft).title != "Ghi đè?"
    assert reload(draft).status == "approved"


def test_an_outsider_cannot_import_into_another_unit(exported, draft, outsider) -> None:
    data = copy.deepcopy(exported)
    data["period"] = data["reports"][0]["period"] = "2022-02"
    result = import_data(outsider, data)
    assert result["errors"] == 1
    assert not Report.objects.filter(period_code="2022-02").exists()


def test_unknown_codes_are_errors_and_nothing_half_written(exported, draft, reporter) -> None:
    data = copy.deepcopy(exported)
    data["period"] = data["reports"][0]["period"] = "2022-02"
    data["reports"][0]["values"][0]["indicator"] = "KHONG_CO"
    result = import_data(reporter, data)
    assert result["errors"] == 1
    assert not Report.objects.filter(period_code="2022-02").exists()


def test_a_subtree_export_by_the_consolidator(
    draft, reporter, consolidator, other_unit, template
) -> None:
    submit_report(draft, by=reporter)
    other = make_user(
        "cv.khdt",
        other_unit,
        role=__import__("baocao.domain.workflow", fromlist=["Role"]).Role.REPORTER,
    )
    api_as(other).post(
        "/api/reports", {"unit": "SKHDT", "template": "STTTT-THANG", "period": "2022-01"}
    )
    data = (
        api_as(consolidator)
        .get("/api/exchange/export", unit="UBND-TB", period="2022-01", subtree="true")
        .json()
    )
    assert [r["unit"] for r in data["reports"]] == ["STTTT"]  # the other one is a draft
    assert {u["code"] for u in data["units"]} == {"UBND-TB", "STTTT"}


def test_the_api_import_endpoint_and_dry_run(exported, draft, reporter) -> None:
    data = copy.deepcopy(exported)
    data["period"] = data["reports"][0]["period"] = "2022-03"
    client = api_as(reporter)
    dry = client.post("/api/exchange/import?dry_run=true", data).json()
    assert dry["created"] == 1 and dry["dry_run"] is True
    assert not Report.objects.filter(period_code="2022-03").exists()
    assert client.post("/api/exchange/import", data).json()["created"] == 1
    assert client.post("/api/exchange/import", data).json()["unchanged"] == 1


def test_an_import_file_with_a_wrong_version_is_422(exported, reporter) -> None:
    data = dict(exported, version=2)
    response = api_as(reporter).post("/api/exchange/import", data)
    assert response.status_code == 422


def test_the_commands_round_trip(tmp_path, draft, reporter, capsys) -> None:
    path = tmp_path / "stttt-2022-01.json"
    call_command(
        "export-data",
        "--user",
        "chuyenvien",
        "--unit",
        "STTTT",
        "--period",
        "2022-01",
        "-o",
        str(path),
    )
    data = json.loads(path.read_text(encoding="utf-8"))
    data["period"] = data["reports"][0]["period"] = "2022-02"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    call_command("import-data", str(path), "--user", "chuyenvien")
    assert "Tạo mới 1" in capsys.readouterr().out
    call_command("import-data", str(path), "--user", "chuyenvien")
    assert "giữ nguyên 1" in capsys.readouterr().out


def test_the_import_command_refuses_a_broken_file(tmp_path, reporter) -> None:
    path = tmp_path / "broken.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(CommandError, match="JSON"):
        call_command("import-data", str(path), "--user", "chuyenvien")
    path.write_text('{"format": "khac"}', encoding="utf-8")
    with pytest.raises(CommandError, match="định dạng"):
        call_command("import-data", str(path), "--user", "chuyenvien")
