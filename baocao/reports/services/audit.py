"""Record audit events (nhật ký) for report changes."""

from __future__ import annotations

from typing import Any

from baocao.core.actors import Actor
from baocao.reports.models import AuditEvent, Report


def record(
    report: Report | None, verb: str, *, by: Actor, comment: str = "", **data: Any
) -> AuditEvent:
    """Append an audit event; events are never changed or deleted afterwards."""
    return AuditEvent.objects.create(
        report=report,
        actor=by if getattr(by, "pk", None) else None,
        verb=verb,
        comment=comment,
        data=data,
    )
