"""The register designer through the REST API: presets, a register created, a column added,
an indicator bound to several categories, the design exported and imported (dry run first)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from baocao.domain.workflow import Role
from tests.api.conftest import api_as, assert_error
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(unit):
    """Return the Sở TT&TT's administrator."""
    return make_user("quantri", unit, Role.ADMINISTRATOR)


def test_an_administrator_designs_a_register_and_binds_an_indicator(
    unit, template, admin, reporter, outsider
):
    api = api_as(admin)
    keys = [p["key"] for p in api.get("/api/register-presets").json()]
    assert keys == ["DON-THU", "THANH-TRA", "LUU-CHIEU", "GIAY-PHEP", "SU-CO-ATTT"]
    assert_error(
        api_as(reporter).post("/api/registers", {"unit": unit.pk, "preset": "DON-THU"}),
        403,
        "not_administrator",
    )
    assert_error(
        api_as(outsider).post("/api/registers", {"unit": unit.pk, "preset": "DON-THU"}), 404
    )
    created = api.post("/api/registers", {"unit": unit.pk, "preset": "DON-THU"})
    assert created.status_code == 201, created.content
    register = created.json()
    assert register["can_design"] and register["columns"][1]["code"] == "tham_quyen"
    rid = register["id"]
    added = api.post(
        f"/api/registers/{rid}/columns",
        {"code": "han_giai_quyet", "label": "Hạn giải quyết", "type": "date"},
    )
    assert added.status_code == 201 and added.json()["columns"][-1]["type"] == "date"
    assert_error(
        api.post(f"/api/registers/{rid}/columns", {"code": "x", "label": "", "type": "choice"}),
        422,
        "invalid_design",
    )
    indicator = template.indicators.get(code="KHIEU_NAI")
    bound = api.put(
        f"/api/registers/{rid}/bindings/{indicator.pk}",
        {"measure": "count", "categories": ["Khiếu nại", "Tố cáo"]},
    )
    assert bound.status_code == 200, bound.content
    assert bound.json()["bindings"][0]["categories"] == ["Khiếu nại", "Tố cáo"]
    entry = api_as(reporter).post(
        f"/api/registers/{rid}/entries",
        {
            "entry_date": "2022-01-05",
            "subject": "Đơn tố cáo",
            "category": "Tố cáo",
            "values": {"tham_quyen": "Thuộc thẩm quyền", "tiep_cong_dan": True, "so_nguoi": 2},
        },
    )
    assert entry.status_code == 201, entry.content
    assert entry.json()["values"] == {
        "tham_quyen": "Thuộc thẩm quyền",
        "tiep_cong_dan": True,
        "so_nguoi": "2",
    }
    exported = api.get(f"/api/registers/{rid}/design?format=json")
    assert exported.status_code == 200
    assert exported.json()["format"] == "baocao.register-design/1"
    for fmt in ("json", "xlsx"):
        content = api.get(f"/api/registers/{rid}/design?format={fmt}").content
        upload = SimpleUploadedFile("thiet-ke." + fmt, content)
        plan = api.client.post(
            "/api/register-designs/import",
            {"unit": unit.pk, "dry_run": "true", "file": upload},
            **api._headers(),
        )
        assert plan.status_code == 200, plan.content
        assert plan.json()["action"] == "unchanged"
    gone = api.delete(f"/api/registers/{rid}/bindings/{indicator.pk}")
    assert gone.status_code == 204


def test_the_schema_lists_the_designer_endpoints() -> None:
    paths = set(Client().get("/api/openapi.json").json()["paths"])
    assert {
        "/api/register-presets",
        "/api/registers/{register_id}/design",
        "/api/registers/{register_id}/columns",
        "/api/registers/{register_id}/bindings/{indicator_id}",
        "/api/register-designs/import",
    } <= paths
