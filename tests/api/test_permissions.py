"""Every role × every endpoint: the API applies exactly the web's rules; outsiders get 404."""

from __future__ import annotations

import pytest

from baocao.reports.services import submit_report
from tests.api.conftest import api_as
from tests.conftest import reload

PERSONAS = ["reporter", "approver", "outsider", "viewer", "consolidator"]


# (method, path template, body, expected status by persona) on a DRAFT of the Sở TT&TT.
DRAFT_CASES = [
    (
        "GET",
        "/api/reports/{id}",
        None,
        {"reporter": 200, "approver": 200, "outsider": 404, "viewer": 404, "consolidator": 404},
    ),
    (
        "GET",
        "/api/reports/{id}/items",
        None,
        {"reporter": 200, "approver": 200, "outsider": 404, "viewer": 404, "consolidator": 404},
    ),
    (
        "GET",
        "/api/reports/{id}/values",
        None,
        {"reporter": 200, "approver": 200, "outsider": 404, "viewer": 404, "consolidator": 404},
    ),
    (
        "PATCH",
        "/api/reports/{id}",
        {"version": "{version}", "title": "Tiêu đề mới"},
        {"reporter": 200, "approver": 403, "outsider": 404, "viewer": 404, "consolidator": 404},
    ),
    (
        "POST",
        "/api/reports/{id}/items",
        {"version": "{version}", "text": "Mục mới", "section": "TTBC"},
        {"reporter": 201, "approver": 403, "outsider": 404, "viewer": 404, "consolidator": 404},
    ),
    (
        "PATCH",
        "/api/reports/{id}/items/{item}",
        {"version": "{version}", "text": "Sửa"},
        {"reporter": 200, "approver": 403, "outsider": 404, "viewer": 404, "consolidator": 404},
    ),
    (
        "DELETE",
        "/api/reports/{id}/items/{item}?version={version}",
        None,
        {"reporter": 200, "approver": 403, "outsider": 404, "viewer": 404, "consolidator": 404},
    ),
    (
        "PUT",
        "/api/reports/{id}/values",
        {"version": "{version}", "values": [{"indicator": "KHIEU_NAI", "value": 0}]},
        {"reporter": 200, "approver": 403, "outsider": 404, "viewer": 404, "consolidator": 404},
    ),
    (
        "POST",
        "/api/reports/{id}/submit",
        {},
        {"reporter": 200, "approver": 403, "outsider": 404, "viewer": 404, "consolidator": 404},
    ),
    (
        "POST",
        "/api/reports/{id}/approve",
        {},
        {"reporter": 403, "approver": 403, "outsider": 404, "viewer": 404, "consolidator": 404},
    ),
    (
        "POST",
        "/api/reports/{id}/return",
        {"comment": "Bổ sung số liệu"},
        {"reporter": 403, "approver": 403, "outsider": 404, "viewer": 404, "consolidator": 404},
    ),
    (
        "GET",
        "/api/exchange/export?unit=STTTT&period=2022-01",
        None,
        {"reporter": 200, "approver": 200, "outsider": 404, "viewer": 200, "consolidator": 200},
    ),
    (
        "GET",
        "/api/units/STTTT",
        None,
        {"reporter": 200, "approver": 200, "outsider": 404, "viewer": 200, "consolidator": 200},
    ),
    (
        "GET",
        "/api/templates/STTTT-THANG",
        None,
        {"reporter": 200, "approver": 200, "outsider": 200, "viewer": 200, "consolidator": 200},
    ),
    (
        "GET",
        "/api/templates/STTTT-THANG/periods?year=2022",
        None,
        {"reporter": 200, "approver": 200, "outsider": 200, "viewer": 200, "consolidator": 200},
    ),
    (
        "POST",
        "/api/reports",
        {"unit": "STTTT", "template": "STTTT-THANG", "period": "2022-05"},
        {"reporter": 201, "approver": 403, "outsider": 404, "viewer": 403, "consolidator": 403},
    ),
]

