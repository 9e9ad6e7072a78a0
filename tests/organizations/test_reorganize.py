"""Applying a reorganisation plan: checked whole, listed, applied once, refused with reasons."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from baocao.core.errors import Forbidden
from baocao.domain.workflow import Role
from baocao.organizations.models import OrgUnit, UnitEvent, UnitLink, UnitVersion
from baocao.organizations.selectors import children_as_of, lineage_codes
from baocao.organizations.services import reorganize
from tests.api.conftest import api_as
from tests.conftest import client_for, make_user

HEADER = (
    "date,kind,from,to,name,short_name,level,parent,doc_code,governing_body,functions,"
    "indicators,share,note\n"
)
PLAN = HEADER + (
    "2025-03-01,open,,SVHTTDL,Sở Văn hóa Thể thao và Du lịch,Sở VH-TT-DL,department,UBND-TB,"
    "SVHTTDL,,,,,\n"
    '2025-03-01,split,STTTT,SKHDT,,,,,,,"CNTT, viễn thông",,,\n'
    '2025-03-01,split,STTTT,SVHTTDL,,,,,,,"Báo chí, xuất bản",BAO_CHI,,\n'
    "2025-04-01,rename,SKHDT,,Sở Khoa học và Công nghệ,Sở KH&CN,,,SKHCN,,,,,\n"
)


@pytest.fixture
def admin(province):
    """Return an administrator of the province."""
    return make_user("quantri.tinh", province, Role.ADMINISTRATOR)


def _apply(text: str, by, **kwargs):  # type: ignore[no-untyped-def]
    return reorganize(text.encode(), name="plan.csv", by=by, today=dt.date(2026, 1, 1), **kwargs)


def test_a_dry_run_lists_what_it_touches_and_writes_nothing(
    template, admin, reporter, draft, register
):
    result = _apply(PLAN, admin, dry_run=True)
    assert result.errors == [] and result.dry_run
    assert len(result.touched.units) == 4
    assert any("chuyenvien" in r and "STTTT" in r for r in result.touched.roles)
    assert any(register.code in r for r in result.touched.registers)
    assert any("STTTT phải báo cáo theo STTTT-THANG" in r for r in result.touched.templates)
    assert any(draft.period_code in r and "STTTT" in r for r in result.touched.reports)
    assert UnitEvent.objects.count() == 0 and not OrgUnit.objects.filter(code="SVHTTDL").exists()


def test_applying_records_history_lineage_and_twice_changes_nothing(template, admin):
    result = _apply(PLAN, admin)
    assert result.errors == [] and len(result.events) == 4
    sttt = OrgUnit.objects.get(code="STTTT")
    skhdt = OrgUnit.objects.get(code="SKHDT")
    assert sttt.closed_on == dt.date(2025, 3, 1) and sttt.parent.code == "UBND-TB"
    assert set(sttt.successors.values_list("code", flat=True)) == {"SKHDT", "SVHTTDL"}
    assert UnitLink.objects.get(successor__code="SVHTTDL").indicators == "BAO_CHI"
    assert (skhdt.name, skhdt.doc_code) == ("Sở Khoa học và Công nghệ", "SKHCN")
    old = skhdt.as_of(dt.date(2025, 1, 1))
    assert (old.name, old.doc_code) == ("Sở Kế hoạch và Đầu tư", "SKHĐT")
    assert skhdt.as_of(dt.date(2025, 5, 1)).name == "Sở Khoa học và Công nghệ"
    assert lineage_codes(skhdt) == (["STTTT"], [])
    province = OrgUnit.objects.get(code="UBND-TB")
    assert {u.code for u in children_as_of(province, dt.date(2025, 1, 1))} == {"STTTT", "SKHDT"}
    assert {u.code for u in children_as_of(province, dt.date(2025, 5, 1))} == {"SKHDT", "SVHTTDL"}
    counts = (
        UnitEvent.objects.count(),
        UnitLink.objects.count(),
        UnitVersion.objects.count(),
        OrgUnit.objects.count(),
    )
    again = _apply(PLAN, admin)
    assert again.errors == [] and len(again.already) == 4 and again.events == []
    assert (
        UnitEvent.objects.count(),
        UnitLink.objects.count(),
        UnitVersion.objects.count(),
        OrgUnit.objects.count(),
    ) == counts


def test_a_wrong_plan_is_refused_whole_with_one_message_per_line(template, admin):
    bad = PLAN + "2025-05-01,merge,NOPE,SKHDT,,,,,,,,,,\n2025-06-01,close,STTTT,,,,,,,,,,,\n"
    result = _apply(bad, admin)
    assert [e.number for e in result.errors] == [6, 7]
    assert UnitEvent.objects.count() == 0
    assert OrgUnit.objects.get(code="STTTT").closed_on is None


def test_only_an_administrator_of_the_units_may_reorganise(template, reporter, viewer):
    for user in (reporter, viewer):
        with pytest.raises(Forbidden):
            _apply(PLAN, user)
    assert UnitEvent.objects.count() == 0


def test_a_yaml_plan_and_a_future_rename(template, admin):
    yaml_plan = (
        "events:\n  - {date: 2025-03-01, kind: merge, from: 'STTTT;SKHDT', "
        "to: SKHDT, functions: 'Tất cả'}\n"
    )
    result = reorganize(yaml_plan.encode(), name="plan.yaml", by=admin)
    assert result.errors == [] and OrgUnit.objects.get(code="STTTT").closed_on
    future = _apply(HEADER + "2026-06-01,rename,SKHDT,,Tên mới,,,,,,,,,\n", admin)
    assert [e.number for e in future.errors] == [2]


def test_the_command_prints_the_dry_run_and_refuses_bad_files(template, admin, tmp_path):
    path = tmp_path / "plan.csv"
    path.write_text(PLAN, encoding="utf-8")
    out = StringIO()
    call_command("reorganize", str(path), "--user", admin.username, "--dry-run", stdout=out)
    text = out.getvalue()
    assert "Đơn vị: 4" in text and "Xem trước: 4 dòng" in text
    assert UnitEvent.objects.count() == 0
    path.write_bytes("date,kind,from\n2025-03-01,close,S\u1edf\n".encode("utf-16"))
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("reorganize", str(path), "--user", admin.username, stderr=err)
    assert "UTF-8" in err.getvalue()


def test_the_timeline_page_is_for_administrators_only(template, admin, reporter):
    _apply(PLAN, admin)
    sttt = OrgUnit.objects.get(code="STTTT")
    admin.is_staff = True
    admin.save()
    page = client_for(admin).get(f"/admin/organizations/orgunit/{sttt.pk}/lich-su/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Chia tách" in text and "Báo chí, xuất bản" in text and "01/03/2025" in text
    renamed = OrgUnit.objects.get(code="SKHDT")
    page = client_for(admin).get(f"/admin/organizations/orgunit/{renamed.pk}/lich-su/")
    assert (
        "Đổi tên từ “Sở Kế hoạch và Đầu tư” thành “Sở Khoa học và Công nghệ”"
        in page.content.decode()
    )
    refused = client_for(reporter).get(f"/admin/organizations/orgunit/{sttt.pk}/lich-su/")
    assert refused.status_code == 302
    assert refused["Location"].startswith("/admin/login/")


def test_the_api_shows_closed_on_predecessors_and_successors(template, admin, viewer):
    _apply(PLAN, admin)
    body = api_as(viewer).get("/api/units/STTTT").json()
    assert body["closed_on"] == "2025-03-01"
    assert body["successors"] == ["SKHDT", "SVHTTDL"] and body["predecessors"] == []
    assert api_as(viewer).get("/api/units/SVHTTDL").json()["predecessors"] == ["STTTT"]
