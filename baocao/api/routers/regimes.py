"""Reporting regimes for administrators and ministry systems: list, get, export, create or
import (with a dry run), make a new version, assign the reporting units.

The same services and rules as the regime designer's pages: only an administrator of the
regime's managing unit (or above) changes it; a regime nobody may manage is 404.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import Field, StringConstraints

from baocao.api.pagination import PageQuery, paginate
from baocao.api.routers.common import responses
from baocao.api.schemas import Code, InputSchema, ObjectId
from baocao.catalog import interchange, selectors
from baocao.catalog.models import ReportTemplate
from baocao.catalog.services import regimes as services
from baocao.catalog.services.interchange import apply_import, plan_import
from baocao.core.actors import AnyUser, ApiRequest
from baocao.core.errors import Conflict, Invalid
from baocao.organizations.models import OrgUnit

router = Router(tags=["Thiết kế chế độ báo cáo"])

Text = Annotated[str, StringConstraints(max_length=4000)]
Line = Annotated[str, StringConstraints(max_length=255)]
Bound = Annotated[str, StringConstraints(pattern=r"^-?\d{1,16}(\.\d{1,4})?$")]
Citation = Annotated[str, StringConstraints(min_length=1, max_length=500)]


class DeadlineIO(InputSchema):
    """The deadline rule: a day of a month, or N working days after the cut-off."""

    kind: Literal["day_of_month", "working_days_after_cutoff"]
    value: int = Field(ge=1, le=60, description="the day (1-31) or the working days (1-60)")
    month_offset: int = Field(0, ge=0, le=12)
    roll_forward_to_working_day: bool = False


class SectionIO(InputSchema):
    """A field of the outline (đề cương)."""

    code: Code
    title: Line = Field(min_length=1)
    kind: Literal["results", "plan", "issues", "proposals", "other"] = "results"
    required: bool = False


class IndicatorIO(InputSchema):
    """An indicator of the data form; a disaggregated one is the total of its options."""

    code: Code
    name: Line = Field(min_length=1)
    unit: Annotated[str, StringConstraints(max_length=64)] = ""
    value_type: Literal["integer", "decimal", "percent", "text"] = "integer"
    aggregation: Literal["sum", "average", "max", "min", "last"] = "sum"
    min_value: Bound | None = None
    max_value: Bound | None = None
    required: bool = False
    is_key: bool = False
    section: Annotated[str, StringConstraints(max_length=32)] = ""
    disaggregation: Annotated[str, StringConstraints(max_length=32)] = ""
    synonyms: Text = ""


class OptionIO(InputSchema):
    """One option of a disaggregation."""

    code: Code
    name: Annotated[str, StringConstraints(min_length=1, max_length=128)]


class DisaggregationIO(InputSchema):
    """A disaggregation used by the regime's indicators."""

    code: Code
    name: Line = Field(min_length=1)
    options: list[OptionIO] = Field(min_length=2, max_length=50)


class RegimeDocument(InputSchema):
    """A regime as data (format ``baocao.regime/1``), as exported and imported."""

    format: Literal["baocao.regime/1"] = "baocao.regime/1"
    code: Code
    version: int | None = Field(None, description="ignored on import")
    name: Line = Field(min_length=1)
    description: Text = ""
    issuer: Line = ""
    owner_unit: Annotated[str, StringConstraints(max_length=32)] = ""
    legal_basis: list[Citation] = Field(default_factory=list, max_length=50)
    reporters_note: Text = ""
    receiving_units: list[Code] = Field(default_factory=list, max_length=500)
    delivery_methods: list[Literal["system", "esigned", "paper", "email", "fax"]] = Field(
        default_factory=list, max_length=5
    )
    delivery_note: Text = ""
    period_kind: Literal["month", "quarter", "half", "nine_months", "year"] = "month"
    cutoff_start_day: int = Field(15, ge=1, le=28)
    deadline: DeadlineIO
    doc_type_code: Annotated[str, StringConstraints(max_length=8)] = "BC"
    title_format: Line = "Kết quả hoạt động {period}"
    recipients: Text = ""
    instructions: Text = ""
    valid_from: dt.date | None = None
    is_active: bool = True
    sections: list[SectionIO] = Field(default_factory=list, max_length=200)
    indicators: list[IndicatorIO] = Field(default_factory=list, max_length=1000)
    disaggregations: list[DisaggregationIO] = Field(default_factory=list, max_length=50)
    units: list[Code] = Field(default_factory=list, max_length=5000)


