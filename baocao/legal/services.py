"""Link the citations of a report to the registry of legal documents (writes)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from baocao.core.prepared import prepared
from baocao.domain.issuers import Issuer, Province, province_of_name, resolve_issuer
from baocao.legal.identity import (
    display_code,
    document_key,
    number_key,
    same_document_keys,
    subject_after,
    type_key,
    written_year,
)
from baocao.legal.models import Citation, CitingProvince, LegalDocument
from baocao.organizations.models import OrgUnit
from baocao.parser.legal_refs import find_short_mentions, parse_citations
from baocao.parser.model import LegalRef
from baocao.reports.models import NarrativeItem, Report


@dataclass(frozen=True)
class _Text:
    item: NarrativeItem | None
    text: str


def _texts(report: Report, items: list[NarrativeItem]) -> list[_Text]:
    texts = [_Text(None, report.intro)] if report.intro else []
    return texts + [_Text(item, item.text) for item in items]


def _parse_date(iso: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(iso) if iso else None
    except ValueError:
        return None


def report_province(report: Report) -> Province | None:
    """Return the province of ``report`` as it stood when the report first cited a document.

    It is recorded then (:class:`CitingProvince`): the unit's nearest province-level unit (the
    unit itself or an ancestor), so that moving the unit later changes nothing.
    """
    kept = CitingProvince.objects.filter(report=report).values_list("name", flat=True).first()
    if kept is not None:
        return province_of_name("", kept) if kept else None
    province = _current_province(report.unit)
    CitingProvince.objects.create(report=report, name=province.name[:100] if province else "")
    return province


def _current_province(unit: OrgUnit) -> Province | None:
    for candidate in [unit, *reversed(list(unit.ancestors()))]:
        if candidate.level == OrgUnit.Level.PROVINCE:
            return province_of_name(candidate.name, candidate.place_name)
    return None


def _document(
    ref: LegalRef, title: str, province: Province | None, cache: dict[str, LegalDocument]
) -> LegalDocument:
    """Return the registry's document for ``ref``, creating it or completing what it lacks."""
    issuer: Issuer = resolve_issuer(ref.symbol, ref.issuer, province)
    key = document_key(ref.doc_type, ref.number, ref.year, ref.symbol, issuer.key)
    if key in cache:
        return cache[key]
    key = _known_key(key, ref.year)
    issued_on = _parse_date(ref.date)
    shown_year = written_year(ref.text, ref.number, ref.year)
    document, created = LegalDocument.objects.get_or_create(
        key=key,
        defaults={
            "doc_type": ref.doc_type[:64],
            "number": ref.number[:16],
            "year": ref.year,
            "symbol": ref.symbol[:64],
            "code": display_code(ref.number, shown_year, ref.symbol)[:100],
            "issuer": issuer.name[:255],
            "issuer_key": issuer.key,
            "issued_on": issued_on,
            "title": title,
        },
    )
    if not created:
        missing: dict[str, object] = {}
        if not document.issuer and issuer.name:
            missing["issuer"] = issuer.name[:255]
        if document.issued_on is None and issued_on is not None:
            missing["issued_on"] = issued_on
        if not document.title and title:
            missing["title"] = title
        if missing:
            LegalDocument.objects.filter(pk=document.pk).update(**missing)
            for name, value in missing.items():
                setattr(document, name, value)
    cache[key] = document
    return document


def _known_key(key: str, year: int | None) -> str:
    """Return the key of the registry document ``key`` names when the year is the only doubt.

    A citation without a year ("Chỉ thị 01/CT-UBND") is the only document of that type,
    number and symbol if the registry has just one; a citation with a year completes a
    document first registered without one.
    """
    prefix, suffix = same_document_keys(key)
    similar = list(
        LegalDocument.objects.filter(key__startswith=prefix, key__endswith=suffix).values_list(
            "pk", "key", "year"
        )
    )
    if year is None:
        return similar[0][1] if len(similar) == 1 else key
    yearless = [row for row in similar if row[2] is None]
    if len(similar) == 1 and yearless:
        LegalDocument.objects.filter(pk=yearless[0][0]).update(key=key, year=year)
    return key


def _registry_match(doc_type: str, number: str, province: Province | None) -> LegalDocument | None:
    """Return the only registry document of that type and number the report can mean.

    Central documents and those of the report's own province (its districts and communes
    included) are candidates; another province's "Kế hoạch 01" never is. None when not unique.
    """
    wanted_type, wanted_number = type_key(doc_type), number_key(number)
    own = province.key if province is not None else None
    candidates = [
        doc
        for doc in LegalDocument.objects.filter(number__endswith=wanted_number)
        if type_key(doc.doc_type) == wanted_type
        and number_key(doc.number) == wanted_number
        and (
            doc.issuer_key.startswith("tw:")
            or doc.issuer_key == ""
            or (own is not None and (doc.issuer_key == own or doc.issuer_key.startswith(own + "/")))
        )
    ]
    return candidates[0] if len(candidates) == 1 else None


