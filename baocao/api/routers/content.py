"""A report's narrative items and indicator values, one at a time."""

from __future__ import annotations

from typing import Annotated

from ninja import Query, Router, Schema, Status
from pydantic import Field

from baocao.api.drafts import by_code, section_id, to_value_inputs, value_marks
from baocao.api.present import finding_data, item_data, report_items, report_values
from baocao.api.routers.common import responses
from baocao.api.schemas import (
    FindingOut,
    ItemCreateIn,
    ItemOut,
    ItemUpdateIn,
    ObjectId,
    ValueOut,
    ValuesIn,
)
from baocao.core.actors import ApiRequest
from baocao.core.errors import Invalid
from baocao.reports.selectors import access_report
from baocao.reports.services import add_item, delete_item, save_draft, update_item

router = Router(tags=["Nội dung và số liệu"])


class VersionOut(Schema):
    """The report's version after a change."""

    version: int


class ValuesOut(Schema):
    """The report's values after a change, with its new version."""

    version: int
    values: list[ValueOut]
    findings: list[FindingOut] = []


class ItemChangeOut(Schema):
    """An item after a change, with the report's new version."""

    version: int
    item: ItemOut


class DeleteParams(Schema):
    """The version read before deleting."""

    version: Annotated[int, Field(ge=1, le=2_147_483_647)]


@router.get(
    "/reports/{report_id}/items",
    response=responses(list[ItemOut]),
    summary="Các nội dung của báo cáo",
)
def list_items(request: ApiRequest, report_id: ObjectId) -> list[dict]:
    """List a report's narrative items in reading order."""
    return report_items(access_report(request.auth, report_id))


@router.post(
    "/reports/{report_id}/items",
    response=responses(ItemChangeOut, 201),
    summary="Thêm một nội dung",
)
def create_item(request: ApiRequest, report_id: ObjectId, payload: ItemCreateIn) -> Status:
    """Append an item to a section of a draft."""
    user = request.auth
    report = access_report(user, report_id, for_write=True)
    sid = section_id(report, payload.section, "section")
    item = add_item(
        report,
        by=user,
        expected_version=payload.version,
        text=payload.text,
        section_id=sid,
        continuing=payload.continuing,
    )
    return Status(201, {"version": report.version, "item": item_data(item)})


@router.patch(
    "/reports/{report_id}/items/{item_id}",
    response=responses(ItemChangeOut),
    summary="Sửa một nội dung",
)
def change_item(
    request: ApiRequest, report_id: ObjectId, item_id: ObjectId, payload: ItemUpdateIn
) -> dict:
    """Change an item of a draft."""
    user = request.auth
    report = access_report(user, report_id, for_write=True)
    sid = section_id(report, payload.section, "section")
    item = update_item(
        report,
        item_id,
        by=user,
        expected_version=payload.version,
        text=payload.text,
        section_id=sid,
        continuing=payload.continuing,
        order=payload.order,
    )
    return {"version": report.version, "item": item_data(item)}


@router.delete(
    "/reports/{report_id}/items/{item_id}",
    response=responses(VersionOut),
    summary="Xóa một nội dung",
)
def remove_item(
    request: ApiRequest, report_id: ObjectId, item_id: ObjectId, params: Query[DeleteParams]
) -> dict:
    """Remove an item from a draft."""
    user = request.auth
    report = access_report(user, report_id, for_write=True)
    delete_item(report, item_id, by=user, expected_version=params.version)
    return {"version": report.version}


@router.get(
    "/reports/{report_id}/values", response=responses(list[ValueOut]), summary="Số liệu của báo cáo"
)
def list_values(request: ApiRequest, report_id: ObjectId) -> list[dict]:
    """List a report's indicator values."""
    return report_values(access_report(request.auth, report_id))


@router.put(
    "/reports/{report_id}/values",
    response=responses(ValuesOut),
    summary="Nhập số liệu (các chỉ tiêu khác giữ nguyên)",
)
def set_values(request: ApiRequest, report_id: ObjectId, payload: ValuesIn) -> dict:
    """Set some indicator values of a draft; an empty or null value clears one."""
    user = request.auth
    report = access_report(user, report_id, for_write=True)
    values = to_value_inputs(report, payload.values)
    estimates, reasons = value_marks(report, payload.values)
    try:
        save_draft(
            report,
            by=user,
            expected_version=payload.version,
            values=values,
            estimates=estimates,
            reasons=reasons,
        )
    except Invalid as exc:
        raise by_code(report, exc) from None
    return {
        "version": report.version,
        "values": report_values(report),
        "findings": [finding_data(f) for f in getattr(report, "findings", [])],
    }
