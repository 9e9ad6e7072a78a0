"""Authoring services: create a report, save a draft, edit items, start from the last period."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from baocao.catalog.calendar import working_calendar
from baocao.catalog.models import Indicator, ReportTemplate, Section
from baocao.catalog.selectors import template_indicators, template_sections
from baocao.core.actors import Actor
from baocao.core.errors import Conflict, Forbidden, Invalid, NotFound
from baocao.core.locale import period_label
from baocao.domain.periods import Period, PeriodError
from baocao.domain.workflow import Role
from baocao.organizations.access import own_roles_in
from baocao.organizations.models import OrgUnit
from baocao.organizations.people import display_name
from baocao.reports.models import AuditEvent, IndicatorValue, NarrativeItem, Report
from baocao.reports.selectors import forget_values, ordered_items, stored_values
from baocao.reports.services.audit import record
from baocao.reports.services.validation import (
    MAX_ITEMS,
    RawValue,
    clean_indicator_value,
    clean_item_text,
    clean_title,
)
from baocao.search.indexing import index_report


@dataclass
class ItemInput:
    """One narrative item as submitted by the editor, the API or an import."""

    text: str
    section_id: int | None = None
    id: int | None = None
    continuing: bool = False
    carried_from_id: int | None = None
    source_unit_id: int | None = None


def period_title(template: ReportTemplate, period: Period) -> str:
    """Return the default summary line, e.g. "Kết quả hoạt động ... tháng 01 năm 2022"."""
    label = period.label
    if label.startswith("Tháng "):
        month, year = label.removeprefix("Tháng ").split("/")
        label = f"tháng {month} năm {year}"
    elif label.startswith("Quý "):
        label = "quý " + label.removeprefix("Quý ").replace("/", " năm ")
    elif label.startswith("Năm "):
        label = "năm " + label.removeprefix("Năm ")
    return template.title_format.replace("{period}", label)


def _stale(report: Report) -> Conflict:
    current = Report.objects.select_related("updated_by").get(pk=report.pk)
    editor = current.updated_by
    who = display_name(editor) if editor else _("người khác")
    when = timezone.localtime(current.updated_at).strftime("%H:%M")
    return Conflict(
        _("Báo cáo đã được %(who)s sửa lúc %(when)s, hãy tải lại trang để xem bản mới nhất.")
        % {"who": who, "when": when},
        code="stale_version",
        details={"current_version": current.version},
    )


def _claim_version(report: Report, expected_version: int, by: Actor) -> None:
    """Bump the report's version if it is still ``expected_version``, else raise Conflict."""
    updated = Report.objects.filter(pk=report.pk, version=expected_version).update(
        version=F("version") + 1, updated_by=by, updated_at=timezone.now()
    )
    if not updated:
        raise _stale(report)
    report.version = expected_version + 1
    report.updated_by = by


def _require_reporter(report: Report, by: Actor) -> None:
    roles = own_roles_in(by, report.unit)
    if not roles:
        raise NotFound(_("Không tìm thấy báo cáo."))
    if Role.REPORTER not in roles:
        raise Forbidden(_("Chỉ chuyên viên của đơn vị được soạn báo cáo."))
    if not report.is_editable:
        raise Forbidden(_("Báo cáo đã gửi hoặc đã phê duyệt không thể sửa."), code="not_editable")


def insert_report(
    *,
    unit: OrgUnit,
    template: ReportTemplate,
    period: Period,
    by: Actor,
    title: str,
    due: dt.date | None = None,
    verb: str = AuditEvent.Verb.CREATE,
    is_consolidated: bool = False,
    is_demo: bool = False,
    **audit: Any,
) -> Report:
    """Write a new draft row for ``unit``, ``template`` and ``period`` and its audit event.

    The one place a report row is created; callers check roles and duplicates first and run
    it in their transaction. ``due`` saves recomputing the deadline when creating many.
    """
    start, end = template.cutoff_rule.window(period)
    if due is None:
        due = template.deadline.deadline(period, template.cutoff_rule, working_calendar())
    report = Report.objects.create(
        unit=unit,
        template=template,
        period_code=period.code,
        period_kind=period.kind.value,
        period_year=period.year,
        period_index=period.index,
        period_start=start,
        period_end=end,
        due_date=due,
        title=title,
        place=unit.place_name,
        recipients=template.recipients,
        is_consolidated=is_consolidated,
        created_by=by,
        updated_by=by,
        is_demo=is_demo,
    )
    record(report, verb, by=by, period=period.code, **audit)
    return report


