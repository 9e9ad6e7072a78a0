"""The frozen record of a report's official document: captured when approved and when issued.

``capture_document`` is called by the review and issuing services inside their transaction;
``captured_document`` is what every export of an approved (or later) report reads.
"""

from __future__ import annotations

from dataclasses import replace

from baocao.core.actors import Actor
from baocao.documents.build import build_live_document
from baocao.documents.capture import freeze, thaw
from baocao.documents.model import NO_PLACE, OfficialDocument
from baocao.domain.numbering import place_date_line
from baocao.reports.models import DocumentCapture, Report


def capture_document(report: Report, stage: str, *, by: Actor | None) -> DocumentCapture:
    """Store everything ``report``'s document prints now, as an immutable capture."""
    document = build_live_document(report)
    return DocumentCapture.objects.create(
        report=report,
        stage=stage,
        number_text=report.number_text or "",
        document=freeze(document),
        created_by=by,
    )


def latest_capture(report: Report) -> DocumentCapture | None:
    """Return the report's newest capture, or None (a draft, or a report never captured)."""
    return report.captures.order_by("-created_at", "-pk").first()


def captured_document(report: Report) -> OfficialDocument | None:
    """Return the document as last captured, or None when the report has no capture.

    An unreadable capture raises ``CaptureError``: an issued record is never silently replaced
    by live data.
    """
    capture = latest_capture(report)
    return None if capture is None else thaw(capture.document)


def _approved_capture(report: Report) -> DocumentCapture | None:
    return (
        report.captures.filter(stage=DocumentCapture.Stage.APPROVED)
        .order_by("-created_at", "-pk")
        .first()
    )


def approved_symbol(report: Report) -> tuple[str, str] | None:
    """Return (type code, issuer code) printed in the approved document's "Số:      /BC-STTTT".

    The number given at issue completes exactly the symbol the leader approved.
    """
    capture = _approved_capture(report)
    if capture is None:
        return None
    line = thaw(capture.document).header.number_line
    symbol = line.split("/", 1)[1].strip() if "/" in line else ""
    if not symbol:
        return None
    type_code, _, issuer = symbol.partition("-")
    return (type_code, issuer) if issuer else ("", type_code)


def capture_issued(report: Report, *, by: Actor) -> DocumentCapture:
    """Capture the issued document: the approved document with its number and date filled in.

    Everything the leader approved (bodies, sections, indicators, signer, recipients) stays as
    approved; only the number line and the place-and-date line are completed.
    """
    capture = _approved_capture(report)
    if capture is None:
        return capture_document(report, DocumentCapture.Stage.ISSUED, by=by)
    approved = thaw(capture.document)
    place = approved.header.place_date_line.split(", ngày", 1)[0].strip()
    if not place or place == NO_PLACE:
        place = report.place or report.unit.place_name
    date_line = (
        place_date_line(place, report.issued_on)
        if place and report.issued_on
        else approved.header.place_date_line
    )
    header = replace(
        approved.header, number_line=f"Số: {report.number_text}", place_date_line=date_line
    )
    issued = replace(approved, header=header, is_draft=False)
    return DocumentCapture.objects.create(
        report=report,
        stage=DocumentCapture.Stage.ISSUED,
        number_text=report.number_text,
        document=freeze(issued),
        created_by=by,
    )
