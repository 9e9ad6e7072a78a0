"""The report editor (Soạn báo cáo): items per section, indicator values, next-period tasks.

The whole editor is one form; every button submits it, so it works without JavaScript:
"Lưu", "Thêm nội dung" (per section), move up/down, remove and "Chuyển sang lĩnh vực" per
item, and "Lấy nhiệm vụ kỳ trước" / "Lấy số liệu từ sổ theo dõi", which save the form first
(``then=carry`` / ``then=registers``) so nothing typed is lost.

With JavaScript (editor.js) the same form is autosaved: the script posts it with the header
``X-Autosave: 1`` and gets JSON back — the new version and the ids of new items, or the
service's message (who saved and when on a conflict, 409; the invalid fields, 422).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from baocao.catalog.selectors import template_indicators
from baocao.core.actors import AnyUser, AuthenticatedRequest
from baocao.core.errors import Conflict, ServiceError
from baocao.core.refusals import field_errors, on_refusal
from baocao.domain.numbers import format_number
from baocao.issuing.selectors import report_panel
from baocao.registers.selectors import has_register_figures
from baocao.reports.models import Report
from baocao.reports.presenters import (
    SectionView,
    ValueRow,
    report_sections,
    value_reading,
    value_rows,
)
from baocao.reports.selectors import can_carry_over, ensure_editable, previous_report
from baocao.reports.services import ItemInput, save_draft, start_from_previous
from baocao.reports.services.estimates import previous_estimates
from baocao.validation.checks import check_report, findings_by_indicator
from baocao.web.views.common import report_or_404


@dataclass
class Row:
    """One item row of the editor form."""

    key: str
    id: int | None
    section_id: int | None
    text: str
    continuing: bool
    error: str = ""


def _rows_from_db(sections: list[SectionView]) -> list[Row]:
    """Return the editor rows of the items in ``sections`` (``report_sections``)."""
    return [
        Row(
            key=str(item.pk),
            id=item.pk,
            section_id=item.section_id,
            text=item.text,
            continuing=item.continuing,
        )
        for view in sections
        for item in view.items
    ]


def _rows_from_post(request: HttpRequest) -> list[Row]:
    rows = []
    for key in request.POST.getlist("row"):
        raw_id = request.POST.get(f"row-{key}-id", "")
        raw_section = request.POST.get(f"row-{key}-section", "")
        rows.append(
            Row(
                key=key,
                id=int(raw_id) if raw_id.isdigit() else None,
                section_id=int(raw_section) if raw_section.isdigit() else None,
                text=request.POST.get(f"row-{key}-text", ""),
                continuing=request.POST.get(f"row-{key}-continuing") == "1",
            )
        )
    return rows


def _apply_buttons(request: HttpRequest, rows: list[Row]) -> tuple[list[Row], str | None]:
    """Apply "move" and "remove" buttons to the rows; return the rows and a section to add to."""
    remove = request.POST.get("remove")
    if remove:
        rows = [r for r in rows if r.key != remove]
    move = request.POST.get("move", "")
    if ":" in move:
        key, direction = move.rsplit(":", 1)
        index = next((i for i, r in enumerate(rows) if r.key == key), None)
        if index is not None:
            same = [i for i, r in enumerate(rows) if r.section_id == rows[index].section_id]
            pos = same.index(index)
            target = pos - 1 if direction == "up" else pos + 1
            if 0 <= target < len(same):
                j = same[target]
                rows[index], rows[j] = rows[j], rows[index]
    return rows, request.POST.get("add")


def _context(
    report: Report,
    rows: list[Row],
    values: dict,
    errors: dict,
    add: str | None,
    user: AnyUser,
    sections: list[SectionView] | None = None,
) -> dict:
    sections = report_sections(report) if sections is None else sections
    by_section: dict[int | None, list[Row]] = {}
    for row in rows:
        by_section.setdefault(row.section_id, []).append(row)
    blocks: list[dict[str, Any]] = []
    for view in sections:
        sid = view.section.pk if view.section else None
        section_rows = by_section.get(sid, [])
        if str(sid) == add or (view.section and not section_rows):
            section_rows = [
                *section_rows,
                Row(key=f"new-{sid}", id=None, section_id=sid, text="", continuing=False),
            ]
        blocks.append(
            {
                "view": view,
                "rows": section_rows,
                "error": errors.get(f"section.{view.section.code}") if view.section else "",
            }
        )
    table = []
    found = findings_by_indicator(report, check_report(report))
    marks = values.get("estimates", {})
    reasons = values.get("reasons", {})
    posted_actuals = values.get("actuals", {})
    estimated = previous_estimates(report)
    for value_row in value_rows(report, compare=False):  # the editor shows no comparisons
        pk = value_row.indicator.pk
        raw, note = values.get(pk, (None, None))
        if raw is None:
            raw = _display_value(value_row)
            note = value_row.value.note if value_row.value else ""
        stored_reason = value_row.value.confirmed_reason if value_row.value else ""
        table.append(
            {
                "row": value_row,
                "raw": raw,
                "note": note,
                "error": errors.get(f"values.{pk}", "") or errors.get(f"reasons.{pk}", ""),
                "warnings": [f for f in found.get(pk, []) if f.severity == "warning"],
                "estimate": marks.get(pk, bool(value_row.value and value_row.value.is_estimate)),
                "reason": reasons.get(pk, stored_reason),
                "estimated": estimated.get(pk),
                "actual": posted_actuals.get(
                    pk,
                    format_number(value_row.value.previous_actual)
                    if value_row.value and value_row.value.previous_actual is not None
                    else "",
                ),
                "actual_error": errors.get(f"actuals.{pk}", ""),
            }
        )
    for entry in table:  # how each number was read: "1.250" → "đọc là 1250"
        entry["reading"], entry["ambiguous"] = _reading(entry["row"], entry["raw"])
    can_carry = can_carry_over(report)
    return {
        "report": report,
        "blocks": blocks,
        "summary": _summary(errors, blocks, table),
        "warnings": [
            {
                "href": f"#value-{e['row'].indicator.pk}",
                "label": e["row"].indicator.name,
                "error": w,
            }
            for e in table
            for w in e["warnings"]
            if not w.confirmed
        ],
        "section_choices": [
            (str(b["view"].section.pk) if b["view"].section else "", b["view"].title)
            for b in blocks
        ],
        "intro": values.get("intro", report.intro),
        "title": values.get("title", report.title),
        "table": table,
        "errors": errors,
        "can_carry": can_carry,
        "previous": previous_report(report),
        "focus": f"new-{add}" if add else "",
        "from_registers": has_register_figures(report),
        # The latest return comment stays on top of the editor until the resubmission.
        "issuing": report_panel(user, report),
    }


def _summary(errors: dict, blocks: list[dict], table: list[dict]) -> list[dict]:
    """Return the error summary on top of the editor: each invalid field, linked to it."""
    summary = []
    if errors.get("title"):
        summary.append({"href": "#id_title", "label": _("Trích yếu"), "error": errors["title"]})
    if errors.get("intro"):
        summary.append(
            {"href": "#id_intro", "label": _("Đánh giá chung"), "error": errors["intro"]}
        )
    if errors.get("items"):
        summary.append({"href": "#editor", "label": _("Nội dung"), "error": errors["items"]})
    for block in blocks:
        sid = block["view"].section.pk if block["view"].section else "other"
        if block["error"]:
            summary.append(
                {"href": f"#section-{sid}", "label": block["view"].title, "error": block["error"]}
            )
        for number, row in enumerate(block["rows"], start=1):
            if row.error:
                summary.append(
                    {
                        "href": f"#text-{row.key}",
                        "label": _("%(field)s, nội dung %(n)s")
                        % {"field": block["view"].title, "n": number},
                        "error": row.error,
                    }
                )
    for entry in table:
        if entry["error"]:
            summary.append(
                {
                    "href": f"#value-{entry['row'].indicator.pk}",
                    "label": entry["row"].indicator.name,
                    "error": entry["error"],
                }
            )
    return summary


def _reading(row: ValueRow, raw: str) -> tuple[str, bool]:
    """Say how a value cell's number is read: the input typed, or the stored value shown."""
    from baocao.domain.numbers import format_number, spoken_number

    stored = row.value.value if row.value is not None else None
    if stored is not None and raw == format_number(stored):
        text = spoken_number(stored)
        same = text == raw and "," not in text
        return ("" if same else _("đọc là %(value)s") % {"value": text}), False
    return value_reading(row.indicator, raw)


