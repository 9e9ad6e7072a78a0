"""Work registers through the REST API: who may do what, entries, filters, closing, filling."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from baocao.api.tokens import create_token
from baocao.registers.models import RegisterEntry, WorkRegister
from baocao.registers.services import EntryInput, add_entry
from baocao.reports.models import Report
from baocao.reports.services import return_report, submit_report
from tests.api.conftest import api_as, assert_error
from tests.conftest import reload

PERSONAS = ["reporter", "approver", "viewer", "consolidator", "outsider"]
DOC = Path(__file__).resolve().parents[2] / "docs" / "api.md"


@pytest.fixture
def entry(register, reporter) -> RegisterEntry:
    """Return a complaint of 05/01/2022, in the January 2022 window."""
    return add_entry(
        register.pk,
        EntryInput(
            entry_date="2022-01-05",
            subject="Đơn khiếu nại về cột ăng-ten",
            category="Khiếu nại",
            quantity="2",
        ),
        by=reporter,
    )


def complaint(day: str, subject: str = "Đơn khiếu nại về trạm BTS", **extra: object) -> dict:
    """Return an entry body."""
    return {"entry_date": day, "subject": subject, "category": "Khiếu nại", **extra}


# (method, path, body, expected status by persona) on the Sở TT&TT's register and a draft.
CASES = [
    (
        "GET",
        "/api/registers/{register}",
        None,
        {"reporter": 200, "approver": 200, "viewer": 200, "consolidator": 200, "outsider": 404},
    ),
    (
        "GET",
        "/api/registers/{register}/entries",
        None,
        {"reporter": 200, "approver": 200, "viewer": 200, "consolidator": 200, "outsider": 404},
    ),
    (
        "GET",
        "/api/registers/{register}/entries?period=2022-01&q=cot",
        None,
        {"reporter": 200, "approver": 200, "viewer": 200, "consolidator": 200, "outsider": 404},
    ),
    (
        "POST",
        "/api/registers/{register}/entries",
        complaint("2022-01-06"),
        {"reporter": 201, "approver": 201, "viewer": 403, "consolidator": 403, "outsider": 404},
    ),
    (
        "PUT",
        "/api/registers/{register}/entries/{entry}",
        complaint("2022-01-07", "Sửa"),
        {"reporter": 200, "approver": 200, "viewer": 403, "consolidator": 403, "outsider": 404},
    ),
    (
        "DELETE",
        "/api/registers/{register}/entries/{entry}",
        None,
        {"reporter": 204, "approver": 204, "viewer": 403, "consolidator": 403, "outsider": 404},
    ),
    # A draft: its overseers may not read it yet, as everywhere else in the API.
    (
        "GET",
        "/api/reports/{report}/register-figures",
        None,
        {"reporter": 200, "approver": 200, "viewer": 404, "consolidator": 404, "outsider": 404},
    ),
    (
        "POST",
        "/api/reports/{report}/fill-from-registers",
        {"version": "{version}"},
        {"reporter": 200, "approver": 403, "viewer": 404, "consolidator": 404, "outsider": 404},
    ),
]


def _fill(value, ids: dict):  # type: ignore[no-untyped-def]
    if value == "{version}":
        return ids["version"]
    if isinstance(value, str):
        return value.format(**ids)
    if isinstance(value, dict):
        return {k: _fill(v, ids) for k, v in value.items()}
    return value


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("case", CASES, ids=[f"{c[0]} {c[1]}" for c in CASES])
def test_every_persona_on_every_endpoint(
    request,
    persona,
    case,
    register,
    entry,
    draft,
    reporter,
    approver,
    viewer,
    consolidator,
    outsider,
) -> None:
    method, path, body, expected = case
    ids = {"register": register.pk, "entry": entry.pk, "report": draft.pk, "version": draft.version}
    before = RegisterEntry.objects.get(pk=entry.pk)
    response = api_as(request.getfixturevalue(persona)).call(
        method, _fill(path, ids), _fill(body, ids)
    )
    assert response.status_code == expected[persona], (persona, response.content[:300])
    if response.status_code >= 400:
        assert_error(response, expected[persona])
        after = RegisterEntry.objects.filter(pk=entry.pk).first()
        assert after is not None and after.subject == before.subject  # nothing written
        assert RegisterEntry.objects.count() == 1
    if persona == "outsider":  # not even the register's name or unit leaks
        text = response.content.decode()
        assert "đơn thư" not in text and "STTTT" not in text and "ăng-ten" not in text


@pytest.mark.parametrize(
    "persona,expected",
    [
        ("reporter", 200),
        ("approver", 403),
        ("viewer", 403),
        ("consolidator", 403),
        ("outsider", 404),
    ],
)
def test_a_submitted_report_shows_its_figures_to_overseers_and_fills_for_nobody(
    request,
    persona,
    expected,
    register,
    entry,
    draft,
    reporter,
    approver,
    viewer,
    consolidator,
    outsider,
) -> None:
    submit_report(draft, by=reporter)
    client = api_as(request.getfixturevalue(persona))
    figures = client.get(f"/api/reports/{draft.pk}/register-figures")
    assert figures.status_code == (404 if persona == "outsider" else 200)
    if persona != "outsider":
        assert figures.json()["can_fill"] is False
        assert figures.json()["figures"][0]["value"] == "1"
    fill = client.post(
        f"/api/reports/{draft.pk}/fill-from-registers", {"version": reload(draft).version}
    )
    assert_error(fill, 404 if persona == "outsider" else 403)


def test_the_list_shows_readable_registers_with_bindings_and_write_rights(
    register, other_register, reporter, viewer, outsider
) -> None:
    mine = api_as(reporter).get("/api/registers").json()
    assert (mine["count"], [r["code"] for r in mine["items"]]) == (1, ["DON-THU"])
    (item,) = mine["items"]
    assert item["unit"] == {
        "id": register.unit_id,
        "code": "STTTT",
        "name": "Sở Thông tin và Truyền thông",
    }
    assert item["categories"] == ["Khiếu nại", "Tố cáo"]
    assert item["quantity_label"] == "Số người" and item["can_write"] is True
    assert item["bindings"] == [
        {
            "indicator": {
                "id": item["bindings"][0]["indicator"]["id"],
                "code": "KHIEU_NAI",
                "name": "Vụ việc khiếu nại",
                "template": "STTTT-THANG",
            },
            "measure": "count",
            "category": "Khiếu nại",
            "categories": ["Khiếu nại"],
            "filters": {},
            "sum_column": "",
        }
    ]
    overseen = api_as(viewer).get("/api/registers").json()
    assert {r["code"]: r["can_write"] for r in overseen["items"]} == {
        "DON-THU": False,
        "TTHC": False,
    }
    assert [r["code"] for r in api_as(outsider).get("/api/registers").json()["items"]] == ["TTHC"]
    assert api_as(reporter).get(f"/api/registers/{register.pk}").json() == item
    assert_error(api_as(reporter).get("/api/registers", limit=101), 422, "validation_error")


def test_an_inactive_register_is_read_only(register, reporter) -> None:
    register.is_active = False
    register.save()
    client = api_as(reporter)
    assert client.get(f"/api/registers/{register.pk}").json()["can_write"] is False
    assert_error(
        client.post(f"/api/registers/{register.pk}/entries", complaint("2022-01-06")),
        403,
        "not_writable",
    )


def test_another_registers_entry_id_is_not_found(
    register, other_register, entry, reporter, outsider
) -> None:
    foreign = add_entry(
        other_register.pk,
        EntryInput(entry_date="2022-01-03", subject="Hồ sơ cấp phép"),
        by=outsider,
    )
    # The outsider names their own register with the Sở TT&TT's entry.
    client = api_as(outsider)
    path = f"/api/registers/{other_register.pk}/entries/{entry.pk}"
    assert_error(client.put(path, complaint("2022-01-07", "Chiếm đoạt")), 404, "not_found")
    assert_error(client.delete(path), 404, "not_found")
    # The reporter names their register with the other department's entry.
    client = api_as(reporter)
    path = f"/api/registers/{register.pk}/entries/{foreign.pk}"
    assert_error(client.put(path, complaint("2022-01-07", "Chiếm đoạt")), 404, "not_found")
    assert_error(client.delete(path), 404, "not_found")
    assert RegisterEntry.objects.get(pk=entry.pk).subject == "Đơn khiếu nại về cột ăng-ten"
    assert RegisterEntry.objects.get(pk=foreign.pk).subject == "Hồ sơ cấp phép"


def test_entries_are_created_numbered_per_year_changed_and_deleted(register, reporter) -> None:
    client = api_as(reporter)
    base = f"/api/registers/{register.pk}/entries"
    decomposed = unicodedata.normalize("NFD", "Đơn tố cáo cán bộ thôn Đông Hợp")
    first = client.post(base, complaint("20/12/2021", quantity=3))
    second = client.post(
        base,
        {
            "entry_date": "2022-01-03",
            "subject": decomposed,
            "category": "TỐ CÁO",
            "quantity": "1.234,5",
            "reference": "Số 12/ĐT",
            "notes": "Chuyển Thanh tra",
        },
    )
    third = client.post(base, complaint("2022-01-05", quantity=2.5))
    assert [r.status_code for r in (first, second, third)] == [201, 201, 201]
    data = second.json()
    assert (data["year"], data["number"], data["entry_date"]) == (2022, 1, "2022-01-03")
    assert data["subject"] == "Đơn tố cáo cán bộ thôn Đông Hợp"  # NFC
    assert data["category"] == "Tố cáo"  # the register's own spelling
    assert (data["quantity"], data["reference"], data["notes"]) == (
        "1234.5",
        "Số 12/ĐT",
        "Chuyển Thanh tra",
    )
    assert data["created_by"] == "Nguyễn Thị Lan" and data["updated_by"] is None
    assert data["closed_by"] is None
    stored = RegisterEntry.objects.get(pk=data["id"])
    assert stored.subject == unicodedata.normalize("NFC", decomposed)
    assert [(r.json()["year"], r.json()["number"]) for r in (first, third)] == [
        (2021, 1),
        (2022, 2),
    ]
    assert (first.json()["quantity"], third.json()["quantity"]) == ("3", "2.5")

    # Moving the first entry into 2022 gives it that year's next number.
    changed = client.put(
        f"{base}/{first.json()['id']}",
        complaint("2022-01-10", "Đơn khiếu nại (sửa)", quantity=None),
    )
    assert changed.status_code == 200
    assert (changed.json()["year"], changed.json()["number"]) == (2022, 3)
    assert changed.json()["quantity"] is None
    assert changed.json()["updated_by"] == "Nguyễn Thị Lan"

    deleted = client.delete(f"{base}/{third.json()['id']}")
    assert deleted.status_code == 204 and deleted.content == b""
    assert not RegisterEntry.objects.filter(pk=third.json()["id"]).exists()
    assert client.post(base, complaint("2022-01-11")).json()["number"] == 4  # 2 is not reused
    assert_error(client.delete(f"{base}/{third.json()['id']}"), 404, "not_found")


def test_invalid_entries_get_per_field_details_and_nothing_is_stored(register, reporter) -> None:
    client = api_as(reporter)
    base = f"/api/registers/{register.pk}/entries"
    future = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    error = assert_error(
        client.post(
            base,
            {
                "entry_date": "31/02/2022",
                "subject": "  ",
                "category": "Ý kiến",
                "quantity": "mười",
                "reference": "x" * 256,
            },
        ),
        422,
        "invalid",
    )
    assert set(error["details"]) == {"entry_date", "subject", "category", "quantity", "reference"}
    assert set(assert_error(client.post(base, complaint(future)), 422)["details"]) == {"entry_date"}
    assert set(
        assert_error(client.post(base, complaint("2022-01-05", quantity=-1)), 422)["details"]
    ) == {"quantity"}
    for body in (
        complaint("2022-01-05", extra="x"),  # an unknown field
        complaint("2022-01-05", quantity=True),  # wrong types
        {**complaint("2022-01-05"), "subject": 5},
        {"subject": "Thiếu ngày"},
        complaint("2022-01-05", notes="\x00"),
    ):
        assert_error(client.post(base, body), 422, "validation_error")
    assert_error(client.call("POST", base, raw="{not json"), 400, "bad_request")
    assert not RegisterEntry.objects.exists()


def test_filters_and_totals_cover_the_whole_filter(register, reporter) -> None:
    for day, subject, category, quantity in [
        ("2021-12-14", "Đơn khiếu nại tháng trước", "Khiếu nại", "4"),
        ("2021-12-15", "Đơn khiếu nại về cột ăng-ten", "Khiếu nại", "2"),
        ("2022-01-03", "Đơn tố cáo cán bộ", "Tố cáo", "1"),
        ("2022-01-14", "ĐƠN KHIẾU NẠI lần hai", "Khiếu nại", ""),
        ("2022-01-15", "Đơn khiếu nại tháng sau", "Khiếu nại", "7"),
    ]:
        add_entry(
            register.pk,
            EntryInput(entry_date=day, subject=subject, category=category, quantity=quantity),
            by=reporter,
        )
    client = api_as(reporter)
    base = f"/api/registers/{register.pk}/entries"
    window = client.get(base, period="2022-01", limit=1).json()
    assert (window["start"], window["end"]) == ("2021-12-15", "2022-01-14")  # Decree 09
    assert (window["count"], window["total_quantity"], len(window["items"])) == (3, "3", 1)
    assert window["items"][0]["subject"] == "Đơn khiếu nại về cột ăng-ten"
    second_page = client.get(base, period="2022-01", limit=1, offset=1).json()
    assert second_page["items"][0]["subject"] == "Đơn tố cáo cán bộ"
    narrowed = client.get(base, **{"period": "2022-01", "from": "2022-01-01"}).json()
    assert (narrowed["start"], narrowed["count"]) == ("2022-01-01", 2)
    dates = client.get(base, **{"from": "2021-12-14", "to": "2021-12-15"}).json()
    assert (dates["count"], dates["total_quantity"]) == (2, "6")
    by_category = client.get(base, category="to cao").json()  # the register's "Tố cáo"
    assert [e["subject"] for e in by_category["items"]] == ["Đơn tố cáo cán bộ"]
    text = client.get(base, q="don khieu nai lan hai").json()  # diacritics and case ignored
    assert (text["count"], text["total_quantity"]) == (1, None)
    assert client.get(base, q="không có").json()["count"] == 0
    assert client.get(base).json()["count"] == 5


@pytest.mark.parametrize(
    "params,code",
    [
        ({"from": "14/01/2022"}, "validation_error"),
        ({"to": "1640995200"}, "validation_error"),  # not a Unix timestamp either
        ({"from": "2022-02-30"}, "validation_error"),
        ({"period": "tháng 1"}, "validation_error"),
        ({"period": "2022-13"}, "invalid_period"),
        ({"from": "2022-01-10", "to": "2022-01-01"}, "date_order"),
        ({"q": "a\x00b"}, "validation_error"),
        ({"limit": "101"}, "validation_error"),
    ],
)
def test_a_malformed_filter_is_422(params, code, register, reporter) -> None:
    response = api_as(reporter).get(f"/api/registers/{register.pk}/entries", **params)
    assert_error(response, 422, code)


def test_a_submitted_report_closes_its_window_until_returned(
    register, entry, draft, reporter, approver
) -> None:
    client = api_as(reporter)
    base = f"/api/registers/{register.pk}/entries"
    later = client.post(base, complaint("2022-01-20")).json()
    submit_report(reload(draft), by=reporter)
    for response in (
        client.post(base, complaint("2022-01-06")),
        client.put(f"{base}/{entry.pk}", complaint("2022-01-05", "Sửa")),
        client.put(f"{base}/{later['id']}", complaint("2022-01-07")),  # moved in
        client.delete(f"{base}/{entry.pk}"),
    ):
        error = assert_error(response, 409, "register_closed")
        assert error["details"] == {"report": draft.pk}
    english = api_as(reporter)
    english.language = "en"
    assert_error(english.post(base, complaint("2022-01-06")), 409, "register_closed")
    listed = {e["id"]: e["closed_by"] for e in client.get(base).json()["items"]}
    assert listed == {entry.pk: draft.pk, later["id"]: None}
    assert client.put(f"{base}/{later['id']}", complaint("2022-01-21")).status_code == 200
    return_report(reload(draft), by=approver, comment="Bổ sung số liệu đơn thư.")
    assert client.delete(f"{base}/{entry.pk}").status_code == 204


def test_english_errors(register, entry, reporter, viewer, outsider) -> None:
    outside = api_as(outsider)
    outside.language = "en"
    error = assert_error(outside.get(f"/api/registers/{register.pk}"), 404, "not_found")
    assert error["message"] == "Not found."
    reader = api_as(viewer)
    reader.language = "en"
    error = assert_error(
        reader.post(f"/api/registers/{register.pk}/entries", complaint("2022-01-06")),
        403,
        "not_writable",
    )
    assert error["message"] == "You are not allowed to do this."
    writer = api_as(reporter)
    writer.language = "en"
    error = assert_error(
        writer.post(f"/api/registers/{register.pk}/entries", {"entry_date": 5}),
        422,
        "validation_error",
    )
    assert error["message"] == "The request does not match the schema."
    # Vietnamese by default.
    error = assert_error(api_as(outsider).get(f"/api/registers/{register.pk}"), 404)
    assert error["message"] == "Không tìm thấy sổ theo dõi."


def test_figures_and_filling_a_draft(register, draft, reporter) -> None:
    for day, category in [
        ("2021-12-15", "Khiếu nại"),
        ("2022-01-14", "Khiếu nại"),
        ("2022-01-10", "Tố cáo"),
        ("2022-01-15", "Khiếu nại"),
    ]:
        add_entry(
            register.pk, EntryInput(entry_date=day, subject="Đơn", category=category), by=reporter
        )
    client = api_as(reporter)
    figures = client.get(f"/api/reports/{draft.pk}/register-figures").json()
    assert (figures["report"], figures["version"], figures["can_fill"]) == (
        draft.pk,
        draft.version,
        True,
    )
    (figure,) = figures["figures"]
    assert figure == {
        "indicator": "KHIEU_NAI",
        "indicator_name": "Vụ việc khiếu nại",
        "register": {"id": register.pk, "code": "DON-THU", "name": "Sổ tiếp nhận đơn thư"},
        "measure": "count",
        "category": "Khiếu nại",
        "start": "2021-12-15",
        "end": "2022-01-14",
        "entries": 2,
        "value": "2",
        "current": None,
        "changes": True,
        "missing_quantity": 0,
    }

    stale = client.post(
        f"/api/reports/{draft.pk}/fill-from-registers", {"version": draft.version - 1}
    )
    assert assert_error(stale, 409, "stale_version")["details"]["current_version"] == (
        draft.version
    )
    assert not reload(draft).values.filter(indicator__code="KHIEU_NAI").exists()

    filled = client.post(f"/api/reports/{draft.pk}/fill-from-registers", {"version": draft.version})
    assert filled.status_code == 200
    assert filled.json() == {
        "version": draft.version + 1,
        "values": [
            {
                "indicator": "KHIEU_NAI",
                "value": "2",
                "entries": 2,
                "note": "Theo Sổ tiếp nhận đơn thư: 2 mục, 15/12/2021–14/01/2022",
                "register": "Sổ tiếp nhận đơn thư",
            }
        ],
    }
    report = reload(draft)
    assert report.version == draft.version + 1
    value = report.values.get(indicator__code="KHIEU_NAI")
    assert (value.value, value.note) == (
        2,
        "Theo Sổ tiếp nhận đơn thư: 2 mục, 15/12/2021–14/01/2022",
    )
    assert report.values.get(indicator__code="BAO_CHI").value == 773  # untouched
    again = client.get(f"/api/reports/{draft.pk}/register-figures").json()["figures"][0]
    assert (again["current"], again["changes"]) == ("2", False)
    for body in ({}, {"version": "x"}, {"version": report.version, "dry_run": True}):
        assert_error(
            client.post(f"/api/reports/{draft.pk}/fill-from-registers", body),
            422,
            "validation_error",
        )


def test_a_template_without_bound_indicators_cannot_be_filled(draft, reporter) -> None:
    client = api_as(reporter)
    assert client.get(f"/api/reports/{draft.pk}/register-figures").json()["figures"] == []
    assert_error(
        client.post(f"/api/reports/{draft.pk}/fill-from-registers", {"version": draft.version}),
        422,
        "no_bindings",
    )


REGISTER_PATHS = re.compile(
    r"^/api/(registers|reports/\{report_id\}/(register-figures|"
    r"fill-from-registers))"
)


@pytest.mark.schemathesis
def test_the_register_operations_hold_their_schema_on_real_objects(
    unit, register, draft, reporter
) -> None:
    """Generated requests against a real register, entry and report: no 5xx, schema kept.

    The register takes any category, and half the bodies get a valid date and the report's
    version, so that generated text and quantities reach the services and the database.
    """
    plain = WorkRegister.objects.create(
        unit=unit, code="TTHC", name="Sổ hồ sơ TTHC", quantity_label="Số hồ sơ"
    )
    entry = add_entry(plain.pk, EntryInput(entry_date="2022-01-05", subject="Hồ sơ"), by=reporter)
    _, token = create_token(by=reporter, name="schemathesis")
    ids = {
        "register_id": plain.pk,
        "entry_id": entry.pk,
        "report_id": draft.pk,
        "indicator_id": register.bindings.get().indicator_id,
    }
    failures: list[str] = []
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
        operations = [
            result.ok()
            for result in schema.get_all_operations()
            if REGISTER_PATHS.match(result.ok().path)
        ]
        # the import (multipart) among them, and the designer's 6 (create, design, columns,
        # bind, unbind, design document)
        assert len(operations) == 15
        for operation in operations:

            @given(case=operation.as_strategy())
            @settings(
                max_examples=15,
                deadline=None,
                database=None,
                suppress_health_check=list(HealthCheck),
            )
            def check(case) -> None:  # type: ignore[no-untyped-def]
                case.path_parameters = {k: ids[k] for k in case.path_parameters or {}}
                body = case.body if isinstance(case.body, dict) else {}
                if "entry_date" in body and len(str(body["entry_date"])) % 2 == 0:
                    body["entry_date"] = "2022-01-06"
                if "version" in body and len(str(body["version"])) % 2 == 0:
                    body["version"] = Report.objects.get(pk=draft.pk).version
                response = case.call(headers={"Authorization": f"Bearer {token}"})
                case.validate_response(
                    response,
                    checks=[
                        not_a_server_error,
                        status_code_conformance,
                        content_type_conformance,
                        response_schema_conformance,
                    ],
                )

            try:
                check()
            except Exception as exc:
                failures.append(f"{operation.method.upper()} {operation.path}: {exc}"[:2000])
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    assert not failures, "\n\n".join(failures)


def register_blocks() -> list[str]:
    """Return the shell examples of the "Work registers" section of docs/api.md."""
    text = DOC.read_text(encoding="utf-8")
    section = text.split("## Work registers", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```bash\n(.*?)```", section, re.S)


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_the_documented_register_examples_run(
    live_server, register, draft, reporter, tmp_path
) -> None:
    blocks = register_blocks()
    assert len(blocks) == 2
    _, token = create_token(by=reporter, name="docs")
    setup = re.findall(r"```sh\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)[0]
    script = "set -euo pipefail\n" + setup + "\n".join(blocks)
    result = subprocess.run(
        ["bash", "-c", script],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "BAOCAO_URL": live_server.url, "TOKEN": token},
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    entry = RegisterEntry.objects.get(register=register)
    assert (entry.entry_date, entry.category, entry.number) == (dt.date(2022, 3, 2), "Khiếu nại", 1)
    assert '"count": 1' in result.stdout and '"total_quantity": "2"' in result.stdout
