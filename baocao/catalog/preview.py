"""Preview a regime as its reporters see it and as its document prints (an empty report).

The documents layer builds from a stored Report, so the preview writes an empty draft for the
coming period inside a transaction that is always rolled back: nothing stays in the database,
and the layout is exactly the one a real report of the regime gets.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from django.db import transaction
from django.utils import timezone

from baocao.catalog.models import ReportTemplate
from baocao.core.actors import Actor
from baocao.domain.periods import Period, PeriodError
from baocao.organizations.models import OrgUnit

if TYPE_CHECKING:
    from baocao.documents.model import OfficialDocument
    from baocao.reports.models import Report

T = TypeVar("T")


class _Rollback(Exception):
    """Carry the preview's result out of the transaction that is rolled back."""

    def __init__(self, value: object) -> None:
        super().__init__()
        self.value = value


def _unit(template: ReportTemplate) -> OrgUnit:
    unit = template.assigned_units.order_by("path").first() or template.owner_unit
    if unit is None:
        unit = OrgUnit.objects.order_by("path").first()
    if unit is None:
        raise LookupError("no unit to preview with")
    return unit


def with_empty_report(template: ReportTemplate, use: Callable[..., T], *, by: Actor) -> T:
    """Return ``use(report)`` for an empty draft of ``template``, then undo the draft.

    The draft is written as every report row is (``insert_report``), for the coming period
    the preview's unit has no report of this version for yet.
    """
    from baocao.reports.models import Report
    from baocao.reports.services.authoring import insert_report, period_title

    unit = _unit(template)
    today = timezone.localdate()
    try:
        period = Period.from_date(template.kind, today, template.cutoff_rule)
    except PeriodError:
        period = Period(today.year + 1, template.kind, 1)
    taken = set(
        Report.objects.filter(unit=unit, template=template).values_list("period_code", flat=True)
    )
    while period.code in taken:
        period = period.next()
    try:
        with transaction.atomic():
            report = insert_report(
                unit=unit,
                template=template,
                period=period,
                by=by,
                title=period_title(template, period),
            )
            raise _Rollback(use(report))
    except _Rollback as done:
        return done.value  # type: ignore[return-value]


def empty_document(template: ReportTemplate, *, by: Actor) -> OfficialDocument:
    """Return the official document of an empty report of ``template``, every section shown."""
    from baocao.documents.build import body_blocks, build_live_document
    from baocao.reports.presenters import report_sections, value_rows

    def build(report: Report) -> OfficialDocument:
        document = build_live_document(report)
        body = body_blocks(report, report_sections(report, include_empty=True), value_rows(report))
        stem = f"xem-truoc-{template.code}".replace("/", "-")
        return dataclasses.replace(document, body=tuple(body), file_stem=stem)

    return with_empty_report(template, build, by=by)


def render_empty(template: ReportTemplate, kind: str, *, by: Actor) -> bytes:
    """Return the empty report of ``template`` as PDF (``kind`` "pdf") or DOCX bytes."""
    document = empty_document(template, by=by)
    if kind == "pdf":
        from baocao.documents.render_pdf import render_pdf

        return render_pdf(document)
    from baocao.documents.render_docx import render_docx

    return render_docx(document)
