"""Report permissions have one home (reports.selectors.report_permissions): the report page, the
API's report and its register figures give each persona the same actions and the same right to
edit, in each state it can be edited or reviewed in."""

from __future__ import annotations

import pytest

from baocao.reports.selectors import report_permissions
from baocao.reports.services import return_report, submit_report
from tests.api.conftest import api_as
from tests.conftest import client_for, reload

PERSONAS = ["reporter", "second_reporter", "approver", "viewer", "consolidator", "outsider"]


def _to(state: str, draft, reporter, approver):  # type: ignore[no-untyped-def]
    if state in ("submitted", "returned"):
        submit_report(draft, by=reporter)
    if state == "returned":
        return_report(reload(draft), by=approver, comment="Bổ sung số liệu tháng.")
    return reload(draft)


@pytest.mark.parametrize("state", ["draft", "submitted", "returned"])
@pytest.mark.parametrize("persona", PERSONAS)
def test_the_page_and_the_api_give_the_same_permissions(
    request, persona, state, draft, reporter, approver
) -> None:
    report = _to(state, draft, reporter, approver)
    user = request.getfixturevalue(persona)
    page = client_for(user).get(f"/bao-cao/{report.pk}/")
    api = api_as(user).get(f"/api/reports/{report.pk}")
    figures = api_as(user).get(f"/api/reports/{report.pk}/register-figures")
    if persona == "outsider" or (persona in ("viewer", "consolidator") and state != "submitted"):
        assert (page.status_code, api.status_code, figures.status_code) == (404, 404, 404)
        return
    assert (page.status_code, api.status_code, figures.status_code) == (200, 200, 200)
    expected = report_permissions(user, report)
    shown = (page.context["actions"], page.context["can_edit"])
    given = (api.json()["actions"], api.json()["can_edit"])
    assert shown == given == ([a.value for a in expected.actions], expected.can_edit)
    # Filling from the registers needs the right to edit (and figures to fill).
    assert figures.json()["can_fill"] == (expected.can_edit and bool(figures.json()["figures"]))


def test_only_the_units_reporter_edits_and_only_while_draft_or_returned(
    draft, reporter, approver, viewer
) -> None:
    assert report_permissions(reporter, draft).can_edit
    assert not report_permissions(approver, draft).can_edit
    assert not report_permissions(viewer, draft).can_edit
    submitted = _to("submitted", draft, reporter, approver)
    assert not report_permissions(reporter, submitted).can_edit
    assert [a.value for a in report_permissions(approver, submitted).actions] == [
        "approve",
        "return",
    ]
