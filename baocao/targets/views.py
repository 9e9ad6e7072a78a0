"""The annual targets page (``/ke-hoach-nam/``): a grid of a unit's targets for a regime and year."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from baocao.catalog.models import ReportTemplate
from baocao.core.actors import AuthenticatedRequest
from baocao.core.errors import NotFound
from baocao.core.refusals import field_errors, on_refusal
from baocao.domain.numbers import format_number
from baocao.targets.selectors import target_units, targets_by_code
from baocao.targets.services import set_targets


def _int(raw: str | None, default: int) -> int:
    return int(raw) if raw and raw.isdigit() else default


@login_required
def target_grid(request: AuthenticatedRequest) -> HttpResponse:
    """Show the targets grid of the chosen unit, regime and year; POST saves the grid."""
    units = target_units(request.user)
    if not units:
        raise NotFound(_("Bạn không nhập kế hoạch năm cho đơn vị nào."))
    source = request.POST if request.method == "POST" else request.GET
    unit = next((u for u in units if u.pk == _int(source.get("unit"), 0)), units[0])
    regimes = list(
        ReportTemplate.objects.filter(assigned_units=unit, is_current=True).order_by("name")
    )
    regime = next((r for r in regimes if r.pk == _int(source.get("regime"), 0)), None)
    regime = regime or (regimes[0] if regimes else None)
    year = _int(source.get("year"), timezone.localdate().year)
    posted: dict[int, str] = {}
    indicators = (
        list(regime.indicators.exclude(value_type="text").order_by("order", "pk")) if regime else []
    )

    def page(errors: dict[str, str]) -> HttpResponse:
        stored = targets_by_code(unit.pk, regime.code, year) if regime else {}
        rows = [
            {
                "indicator": i,
                "raw": posted.get(i.pk, format_number(stored[i.code]) if i.code in stored else ""),
                "error": errors.get(f"targets.{i.pk}", ""),
            }
            for i in indicators
        ]
        return render(
            request,
            "targets/grid.html",
            {
                "units": units,
                "unit": unit,
                "regimes": regimes,
                "regime": regime,
                "year": year,
                "years": range(year - 2, year + 3),
                "rows": rows,
            },
        )

    if request.method == "POST" and regime is not None:
        posted = {i.pk: request.POST.get(f"target-{i.pk}", "") for i in indicators}
        on_refusal(request, lambda exc: page(field_errors(exc)))
        changed = set_targets(unit, regime, year, posted, by=request.user)
        messages.success(
            request, _("Đã lưu kế hoạch năm (%(n)s chỉ tiêu thay đổi).") % {"n": changed}
        )
        return redirect(f"{request.path}?unit={unit.pk}&regime={regime.pk}&year={year}")
    return page({})
