"""The figures' Excel round trip through the API: the same module as the pages."""

from __future__ import annotations

import io
from decimal import Decimal

from baocao.reports import figures_xlsx
from baocao.reports.models import IndicatorValue
from tests.api.conftest import api_as, assert_error
from tests.reports.test_figures_xlsx import fill


def post_file(client, report, data: bytes, **query):  # type: ignore[no-untyped-def]
    file = io.BytesIO(data)
    file.name = "so-lieu.xlsx"
    suffix = "?dry_run=true" if query.get("dry_run") else ""
    return client.client.post(
        f"/api/reports/{report.pk}/figures{suffix}", {"file": file}, **client._headers()
    )


def test_download_fill_and_upload_all_or_nothing(draft, reporter, outsider):
    api = api_as(reporter)
    response = api.get(f"/api/reports/{draft.pk}/figures.xlsx", mode="blank")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    data = fill(response.content, {"BAO_CHI": "1.250", "KHIEU_NAI": "-1"})
    bad = post_file(api, draft, data)
    error = assert_error(bad, 422)
    assert set(error["details"]) == {"cells.KHIEU_NAI"}
    good = fill(response.content, {"BAO_CHI": "1.250", "KHIEU_NAI": 2})
    trial = post_file(api, draft, good, dry_run=True)
    assert trial.status_code == 200 and trial.json()["written"] is False
    cells = {c["indicator"]: c for c in trial.json()["cells"]}
    assert cells["BAO_CHI"]["ambiguous"] and cells["BAO_CHI"]["reading"].startswith("đọc là 1250")
    assert IndicatorValue.objects.get(report=draft, indicator__code="BAO_CHI").value == 773
    done = post_file(api, draft, good)
    assert done.status_code == 200 and done.json()["written"] is True
    assert done.json()["version"] == draft.version + 1
    assert IndicatorValue.objects.get(report=draft, indicator__code="BAO_CHI").value == Decimal(
        1250
    )
    assert_error(post_file(api_as(outsider), draft, good), 404)
    assert_error(api_as(outsider).get(f"/api/reports/{draft.pk}/figures.xlsx"), 404)


def test_a_stale_form_is_409_and_a_foreign_file_422(draft, reporter, second_reporter):
    from baocao.reports.services import save_draft

    data = figures_xlsx.build_workbook(draft)
    save_draft(
        draft,
        by=second_reporter,
        expected_version=draft.version,
        values={draft.template.indicators.get(code="BAO_CHI").pk: ("5", "")},
    )
    api = api_as(reporter)
    assert_error(post_file(api, draft, fill(data, {"BAO_CHI": 9})), 409, "stale_version")
    assert_error(post_file(api, draft, b"a;b\n"), 422, "unsupported")
