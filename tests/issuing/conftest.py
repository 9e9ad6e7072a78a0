"""Fixtures of issuing and sending: clerks, an approved report, a received report."""

from __future__ import annotations

import pytest

from baocao.domain.workflow import Role
from baocao.reports.services import approve_report, submit_report
from tests.conftest import make_user, reload


@pytest.fixture
def clerk(unit):
    """Return the Sở TT&TT's clerk (văn thư)."""
    return make_user("vanthu", unit, Role.CLERK, first_name="Hoa", last_name="Bùi Thị")


@pytest.fixture
def province_clerk(province):
    """Return the provincial People's Committee's clerk, who receives the departments' reports."""
    return make_user("vanthu.tinh", province, Role.CLERK, first_name="Mai", last_name="Ngô Thị")


@pytest.fixture
def approved(draft, reporter, approver):
    """Return the January 2022 draft, submitted and approved."""
    submit_report(reload(draft), by=reporter)
    return approve_report(reload(draft), by=approver)
