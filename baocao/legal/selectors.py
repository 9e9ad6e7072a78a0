"""Permission-checked reads of the legal-document registry and its citations."""

from __future__ import annotations

from dataclasses import dataclass, replace

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from baocao.core.actors import AnyUser
from baocao.core.errors import NotFound
from baocao.core.prepared import prepared
from baocao.domain.text import clean_text, fold
from baocao.legal.models import Citation, LegalDocument
from baocao.reports.models import Report
from baocao.reports.selectors import visible_reports


@dataclass(frozen=True)
class DocumentFilters:
    """What the registry page filters by; empty values do not filter."""

    doc_type: str = ""
    issuer: str = ""  # words of the issuer's name or the symbol, without diacritics
    year: int | None = None
    q: str = ""
    issuer_key: str = ""  # exactly this issuer (LegalDocument.issuer_key, from `issuers()`)


def _visible_citations(user: AnyUser) -> QuerySet[Citation]:
    return Citation.objects.filter(report__in=visible_reports(user).values("pk"))


def list_documents(
    filters: DocumentFilters | None = None, *, user: AnyUser | None = None
) -> QuerySet[LegalDocument]:
    """Return the registry's documents matching ``filters``, with ``cited`` counts.

    With ``user``, keep only documents cited by a report the user may read, and count only
    those citations, so that another unit's draft reveals nothing.
    """
    filters = filters or DocumentFilters()
    filters = replace(
        filters,
        doc_type=clean_text(filters.doc_type),  # no control character
        issuer=clean_text(filters.issuer),
        q=clean_text(filters.q),  # reaches SQL
        issuer_key=clean_text(filters.issuer_key),
    )
    documents = LegalDocument.objects.all()
    if user is not None:
        visible = _visible_citations(user)
        documents = documents.filter(Exists(visible.filter(document=OuterRef("pk"))))
        documents = documents.annotate(
            cited=Count("citations", filter=Q(citations__in=visible), distinct=True)
        )
    else:
        documents = documents.annotate(cited=Count("citations", distinct=True))
    if filters.doc_type:
        documents = documents.filter(doc_type=filters.doc_type)
    if filters.year:
        documents = documents.filter(year=filters.year)
    if filters.issuer_key:
        documents = documents.filter(issuer_key=filters.issuer_key)
    if filters.issuer or filters.q:
        documents = _folded_filter(documents, filters)
    return documents.order_by("-year", "doc_type", "code")


def _folded_filter(documents: QuerySet[LegalDocument], filters: DocumentFilters) -> QuerySet:
    """Match issuer and free text without case or diacritics (the registry is small)."""
    issuer, text = fold(filters.issuer), fold(filters.q)
    keep = []
    for doc in documents.only("pk", "issuer", "symbol", "code", "title", "doc_type"):
        if issuer and issuer not in fold(f"{doc.issuer} {doc.symbol}"):
            continue
        if text and text not in fold(f"{doc.doc_type} {doc.code} {doc.title} {doc.issuer}"):
            continue
        keep.append(doc.pk)
    return documents.filter(pk__in=keep)


def document_types() -> list[str]:
    """Return the document types present in the registry, sorted."""
    return sorted(set(LegalDocument.objects.values_list("doc_type", flat=True)))


@dataclass(frozen=True)
class IssuerChoice:
    """An issuer of documents the user may see: its key (to filter by) and its name."""

    key: str
    name: str


def document_issuers(user: AnyUser) -> list[IssuerChoice]:
    """Return the issuers of the documents cited in reports ``user`` may read, by name."""
    rows = list_documents(user=user).exclude(issuer_key="").values_list("issuer_key", "issuer")
    names: dict[str, str] = {}
    for key, name in rows:
        names.setdefault(key, name or key)
    return sorted((IssuerChoice(k, n) for k, n in names.items()), key=lambda c: fold(c.name))


def document_years() -> list[int]:
    """Return the years present in the registry, newest first."""
    years = LegalDocument.objects.exclude(year=None).values_list("year", flat=True)
    return sorted({year for year in years if year is not None}, reverse=True)


def access_document(user: AnyUser, document_id: int) -> LegalDocument:
    """Return the document if ``user`` may read a report citing it or it is the legal basis of
    a reporting regime (regimes are listed for everyone signed in), else raise NotFound."""
    try:
        document = LegalDocument.objects.get(pk=document_id)
    except (LegalDocument.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("Không tìm thấy văn bản.")) from None
    is_basis = getattr(user, "is_authenticated", False) and document.regimes.exists()
    if not is_basis and not _visible_citations(user).filter(document=document).exists():
        raise NotFound(_("Không tìm thấy văn bản."))
    return document


def document_citations(user: AnyUser, doc: LegalDocument) -> list[Citation]:
    """Return the citations of ``doc`` in reports ``user`` may read, newest period first."""
    return list(
        _visible_citations(user)
        .filter(document=doc)
        .select_related("report__unit", "report__template", "item__section")
        .order_by(
            "-report__period_year",
            "-report__period_index",
            "report__unit__path",
            "item__order",
            "start",
        )
    )


def report_documents(report: Report) -> list[LegalDocument]:
    """Return the documents ``report`` cites, in order of first citation (report access is
    the caller's check)."""
    seen: dict[int, LegalDocument] = {}
    for citation in _citations_of(report.pk):
        seen.setdefault(citation.document_id, citation.document)
    return list(seen.values())


@prepared
def _citations_of(report: int) -> QuerySet[Citation]:
    return (
        Citation.objects.filter(report_id=report)
        .select_related("document")
        .order_by("item__order", "item_id", "start")
    )
