"""A regime as data: the JSON document and the XLSX workbook a ministry could fill in.

Both carry the same content (format ``baocao.regime/1``): the general fields of Decree 09/2019
Art. 8, the outline (sections), the data form (indicators; parts of a disaggregated indicator
are not listed, they follow from its disaggregation), the disaggregations used and the units
that report. ``regime_document`` writes it, ``read_json`` / ``read_xlsx`` read it back into the
same dict, which ``services.interchange`` compares with the database and applies.
"""

from __future__ import annotations

import io
import json
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from baocao.catalog.models import Indicator, ReportTemplate, Section
from baocao.core.errors import Invalid
from baocao.domain.text import clean_text
from baocao.organizations.models import OrgUnit

FORMAT = "baocao.regime/1"
MAX_BYTES = 2 * 1024 * 1024

SECTION_FIELDS = ("code", "title", "kind", "required")
INDICATOR_FIELDS = (
    "code",
    "name",
    "unit",
    "value_type",
    "aggregation",
    "min_value",
    "max_value",
    "required",
    "is_key",
    "section",
    "disaggregation",
    "synonyms",
)

# Labels of the workbook (Vietnamese), each with the document's key.
SHEET_GENERAL, SHEET_SECTIONS, SHEET_INDICATORS = "Chế độ", "Đề cương", "Chỉ tiêu"
SHEET_DISAGGREGATIONS, SHEET_UNITS = "Phân tổ", "Đơn vị báo cáo"
GENERAL_LABELS = {
    "code": "Mã chế độ",
    "name": "Tên báo cáo",
    "description": "Nội dung yêu cầu báo cáo",
    "issuer": "Cơ quan ban hành",
    "owner_unit": "Mã đơn vị quản lý",
    "legal_basis": "Căn cứ pháp lý (cách nhau dấu ;)",
    "reporters_note": "Đối tượng thực hiện báo cáo",
    "receiving_units": "Mã cơ quan nhận báo cáo (cách nhau dấu ;)",
    "delivery_methods": "Phương thức gửi, nhận (mã, cách nhau dấu ;)",
    "delivery_note": "Ghi chú về cách gửi, nhận",
    "period_kind": "Tần suất (month, quarter, half, nine_months, year)",
    "cutoff_start_day": "Ngày bắt đầu chốt số liệu",
    "deadline_kind": "Hạn nộp: loại (day_of_month / working_days_after_cutoff)",
    "deadline_value": "Hạn nộp: ngày trong tháng hoặc số ngày làm việc",
    "deadline_month_offset": "Hạn nộp: số tháng sau tháng chốt số liệu",
    "deadline_roll": "Hạn nộp: trùng ngày nghỉ thì lùi sang ngày làm việc (có/không)",
    "doc_type_code": "Mã loại văn bản",
    "title_format": "Mẫu trích yếu",
    "recipients": "Nơi nhận in trên văn bản",
    "instructions": "Hướng dẫn thực hiện báo cáo",
    "valid_from": "Áp dụng từ ngày (yyyy-mm-dd)",
    "is_active": "Đang áp dụng (có/không)",
}
SECTION_LABELS = (
    "Mã",
    "Tên lĩnh vực",
    "Loại (results, plan, issues, proposals, other)",
    "Bắt buộc",
)
INDICATOR_LABELS = (
    "Mã",
    "Tên chỉ tiêu",
    "Đơn vị tính",
    "Kiểu giá trị (integer, decimal, percent, text)",
    "Cách tổng hợp (sum, average, max, min, last)",
    "Giá trị nhỏ nhất",
    "Giá trị lớn nhất",
    "Bắt buộc",
    "Chỉ tiêu chính",
    "Mã lĩnh vực",
    "Mã phân tổ",
    "Cụm từ nhận diện",
)
DISAGGREGATION_LABELS = ("Mã phân tổ", "Tên phân tổ", "Mã nhóm", "Tên nhóm")
UNIT_LABELS = ("Mã đơn vị", "Tên đơn vị")
YES = {"có", "co", "x", "1", "true", "yes", "đúng"}


def _number(value: Decimal | None) -> str | None:
    if value is None:
        return None
    return format(value.normalize(), "f")


