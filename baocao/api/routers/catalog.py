"""Who am I, units, templates and their periods."""

from __future__ import annotations

from typing import Annotated

from ninja import Query, Router, Schema
from pydantic import Field

from baocao.api.pagination import PageQuery, paginate
from baocao.api.present import template_data, unit_data
from baocao.api.routers.common import responses
from baocao.api.schemas import (
    Code,
    MeOut,
    PeriodOut,
    TemplateDetailOut,
    TemplateOut,
    UnitOut,
)
from baocao.api.selectors import access_template, access_unit, visible_templates, visible_units
from baocao.catalog.calendar import working_calendar
from baocao.core.actors import ApiRequest
from baocao.domain.periods import Period, PeriodKind
from baocao.organizations.models import Membership
from baocao.organizations.selectors import lineage_codes

router = Router(tags=["Đơn vị và chế độ báo cáo"])


class UnitPage(Schema):
    """A page of units."""

    count: int
    limit: int
    offset: int
    items: list[UnitOut]


class UnitDetailOut(UnitOut):
    """A unit with its lineage: the units it came from and the units that carry its work on."""

    predecessors: list[str] = Field(description="codes of the units merged or split into it")
    successors: list[str] = Field(description="codes of the units that took over its work")


class TemplatePage(Schema):
    """A page of templates."""

    count: int
    limit: int
    offset: int
    items: list[TemplateOut]


@router.get("/me", response=responses(MeOut), summary="Người dùng hiện tại và vai trò")
def me(request: ApiRequest) -> dict:
    """Return the caller and their roles by unit code."""
    user = request.auth
    roles: dict[str, list[str]] = {}
    for membership in Membership.objects.filter(user=user).select_related("unit"):
        roles.setdefault(membership.unit.code, []).append(membership.role)
    return {"username": user.username, "full_name": user.get_full_name(), "roles": roles}


@router.get("/units", response=responses(UnitPage), summary="Danh sách đơn vị")
def list_units(request: ApiRequest, page: PageQuery) -> dict:
    """List the units the caller belongs to or oversees, in tree order."""
    units = visible_units(request.auth).select_related("parent").order_by("path")
    return paginate(units, page, unit_data)


@router.get("/units/{code}", response=responses(UnitDetailOut), summary="Một đơn vị")
def get_unit(request: ApiRequest, code: Code) -> dict:
    """Return one unit the caller may see (404 otherwise), with ``closed_on`` and the codes of
    its predecessors and successors."""
    unit = access_unit(request.auth, code)
    before, after = lineage_codes(unit)
    return {**unit_data(unit), "predecessors": before, "successors": after}


@router.get("/templates", response=responses(TemplatePage), summary="Chế độ báo cáo")
def list_templates(request: ApiRequest, page: PageQuery) -> dict:
    """List the templates assigned to units the caller may see."""
    templates = visible_templates(request.auth).order_by("code")
    return paginate(templates, page, template_data)


@router.get(
    "/templates/{code}",
    response=responses(TemplateDetailOut),
    summary="Một chế độ báo cáo, lĩnh vực và chỉ tiêu",
)
def get_template(request: ApiRequest, code: Code) -> dict:
    """Return a template with its sections and indicators."""
    return template_data(access_template(request.auth, code), detail=True)


class PeriodFilter(Schema):
    """Which year's periods to list."""

    year: Annotated[int, Field(ge=1990, le=2100)]


@router.get(
    "/templates/{code}/periods",
    response=responses(list[PeriodOut]),
    summary="Các kỳ báo cáo trong năm, thời gian chốt số liệu và hạn nộp",
)
def list_periods(request: ApiRequest, code: Code, filters: Query[PeriodFilter]) -> list[dict]:
    """List a template's periods of one year with cut-off window and deadline."""
    template = access_template(request.auth, code)
    calendar = working_calendar()
    periods = Period(filters.year, PeriodKind.YEAR).sub_periods(template.kind)
    rows = []
    for period in periods:
        start, end = template.cutoff_rule.window(period)
        rows.append(
            {
                "code": period.code,
                "label": period.label,
                "start": start,
                "end": end,
                "due_date": template.deadline.deadline(period, template.cutoff_rule, calendar),
            }
        )
    return rows
