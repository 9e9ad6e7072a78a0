"""The outgoing report package (gói tin báo cáo): one ZIP file another system can receive.

An issued report (or later) exports as ``<stem>.bcpkg``, a ZIP holding exactly three members:

- ``manifest.json`` — format and version, sender agency (code, name), number, issue date,
  regime, period, receivers, whether the PDF is signed, and the SHA-256 and size of each of the
  two other members;
- ``report.json`` — the report's data in the shape of the bulk exchange (``docs/api.md``):
  unit, template (sections, indicators) and the report with its items and values, by code;
- ``document.pdf`` — the newest signed PDF, or the PDF rendered from the issued document when
  nobody signed it (``manifest.pdf.signed`` is then false and ``source`` "rendered").

The schemas below validate both files on import (``package_import``). ``QCVN125_PACKETS`` maps
the package to the packet types of QCVN 125:2021/BTTTT, in one place (see docs/interchange.md).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import zipfile
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from django.utils import timezone
from django.utils.translation import gettext as _
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

import baocao
from baocao.core.actors import Actor
from baocao.core.errors import Conflict
from baocao.documents.services import latest_signed_copy, render_report
from baocao.documents.signing import AGENCY, PERSONAL
from baocao.domain.text import LINE_CONTROL, NUL, strip_diacritics, without
from baocao.domain.workflow import ISSUED_OR_LATER, Status
from baocao.issuing.models import Dispatch
from baocao.issuing.selectors import default_receivers
from baocao.reports.models import AuditEvent, Report
from baocao.reports.presenters import content_by_code
from baocao.reports.selectors import access_report
from baocao.reports.services.audit import record

FORMAT = "baocao-package"
DATA_FORMAT = "baocao-package-report"
VERSION = 1
MANIFEST = "manifest.json"
REPORT = "report.json"
DOCUMENT = "document.pdf"
MEMBERS = (MANIFEST, REPORT, DOCUMENT)
EXTENSION = ".bcpkg"
MEDIA_TYPE = "application/zip"
MEDIA_TYPES = {REPORT: "application/json", DOCUMENT: "application/pdf"}


@dataclass(frozen=True)
class Packet:
    """One packet type of QCVN 125:2021/BTTTT and where the package carries it (if it does)."""

    key: str
    name: str  # the packet's name in the regulation (Vietnamese)
    english: str
    status: Literal["mapped", "partial", "not_mapped"]
    where: str  # the member and JSON path carrying it, "" when not carried
    note: str


QCVN125_PACKETS: tuple[Packet, ...] = (
    Packet(
        "reporting_regime",
        "Chế độ báo cáo",
        "reporting regime",
        "partial",
        "manifest.json#/regime, report.json#/template",
        "code, name, period kind; no legal basis, deadline rule or receiving agencies",
    ),
    Packet(
        "report_form",
        "Biểu mẫu báo cáo",
        "report form",
        "partial",
        "report.json#/template/indicators",
        "the indicator columns of the regime's form; no cell layout",
    ),
    Packet(
        "outline_form",
        "Đề cương báo cáo",
        "outline form",
        "partial",
        "report.json#/template/sections",
        "the sections (lĩnh vực) of the narrative",
    ),
    Packet(
        "report_data",
        "Số liệu báo cáo",
        "report data",
        "mapped",
        "report.json#/report/values",
        "one value per indicator code, decimal as text",
    ),
    Packet(
        "list_report_data",
        "Số liệu báo cáo dạng danh sách",
        "list-type report data",
        "not_mapped",
        "",
        "baocao has no list-type (row per object) indicators",
    ),
    Packet(
        "outline_submission",
        "Nội dung đề cương báo cáo",
        "outline submission",
        "mapped",
        "report.json#/report/items",
        "narrative items by section code",
    ),
    Packet(
        "report_status",
        "Trạng thái báo cáo",
        "report status",
        "partial",
        "manifest.json#/document/status",
        "baocao's own words (issued, sent, received), not the regulation's code list",
    ),
    Packet(
        "signing_list",
        "Danh mục ký báo cáo",
        "report signing list",
        "partial",
        "manifest.json#/pdf",
        "signer, organisation, time and kind of the PDF's signature",
    ),
    Packet(
        "indicator_catalogue",
        "Danh mục chỉ tiêu",
        "indicator catalogue",
        "partial",
        "report.json#/template/indicators",
        "code, name, unit, value type, aggregation",
    ),
    Packet(
        "kpi_set",
        "Bộ chỉ tiêu KPI",
        "KPI set",
        "not_mapped",
        "",
        "key indicators are flagged locally but not exported as a set",
    ),
    Packet(
        "indicator_group",
        "Danh mục nhóm chỉ tiêu",
        "indicator group catalogue",
        "not_mapped",
        "",
        "baocao does not group indicators",
    ),
    Packet(
        "indicator_disaggregation",
        "Danh mục phân tổ chỉ tiêu",
        "indicator disaggregation catalogue",
        "not_mapped",
        "",
        "values are per unit and period only; no disaggregation (sex, area …)",
    ),
    Packet(
        "kpi_data", "Số liệu KPI", "KPI data", "not_mapped", "", "carried as ordinary report data"
    ),
)


def qcvn125_index() -> dict[str, str]:
    """Return packet key → where the package carries it, for the mapped and partial packets."""
    return {p.key: p.where for p in QCVN125_PACKETS if p.status != "not_mapped"}


# ---- schemas: the two JSON members, validated on import -------------------------------------

Code = Annotated[
    str,
    StringConstraints(
        min_length=1, max_length=32, pattern=without(LINE_CONTROL + r"/\\", empty=False)
    ),
]
PeriodCode = Annotated[
    str,
    StringConstraints(min_length=4, max_length=16, pattern=r"^\d{4}(-(\d{2}|Q[1-4]|H[12]|9M))?$"),
]
Short = Annotated[str, StringConstraints(max_length=500, pattern=without(NUL))]
Text = Annotated[str, StringConstraints(max_length=5000, pattern=without(NUL))]
Word = Annotated[str, StringConstraints(max_length=16, pattern=r"^[a-z_]*$")]
Key = Annotated[str, StringConstraints(max_length=40, pattern=r"^[a-z_]+$")]
Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
Number = Annotated[
    str, StringConstraints(min_length=1, max_length=64, pattern=without(LINE_CONTROL, empty=False))
]


class Strict(BaseModel):
    """Unknown fields are an error."""

    model_config = ConfigDict(extra="forbid")


class PkgUnit(Strict):
    """The sending unit (the exchange's unit shape, plus its document code)."""

    code: Code
    name: Short
    short_name: Short = ""
    level: Word = ""
    parent: Code | None = None
    doc_code: Short = ""


class PkgSection(Strict):
    code: Code
    title: Short
    kind: Word = "results"


class PkgIndicator(Strict):
    code: Code
    name: Short
    unit: Short = ""
    value_type: Word = "integer"
    aggregation: Word = "sum"


class PkgTemplate(Strict):
    """The regime, with its sections and indicators (the exchange's template shape)."""

    code: Code
    name: Short
    period_kind: Word
    doc_type_code: Short = ""
    sections: list[PkgSection] = Field(default_factory=list, max_length=500)
    indicators: list[PkgIndicator] = Field(default_factory=list, max_length=2000)


class PkgItem(Strict):
    section: Code | None = None
    kind: Word = "result"
    text: Text
    continuing: bool = False


class PkgValue(Strict):
    indicator: Code
    value: Annotated[str, StringConstraints(max_length=40, pattern=r"^-?\d+(\.\d+)?$")] | None
    text_value: Short = ""
    note: Short = ""


class PkgReport(Strict):
    """The report (the exchange's report shape; issued or later)."""

    unit: Code
    template: Code
    period: PeriodCode
    status: Literal["issued", "sent", "received"]
    title: Short
    intro: Text = ""
    number_text: Number
    issued_on: dt.date
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    due_date: dt.date | None = None
    signer_name: Short = ""
    signer_title: Short = ""
    sign_authority: Short = ""
    items: list[PkgItem] = Field(default_factory=list, max_length=500)
    values: list[PkgValue] = Field(default_factory=list, max_length=2000)


class ReportData(Strict):
    """``report.json``."""

    format: Literal["baocao-package-report"]
    version: Literal[1]
    unit: PkgUnit
    template: PkgTemplate
    report: PkgReport


class ManifestFile(Strict):
    name: Literal["report.json", "document.pdf"]
    sha256: Sha256
    size: int = Field(ge=0)
    media_type: Literal["application/json", "application/pdf"]


class ManifestSender(Strict):
    code: Code
    name: Short
    doc_code: Short = ""
    governing_body: Short = ""


class ManifestDocument(Strict):
    number: Number
    issued_on: dt.date
    type_code: Short = ""
    title: Short
    status: Literal["issued", "sent", "received"]


class ManifestRegime(Strict):
    code: Code
    name: Short
    period_kind: Word


class ManifestPeriod(Strict):
    code: PeriodCode
    start: dt.date | None = None
    end: dt.date | None = None


class ManifestReceiver(Strict):
    code: Code
    name: Short


class ManifestSignature(Strict):
    signer: Short = ""
    organisation: Short = ""
    signed_at: dt.datetime | None = None
    kind: Literal["personal", "agency"] = "personal"
    sha256: Sha256 | None = None


class ManifestPdf(Strict):
    signed: bool
    source: Literal["signed", "rendered"]
    signature: ManifestSignature | None = None
    note: Short = ""


class Generator(Strict):
    name: Short
    version: Short


class Manifest(Strict):
    """``manifest.json``."""

    format: Literal["baocao-package"]
    version: Literal[1]
    created_at: dt.datetime
    generator: Generator
    sender: ManifestSender
    document: ManifestDocument
    regime: ManifestRegime
    period: ManifestPeriod
    receivers: list[ManifestReceiver] = Field(default_factory=list, max_length=200)
    pdf: ManifestPdf
    files: list[ManifestFile] = Field(min_length=2, max_length=2)
    qcvn125: dict[Key, Short] = Field(default_factory=dict, max_length=20)


# ---- export ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PackageFile:
    """A built package: its bytes, file name and the manifest written in it."""

    content: bytes
    filename: str
    manifest: dict[str, Any]

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


def report_data(report: Report) -> dict[str, Any]:
    """Return ``report.json`` for ``report``: unit, template, report — by codes, not ids."""
    unit, template = report.unit, report.template
    sections = list(template.sections.order_by("order", "pk"))
    return {
        "format": DATA_FORMAT,
        "version": VERSION,
        "unit": {
            "code": unit.code,
            "name": unit.name,
            "short_name": unit.short_name,
            "level": unit.level,
            "parent": unit.parent.code if unit.parent else None,
            "doc_code": unit.doc_code or "",
        },
        "template": {
            "code": template.code,
            "name": template.name,
            "period_kind": template.period_kind,
            "doc_type_code": template.doc_type_code or "",
            "sections": [{"code": s.code, "title": s.title, "kind": s.kind} for s in sections],
            "indicators": [
                {
                    "code": i.code,
                    "name": i.name,
                    "unit": i.unit,
                    "value_type": i.value_type,
                    "aggregation": i.aggregation,
                }
                for i in template.indicators.order_by("order", "pk")
            ],
        },
        "report": {
            "unit": unit.code,
            "template": template.code,
            "period": report.period_code,
            "status": report.status,
            "title": report.title,
            "intro": report.intro,
            "number_text": report.number_text,
            "issued_on": report.issued_on.isoformat() if report.issued_on else None,
            "period_start": report.period_start.isoformat() if report.period_start else None,
            "period_end": report.period_end.isoformat() if report.period_end else None,
            "due_date": report.due_date.isoformat() if report.due_date else None,
            "signer_name": report.signer_name,
            "signer_title": report.signer_title,
            "sign_authority": report.sign_authority,
            **content_by_code(
                report.items.select_related("section"), report.values.select_related("indicator")
            ),
        },
    }


def comparable(data: dict[str, Any]) -> dict[str, Any]:
    """Return the parts of ``report.json`` that say what the report contains (not its state)."""
    report = data["report"]
    return {
        key: report.get(key)
        for key in (
            "unit",
            "template",
            "period",
            "title",
            "intro",
            "number_text",
            "items",
            "values",
        )
    }


def _receivers(report: Report) -> list[dict[str, str]]:
    sent = [
        d.to_unit
        for d in report.dispatches.select_related("to_unit")
        .exclude(state=Dispatch.State.RETURNED)
        .order_by("to_unit__path")
    ]
    units = sent or default_receivers(report)
    seen: dict[str, dict[str, str]] = {}
    for unit in units:
        seen.setdefault(unit.code, {"code": unit.code, "name": unit.name})
    return list(seen.values())


def _pdf(report: Report) -> tuple[bytes, dict[str, Any]]:
    """Return the PDF to ship and the manifest's ``pdf`` block."""
    copy = latest_signed_copy(report)
    if copy is not None:
        content = bytes(copy.content)
        return content, {
            "signed": True,
            "source": "signed",
            "signature": {
                "signer": copy.signer_name,
                "organisation": copy.organisation,
                "signed_at": copy.signed_at.isoformat(),
                "kind": AGENCY if copy.kind == AGENCY else PERSONAL,
                "sha256": copy.sha256,
            },
            "note": "",
        }
    rendered = render_report(report, "pdf")
    return rendered.content, {
        "signed": False,
        "source": "rendered",
        "signature": None,
        "note": "Bản PDF dựng từ văn bản đã ban hành; chưa có bản ký số.",
    }


def _json_bytes(data: dict[str, Any]) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n").encode()


def package_filename(report: Report) -> str:
    """Return an ASCII file name such as ``BC-STTTT-2022-01-so-01.bcpkg``."""
    seq = f"-so-{report.number_seq:02d}" if report.number_seq else ""
    stem = strip_diacritics(f"{report.file_stem}{seq}").replace("Đ", "D").replace("đ", "d")
    safe = "".join(ch if ch.isascii() and (ch.isalnum() or ch in "-_.") else "-" for ch in stem)
    return f"{safe}{EXTENSION}"


def _zip(members: list[tuple[str, bytes]], when: dt.datetime) -> bytes:
    buffer = io.BytesIO()
    stamp = timezone.localtime(when).timetuple()[:6]
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in members:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, content)
    return buffer.getvalue()


