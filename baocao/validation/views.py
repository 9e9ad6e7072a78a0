"""The rules page of a regime (``/che-do/<id>/quy-tac/``): administrators list, add, change
and remove the rules its reports' figures must satisfy."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from baocao.catalog.selectors import access_regime
from baocao.core.actors import AuthenticatedRequest
from baocao.core.refusals import field_errors, on_refusal
from baocao.validation.checks import regime_rules
from baocao.validation.models import ValidationRule
from baocao.validation.services import create_rule, delete_rule, update_rule


def _fields(request: AuthenticatedRequest) -> dict[str, str]:
    fields = {
        name: request.POST.get(name, "")
        for name in ("left", "operator", "right", "severity", "message")
    }
    fields["severity"] = fields["severity"] or ValidationRule.Severity.ERROR.value
    return fields


@login_required
def rule_list(request: AuthenticatedRequest, regime_id: int) -> HttpResponse:
    """List the regime's rules with a form to add one; POST adds, changes or removes one."""
    regime = access_regime(request.user, regime_id)
    editing = request.POST.get("rule", "")

    def page(errors: dict[str, str], posted: dict[str, str]) -> HttpResponse:
        rules = list(regime_rules(regime))
        return render(
            request,
            "validation/rules.html",
            {
                "regime": regime,
                "rules": rules,
                "indicators": list(
                    regime.indicators.exclude(value_type="text").order_by("order", "pk")
                ),
                "operators": ValidationRule.Operator.choices,
                "severities": ValidationRule.Severity.choices,
                "errors": errors,
                "posted": posted,
                "editing": editing if errors else "",
            },
        )

    if request.method == "POST":
        action = request.POST.get("action", "add")
        on_refusal(request, lambda exc: page(field_errors(exc), _fields(request)))
        if action == "delete":
            delete_rule(regime, int(editing or 0), by=request.user)
            messages.success(request, _("Đã xóa quy tắc."))
        elif action == "update":
            update_rule(regime, int(editing or 0), by=request.user, **_fields(request))
            messages.success(request, _("Đã lưu quy tắc."))
        else:
            create_rule(regime, by=request.user, **_fields(request))
            messages.success(request, _("Đã thêm quy tắc."))
        return redirect("validation-rules", regime_id=regime.pk)
    return page({}, {})
