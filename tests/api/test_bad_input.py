"""Bad input gets a 4xx in the error shape: never a 500, never another unit's data."""

from __future__ import annotations

import pytest

from tests.api.conftest import api_as, assert_error

LONG = "ư" * 10_000


def test_malformed_json_is_400(draft, reporter) -> None:
    response = api_as(reporter).call("POST", "/api/reports", raw='{"unit": "STTTT",')
    assert_error(response, 400, "bad_request")


def test_wrong_types_are_422(draft, reporter) -> None:
    response = api_as(reporter).patch(f"/api/reports/{draft.pk}", {"version": "abc"})
    error = assert_error(response, 422, "validation_error")
    assert error["details"][0]["loc"][-1] == "version"


def test_unknown_fields_are_422(draft, reporter) -> None:
    response = api_as(reporter).patch(
        f"/api/reports/{draft.pk}", {"version": draft.version, "status": "approved"}
    )
    error = assert_error(response, 422, "validation_error")
    assert error["details"][0]["type"] == "extra_forbidden"


def test_unknown_fields_in_nested_items_are_422(draft, reporter) -> None:
    response = api_as(reporter).patch(
        f"/api/reports/{draft.pk}",
        {"version": draft.version, "items": [{"text": "x", "report": 999}]},
    )
    assert_error(response, 422, "validation_error")


@pytest.mark.parametrize("limit", [0, 101, 10**12, -1])
def test_bad_page_sizes_are_422(draft, reporter, limit) -> None:
    assert_error(api_as(reporter).get("/api/reports", limit=limit), 422, "validation_error")


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/reports/{id}", {"version": 1, "title": LONG}),
        ("/api/reports/{id}", {"version": 1, "intro": LONG + "x"}),
        ("/api/reports/{id}/items", {"version": 1, "text": LONG}),
        ("/api/reports/{id}/return", {"comment": LONG}),
        ("/api/reports", {"unit": LONG, "template": "STTTT-THANG", "period": "2022-02"}),
    ],
)
def test_ten_thousand_character_strings_are_422(draft, reporter, path, body) -> None:
    client = api_as(reporter)
    method = "PATCH" if path == "/api/reports/{id}" else "POST"
    response = client.call(method, path.format(id=draft.pk), body)
    error = assert_error(response, 422, "validation_error")
    assert LONG not in str(error)


def test_long_query_strings_are_422_not_500(draft, reporter) -> None:
    response = api_as(reporter).get("/api/reports", unit=LONG)
    assert_error(response, 422)


def test_nul_characters_are_refused(draft, reporter) -> None:
    response = api_as(reporter).patch(
        f"/api/reports/{draft.pk}", {"version": draft.version, "title": "a\x00b"}
    )
    assert_error(response, 422, "validation_error")


def test_a_huge_or_negative_id_is_a_clean_4xx(draft, reporter) -> None:
    client = api_as(reporter)
    assert_error(client.get("/api/reports/99999999999999999999"), 422)
    assert_error(client.get("/api/reports/-1"), 422)
    assert_error(client.get("/api/reports/abc"), 422)
    assert_error(client.get("/api/reports/123456"), 404, "not_found")


def test_an_unknown_api_path_is_404(draft, reporter) -> None:
    assert api_as(reporter).get("/api/khong-co").status_code == 404


def test_english_messages_by_accept_language(draft, outsider) -> None:
    client = api_as(outsider)
    client.language = "en-US,en;q=0.9"
    error = assert_error(client.get(f"/api/reports/{draft.pk}"), 404, "not_found")
    assert error["message"] == "Not found."
    client.language = "vi,en;q=0.5"
    error = assert_error(client.get(f"/api/reports/{draft.pk}"), 404, "not_found")
    assert error["message"] == "Không tìm thấy báo cáo."


def test_an_unexpected_error_is_a_500_in_the_shape_without_internals(
    draft, reporter, monkeypatch
) -> None:
    from baocao.api.routers import reports

    def boom(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("secret internal detail /etc/passwd")

    monkeypatch.setattr(reports, "report_detail", boom)
    response = api_as(reporter).get(f"/api/reports/{draft.pk}")
    error = assert_error(response, 500, "server_error")
    assert "secret" not in response.content.decode()
    assert error["details"] is None


def test_an_outsider_cannot_write_into_another_units_report(draft, outsider) -> None:
    client = api_as(outsider)
    for method, path, body in [
        ("PATCH", f"/api/reports/{draft.pk}", {"version": draft.version, "title": "x"}),
        ("PUT", f"/api/reports/{draft.pk}/values", {"version": draft.version, "values": []}),
        ("POST", "/api/reports", {"unit": "STTTT", "template": "STTTT-THANG", "period": "2022-02"}),
    ]:
        response = client.call(method, path, body)
        assert_error(response, 404, "not_found")
        assert "Sở Thông tin" not in response.content.decode()
