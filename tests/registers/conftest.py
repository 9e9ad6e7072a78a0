"""Registers of the Sở TT&TT in the shared personas' province: complaints, bound to KHIEU_NAI."""

from __future__ import annotations

import pytest

from baocao.registers.models import RegisterBinding, WorkRegister


@pytest.fixture
def register(unit, template) -> WorkRegister:
    """Return the unit's complaints register, feeding the KHIEU_NAI indicator (a count)."""
    register = WorkRegister.objects.create(
        unit=unit, code="DON-THU", name="Sổ tiếp nhận đơn thư",
        categories=["Khiếu nại", "Tố cáo"], quantity_label="Số người")
    RegisterBinding.objects.create(register=register,
                                   indicator=template.indicators.get(code="KHIEU_NAI"),
                                   measure="count", category="Khiếu nại")
    return register


@pytest.fixture
def other_register(other_unit) -> WorkRegister:
    """Return a register of the other department."""
    return WorkRegister.objects.create(unit=other_unit, code="TTHC", name="Sổ hồ sơ TTHC")
