"""Bulk exchange over HTTP: pull a period's data, push an exchange file."""

from __future__ import annotations

from ninja import Query, Router, Schema

from baocao.api.exchange import export_period, import_data
from baocao.api.exchange_schema import ExchangeFile, ImportResult
from baocao.api.routers.common import responses
from baocao.api.schemas import Code, PeriodCode
from baocao.core.actors import ApiRequest

router = Router(tags=["Trao đổi dữ liệu"])


class ExportParams(Schema):
    """What to export."""

    unit: Code
    period: PeriodCode
    subtree: bool = False
    template: Code | None = None
    published_only: bool = False


class ImportParams(Schema):
    """How to import."""

    dry_run: bool = False


@router.get(
    "/exchange/export",
    response=responses(ExchangeFile),
    summary="Xuất số liệu một kỳ của đơn vị (hoặc cả cây đơn vị)",
)
def export(request: ApiRequest, params: Query[ExportParams]) -> dict:
    """Return the exchange file of a period for a unit, or its subtree with ``subtree=true``."""
    return export_period(
        request.auth,
        unit_code=params.unit,
        period=params.period,
        subtree=params.subtree,
        template_code=params.template,
        published_only=params.published_only,
    )


@router.post(
    "/exchange/import",
    response=responses(ImportResult),
    summary="Nhập tệp trao đổi (tạo/cập nhật bản nháp, không ghi đè báo cáo đã gửi)",
)
def import_(request: ApiRequest, payload: ExchangeFile, params: Query[ImportParams]) -> dict:
    """Import an exchange file as the caller; importing the same file twice changes nothing."""
    return import_data(request.auth, payload, dry_run=params.dry_run)