class RegimeOut(Schema):
    """A regime version: where it stands, and its content."""

    id: int
    code: str
    version: int
    name: str
    is_current: bool
    is_active: bool
    owner_unit: str | None
    report_count: int
    document: RegimeDocument


class RegimeSummaryOut(Schema):
    """A regime in a list."""

    id: int
    code: str
    version: int
    name: str
    period_kind: str
    is_current: bool
    is_active: bool
    owner_unit: str | None
    report_count: int


class RegimePage(Schema):
    """A page of regimes."""

    count: int
    limit: int
    offset: int
    items: list[RegimeSummaryOut]


class PlanOut(Schema):
    """What an import does (or would do, in a dry run)."""

    code: str
    name: str
    creates: bool
    unchanged: bool
    new_version: bool
    current_version: int | None
    fields: list[str]
    sections_added: list[str]
    sections_changed: list[str]
    sections_removed: list[str]
    indicators_added: list[str]
    indicators_changed: list[str]
    indicators_removed: list[str]
    order_changed: bool
    units_added: list[str]
    units_removed: list[str]
    disaggregations_added: list[str]
    legal_basis_changed: bool


class ImportOut(Schema):
    """The result of an import: the plan, and the regime version it left (none in a dry run)."""

    dry_run: bool
    plan: PlanOut
    regime: RegimeOut | None


class ImportQuery(Schema):
    """Whether to only say what would change."""

    dry_run: bool = False


class VersionIn(InputSchema):
    """When the new version applies."""

    valid_from: dt.date | None = None


class AssignmentIn(InputSchema):
    """The reporting units: every unit of a level (under ``root`` if given), every unit under
    ``root``, or the listed ``units``."""

    mode: Literal["level", "subtree", "list"]
    level: Literal[
        "", "national", "province", "department", "division", "district", "commune", "special_zone"
    ] = ""
    root: Annotated[str, StringConstraints(max_length=32)] = ""
    units: list[Code] = Field(default_factory=list, max_length=5000)


def _summary(regime: ReportTemplate) -> dict:
    """Return the list row of ``regime``; its report count is the list's annotation
    (``selectors.designer_list``) when there is one, else counted here (one regime)."""
    report_count = getattr(regime, "report_count", None)
    return {
        "id": regime.pk,
        "code": regime.code,
        "version": regime.version,
        "name": regime.name,
        "period_kind": regime.period_kind,
        "is_current": regime.is_current,
        "is_active": regime.is_active,
        "owner_unit": regime.owner_unit.code if regime.owner_unit else None,
        "report_count": regime.reports.count() if report_count is None else report_count,
    }


def _full(regime: ReportTemplate) -> dict:
    summary = _summary(regime)
    summary.pop("period_kind")
    return {**summary, "document": interchange.regime_document(regime)}


@router.get("/regimes", response=responses(RegimePage), summary="Chế độ báo cáo được quản lý")
def list_regimes(request: ApiRequest, page: PageQuery) -> dict:
    """List the current versions of the regimes the caller administers."""
    regimes = selectors.designer_list(request.auth)
    return paginate(regimes, page, _summary)


def _owner(user: AnyUser, document: RegimeDocument) -> OrgUnit | None:
    if not document.owner_unit:
        return None
    owner = selectors.administered_units(user).filter(code=document.owner_unit).first()
    if owner is None:
        message = _("Bạn không quản trị đơn vị %(code)s.") % {"code": document.owner_unit}
        raise Invalid(message, details={"owner_unit": message})
    return owner


