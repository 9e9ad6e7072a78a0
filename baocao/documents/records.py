"""The frozen record of a report's official document: captured when approved and when issued.

``capture_document`` is called by the review and issuing services inside their transaction;
``captured_document`` is what every export of an approved (or later) report reads.
"""

from __future__ import annotations

from baocao.documents.build import build_live_document
from baocao.documents.capture import freeze, thaw
from baocao.documents.model import OfficialDocument
from baocao.reports.models import DocumentCapture, Report


def capture_document(report: Report, stage: str, *, by) -> DocumentCapture:  # type: ignore[no-untyped-def]
    """Store everything ``report``'s document prints now, as an immutable capture."""
    document = build_live_document(report)
    return DocumentCapture.objects.create(
        report=report, stage=stage, number_text=report.number_text or "",
        document=freeze(document), created_by=by,
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