def regime_document(template: ReportTemplate) -> dict[str, Any]:
    """Return the regime version ``template`` as the interchange dict."""
    indicators = list(
        template.indicators.filter(parent__isnull=True)
        .select_related("section", "disaggregation")
        .prefetch_related("disaggregation__options")
        .order_by("order", "pk")
    )
    disaggregations = {}
    for indicator in indicators:
        d = indicator.disaggregation
        if d is not None:
            disaggregations[d.code] = {
                "code": d.code,
                "name": d.name,
                "options": [{"code": o.code, "name": o.name} for o in d.options.all()],
            }
    return {
        "format": FORMAT,
        "code": template.code,
        "version": template.version,
        "name": template.name,
        "description": template.description,
        "issuer": template.issuer,
        "owner_unit": template.owner_unit.code if template.owner_unit else "",
        "legal_basis": [f"{d.doc_type} {d.code}" for d in template.legal_basis.all()],
        "reporters_note": template.reporters_note,
        "receiving_units": [u.code for u in template.receiving_units.order_by("path")],
        "delivery_methods": list(template.delivery_methods),
        "delivery_note": template.delivery_note,
        "period_kind": template.period_kind,
        "cutoff_start_day": template.cutoff_start_day,
        "deadline": template.deadline.to_dict(),
        "doc_type_code": template.doc_type_code,
        "title_format": template.title_format,
        "recipients": template.recipients,
        "instructions": template.instructions,
        "valid_from": template.valid_from.isoformat() if template.valid_from else None,
        "is_active": template.is_active,
        "sections": [
            {"code": s.code, "title": s.title, "kind": s.kind, "required": s.required}
            for s in template.sections.order_by("order", "pk")
        ],
        "indicators": [
            {
                "code": i.code,
                "name": i.name,
                "unit": i.unit,
                "value_type": i.value_type,
                "aggregation": i.aggregation,
                "min_value": _number(i.min_value),
                "max_value": _number(i.max_value),
                "required": i.required,
                "is_key": i.is_key,
                "section": i.section.code if i.section else "",
                "disaggregation": i.disaggregation.code if i.disaggregation else "",
                "synonyms": i.synonyms,
            }
            for i in indicators
        ],
        "disaggregations": sorted(disaggregations.values(), key=lambda d: d["code"]),
        "units": [u.code for u in template.assigned_units.order_by("path")],
    }


def to_json(template: ReportTemplate) -> bytes:
    """Return the regime as pretty UTF-8 JSON."""
    return json.dumps(regime_document(template), ensure_ascii=False, indent=2).encode()


def _bad(message: str, **details: Any) -> Invalid:
    return Invalid(message, details=details or {"file": message})


def read_json(content: bytes) -> dict[str, Any]:
    """Return the interchange dict of a JSON file; Invalid when it is not one."""
    if len(content) > MAX_BYTES:
        raise _bad(_("Tệp quá lớn (tối đa 2 MB)."))
    try:
        data = json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise _bad(_("Tệp không phải JSON UTF-8 hợp lệ.")) from None
    return normalise(data)


def _text(value: Any, limit: int = 4000) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return clean_text(str(value))[:limit]


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    return _text(value).casefold() in YES


def _list(value: Any) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [p.strip() for p in value.replace("\n", ";").split(";") if p.strip()]
    if isinstance(value, list):
        return [_text(v) for v in value if _text(v)]
    raise _bad(_("Danh sách không hợp lệ: %(v)s.") % {"v": value})