def link_report_citations(report: Report, items: list[NarrativeItem]) -> int:
    """Replace ``report``'s citations with those its text holds now; return how many.

    Full citations are found with the parser's grammar and create or complete registry
    documents. A short mention ("Nghị định 107") links to the document of that type and
    number cited earlier in the same report, else to the registry's only such document of a
    central body or of the report's province. A symbol that does not name its issuer
    ("01/CT-UBND") is the document of the province named in the citation, else of the
    report's province as it stood when the report first cited something
    (:func:`report_province`). ``items``: the report's items in document order (read once by
    ``search.indexing.index_report`` for the index and the citations).
    """
    with transaction.atomic(savepoint=False):  # inside the caller's transaction, if any
        found = [
            (source, parse_citations(source.text), find_short_mentions(source.text))
            for source in _texts(report, items)
        ]
        cited = any(refs or mentions for _source, refs, mentions in found)
        province = report_province(report) if cited else None
        cache: dict[str, LegalDocument] = {}
        by_short: dict[tuple[str, str], LegalDocument] = {}
        rows: list[Citation] = []
        for source, refs, mentions in found:
            for ref in refs:
                doc = _document(ref, subject_after(source.text, ref.span[1]), province, cache)
                by_short[(type_key(ref.doc_type), number_key(ref.number))] = doc
                rows.append(
                    Citation(
                        document=doc,
                        report=report,
                        item=source.item,
                        text=ref.text[:500],
                        start=ref.span[0],
                        end=ref.span[1],
                    )
                )
            taken = [ref.span for ref in refs]
            for mention in mentions:
                start, end = mention.span
                if any(start < t_end and t_start < end for t_start, t_end in taken):
                    continue
                short_key = (type_key(mention.doc_type), number_key(mention.number))
                matched = by_short.get(short_key) or _registry_match(
                    mention.doc_type, mention.number, province
                )
                if matched is None:
                    continue
                rows.append(
                    Citation(
                        document=matched,
                        report=report,
                        item=source.item,
                        text=mention.text[:500],
                        start=start,
                        end=end,
                        is_short=True,
                    )
                )
        _write_citations(report, rows)
    return len(rows)


# The columns that make a citation what it is: one stored with all of them equal is kept.
_CITATION_COLUMNS = ("document_id", "item_id", "text", "start", "end", "is_short")


@prepared
def _stored_citations(report: int) -> QuerySet[Citation, tuple[Any, ...]]:
    """Read the report's citations as (id, *``_CITATION_COLUMNS``) rows."""
    return (
        Citation.objects.filter(report_id=report).order_by().values_list("id", *_CITATION_COLUMNS)
    )


def _write_citations(report: Report, rows: list[Citation]) -> None:
    """Make ``rows`` the report's citations, writing only what changed: a citation stored
    exactly as wanted is kept, the others deleted, the missing ones inserted."""
    stored: dict[tuple[Any, ...], list[int]] = {}
    for pk, *columns in _stored_citations(report.pk):
        stored.setdefault(tuple(columns), []).append(pk)
    missing = []
    for row in rows:
        same = stored.get(tuple(getattr(row, name) for name in _CITATION_COLUMNS))
        if same:
            same.pop()
        else:
            missing.append(row)
    stale = [pk for pks in stored.values() for pk in pks]
    if stale:
        Citation.objects.filter(pk__in=stale).delete()
    if missing:
        Citation.objects.bulk_create(missing)


def register_documents(text: str) -> list[LegalDocument]:
    """Return the registry's documents cited in ``text`` (e.g. a regime's legal basis,
    "Nghị định 09/2019/NĐ-CP; Quyết định 15/2020/QĐ-UBND"), creating those not yet known."""
    cache: dict[str, LegalDocument] = {}
    found: list[LegalDocument] = []
    for ref in parse_citations(text):
        title = subject_after(text, ref.span[1])
        document = _document(ref, title, None, cache)
        if document not in found:
            found.append(document)
    return found


def remove_orphans() -> int:
    """Delete registry documents no report cites and no regime names as its legal basis;
    return how many."""
    deleted, _ = LegalDocument.objects.filter(citations__isnull=True, regimes__isnull=True).delete()
    return deleted
