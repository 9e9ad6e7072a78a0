"""Template tags of the documents app: what a reader may download or sign on a report page."""

from __future__ import annotations

from django import template

from baocao.core.actors import AnyUser
from baocao.documents.services import can_sign, latest_signed_copy
from baocao.reports.models import Report

register = template.Library()


@register.simple_tag
def document_actions(report: Report, user: AnyUser) -> dict:
    """Return whether ``user`` may sign ``report`` and its newest signed copy."""
    from baocao.documents.signing_services import can_agency_sign

    return {
        "can_sign": can_sign(user, report),
        "signed": latest_signed_copy(report),
        "can_agency_sign": can_agency_sign(user, report),
    }
