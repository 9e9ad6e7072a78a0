"""The period picker of every page: the regime's periods since its first, grouped by year.

One list for every period choice (the leader dashboard, the analytics pages, "Báo cáo cần
lập", the import preview, the registers' filter): ``analytics.selectors.period_choices``
(every period from the regime's first report or the day it applies from to the current one,
newest first), grouped by year for ``<optgroup>`` by ``analytics.views.common.by_year``.
Templates render it with ``web/_period_select.html``.
"""

from __future__ import annotations

from collections.abc import Collection

from baocao.analytics.selectors import period_choices
from baocao.analytics.views.common import by_year
from baocao.catalog.models import ReportTemplate
from baocao.domain.periods import Period


def period_groups(
    template: ReportTemplate, chosen: Period | None = None, *, exclude: Collection[str] = ()
) -> list[tuple[int, list[Period]]]:
    """Return the template's periods since its first, newest first, grouped by year, without
    the codes in ``exclude`` (the periods a unit already reported, say)."""
    return by_year([p for p in period_choices(template, chosen) if p.code not in exclude])