def normalise(data: Any) -> dict[str, Any]:
    """Return ``data`` as the interchange dict with clean values; Invalid on a wrong shape."""
    if not isinstance(data, dict):
        raise _bad(_("Tệp phải chứa một chế độ báo cáo (đối tượng JSON)."))
    if data.get("format", FORMAT) != FORMAT:
        raise _bad(_("Định dạng %(f)s không được hỗ trợ.") % {"f": data.get("format")})
    out: dict[str, Any] = {"format": FORMAT}
    for name in (
        "code",
        "name",
        "description",
        "issuer",
        "owner_unit",
        "reporters_note",
        "delivery_note",
        "period_kind",
        "doc_type_code",
        "title_format",
        "recipients",
        "instructions",
    ):
        out[name] = _text(data.get(name))
    out["code"] = out["code"].upper()
    out["period_kind"] = out["period_kind"] or "month"
    out["doc_type_code"] = out["doc_type_code"] or "BC"
    out["title_format"] = out["title_format"] or "Kết quả hoạt động {period}"
    out["legal_basis"] = _list(data.get("legal_basis"))
    out["receiving_units"] = [c.upper() for c in _list(data.get("receiving_units"))]
    out["delivery_methods"] = _list(data.get("delivery_methods"))
    out["units"] = [c.upper() for c in _list(data.get("units"))]
    try:
        out["cutoff_start_day"] = int(data.get("cutoff_start_day") or 15)
    except (TypeError, ValueError):
        raise _bad(_("Ngày bắt đầu chốt số liệu phải là số.")) from None
    deadline = data.get("deadline") or {"kind": "day_of_month", "value": 20}
    if not isinstance(deadline, dict):
        raise _bad(_("Hạn nộp không hợp lệ."))
    out["deadline"] = {
        "kind": _text(deadline.get("kind")) or "day_of_month",
        "value": deadline.get("value"),
        "month_offset": deadline.get("month_offset") or 0,
        "roll_forward_to_working_day": _bool(deadline.get("roll_forward_to_working_day")),
    }
    out["valid_from"] = _text(data.get("valid_from")) or None
    out["is_active"] = _bool(data.get("is_active", True))
    out["sections"] = [_row(s, SECTION_FIELDS) for s in data.get("sections") or []]
    out["indicators"] = [_row(i, INDICATOR_FIELDS) for i in data.get("indicators") or []]
    for section in out["sections"]:
        section["code"] = section["code"].upper()
        section["kind"] = section["kind"] or Section.Kind.RESULTS.value
        section["required"] = _bool(section["required"])
    for indicator in out["indicators"]:
        for name in ("code", "section", "disaggregation"):
            indicator[name] = indicator[name].upper()
        indicator["value_type"] = indicator["value_type"] or Indicator.ValueType.INTEGER.value
        indicator["aggregation"] = indicator["aggregation"] or Indicator.Aggregation.SUM.value
        indicator["required"] = _bool(indicator["required"])
        indicator["is_key"] = _bool(indicator["is_key"])
        for name in ("min_value", "max_value"):
            indicator[name] = _decimal_text(indicator[name], indicator["code"])
    out["disaggregations"] = []
    for d in data.get("disaggregations") or []:
        if not isinstance(d, dict):
            raise _bad(_("Phân tổ không hợp lệ."))
        options = [
            {"code": _text(o.get("code")).upper(), "name": _text(o.get("name"))}
            for o in d.get("options") or []
            if isinstance(o, dict)
        ]
        out["disaggregations"].append(
            {"code": _text(d.get("code")).upper(), "name": _text(d.get("name")), "options": options}
        )
    return out


