"""Personas of the jobs tests: a system administrator (of the province) and a unit's one."""

from __future__ import annotations

from typing import Any

import pytest

from baocao.domain.workflow import Role
from tests.conftest import make_user


@pytest.fixture
def superuser(db: Any) -> Any:
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_superuser("root", "root@example.vn", "x")


@pytest.fixture
def system_admin(province: Any) -> Any:
    return make_user("quantri", province, Role.ADMINISTRATOR)


@pytest.fixture
def unit_admin(unit: Any) -> Any:
    return make_user("quantridv", unit, Role.ADMINISTRATOR)
