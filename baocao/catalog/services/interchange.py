"""Import a regime from its interchange dict (JSON or XLSX): preview, then apply.

``plan_import`` compares the file with the current version of its code and says what would
be created or changed (a regime the user may not manage is NotFound); ``apply_import`` makes exactly those changes through the regime
services (so the same checks, versions and audit apply). Importing the same file again
changes nothing; a changed file for a regime that has reports makes a new version.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from baocao.catalog.interchange import regime_document
from baocao.catalog.models import Disaggregation, Indicator, ReportTemplate, Section
from baocao.catalog.selectors import can_manage_regime
from baocao.catalog.services import regimes as services
from baocao.catalog.services.audit import record_regime_event
from baocao.catalog.services.disaggregations import save_disaggregation
from baocao.catalog.versioning import has_reports
from baocao.core.actors import Actor, AnyUser
from baocao.core.errors import Invalid, NotFound
from baocao.domain.deadlines import DeadlineError, DeadlineRule
from baocao.organizations.models import OrgUnit

COMPARED = (
    "name",
    "description",
    "issuer",
    "reporters_note",
    "receiving_units",
    "delivery_methods",
    "delivery_note",
    "period_kind",
    "cutoff_start_day",
    "deadline",
    "doc_type_code",
    "title_format",
    "recipients",
    "instructions",
    "valid_from",
    "is_active",
)


@dataclass
class ImportPlan:
    """What importing a file would do."""

    code: str
    name: str
    creates: bool
    current: ReportTemplate | None = None
    new_version: bool = False
    fields: list[str] = field(default_factory=list)
    sections_added: list[str] = field(default_factory=list)
    sections_changed: list[str] = field(default_factory=list)
    sections_removed: list[str] = field(default_factory=list)
    indicators_added: list[str] = field(default_factory=list)
    indicators_changed: list[str] = field(default_factory=list)
    indicators_removed: list[str] = field(default_factory=list)
    order_changed: bool = False
    units_added: list[str] = field(default_factory=list)
    units_removed: list[str] = field(default_factory=list)
    disaggregations_added: list[str] = field(default_factory=list)
    legal_changed: bool = False

    @property
    def unchanged(self) -> bool:
        """Return whether the file matches the current version exactly."""
        return not self.creates and not any(
            [
                self.fields,
                self.sections_added,
                self.sections_changed,
                self.sections_removed,
                self.indicators_added,
                self.indicators_changed,
                self.indicators_removed,
                self.order_changed,
                self.units_added,
                self.units_removed,
                self.disaggregations_added,
                self.legal_changed,
            ]
        )

    def as_dict(self) -> dict[str, Any]:
        """Return the plan for the API."""
        return {
            "code": self.code,
            "name": self.name,
            "creates": self.creates,
            "unchanged": self.unchanged,
            "new_version": self.new_version,
            "current_version": self.current.version if self.current else None,
            "fields": self.fields,
            "sections_added": self.sections_added,
            "sections_changed": self.sections_changed,
            "sections_removed": self.sections_removed,
            "indicators_added": self.indicators_added,
            "indicators_changed": self.indicators_changed,
            "indicators_removed": self.indicators_removed,
            "order_changed": self.order_changed,
            "units_added": self.units_added,
            "units_removed": self.units_removed,
            "disaggregations_added": self.disaggregations_added,
            "legal_basis_changed": self.legal_changed,
        }


def _legal_codes(texts: list[str]) -> set[str]:
    from baocao.legal.identity import display_code
    from baocao.parser.legal_refs import parse_citations

    codes = set()
    for text in texts:
        refs = parse_citations(text)
        codes |= {display_code(r.number, r.year, r.symbol).upper() for r in refs}
        if not refs:
            codes.add(text.upper())
    return codes


def _check(data: dict[str, Any]) -> None:
    """Refuse a file whose references do not hold together (before any comparison)."""
    errors: dict[str, str] = {}
    if not data.get("code"):
        errors["code"] = _("Tệp thiếu mã chế độ báo cáo.")
    sections = [s["code"] for s in data["sections"]]
    if len(set(sections)) != len(sections):
        errors["sections"] = _("Mã lĩnh vực bị trùng trong tệp.")
    codes = [i["code"] for i in data["indicators"]]
    if len(set(codes)) != len(codes):
        errors["indicators"] = _("Mã chỉ tiêu bị trùng trong tệp.")
    unknown_sections = {i["section"] for i in data["indicators"] if i["section"]} - set(sections)
    if unknown_sections:
        errors["indicators"] = _("Chỉ tiêu ghi mã lĩnh vực không có trong đề cương: %(c)s.") % {
            "c": ", ".join(sorted(unknown_sections))
        }
    named = {d["code"] for d in data["disaggregations"]}
    known = set(Disaggregation.objects.values_list("code", flat=True))
    missing = {i["disaggregation"] for i in data["indicators"] if i["disaggregation"]} - (
        named | known
    )
    if missing:
        errors["disaggregations"] = _("Thiếu phân tổ: %(c)s.") % {"c": ", ".join(sorted(missing))}
    units = set(data["units"]) | set(data["receiving_units"])
    found = set(OrgUnit.objects.filter(code__in=units).values_list("code", flat=True))
    if units - found:
        errors["units"] = _("Không có đơn vị mã: %(c)s.") % {"c": ", ".join(sorted(units - found))}
    try:
        _deadline(data)
    except Invalid as exc:
        errors.update(exc.details)
    if errors:
        raise Invalid(_("Tệp chế độ báo cáo chưa hợp lệ."), details=errors)


def _deadline(data: dict[str, Any]) -> DeadlineRule:
    raw = dict(data["deadline"])
    try:
        raw["value"] = int(raw.get("value") or 0)
        raw["month_offset"] = int(raw.get("month_offset") or 0)
        return DeadlineRule.from_dict(raw)
    except (DeadlineError, TypeError, ValueError):
        message = _("Hạn nộp trong tệp không hợp lệ.")
        raise Invalid(message, details={"deadline": message}) from None


def plan_import(data: dict[str, Any], *, by: AnyUser) -> ImportPlan:
    """Return what importing ``data`` (a normalised interchange dict) would do for ``by``.

    A file naming a regime ``by`` may not manage (``selectors.can_manage_regime``) is
    NotFound, as on every page and endpoint of a regime: its plan is not shown.
    """
    _check(data)
    current = ReportTemplate.current(data["code"])
    if current is not None and not can_manage_regime(by, current):
        raise NotFound(_("Không tìm thấy chế độ báo cáo."))
    plan = ImportPlan(code=data["code"], name=data["name"], creates=current is None)
    known = set(Disaggregation.objects.values_list("code", flat=True))
    plan.disaggregations_added = [
        d["code"] for d in data["disaggregations"] if d["code"] not in known
    ]
    if current is None:
        plan.sections_added = [s["code"] for s in data["sections"]]
        plan.indicators_added = [i["code"] for i in data["indicators"]]
        plan.units_added = list(data["units"])
        return plan
    plan.current = current
    now = regime_document(current)
    now["deadline"] = DeadlineRule.from_dict(now["deadline"]).to_dict()
    wanted = {**data, "deadline": _deadline(data).to_dict()}
    plan.fields = [name for name in COMPARED if now[name] != wanted[name]]
    plan.legal_changed = _legal_codes(now["legal_basis"]) != _legal_codes(data["legal_basis"])
    before = {s["code"]: s for s in now["sections"]}
    after = {s["code"]: s for s in data["sections"]}
    plan.sections_added = [c for c in after if c not in before]
    plan.sections_removed = [c for c in before if c not in after]
    plan.sections_changed = [c for c in after if c in before and before[c] != after[c]]
    before_i = {i["code"]: i for i in now["indicators"]}
    after_i = {i["code"]: i for i in data["indicators"]}
    plan.indicators_added = [c for c in after_i if c not in before_i]
    plan.indicators_removed = [c for c in before_i if c not in after_i]
    plan.indicators_changed = [
        c for c in after_i if c in before_i and _differs(before_i[c], after_i[c])
    ]
    plan.order_changed = [c for c in before if c in after] != [c for c in after if c in before] or [
        c for c in before_i if c in after_i
    ] != [c for c in after_i if c in before_i]
    plan.units_added = [c for c in data["units"] if c not in now["units"]]
    plan.units_removed = [c for c in now["units"] if c not in data["units"]]
    plan.new_version = not plan.unchanged and has_reports(current)
    return plan


def _differs(before: dict[str, Any], after: dict[str, Any]) -> bool:
    for name, value in after.items():
        old = before.get(name)
        if name in ("min_value", "max_value"):
            old = Decimal(old) if old is not None else None
            value = Decimal(value) if value is not None else None
        if old != value:
            return True
    return False


def _regime_input(data: dict[str, Any], owner: OrgUnit | None) -> services.RegimeInput:
    named = OrgUnit.objects.filter(code=data["owner_unit"]).first() if data["owner_unit"] else None
    valid_from = None
    if data["valid_from"]:
        try:
            valid_from = dt.date.fromisoformat(str(data["valid_from"])[:10])
        except ValueError:
            message = _("Ngày áp dụng trong tệp không hợp lệ.")
            raise Invalid(message, details={"valid_from": message}) from None
    return services.RegimeInput(
        code=data["code"],
        name=data["name"],
        period_kind=data["period_kind"],
        cutoff_start_day=data["cutoff_start_day"],
        deadline=_deadline(data),
        description=data["description"],
        owner_unit=named or owner,
        issuer=data["issuer"],
        reporters_note=data["reporters_note"],
        receiving_units=list(OrgUnit.objects.filter(code__in=data["receiving_units"])),
        delivery_methods=data["delivery_methods"],
        delivery_note=data["delivery_note"],
        instructions=data["instructions"],
        doc_type_code=data["doc_type_code"],
        title_format=data["title_format"],
        recipients=data["recipients"],
        legal_basis="; ".join(data["legal_basis"]),
        valid_from=valid_from,
        is_active=data["is_active"],
    )


def apply_import(
    data: dict[str, Any],
    *,
    by: Actor,
    owner: OrgUnit | None = None,
) -> tuple[ReportTemplate, ImportPlan]:
    """Apply ``data``; return the version that results and the plan that was applied.

    ``owner`` is the managing unit when the file names none the system knows.
    """
    with transaction.atomic():
        plan = plan_import(data, by=by)
        if plan.unchanged:
            assert plan.current is not None
            return plan.current, plan
        for d in data["disaggregations"]:
            existing = (
                Disaggregation.objects.filter(code=d["code"]).prefetch_related("options").first()
            )
            if existing is None:
                save_disaggregation(
                    by=by,
                    code=d["code"],
                    name=d["name"],
                    options=[(o["code"], o["name"]) for o in d["options"]],
                )
            elif [o.code for o in existing.options.all()] != [o["code"] for o in d["options"]]:
                message = _(
                    "Phân tổ %(code)s đã có trong hệ thống với các nhóm khác; hãy sửa tệp."
                ) % {"code": d["code"]}
                raise Invalid(message, details={"disaggregations": message})
        regime_input = _regime_input(data, owner)
        if plan.current is None:
            template = services.create_regime(regime_input, by=by)
        elif plan.fields or plan.legal_changed:
            template = services.update_regime(plan.current, regime_input, by=by)
        else:
            template = services.working_version(plan.current, by=by)
        for s in data["sections"]:
            section = template.sections.filter(code=s["code"]).first()
            if section is None or s["code"] in plan.sections_changed:
                template, _s = services.save_section(
                    template,
                    by=by,
                    section_id=section.pk if section else None,
                    code=s["code"],
                    title=s["title"],
                    kind=s["kind"],
                    required=s["required"],
                )
        for code in plan.sections_removed:
            section = template.sections.get(code=code)
            template = services.delete_section(template, section.pk, by=by)
        disaggregations = dict(Disaggregation.objects.values_list("code", "pk"))
        for code in plan.indicators_removed:
            indicator = template.indicators.get(code=code)
            template = services.delete_indicator(template, indicator.pk, by=by)
        for i in data["indicators"]:
            current = template.indicators.filter(code=i["code"], parent__isnull=True).first()
            if current is not None and i["code"] not in plan.indicators_changed:
                continue
            section = template.sections.filter(code=i["section"]).first() if i["section"] else None
            template, _i = services.save_indicator(
                template,
                services.IndicatorInput(
                    code=i["code"],
                    name=i["name"],
                    unit=i["unit"],
                    value_type=i["value_type"],
                    aggregation=i["aggregation"],
                    min_value=Decimal(i["min_value"]) if i["min_value"] is not None else None,
                    max_value=Decimal(i["max_value"]) if i["max_value"] is not None else None,
                    required=i["required"],
                    is_key=i["is_key"],
                    section_id=section.pk if section else None,
                    disaggregation_id=disaggregations.get(i["disaggregation"]),
                    synonyms=i["synonyms"],
                ),
                by=by,
                indicator_id=current.pk if current else None,
            )
        _reorder(template, data)
        if plan.units_added or plan.units_removed:
            units = list(OrgUnit.objects.filter(code__in=data["units"]))
            if units:
                template = services.assign_units(template, by=by, mode="list", units=units)
            else:
                template.assigned_units.clear()
        record_regime_event(
            template,
            "import",
            by=by,
            summary=_("Nhập từ tệp: %(what)s")
            % {"what": _("tạo mới") if plan.creates else _("cập nhật")},
            plan=plan.as_dict(),
        )
        return template, plan


def _reorder(template: ReportTemplate, data: dict[str, Any]) -> None:
    """Put the sections and indicators in the file's order (parts after their total)."""
    for position, s in enumerate(data["sections"], start=1):
        Section.objects.filter(template=template, code=s["code"]).update(order=position)
    position = 0
    for i in data["indicators"]:
        total = template.indicators.filter(code=i["code"], parent__isnull=True).first()
        if total is None:
            continue
        parts = sorted(
            total.parts.select_related("option"),
            key=lambda p: (p.option.order if p.option else 0, p.pk),
        )
        for row in [total, *parts]:
            position += 1
            Indicator.objects.filter(pk=row.pk).update(order=position)
