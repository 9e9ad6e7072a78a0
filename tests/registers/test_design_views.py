"""The register designer's pages: an administrator creates a register from a preset, adds a
column and binds an indicator; a reporter writes an entry with the columns; others are refused."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from baocao.domain.workflow import Role
from baocao.registers.models import WorkRegister
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def as_user(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def test_an_administrator_designs_and_a_reporter_writes_with_the_columns(unit, template, reporter):
    admin = as_user(make_user("quantri", unit, Role.ADMINISTRATOR))
    listing = admin.get(reverse("registers")).content.decode()
    assert "Tạo sổ theo dõi" in listing
    assert "Tạo sổ theo dõi" not in as_user(reporter).get(reverse("registers")).content.decode()
    page = admin.get(reverse("register-new")).content.decode()
    assert "Sổ theo dõi sự cố an toàn thông tin mạng" in page
    created = admin.post(reverse("register-new"), {"unit": unit.pk, "preset": "DON-THU"})
    register = WorkRegister.objects.get(code="DON-THU")
    assert created.status_code == 302 and created["Location"].endswith("/thiet-ke/")
    url = reverse("register-design", args=[register.pk])
    added = admin.post(
        url,
        {"action": "add_column", "label": "Hạn giải quyết", "code": "han", "type": "date"},
    )
    assert added.status_code == 302
    refused = admin.post(url, {"action": "add_column", "label": "", "code": "Sai mã"})
    assert refused.status_code == 422 and "không hợp lệ" in refused.content.decode()
    indicator = template.indicators.get(code="KHIEU_NAI")
    admin.post(
        url,
        {
            "action": "bind",
            "indicator": indicator.pk,
            "measure": "count",
            "categories": ["Khiếu nại", "Tố cáo"],
        },
    )
    assert register.bindings.get().wanted_categories() == ["Khiếu nại", "Tố cáo"]
    assert as_user(reporter).get(url).status_code == 403
    writer = as_user(reporter)
    detail = reverse("register-detail", args=[register.pk])
    form = writer.get(detail).content.decode()
    assert 'name="col_tham_quyen"' in form and 'name="col_han"' in form
    missing = writer.post(
        detail, {"entry_date": "05/01/2022", "subject": "Đơn tố cáo", "category": "Tố cáo"}
    )
    assert missing.status_code == 422 and "Cần ghi “Thẩm quyền”" in missing.content.decode()
    written = writer.post(
        detail,
        {
            "entry_date": "05/01/2022",
            "subject": "Đơn tố cáo",
            "category": "Tố cáo",
            "col_tham_quyen": "Thuộc thẩm quyền",
            "col_han": "20/01/2022",
            "col_tiep_cong_dan": "Có",
        },
    )
    assert written.status_code == 302
    entry = register.entries.get()
    assert entry.values == {
        "tham_quyen": "Thuộc thẩm quyền",
        "han": "2022-01-20",
        "tiep_cong_dan": True,
    }
    shown = writer.get(detail + "?col_tham_quyen=Thuộc+thẩm+quyền").content.decode()
    assert "20/01/2022" in shown and "Đơn tố cáo" in shown
    none = writer.get(detail + "?col_tham_quyen=Không+thuộc+thẩm+quyền").content.decode()
    assert "Không có mục nào khớp bộ lọc." in none
    design_json = admin.get(reverse("register-design-download", args=[register.pk]))
    assert design_json.json()["register"]["code"] == "DON-THU"