def _row(value: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _bad(_("Mỗi lĩnh vực, chỉ tiêu phải là một đối tượng."))
    return {
        name: value.get(name) if name in ("required", "is_key") else _text(value.get(name))
        for name in fields
    }


def _decimal_text(value: str, code: str) -> str | None:
    if not value:
        return None
    from baocao.domain.numbers import NumberFormatError, parse_number

    try:
        return format(Decimal(value).normalize(), "f")
    except ArithmeticError:
        pass
    try:
        return format(parse_number(value).normalize(), "f")
    except NumberFormatError:
        raise _bad(
            _("Giới hạn của chỉ tiêu %(code)s không phải là số: %(v)s.")
            % {"code": code, "v": value}
        ) from None


# --- XLSX -------------------------------------------------------------------------------------


def to_xlsx(template: ReportTemplate | None) -> bytes:
    """Return the workbook of a regime (or an empty one to fill in, for ``None``)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    doc = regime_document(template) if template is not None else _empty_document()
    book = Workbook()
    general = book.active
    general.title = SHEET_GENERAL
    general.append(["Trường", "Giá trị"])
    deadline = doc["deadline"]
    names = dict(OrgUnit.objects.filter(code__in=doc["units"]).values_list("code", "name"))
    values = {
        **{k: doc.get(k, "") for k in GENERAL_LABELS},
        "legal_basis": "; ".join(doc["legal_basis"]),
        "receiving_units": "; ".join(doc["receiving_units"]),
        "delivery_methods": "; ".join(doc["delivery_methods"]),
        "deadline_kind": deadline["kind"],
        "deadline_value": deadline["value"],
        "deadline_month_offset": deadline.get("month_offset", 0),
        "deadline_roll": "có" if deadline.get("roll_forward_to_working_day") else "không",
        "is_active": "có" if doc["is_active"] else "không",
        "valid_from": doc["valid_from"] or "",
    }
    for key, label in GENERAL_LABELS.items():
        general.append([label, values.get(key, "")])
    sheets = (
        (SHEET_SECTIONS, SECTION_LABELS, [
            [s["code"], s["title"], s["kind"], "có" if s["required"] else ""]
            for s in doc["sections"]
        ]),
        (SHEET_INDICATORS, INDICATOR_LABELS, [
            [
                i["code"], i["name"], i["unit"], i["value_type"], i["aggregation"],
                i["min_value"], i["max_value"], "có" if i["required"] else "",
                "có" if i["is_key"] else "", i["section"], i["disaggregation"], i["synonyms"],
            ]
            for i in doc["indicators"]
        ]),
        (SHEET_DISAGGREGATIONS, DISAGGREGATION_LABELS, [
            [d["code"], d["name"], o["code"], o["name"]]
            for d in doc["disaggregations"]
            for o in d["options"]
        ]),
        (SHEET_UNITS, UNIT_LABELS, [[code, names.get(code, "")] for code in doc["units"]]),
    )  # fmt: skip
    for title, labels, rows in sheets:
        sheet = book.create_sheet(title)
        sheet.append(list(labels))
        for row in rows:
            sheet.append(row)
    for sheet in book.worksheets:
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for column in sheet.columns:
            sheet.column_dimensions[column[0].column_letter].width = 28
    general.column_dimensions["A"].width = 52
    general.column_dimensions["B"].width = 70
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _empty_document() -> dict[str, Any]:
    return normalise({"code": "", "name": ""})


def read_xlsx(content: bytes) -> dict[str, Any]:
    """Return the interchange dict of a workbook written by :func:`to_xlsx` (and filled in)."""
    from zipfile import BadZipFile

    from openpyxl import load_workbook

    if len(content) > MAX_BYTES:
        raise _bad(_("Tệp quá lớn (tối đa 2 MB)."))
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (BadZipFile, KeyError, OSError, ValueError):
        raise _bad(_("Tệp không phải bảng tính Excel (.xlsx) hợp lệ.")) from None
    if SHEET_GENERAL not in book.sheetnames:
        raise _bad(_("Bảng tính thiếu trang “%(s)s”.") % {"s": SHEET_GENERAL})
    by_label = {label: key for key, label in GENERAL_LABELS.items()}
    general: dict[str, Any] = {}
    for row in book[SHEET_GENERAL].iter_rows(min_row=2, values_only=True):
        if row and row[0] in by_label:
            general[by_label[row[0]]] = row[1] if len(row) > 1 else None

    def rows(title: str, width: int) -> list[list[Any]]:
        if title not in book.sheetnames:
            return []
        found = []
        for row in book[title].iter_rows(min_row=2, values_only=True):
            cells = list(row[:width]) + [None] * (width - len(row[:width]))
            if any(c not in (None, "") for c in cells):
                found.append(cells)
        return found

    disaggregations: dict[str, dict[str, Any]] = {}
    for code, name, option_code, option_name in rows(SHEET_DISAGGREGATIONS, 4):
        entry = disaggregations.setdefault(
            _text(code), {"code": _text(code), "name": _text(name), "options": []}
        )
        entry["options"].append({"code": _text(option_code), "name": _text(option_name)})
    data = {
        **{k: v for k, v in general.items() if not k.startswith("deadline_")},
        "deadline": {
            "kind": general.get("deadline_kind") or "day_of_month",
            "value": _int(general.get("deadline_value"), 20),
            "month_offset": _int(general.get("deadline_month_offset"), 0),
            "roll_forward_to_working_day": _bool(general.get("deadline_roll")),
        },
        "is_active": _bool(general.get("is_active", "có")),
        "sections": [
            dict(zip(SECTION_FIELDS, row, strict=True)) for row in rows(SHEET_SECTIONS, 4)
        ],
        "indicators": [
            dict(zip(INDICATOR_FIELDS, row, strict=True)) for row in rows(SHEET_INDICATORS, 12)
        ],
        "disaggregations": list(disaggregations.values()),
        "units": [row[0] for row in rows(SHEET_UNITS, 2)],
    }
    return normalise(data)


def _int(value: Any, default: int) -> int:
    try:
        return int(value) if value not in (None, "") else default
    except (TypeError, ValueError):
        raise _bad(_("Hạn nộp phải là số: %(v)s.") % {"v": value}) from None