def _duplicate(period: Period) -> Conflict:
    """Return the error for a unit that already has a report of the regime for ``period``."""
    return Conflict(
        _("Đơn vị đã có báo cáo %(period)s.") % {"period": period_label(period)},
        code="duplicate_report",
    )


def check_new_report(unit: OrgUnit, template: ReportTemplate, period: Period | str) -> Period:
    """Return the period of a new report of ``unit`` under ``template``, or raise.

    The checks every new report passes — a reporter's draft, a consolidation — after the
    caller's role check: ``period`` is a period code (Invalid) of the regime's kind (Invalid),
    the unit is open during its data window (Invalid ``unit_closed``) and has no report of the
    regime, any version, for it yet (Conflict ``duplicate_report``).
    """
    if isinstance(period, str):
        try:
            period = Period.parse(period)
        except PeriodError:
            raise Invalid(_("Kỳ báo cáo không hợp lệ."), details={"period": period}) from None
    try:  # the first period of 1900 has no previous one, which every report is compared with
        period.previous()
    except PeriodError:
        raise Invalid(_("Kỳ báo cáo không hợp lệ."), details={"period": period.code}) from None
    if period.kind != template.kind:
        raise Invalid(
            _("Chế độ báo cáo này lập theo kỳ %(kind)s.")
            % {"kind": str(template.get_period_kind_display()).lower()},
            details={"period": period.code},
        )
    start, end = template.cutoff_rule.window(period)
    if not unit.is_open_during(start, end):
        raise Invalid(
            _("Đơn vị không hoạt động trong kỳ %(period)s.") % {"period": period_label(period)},
            details={"period": period.code},
            code="unit_closed",
        )
    if Report.objects.filter(
        unit=unit,
        template__code=template.code,  # any version
        period_code=period.code,
    ).exists():
        raise _duplicate(period)
    return period


def open_report(
    *,
    unit: OrgUnit,
    template: ReportTemplate,
    period: Period,
    by: Actor,
    title: str,
    fill: Callable[[Report], None] | None = None,
    **fields: Any,
) -> Report:
    """Write a new report checked by ``check_new_report``: its row and audit event
    (``insert_report`` with ``fields``), what ``fill`` puts in it, and its search entry, in one
    transaction. Another report made for the same period in between is the same Conflict as
    ``check_new_report``'s (the database's unique constraint decides)."""
    try:
        with transaction.atomic():
            report = insert_report(
                unit=unit, template=template, period=period, by=by, title=title, **fields
            )
            if fill is not None:
                fill(report)
            index_report(report)
    except IntegrityError:
        raise _duplicate(period) from None
    return report


def create_report(
    *,
    unit: OrgUnit,
    template: ReportTemplate,
    period: Period | str,
    by: Actor,
    title: str | None = None,
    start_from_previous: bool = False,
    is_demo: bool = False,
) -> Report:
    """Create a draft report for ``unit``, ``template`` and ``period``.

    Refuse when the user is not a reporter of the unit, when the period does not match the
    template's frequency, or when the unit already has a report for that period.
    """
    if Role.REPORTER not in own_roles_in(by, unit):
        raise Forbidden(_("Chỉ chuyên viên của đơn vị được tạo báo cáo."))
    period = check_new_report(unit, template, period)

    def fill(report: Report) -> None:
        if start_from_previous:
            _copy_previous_plan(report, by)

    return open_report(
        unit=unit,
        template=template,
        period=period,
        by=by,
        title=clean_title(title) if title else period_title(template, period),
        is_demo=is_demo,
        fill=fill,
    )


