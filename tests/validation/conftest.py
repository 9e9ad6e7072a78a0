"""Fixtures of the validation tests: a total with a "trong đó" part, rules, an administrator."""

from __future__ import annotations

import pytest

from baocao.catalog.models import Indicator
from baocao.domain.workflow import Role
from tests.conftest import make_user


@pytest.fixture
def admin(province):
    """Return a system administrator (quản trị) of the province."""
    return make_user("quantri", province, Role.ADMINISTRATOR)


@pytest.fixture
def parts(template) -> dict[str, Indicator]:
    """Add a total of dossiers and its parts (online, by post) to the template."""
    total = Indicator.objects.create(
        template=template, code="HS_TONG", name="Tổng số hồ sơ tiếp nhận", unit="hồ sơ", order=10
    )
    online = Indicator.objects.create(
        template=template,
        code="HS_TRUC_TUYEN",
        name="Trong đó: hồ sơ trực tuyến",
        unit="hồ sơ",
        order=11,
    )
    post = Indicator.objects.create(
        template=template, code="HS_BUU_CHINH", name="Hồ sơ qua bưu chính", unit="hồ sơ", order=12
    )
    return {"total": total, "online": online, "post": post}