def _say_ambiguous(request: HttpRequest, report: Report) -> None:
    """After a save without JavaScript, say how each ambiguous number ("1.250") was read."""
    for indicator in template_indicators(report.template):
        raw = request.POST.get(f"value-{indicator.pk}", "")
        reading, ambiguous = value_reading(indicator, raw)
        if ambiguous:
            messages.warning(
                request,
                _("%(name)s: “%(raw)s” %(reading)s.")
                % {"name": indicator.name, "raw": raw.strip(), "reading": reading},
            )


def _display_value(row: ValueRow) -> str:
    from baocao.domain.numbers import format_number

    if row.value is None:
        return ""
    if row.value.value is None:
        return row.value.text_value
    return format_number(row.value.value)


@login_required
def report_edit(request: AuthenticatedRequest, report_id: int) -> HttpResponse:
    """Show the editor, or save it (with the button's extra action) and show it again."""
    report = report_or_404(request, report_id, for_write=False)
    if not report.is_editable:
        message = _("Báo cáo đã trình duyệt hoặc đã phê duyệt nên không thể sửa.")
        if request.method == "POST" and request.headers.get("X-Autosave") == "1":
            return JsonResponse({"saved": False, "message": message}, status=403)
        messages.info(request, message)
        return redirect("report-detail", report_id=report.pk)
    ensure_editable(request.user, report)  # the report already read: no second read
    if request.method != "POST":
        sections = report_sections(report)  # read once: the rows and the blocks share it
        return render(
            request,
            "web/report_edit.html",
            _context(
                report,
                _rows_from_db(sections),
                {},
                {},
                request.GET.get("add"),
                request.user,
                sections,
            ),
        )
    autosave = request.headers.get("X-Autosave") == "1"
    if request.POST.get("carry") == "1" and not autosave:
        return _carry(request, report)
    rows, add = _apply_buttons(request, _rows_from_post(request))
    # Only the indicators' ids are needed here: no values, previous report or targets.
    indicator_ids = [i.pk for i in template_indicators(report.template)]
    values: dict = {
        pk: (request.POST.get(f"value-{pk}", ""), request.POST.get(f"note-{pk}", ""))
        for pk in indicator_ids
    }
    estimates = {pk: request.POST.get(f"estimate-{pk}") == "1" for pk in indicator_ids}
    reasons = {
        pk: request.POST.get(f"reason-{pk}", "")
        for pk in estimates
        if f"reason-{pk}" in request.POST
    }
    # Last period's estimates are read only when the form holds an official figure's field.
    posts_actuals = any(key.startswith("actual-") for key in request.POST)
    actuals = {
        pk: request.POST.get(f"actual-{pk}", "")
        for pk in (previous_estimates(report) if posts_actuals else ())
        if f"actual-{pk}" in request.POST
    }
    intro = request.POST.get("intro", report.intro)
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = -1
    posted = values | {
        "intro": intro,
        "title": request.POST.get("title", ""),
        "estimates": estimates,
        "reasons": reasons,
        "actuals": actuals,
    }

    def refused(exc: ServiceError) -> HttpResponse:
        """Show the form again as typed: an Invalid's field errors, a Conflict's stale note."""
        errors = {} if isinstance(exc, Conflict) else field_errors(exc)
        for index, row in enumerate(r for r in rows if r.text.strip()):
            row.error = errors.get(f"items.{index}.text", "")
        context = _context(report, rows, posted, errors, None, request.user)
        if isinstance(exc, Conflict):
            context["stale"] = True
        return render(request, "web/report_edit.html", context)

    on_refusal(request, refused)
    save_draft(
        report,
        by=request.user,
        expected_version=version,
        title=request.POST.get("title", report.title),
        intro=intro,
        items=[
            ItemInput(text=r.text, section_id=r.section_id, id=r.id, continuing=r.continuing)
            for r in rows
        ],
        values=values,
        estimates=estimates,
        reasons=reasons,
        actuals=actuals or None,
    )
    if autosave:
        return _autosaved(report, rows)
    if add is not None:
        return redirect(f"{request.path}?add={add}#row-new-{add}")
    if request.POST.get("move") or request.POST.get("remove"):
        return redirect(request.path)
    _say_ambiguous(request, report)
    messages.success(request, _("Đã lưu báo cáo."))
    then = request.POST.get("then")
    if then == "submit":
        return redirect("report-submit", report_id=report.pk)
    if then == "registers":
        return redirect("report-fill-registers", report_id=report.pk)
    if then == "carry":
        return _carry(request, report, version=report.version)
    return redirect(request.path)


def _autosaved(report: Report, rows: list[Row]) -> JsonResponse:
    """Answer an autosave: the new version, the time, and the ids the new items were given
    (``save_draft``'s ``item_ids``, one per posted row)."""
    ids = {
        row.key: pk
        for row, pk in zip(rows, report.item_ids, strict=True)  # type: ignore[attr-defined]
        if pk is not None and row.id != pk
    }
    saved_at = timezone.localtime(timezone.now()).strftime("%H:%M")
    return JsonResponse(
        {
            "saved": True,
            "version": report.version,
            "ids": ids,
            "saved_at": saved_at,
            "message": _("Đã lưu lúc %(time)s") % {"time": saved_at},
        }
    )


def _carry(
    request: AuthenticatedRequest, report: Report, version: int | None = None
) -> HttpResponse:
    if version is None:
        try:
            version = int(request.POST.get("version", ""))
        except ValueError:
            version = -1  # a stale version: the service refuses it as a conflict
    on_refusal(request, lambda exc: redirect(request.path))
    count = start_from_previous(report, by=request.user, expected_version=version)
    messages.success(
        request, _("Đã thêm %(count)s nhiệm vụ kỳ trước vào báo cáo.") % {"count": count}
    )
    return redirect(request.path)
