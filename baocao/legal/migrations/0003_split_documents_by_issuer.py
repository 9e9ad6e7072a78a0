"""Give every registry document its issuer, splitting rows that were several documents.

Before, "01/CT-UBND" cited by a Thái Bình report and by a Hưng Yên report was one row. Each
citation's issuer is worked out as the service now does (the symbol's central body, else the
body named in the citation, else the citing report's province); a row whose citations name
several issuers keeps the first and gives each other issuer a new row, its citations
re-pointed. Short mentions follow the full citation of the same report, else the document of
the report's province. Each citing report gets its province recorded (CitingProvince).
"""

from __future__ import annotations

import datetime as dt

from django.db import migrations

from baocao.domain.issuers import Issuer, Province, province_of_name, resolve_issuer
from baocao.legal.identity import document_key, subject_after
from baocao.parser.legal_refs import parse_citations


def _province(unit, units) -> Province | None:  # type: ignore[no-untyped-def]
    ids = [int(part) for part in unit.path.strip("/").split("/") if part] or [unit.pk]
    for pk in reversed(ids):
        candidate = units.get(pk)
        if candidate is not None and candidate.level == "province":
            return province_of_name(candidate.name, candidate.place_name)
    return None


def _parse_date(iso: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(iso) if iso else None
    except ValueError:
        return None


def split_by_issuer(apps, schema_editor) -> None:  # type: ignore[no-untyped-def]
    LegalDocument = apps.get_model("legal", "LegalDocument")
    Citation = apps.get_model("legal", "Citation")
    CitingProvince = apps.get_model("legal", "CitingProvince")
    OrgUnit = apps.get_model("organizations", "OrgUnit")
    units = {u.pk: u for u in OrgUnit.objects.all()}
    provinces: dict[int, Province | None] = {}

    def province_of(citation) -> Province | None:  # type: ignore[no-untyped-def]
        report = citation.report
        if report.pk not in provinces:
            provinces[report.pk] = _province(units[report.unit_id], units)
        return provinces[report.pk]

    for doc in LegalDocument.objects.order_by("pk"):
        citations = list(
            Citation.objects.filter(document=doc).select_related("report", "item").order_by("pk")
        )
        groups: dict[str, list] = {}
        issuers: dict[str, Issuer] = {}
        details: dict[str, dict] = {}
        full_by_report: dict[int, str] = {}
        for citation in (c for c in citations if not c.is_short):
            refs = parse_citations(citation.text)
            ref = refs[0] if refs else None
            issuer = resolve_issuer(doc.symbol, ref.issuer if ref else None,
                                    province_of(citation))
            groups.setdefault(issuer.key, []).append(citation)
            issuers.setdefault(issuer.key, issuer)
            full_by_report.setdefault(citation.report_id, issuer.key)
            found = details.setdefault(issuer.key, {})
            if ref is not None and "issued_on" not in found and _parse_date(ref.date):
                found["issued_on"] = _parse_date(ref.date)
            source = citation.item.text if citation.item else citation.report.intro
            title = subject_after(source or "", citation.end)
            if title and "title" not in found:
                found["title"] = title
        for citation in (c for c in citations if c.is_short):
            province = province_of(citation)
            key = full_by_report.get(citation.report_id)
            if key is None and province is not None and province.key in groups:
                key = province.key
            if key is None and groups:
                key = next(iter(groups))
            if key is None:
                issuer = resolve_issuer(doc.symbol, doc.issuer, province)
                key = issuer.key
                issuers.setdefault(key, issuer)
            groups.setdefault(key, []).append(citation)
        if not groups:
            issuer = resolve_issuer(doc.symbol, doc.issuer, None)
            groups[issuer.key], issuers[issuer.key] = [], issuer
        for index, (issuer_key, members) in enumerate(groups.items()):
            issuer = issuers[issuer_key]
            key = document_key(doc.doc_type, doc.number, doc.year, doc.symbol, issuer_key)
            found = details.get(issuer_key, {})
            if index == 0:
                doc.key, doc.issuer_key = key, issuer_key
                doc.issuer = (issuer.name or doc.issuer)[:255]
                doc.save(update_fields=["key", "issuer_key", "issuer"])
                continue
            twin = LegalDocument.objects.create(
                key=key, issuer_key=issuer_key, doc_type=doc.doc_type, number=doc.number,
                year=doc.year, symbol=doc.symbol, code=doc.code, issuer=issuer.name[:255],
                issued_on=found.get("issued_on"), title=found.get("title", ""),
            )
            Citation.objects.filter(pk__in=[c.pk for c in members]).update(document=twin)
    recorded = set(CitingProvince.objects.values_list("report_id", flat=True))
    for citation in Citation.objects.select_related("report").order_by("report_id"):
        if citation.report_id in recorded:
            continue
        recorded.add(citation.report_id)
        province = province_of(citation)
        CitingProvince.objects.create(report_id=citation.report_id,
                                      name=province.name[:100] if province is not None else "")


class Migration(migrations.Migration):

    dependencies = [
        ("legal", "0002_issuer_identity"),
        ("organizations", "0001_initial"),
        ("reports", "0002_issuing_and_capture"),
    ]

    operations = [migrations.RunPython(split_by_issuer, migrations.RunPython.noop)]
