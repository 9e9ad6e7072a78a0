"""Versions of a reporting regime: a regime that already has reports is never altered in place.

``new_template_version`` copies the current version with its sections and indicators (and the
indicators' register bindings) into version n + 1, which new reports use; the reports already
written keep the version they were written against (``Report.template``). Each indicator of
the new version ``continues`` its counterpart, so analytics can follow it across versions.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from baocao.catalog.models import Indicator, ReportTemplate, Section
from baocao.core.actors import Actor
from baocao.core.errors import Conflict, Forbidden


def has_reports(template: ReportTemplate) -> bool:
    """Return whether any report was written against this version."""
    from baocao.reports.models import Report

    return Report.objects.filter(template=template).exists()


def new_template_version(
    template: ReportTemplate,
    *,
    by: Actor,
    valid_from: dt.date | None = None,
) -> ReportTemplate:
    """Copy the current version of ``template`` into the next version and make it current."""
    from baocao.catalog.selectors import can_manage_regime

    if not can_manage_regime(by, template):
        raise Forbidden(_("Chỉ quản trị mới tạo được phiên bản mới của chế độ báo cáo."))
    with transaction.atomic():
        old = ReportTemplate.objects.select_for_update().get(pk=template.pk)
        if not old.is_current:
            raise Conflict(
                _("Đây không phải phiên bản hiện hành của chế độ báo cáo %(code)s.")
                % {"code": old.code},
                code="not_current",
            )
        units = list(old.assigned_units.all())
        receivers = list(old.receiving_units.all())
        legal_basis = list(old.legal_basis.all())
        ReportTemplate.objects.filter(pk=old.pk).update(is_current=False, is_active=False)
        new = ReportTemplate.objects.get(pk=old.pk)
        new.pk = None
        new.version = old.version + 1
        new.is_current, new.is_active = True, True
        new.previous_version = old
        new.valid_from = valid_from
        new.save()
        new.assigned_units.set(units)
        new.receiving_units.set(receivers)
        new.legal_basis.set(legal_basis)
        copies = copy_outline(old, new)
        from baocao.registers.models import RegisterBinding

        for old_pk, indicator in copies.items():
            indicator.continues.set([old_pk])
            for binding in RegisterBinding.objects.filter(indicator_id=old_pk):
                binding.pk, binding.indicator = None, indicator
                binding.save()
        copy_related_rules(old, new)
        from baocao.catalog.services.audit import record_regime_event

        record_regime_event(
            new,
            "version",
            by=by,
            summary=_("Tạo phiên bản %(new)s từ phiên bản %(old)s")
            % {"new": new.version, "old": old.version},
            from_version=old.version,
            to_version=new.version,
        )
        return new


def copy_outline(source: ReportTemplate, target: ReportTemplate) -> dict[int, Indicator]:
    """Copy the sections and indicators of ``source`` into ``target`` (totals before their
    parts, so that each part's parent is already copied); return the copies by the pk of
    their originals. A new version and a copied regime both start so."""
    sections: dict[int, Section] = {}
    for section in Section.objects.filter(template=source):
        old_pk = section.pk
        section.pk, section.template = None, target
        section.save()
        sections[old_pk] = section
    copies: dict[int, Indicator] = {}
    for indicator in Indicator.objects.filter(template=source).order_by(
        F("parent_id").asc(nulls_first=True), "pk"
    ):
        old_pk = indicator.pk
        indicator.pk, indicator.template = None, target
        indicator.section = sections.get(indicator.section_id) if indicator.section_id else None
        indicator.parent = copies.get(indicator.parent_id) if indicator.parent_id else None
        indicator.save()
        copies[old_pk] = indicator
    return copies


def copy_related_rules(source: ReportTemplate, target: ReportTemplate) -> int:
    """Copy the validation rules of ``source`` to ``target`` (rules name indicators by code,
    which a new version and a copy keep); return how many. Nothing when the validation app
    holds no rules for it."""
    rules = getattr(source, "validation_rules", None)
    if rules is None:
        return 0
    copied = 0
    for rule in rules.all():
        rule.pk, rule.template = None, target
        rule.save()
        copied += 1
    return copied