def _copy_previous_plan(report: Report, by: Actor) -> int:
    """Copy the previous report's next-period tasks as continuing result items."""
    from baocao.reports.selectors import previous_report

    previous = previous_report(report)
    if previous is None:
        return 0
    plan_items = (
        previous.items.filter(kind=NarrativeItem.Kind.PLAN)
        .select_related("section")
        .order_by("order", "pk")
    )
    sections = list(report.template.sections.exclude(kind=Section.Kind.PLAN).order_by("order"))
    first_results = next((s for s in sections if s.kind == Section.Kind.RESULTS), None)
    by_code = {s.code: s for s in sections}
    by_title = {s.title.strip().casefold(): s for s in sections}

    def field_of(item: NarrativeItem) -> Section | None:
        # The task lands in the field it came from: the section of the same code (or title)
        # in this report's template — not a plan section, as a carried task is a result —
        # else the first field of results.
        came_from = item.section
        if came_from is None:
            return first_results
        return (
            by_code.get(came_from.code)
            or by_title.get(came_from.title.strip().casefold())
            or first_results
        )

    start = (report.items.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    copies = []
    for i, item in enumerate(plan_items):
        section = field_of(item)
        copies.append(
            NarrativeItem(
                report=report,
                section=section,
                order=start + i,
                kind=_item_kind(section),
                text=item.text,
                continuing=True,
                carried_from=item,
            )
        )
    NarrativeItem.objects.bulk_create(copies)
    return len(copies)


def start_from_previous(report: Report, *, by: Actor, expected_version: int) -> int:
    """Add last period's next-period tasks to ``report`` as continuing items; return how many."""
    _require_reporter(report, by)
    with transaction.atomic():
        _claim_version(report, expected_version, by)
        count = _copy_previous_plan(report, by)
        index_report(report)
        record(report, AuditEvent.Verb.EDIT, by=by, carried_over=count)
    return count


def _item_kind(section: Section | None) -> str:
    if section is None:
        return NarrativeItem.Kind.RESULT
    kinds: dict[str, str] = {
        Section.Kind.PLAN: NarrativeItem.Kind.PLAN,
        Section.Kind.ISSUES: NarrativeItem.Kind.ISSUE,
        Section.Kind.PROPOSALS: NarrativeItem.Kind.PROPOSAL,
    }
    return kinds.get(section.kind, NarrativeItem.Kind.RESULT)


def _clean_items(
    report: Report, items: list[ItemInput], errors: dict[str, str]
) -> list[tuple[ItemInput, str, Section | None]]:
    sections = {s.pk: s for s in template_sections(report.template)}
    cleaned = []
    if len(items) > MAX_ITEMS:
        errors["items"] = _("Tối đa %(n)s mục nội dung trong một báo cáo.") % {"n": MAX_ITEMS}
        return []
    for index, item in enumerate(items):
        try:
            text = clean_item_text(item.text)
        except ValueError as exc:
            errors[f"items.{index}.text"] = str(exc)
            continue
        if not text:
            continue  # an empty row of the editor is no item
        section = sections.get(item.section_id) if item.section_id else None
        if item.section_id and section is None:
            errors[f"items.{index}.section"] = _("Lĩnh vực không thuộc chế độ báo cáo này.")
            continue
        cleaned.append((item, text, section))
    return cleaned


def _clean_values(
    indicators: dict[int, Indicator],
    values: Mapping[int, tuple[RawValue, str]],
    errors: dict[str, str],
) -> dict[int, tuple[Decimal | None, str, str]]:
    cleaned: dict[int, tuple[Decimal | None, str, str]] = {}
    for indicator_id, (raw, note) in values.items():
        indicator = indicators.get(indicator_id)
        if indicator is None:
            errors[f"values.{indicator_id}"] = _("Chỉ tiêu không thuộc chế độ báo cáo này.")
            continue
        try:
            number, text = clean_indicator_value(indicator, raw)
            note = clean_item_text(note or "")[:500]
        except ValueError as exc:
            errors[f"values.{indicator_id}"] = str(exc)
            continue
        cleaned[indicator_id] = (number, text, note)
    return cleaned


def save_draft(
    report: Report,
    *,
    by: Actor,
    expected_version: int,
    title: str | None = None,
    items: list[ItemInput] | None = None,
    values: Mapping[int, tuple[RawValue, str]] | None = None,
    intro: str | None = None,
    estimates: dict[int, bool] | None = None,
    reasons: dict[int, str] | None = None,
    actuals: dict[int, str] | None = None,
) -> Report:
    """Save the editor's whole state of a draft: summary line, items and indicator values.

    ``items`` (when given) is the complete ordered list: items with an ``id`` are updated,
    new ones created, missing ones removed. Everything is validated first; on any error
    Invalid is raised with per-field messages and nothing is written. A stale
    ``expected_version`` raises Conflict naming who saved last and when.

    The figures are checked against the regime's rules (``baocao.validation.checks``): an
    error finding refuses the save with its message on the value (``values.<id>``); warnings
    (outliers) are saved and left on ``report.findings`` for the caller to show;
    ``report.item_ids`` gives, for each of ``items`` in order, the id of the item it is now
    (None for an empty row, which is no item). ``estimates``
    marks values as estimates (ước thực hiện); ``reasons`` confirms warned values with a reason
    (a value that changes without a new reason loses its old one). ``actuals`` gives the
    official figures of the previous period's estimates (applied when this report is
    approved, see ``baocao.reports.services.estimates``).
    """
    _require_reporter(report, by)
    errors: dict[str, str] = {}
    new_title = None
    if title is not None:
        try:
            new_title = clean_title(title)
        except ValueError as exc:
            errors["title"] = str(exc)
    new_intro = None
    if intro is not None:
        try:
            new_intro = clean_item_text(intro)
        except ValueError as exc:
            errors["intro"] = str(exc)
    cleaned_items = _clean_items(report, items, errors) if items is not None else None
    # The regime's indicators and the stored values, read once for the checks and the writes.
    indicators = template_indicators(report.template) if values is not None else []
    figures = values is not None or estimates or reasons or actuals is not None
    # The report's values as the selectors read them (a prepared read, once per report object;
    # ``forget_values`` below drops them once written).
    stored = {v.indicator_id: v for v in stored_values(report)} if figures else {}
    cleaned_values = (
        _clean_values({i.pk: i for i in indicators}, values, errors) if values is not None else None
    )
    clean_reasons = _clean_reasons(reasons, errors)
    clean_actuals = _clean_actuals(report, actuals, errors) if actuals is not None else None
    findings: list = []
    if cleaned_values is not None and not errors:
        findings = _check_figures(report, indicators, stored, cleaned_values, clean_reasons, errors)
    if errors:
        raise Invalid(_("Báo cáo chưa được lưu: có thông tin chưa hợp lệ."), details=errors)
    item_ids: list[int | None] = []
    with transaction.atomic():
        _claim_version(report, expected_version, by)
        changes: dict[str, Any] = {}
        if new_title is not None and new_title != report.title:
            report.title = new_title
            Report.objects.filter(pk=report.pk).update(title=new_title)
            changes["title"] = 1
        if new_intro is not None and new_intro != report.intro:
            report.intro = new_intro
            Report.objects.filter(pk=report.pk).update(intro=new_intro)
            changes["intro"] = 1
        if cleaned_items is not None:
            counts, ids = _replace_items(report, cleaned_items)
            changes.update(counts)
            stored_as = {
                id(data): pk for (data, _t, _s), pk in zip(cleaned_items, ids, strict=True)
            }
            item_ids = [stored_as.get(id(data)) for data in items or []]
        if cleaned_values is not None or estimates or clean_reasons:
            changes["values"] = _store_values(
                report, stored, cleaned_values or {}, estimates or {}, clean_reasons
            )
        if clean_actuals is not None:
            changes["actuals"] = _store_actuals(report, stored, clean_actuals)
        forget_values(report)  # a later read sees the values written here
        index_report(report)
        record(report, AuditEvent.Verb.EDIT, by=by, **changes)
    report.findings = findings  # type: ignore[attr-defined]
    report.item_ids = item_ids  # type: ignore[attr-defined]
    return report


def _clean_actuals(
    report: Report, actuals: dict[int, str], errors: dict[str, str]
) -> dict[int, Decimal | None]:
    """Return the official figures of last period's estimates, by indicator id."""
    from baocao.reports.services.estimates import previous_estimates

    estimated = previous_estimates(report)
    cleaned: dict[int, Decimal | None] = {}
    for indicator_id, raw in actuals.items():
        if indicator_id not in estimated:
            errors[f"actuals.{indicator_id}"] = _("Kỳ trước không có số ước của chỉ tiêu này.")
            continue
        try:
            number, _text = clean_indicator_value(estimated[indicator_id].indicator, raw)
        except ValueError as exc:
            errors[f"actuals.{indicator_id}"] = str(exc)
            continue
        cleaned[indicator_id] = number
    return cleaned


def _store_actuals(
    report: Report, existing: dict[int, IndicatorValue], actuals: dict[int, Decimal | None]
) -> int:
    """Store the official figures of last period's estimates on this report's values."""
    count = 0
    for indicator_id, number in actuals.items():
        current = existing.get(indicator_id)
        if current is None:
            if number is not None:
                existing[indicator_id] = IndicatorValue.objects.create(
                    report=report, indicator_id=indicator_id, previous_actual=number
                )
                count += 1
        elif current.previous_actual != number:
            current.previous_actual = number
            current.save(update_fields=["previous_actual"])
            count += 1
    return count


def _clean_reasons(reasons: dict[int, str] | None, errors: dict[str, str]) -> dict[int, str]:
    """Return the confirmation reasons cleaned (NFC, at most 500 characters)."""
    cleaned: dict[int, str] = {}
    for indicator_id, raw in (reasons or {}).items():
        try:
            text = " ".join(clean_item_text(raw or "").split())
        except ValueError as exc:
            errors[f"reasons.{indicator_id}"] = str(exc)
            continue
        if len(text) > 500:
            errors[f"reasons.{indicator_id}"] = _("Lý do quá dài; tối đa 500 ký tự.")
            continue
        cleaned[indicator_id] = text
    return cleaned


def _check_figures(
    report: Report,
    indicators: list[Indicator],
    stored: dict[int, IndicatorValue],
    cleaned: dict[int, tuple[Decimal | None, str, str]],
    reasons: dict[int, str],
    errors: dict[str, str],
) -> list:
    """Check the figures the report will hold after this save; put errors on their values."""
    from baocao.domain.validation import Severity
    from baocao.validation.checks import check_values

    numbers = {pk: v.value for pk, v in stored.items()}
    given = {pk for pk, v in stored.items() if v.value is not None or v.text_value}
    confirmed = {pk: v.confirmed_reason for pk, v in stored.items() if v.confirmed_reason}
    for pk, (number, text, _note) in cleaned.items():
        numbers[pk] = number
        if number is not None or text:
            given.add(pk)
        else:
            given.discard(pk)
        if pk in stored and stored[pk].value != number:
            confirmed.pop(pk, None)
    confirmed.update({pk: r for pk, r in reasons.items() if r})
    findings = check_values(
        report, numbers, given=given, confirmed=confirmed, indicators=indicators
    )
    ids = {i.code: i.pk for i in indicators}
    for finding in findings:
        if finding.severity == Severity.ERROR and finding.code in ids:
            errors.setdefault(f"values.{ids[finding.code]}", finding.message)
    return findings


def _replace_items(
    report: Report, cleaned: list[tuple[ItemInput, str, Section | None]]
) -> tuple[dict[str, int], list[int]]:
    """Make the report's items ``cleaned``; return the counts and each item's id, in order."""
    existing = {item.pk: item for item in ordered_items(report)}  # a prepared read
    kept: set[int] = set()
    ids: list[int] = []
    added = changed = 0
    for order, (data, text, section) in enumerate(cleaned, start=1):
        item = existing.get(data.id) if data.id else None
        if item is None:
            created = NarrativeItem.objects.create(
                report=report,
                section=section,
                order=order,
                kind=_item_kind(section),
                text=text,
                continuing=data.continuing,
                carried_from_id=data.carried_from_id,
                source_unit_id=data.source_unit_id,
            )
            ids.append(created.pk)
            added += 1
            continue
        kept.add(item.pk)
        ids.append(item.pk)
        fields = {  # section_id, not section: comparing never loads the item's section
            "text": text,
            "section_id": section.pk if section else None,
            "order": order,
            "kind": _item_kind(section),
            "continuing": data.continuing,
        }
        if any(getattr(item, name) != value for name, value in fields.items()):
            for name, value in fields.items():
                setattr(item, name, value)
            item.save(update_fields=list(fields))
            changed += 1
    removed = [pk for pk in existing if pk not in kept]
    if removed:
        NarrativeItem.objects.filter(pk__in=removed).delete()
    counts = {"items_added": added, "items_changed": changed, "items_removed": len(removed)}
    return counts, ids


def _store_values(
    report: Report,
    existing: dict[int, IndicatorValue],
    cleaned: dict[int, tuple[Decimal | None, str, str]],
    estimates: dict[int, bool],
    reasons: dict[int, str],
) -> int:
    count = 0
    for indicator_id in {*cleaned, *estimates, *reasons}:
        current = existing.get(indicator_id)
        if indicator_id in cleaned:
            number, text, note = cleaned[indicator_id]
        elif current is not None:
            number, text, note = current.value, current.text_value, current.note
        else:
            continue  # a mark or a reason on a value that does not exist
        if number is None and not text and not note:
            if current is not None and current.previous_actual is None:
                current.delete()
                del existing[indicator_id]
                count += 1
            continue
        estimate = estimates.get(
            indicator_id, current.is_estimate if current is not None else False
        )
        reason = current.confirmed_reason if current is not None else ""
        if current is not None and current.value != number:
            reason = ""  # a changed value is checked again; its old confirmation is gone
        reason = reasons.get(indicator_id, reason)
        fields = (number, text, note, estimate, reason)
        if current is None:
            existing[indicator_id] = IndicatorValue.objects.create(
                report=report,
                indicator_id=indicator_id,
                value=number,
                text_value=text,
                note=note,
                is_estimate=estimate,
                confirmed_reason=reason,
            )
            count += 1
        elif (
            current.value,
            current.text_value,
            current.note,
            current.is_estimate,
            current.confirmed_reason,
        ) != fields:
            (
                current.value,
                current.text_value,
                current.note,
                current.is_estimate,
                current.confirmed_reason,
            ) = fields
            current.save(
                update_fields=["value", "text_value", "note", "is_estimate", "confirmed_reason"]
            )
            count += 1
    return count


def add_item(
    report: Report,
    *,
    by: Actor,
    expected_version: int,
    text: str,
    section_id: int | None,
    continuing: bool = False,
) -> NarrativeItem:
    """Append one item to a section of a draft."""
    _require_reporter(report, by)
    errors: dict[str, str] = {}
    cleaned = _clean_items(
        report, [ItemInput(text=text, section_id=section_id, continuing=continuing)], errors
    )
    if errors or not cleaned:
        raise Invalid(
            _("Nội dung không hợp lệ."),
            details=errors or {"items.0.text": _("Nội dung không được để trống.")},
        )
    _item, clean, section = cleaned[0]
    with transaction.atomic():
        _claim_version(report, expected_version, by)
        last = report.items.filter(section=section).order_by("-order").first()
        item = NarrativeItem.objects.create(
            report=report,
            section=section,
            order=(last.order + 1) if last else 1,
            kind=_item_kind(section),
            text=clean,
            continuing=continuing,
        )
        index_report(report)
        record(report, AuditEvent.Verb.EDIT, by=by, items_added=1)
    return item


def _own_item(report: Report, item_id: int) -> NarrativeItem:
    try:
        return report.items.get(pk=item_id)
    except (NarrativeItem.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("Không tìm thấy nội dung.")) from None


def update_item(
    report: Report,
    item_id: int,
    *,
    by: Actor,
    expected_version: int,
    text: str | None = None,
    section_id: int | None = None,
    continuing: bool | None = None,
    order: int | None = None,
) -> NarrativeItem:
    """Change one item of a draft."""
    _require_reporter(report, by)
    item = _own_item(report, item_id)
    errors: dict[str, str] = {}
    new = ItemInput(
        text=item.text if text is None else text,
        section_id=item.section_id if section_id is None else section_id,
        continuing=item.continuing if continuing is None else continuing,
    )
    cleaned = _clean_items(report, [new], errors)
    if errors or not cleaned:
        raise Invalid(
            _("Nội dung không hợp lệ."),
            details=errors or {"items.0.text": _("Nội dung không được để trống.")},
        )
    _item, clean, section = cleaned[0]
    with transaction.atomic():
        _claim_version(report, expected_version, by)
        item.text, item.section, item.continuing = clean, section, new.continuing
        item.kind = _item_kind(section)
        if order is not None:
            item.order = max(0, order)
        item.save()
        index_report(report)
        record(report, AuditEvent.Verb.EDIT, by=by, items_changed=1)
    return item


def delete_item(report: Report, item_id: int, *, by: Actor, expected_version: int) -> None:
    """Remove one item from a draft."""
    _require_reporter(report, by)
    item = _own_item(report, item_id)
    with transaction.atomic():
        _claim_version(report, expected_version, by)
        item.delete()
        index_report(report)
        record(report, AuditEvent.Verb.EDIT, by=by, items_removed=1)


def set_indicator_values(
    report: Report,
    *,
    by: Actor,
    expected_version: int,
    values: Mapping[int, tuple[RawValue, str]],
) -> Report:
    """Set some indicator values of a draft (others unchanged); a value is text as typed or a
    number already typed (``validation.RawValue``)."""
    return save_draft(report, by=by, expected_version=expected_version, values=values)


def indicator_by_id(report: Report, indicator_id: int) -> Indicator:
    """Return the template indicator or raise NotFound."""
    try:
        return report.template.indicators.get(pk=indicator_id)
    except (Indicator.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("Không tìm thấy chỉ tiêu.")) from None
