"""Record who changed a reporting regime (nhật ký chế độ báo cáo)."""

from __future__ import annotations

from typing import Any

from baocao.catalog.models import RegimeEvent, ReportTemplate
from baocao.core.actors import Actor


def record_regime_event(
    template: ReportTemplate | None,
    verb: str,
    *,
    by: Actor,
    summary: str = "",
    code: str = "",
    version: int | None = None,
    **data: Any,
) -> RegimeEvent:
    """Append an event; events are never changed or deleted afterwards."""
    return RegimeEvent.objects.create(
        template=template,
        code=code or (template.code if template else ""),
        version=version if version is not None else (template.version if template else None),
        actor=by if getattr(by, "pk", None) else None,
        verb=verb,
        summary=summary[:500],
        data=data,
    )
