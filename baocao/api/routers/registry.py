"""Full-text search of reports and the registry of cited legal documents.

Both call the permission-checked selectors of ``baocao.search`` and ``baocao.legal``: a
caller finds only what the web pages would show them.
"""

from __future__ import annotations

from typing import Annotated, Literal

from ninja import Query, Router, Schema
from pydantic import Field

from baocao.api.pagination import PageQuery
from baocao.api.routers.common import responses
from baocao.api.schemas import Code, ObjectId, PeriodCode
from baocao.api.selectors import access_template, access_unit
from baocao.core.actors import ApiRequest
from baocao.domain.text import NUL, without
from baocao.legal.models import LegalDocument
from baocao.legal.selectors import DocumentFilters, access_document, list_documents
from baocao.search.selectors import search

router = Router(tags=["Tra cứu và văn bản"])


class SearchParams(Schema):
    """The query and its filters; words match without case or diacritics (đ = d)."""

    q: Annotated[str, Field(min_length=1, max_length=200, pattern=without(NUL))]
    unit: Code | None = None
    template: Code | None = None
    period_from: PeriodCode | None = None
    period_to: PeriodCode | None = None
    status: Literal["draft", "submitted", "returned", "approved"] | None = None


class SearchHitOut(Schema):
    """A matching item (or title / introduction) of a report, with a plain snippet."""

    report_id: int
    unit: str
    period: str
    status: str
    field: str
    item_id: int | None
    snippet: str
    rank: float


class SearchPageOut(Schema):
    """A page of search results; ``count`` is capped by the search backend."""

    count: int
    limit: int
    offset: int
    items: list[SearchHitOut]


class DocumentOut(Schema):
    """A legal document cited in reports the caller may read."""

    id: int
    code: str
    doc_type: str
    number: str
    year: int | None
    symbol: str
    issuer: str
    issuer_key: str = Field(description="Who issued it, as compared: 'tw:CP', 'tinh:thai binh'")
    issued_on: str | None
    title: str
    cited: int


class DocumentPage(Schema):
    """A page of documents."""

    count: int
    limit: int
    offset: int
    items: list[DocumentOut]


class DocumentParams(Schema):
    """Filters of the registry."""

    doc_type: Annotated[str, Field(max_length=64, pattern=without(NUL))] = ""
    issuer: Annotated[str, Field(max_length=255, pattern=without(NUL))] = ""
    issuer_key: Annotated[str, Field(max_length=160, pattern=without(NUL))] = ""
    year: Annotated[int, Field(ge=1900, le=2999)] | None = None
    q: Annotated[str, Field(max_length=200, pattern=without(NUL))] = ""


@router.get("/search", response=responses(SearchPageOut), summary="Tra cứu nội dung báo cáo")
def search_reports(request: ApiRequest, params: Query[SearchParams], page: PageQuery) -> dict:
    """Search the reports the caller may read; ``offset`` is rounded down to a page boundary."""
    user = request.auth
    unit = access_unit(user, params.unit) if params.unit else None
    template = access_template(user, params.template) if params.template else None
    number = page.offset // page.limit + 1
    result = search(
        user,
        params.q,
        unit=unit,
        template=template,
        period_from=params.period_from,
        period_to=params.period_to,
        status=params.status,
        page=number,
        page_size=page.limit,
    )
    return {
        "count": result.total,
        "limit": page.limit,
        "offset": (number - 1) * page.limit,
        "items": [
            {
                "report_id": hit.report.pk,
                "unit": hit.report.unit.code,
                "period": hit.report.period_code,
                "status": hit.report.status,
                "field": hit.field,
                "item_id": hit.item.pk if hit.item else None,
                "snippet": "".join(s.text for s in hit.segments),
                "rank": float(hit.rank),
            }
            for hit in result.hits
        ],
    }


def _document(doc: LegalDocument) -> dict:
    return {
        "id": doc.pk,
        "code": doc.code,
        "doc_type": doc.doc_type,
        "number": doc.number,
        "year": doc.year,
        "symbol": doc.symbol,
        "issuer": doc.issuer,
        "issuer_key": doc.issuer_key,
        "issued_on": doc.issued_on.isoformat() if doc.issued_on else None,
        "title": doc.title,
        "cited": getattr(doc, "cited", 0) or 0,
    }


@router.get("/legal-documents", response=responses(DocumentPage), summary="Văn bản được viện dẫn")
def documents(request: ApiRequest, params: Query[DocumentParams], page: PageQuery) -> dict:
    """List the legal documents cited by reports the caller may read."""
    filters = DocumentFilters(
        doc_type=params.doc_type,
        issuer=params.issuer,
        year=params.year,
        q=params.q,
        issuer_key=params.issuer_key,
    )
    found = list_documents(filters, user=request.auth)
    rows = list(found[page.offset : page.offset + page.limit])
    return {
        "count": found.count(),
        "limit": page.limit,
        "offset": page.offset,
        "items": [_document(d) for d in rows],
    }


@router.get(
    "/legal-documents/{document_id}",
    response=responses(DocumentOut),
    summary="Một văn bản được viện dẫn",
)
def document(request: ApiRequest, document_id: ObjectId) -> dict:
    """Return a document cited by a report the caller may read (404 otherwise)."""
    doc = access_document(request.auth, document_id)
    # The registry's row of the document carries its ``cited`` count for the caller.
    counted = list_documents(user=request.auth).filter(pk=doc.pk).first()
    return _document(counted if counted is not None else doc)
