"""Template tags of the legal registry: the documents a report cites."""

from __future__ import annotations

from django import template

from baocao.legal.models import LegalDocument
from baocao.legal.selectors import report_documents
from baocao.reports.models import Report

register = template.Library()


@register.simple_tag
def report_citations(report: Report) -> list[LegalDocument]:
    """Return the documents ``report`` cites (the page has already checked access)."""
    return report_documents(report)