@router.post(
    "/regimes/import",
    response=responses(ImportOut),
    summary="Nhập chế độ báo cáo (tạo mới hoặc cập nhật, có chạy thử)",
)
def import_regime(request: ApiRequest, payload: RegimeDocument, query: Query[ImportQuery]) -> dict:
    """Create or update the regime of the document's code; with ``dry_run`` say only what
    would change. The same document twice changes nothing; a changed document for a regime
    with reports makes a new version."""
    user = request.auth
    if not selectors.may_design(user):
        from baocao.core.errors import Forbidden

        raise Forbidden(_("Chỉ quản trị mới nhập được chế độ báo cáo."))
    data = interchange.normalise(payload.dict())
    if query.dry_run:
        plan = plan_import(data, by=user)
        return {"dry_run": True, "plan": plan.as_dict(), "regime": None}
    regime, plan = apply_import(data, by=user, owner=_owner(user, payload))
    return {"dry_run": False, "plan": plan.as_dict(), "regime": _full(regime)}


@router.get("/regimes/{regime_id}", response=responses(RegimeOut), summary="Một chế độ báo cáo")
def get_regime(request: ApiRequest, regime_id: ObjectId) -> dict:
    """Return a regime version the caller administers, with its content."""
    return _full(selectors.access_regime(request.auth, regime_id))


@router.get(
    "/regimes/{regime_id}/export",
    response=responses(RegimeDocument),
    summary="Xuất chế độ báo cáo (JSON)",
)
def export_regime(request: ApiRequest, regime_id: ObjectId) -> dict:
    """Return the regime as the document ``POST /regimes/import`` reads back."""
    regime = selectors.access_regime(request.auth, regime_id)
    return interchange.regime_document(regime)


@router.post("/regimes", response=responses(RegimeOut, 201), summary="Tạo chế độ báo cáo")
def create_regime(request: ApiRequest, payload: RegimeDocument) -> tuple[int, dict]:
    """Create a regime from its document; 409 when the code is already used."""
    user = request.auth
    if not selectors.may_design(user):
        from baocao.core.errors import Forbidden

        raise Forbidden(_("Chỉ quản trị mới tạo được chế độ báo cáo."))
    data = interchange.normalise(payload.dict())
    if ReportTemplate.objects.filter(code=data["code"]).exists():
        raise Conflict(
            _("Mã %(code)s đã có chế độ báo cáo khác dùng.") % {"code": data["code"]},
            code="duplicate_code",
        )
    regime, _plan = apply_import(data, by=user, owner=_owner(user, payload))
    return 201, _full(regime)


@router.post(
    "/regimes/{regime_id}/versions",
    response=responses(RegimeOut, 201),
    summary="Tạo phiên bản mới của chế độ báo cáo",
)
def new_version(
    request: ApiRequest, regime_id: ObjectId, payload: VersionIn | None = None
) -> tuple[int, dict]:
    """Copy the current version into the next one; the reports written keep theirs."""
    user = request.auth
    regime = selectors.access_regime(user, regime_id)
    valid_from = payload.valid_from if payload else None
    return 201, _full(services.make_version(regime, by=user, valid_from=valid_from))


@router.put(
    "/regimes/{regime_id}/assignment",
    response=responses(RegimeOut),
    summary="Giao đơn vị báo cáo",
)
def assign(request: ApiRequest, regime_id: ObjectId, payload: AssignmentIn) -> dict:
    """Set the units that must report; returns the version changed (a new one if it had
    reports)."""
    user = request.auth
    regime = selectors.access_regime(user, regime_id)
    administered = selectors.administered_units(user)
    root = None
    if payload.root:
        root = administered.filter(code=payload.root).first()
        if root is None:
            message = _("Bạn không quản trị đơn vị %(code)s.") % {"code": payload.root}
            raise Invalid(message, details={"root": message})
    units = list(OrgUnit.objects.filter(code__in=payload.units))
    missing = set(payload.units) - {u.code for u in units}
    if missing:
        message = _("Không có đơn vị mã: %(c)s.") % {"c": ", ".join(sorted(missing))}
        raise Invalid(message, details={"units": message})
    changed = services.assign_units(
        regime, by=user, mode=payload.mode, level=payload.level, root=root, units=units
    )
    return _full(changed)