# The same on a SUBMITTED report: overseers may now read it, only the approver decides.
SUBMITTED_CASES = [
    (
        "GET",
        "/api/reports/{id}",
        None,
        {"reporter": 200, "approver": 200, "outsider": 404, "viewer": 200, "consolidator": 200},
    ),
    (
        "PATCH",
        "/api/reports/{id}",
        {"version": "{version}", "title": "Tiêu đề mới"},
        {"reporter": 403, "approver": 403, "outsider": 404, "viewer": 403, "consolidator": 403},
    ),
    (
        "POST",
        "/api/reports/{id}/submit",
        {},
        {"reporter": 403, "approver": 403, "outsider": 404, "viewer": 404, "consolidator": 404},
    ),
    (
        "POST",
        "/api/reports/{id}/return",
        {"comment": "Bổ sung số liệu"},
        {"reporter": 403, "approver": 200, "outsider": 404, "viewer": 404, "consolidator": 404},
    ),
    (
        "POST",
        "/api/reports/{id}/approve",
        {},
        {"reporter": 403, "approver": 200, "outsider": 404, "viewer": 404, "consolidator": 404},
    ),
]


def _fill(value, report, item_id):  # type: ignore[no-untyped-def]
    if isinstance(value, str):
        filled = value.format(id=report.pk, item=item_id, version=report.version)
        return int(filled) if value == "{version}" else filled
    if isinstance(value, dict):
        return {k: _fill(v, report, item_id) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, report, item_id) for v in value]
    return value


def _run(request, persona, case, report):  # type: ignore[no-untyped-def]
    method, path, body, expected = case
    client = api_as(request.getfixturevalue(persona))
    item = report.items.order_by("pk").first()
    response = client.call(method, _fill(path, report, item.pk), _fill(body, report, item.pk))
    assert response.status_code == expected[persona], (persona, method, path, response.content)
    if response.status_code >= 400:
        assert set(response.json()["error"]) == {"code", "message", "details"}
    if persona == "outsider" and response.status_code == 404:
        assert "STTTT" not in response.content.decode()
        assert "Chuyển đổi số" not in response.content.decode()


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("case", DRAFT_CASES, ids=[f"{c[0]} {c[1]}" for c in DRAFT_CASES])
def test_every_role_on_a_draft(
    request, persona, case, draft, approver, viewer, consolidator, outsider
) -> None:
    _run(request, persona, case, draft)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("case", SUBMITTED_CASES, ids=[f"{c[0]} {c[1]}" for c in SUBMITTED_CASES])
def test_every_role_on_a_submitted_report(
    request, persona, case, draft, reporter, approver, viewer, consolidator, outsider
) -> None:
    submit_report(draft, by=reporter)
    _run(request, persona, case, reload(draft))


def test_the_list_hides_another_units_drafts(draft, outsider, viewer, reporter) -> None:
    assert api_as(outsider).get("/api/reports").json()["count"] == 0
    assert api_as(viewer).get("/api/reports").json()["count"] == 0
    assert api_as(reporter).get("/api/reports").json()["count"] == 1
    submit_report(draft, by=reporter)
    assert api_as(viewer).get("/api/reports").json()["count"] == 1
    assert api_as(outsider).get("/api/reports").json()["count"] == 0


def test_units_list_shows_own_and_overseen_units(draft, outsider, viewer) -> None:
    assert [u["code"] for u in api_as(outsider).get("/api/units").json()["items"]] == ["SKHDT"]
    codes = {u["code"] for u in api_as(viewer).get("/api/units").json()["items"]}
    assert codes == {"UBND-TB", "STTTT", "SKHDT"}


def test_filtering_by_an_unseen_unit_is_404(draft, outsider) -> None:
    response = api_as(outsider).get("/api/reports", unit="STTTT")
    assert response.status_code == 404


def test_an_exchange_export_shows_overseers_only_published_reports(draft, viewer, reporter) -> None:
    data = (
        api_as(viewer)
        .get("/api/exchange/export", unit="UBND-TB", period="2022-01", subtree="true")
        .json()
    )
    assert data["reports"] == []
    submit_report(draft, by=reporter)
    data = (
        api_as(viewer)
        .get("/api/exchange/export", unit="UBND-TB", period="2022-01", subtree="true")
        .json()
    )
    assert [r["unit"] for r in data["reports"]] == ["STTTT"]