def build_package(report: Report) -> PackageFile:
    """Build the package of an issued (or later) report already permission-checked."""
    if report.status not in {s.value for s in ISSUED_OR_LATER} or not report.issued_on:
        raise Conflict(_("Chỉ xuất gói tin được báo cáo đã ban hành."), code="not_issued")
    data = report_data(report)
    data_bytes = _json_bytes(data)
    pdf, pdf_block = _pdf(report)
    now = timezone.now()
    unit, template = report.unit, report.template
    manifest = {
        "format": FORMAT,
        "version": VERSION,
        "created_at": now.isoformat(),
        "generator": {"name": "baocao", "version": baocao.__version__},
        "sender": {
            "code": unit.code,
            "name": unit.name,
            "doc_code": unit.doc_code or "",
            "governing_body": getattr(unit, "governing_body", "") or "",
        },
        "document": {
            "number": report.number_text,
            "issued_on": report.issued_on.isoformat(),
            "type_code": template.doc_type_code or "",
            "title": report.title,
            "status": Status(report.status).value,
        },
        "regime": {
            "code": template.code,
            "name": template.name,
            "period_kind": template.period_kind,
        },
        "period": {
            "code": report.period_code,
            "start": report.period_start.isoformat() if report.period_start else None,
            "end": report.period_end.isoformat() if report.period_end else None,
        },
        "receivers": _receivers(report),
        "pdf": pdf_block,
        "files": [
            {
                "name": name,
                "sha256": hashlib.sha256(content).hexdigest(),
                "size": len(content),
                "media_type": MEDIA_TYPES[name],
            }
            for name, content in ((REPORT, data_bytes), (DOCUMENT, pdf))
        ],
        "qcvn125": qcvn125_index(),
    }
    Manifest.model_validate(manifest)  # what we write, we would accept
    content = _zip([(MANIFEST, _json_bytes(manifest)), (REPORT, data_bytes), (DOCUMENT, pdf)], now)
    return PackageFile(content, package_filename(report), manifest)


def export_package(report_id: int, *, by: Actor) -> PackageFile:
    """Return the package of a report ``by`` may read (NotFound otherwise); audit the export."""
    report = access_report(by, report_id)
    package = build_package(report)
    record(
        report,
        AuditEvent.Verb.EXPORT,
        by=by,
        format="package",
        filename=package.filename,
        sha256=package.sha256,
        signed=package.manifest["pdf"]["signed"],
    )
    return package
