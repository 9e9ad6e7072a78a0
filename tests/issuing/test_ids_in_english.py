"""The clerk's send form posts its recipients' ids as they are in English (ids of 1000 or more:
tests/web/test_ids_in_english.py)."""

from __future__ import annotations

from baocao.issuing.models import Dispatch
from baocao.issuing.services import issue_report
from tests.conftest import client_for
from tests.web.test_ids_in_english import (
    forms_of,
    grouped_attributes,
    ids_of_1000_or_more,  # noqa: F401 - autouse fixture
)


def test_the_clerk_sends_an_issued_report_in_english(approved, clerk, province):
    issue_report(approved.pk, by=clerk)
    sender = client_for(clerk, "en")
    url = f"/bao-cao/{approved.pk}/gui-noi-nhan/"
    page = sender.get(url)
    assert not grouped_attributes(page)
    form = next(f for f in forms_of(page) if "to" in dict(f.fields))
    assert dict(form.fields)["to"] == str(province.pk) and province.pk >= 1000
    response = sender.post(url, form.data())
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Dispatch.objects.get().to_unit == province
