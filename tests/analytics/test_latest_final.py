"""The dashboard's latest final reports: a prepared read with ``visible_reports``' rule."""

from __future__ import annotations

import pytest

from baocao.reports.selectors import (
    FINAL_STATUSES,
    LATEST_FINAL,
    latest_final_reports,
    visible_reports,
)
from tests.analytics.conftest import file_report


def _as_filtered(user, path: str) -> list:
    """Return the list as the dashboard read it before: ``visible_reports`` filtered."""
    return list(
        visible_reports(user)
        .filter(status__in=FINAL_STATUSES, unit__path__startswith=path)
        .order_by("-approved_at")[:LATEST_FINAL]
    )


@pytest.fixture
def filed(template, unit, other_unit, reporter, approver, outsider, outside_approver):
    """File reports of both units: approved and sent, submitted only, and drafts."""
    for month in range(1, 7):
        code = f"2022-{month:02d}"
        file_report(template, unit, code, reporter=reporter, approver=approver, send=month < 4)
        file_report(
            template,
            other_unit,
            code,
            reporter=outsider,
            approver=outside_approver if month % 2 else None,
        )
    file_report(template, unit, "2022-07", reporter=reporter, submit=False)


def test_the_latest_final_reports_are_those_the_user_may_read(
    filed, province, unit, other_unit, viewer, consolidator, reporter, outsider, approver
):
    for user in (viewer, consolidator, reporter, outsider, approver):
        for top in (province, unit, other_unit):
            found = latest_final_reports(user, top.path)
            assert [r.pk for r in found] == [r.pk for r in _as_filtered(user, top.path)], (
                user.username,
                top.code,
            )
    shown = latest_final_reports(viewer, province.path)
    assert len(shown) == 9  # six of the unit, three of the other one
    first = shown[0]
    assert first.unit.name and first.title and first.approved_at


def test_an_anonymous_user_sees_no_final_report(filed, province):
    from django.contrib.auth.models import AnonymousUser

    assert latest_final_reports(AnonymousUser(), province.path) == []
