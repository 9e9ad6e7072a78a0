"""The pivot's defaults have one home (analytics.selectors.pivot_defaults, with templates_for for
the regimes): the page and the API open on the same range, with data and without."""

from __future__ import annotations

import pytest
from django.utils import timezone

from baocao.analytics.rates import current_period
from baocao.analytics.scope import resolve_scope
from baocao.analytics.selectors import pivot_defaults, template_coded
from baocao.core.errors import NotFound
from tests.analytics.conftest import file_report
from tests.api.conftest import api_as
from tests.conftest import client_for


@pytest.mark.parametrize("with_data", [True, False])
def test_the_page_and_the_api_open_on_the_same_range(
    with_data, template, unit, reporter, viewer
) -> None:
    if with_data:
        for code in ("2022-01", "2022-02", "2022-03"):
            file_report(template, unit, code, reporter=reporter, values={"BAO_CHI": "5"})
    indicator = template.indicators.get(code="BAO_CHI")
    page = client_for(viewer).get("/phan-tich/", {"indicator": indicator.pk})
    assert page.status_code == 200
    api = api_as(viewer).get("/api/pivot", indicators="BAO_CHI")
    assert api.status_code == 200, api.content
    shown = (page.context["start"].code, page.context["end"].code)
    given = (api.json()["period_from"], api.json()["period_to"])
    assert shown == given
    latest = current_period(template, timezone.localdate())
    if with_data:  # the latest period with data, from the regime's first period
        assert given == ("2022-01", "2022-03")
    else:  # a year ending with the current period
        assert given[1] == latest.code
        start, end = pivot_defaults(
            template, resolve_scope(viewer, None, approvers=True), timezone.localdate()
        )
        assert (start.code, end.code) == given


def test_a_regime_is_found_by_code_among_the_scopes(template, viewer) -> None:
    scope = resolve_scope(viewer, None, approvers=True)
    assert template_coded(scope, template.code) == template
    with pytest.raises(NotFound):
        template_coded(scope, "KHONG-CO")
