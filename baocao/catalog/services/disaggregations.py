"""Write disaggregations (phân tổ) and their options, e.g. "Giới tính": Nam, Nữ."""

from __future__ import annotations

from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from baocao.catalog.models import Disaggregation, DisaggregationOption
from baocao.catalog.selectors import may_design
from baocao.catalog.services.audit import record_regime_event
from baocao.catalog.services.regimes import _code
from baocao.core.actors import Actor
from baocao.core.errors import Conflict, Forbidden, Invalid
from baocao.domain.text import clean_text


def parse_options(text: str) -> list[tuple[str, str]]:
    """Return (code, name) pairs from lines "NAM: Nam" or "Nam" (the code made from the name)."""
    from baocao.domain.text import strip_diacritics

    pairs: list[tuple[str, str]] = []
    for line in clean_text(text or "").splitlines():
        line = line.strip(" -;")
        if not line:
            continue
        code, sep, name = line.partition(":")
        if not sep:
            name, code = line, strip_diacritics(line).upper().replace(" ", "_")
        pairs.append((code.strip(), name.strip()))
    return pairs


def save_disaggregation(
    *,
    by: Actor,
    code: str,
    name: str,
    options: list[tuple[str, str]],
    disaggregation: Disaggregation | None = None,
    description: str = "",
) -> Disaggregation:
    """Create a disaggregation or change one: its name and its options in order.

    An option no longer listed is removed, unless an indicator uses it (then refused); a new
    option reaches an indicator when the indicator is saved again.
    """
    if not may_design(by):
        raise Forbidden(_("Chỉ quản trị mới sửa được phân tổ."))
    errors: dict[str, str] = {}
    try:
        code = _code(code, "code")
    except Invalid as exc:
        errors.update(exc.details)
    name = clean_text(name or "")
    if not name or len(name) > 255:
        errors["name"] = _("Hãy nhập tên phân tổ (tối đa 255 ký tự).")
    cleaned: list[tuple[str, str]] = []
    for option_code, option_name in options:
        try:
            option_code = _code(option_code, "options")
        except Invalid as exc:
            errors.update(exc.details)
            continue
        option_name = clean_text(option_name or "")
        if not option_name or len(option_name) > 128:
            errors["options"] = _("Mỗi nhóm phân tổ cần một tên (tối đa 128 ký tự).")
        cleaned.append((option_code, option_name))
    if len({c for c, _n in cleaned}) != len(cleaned):
        errors["options"] = _("Mã các nhóm phân tổ phải khác nhau.")
    if len(cleaned) < 2 and "options" not in errors:
        errors["options"] = _("Một phân tổ cần ít nhất hai nhóm.")
    if errors:
        raise Invalid(_("Phân tổ chưa hợp lệ."), details=errors)
    with transaction.atomic():
        clash = Disaggregation.objects.filter(code=code)
        if disaggregation is not None:
            clash = clash.exclude(pk=disaggregation.pk)
        if clash.exists():
            message = _("Mã phân tổ %(code)s đã dùng.") % {"code": code}
            raise Invalid(message, details={"code": message})
        created = disaggregation is None
        if disaggregation is None:
            disaggregation = Disaggregation()
        disaggregation.code, disaggregation.name = code, name
        disaggregation.description = clean_text(description or "")
        disaggregation.save()
        existing = {o.code: o for o in disaggregation.options.all()}
        wanted = {c for c, _n in cleaned}
        try:
            for option in existing.values():
                if option.code not in wanted:
                    option.delete()
        except ProtectedError:
            raise Conflict(
                _("Nhóm phân tổ đang được chỉ tiêu dùng nên không bỏ được."), code="in_use"
            ) from None
        for order, (option_code, option_name) in enumerate(cleaned, start=1):
            option = existing.get(option_code) or DisaggregationOption(
                disaggregation=disaggregation, code=option_code
            )
            option.name, option.order = option_name, order
            option.save()
        record_regime_event(
            None,
            "disaggregation",
            by=by,
            code=code,
            summary=(_("Tạo phân tổ: %s") if created else _("Sửa phân tổ: %s")) % name,
            options=[c for c, _n in cleaned],
        )
        return disaggregation
