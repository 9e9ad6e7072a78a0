"""Pages of the registry of cited legal documents: the list and one document."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from baocao.core.actors import AuthenticatedRequest
from baocao.legal.selectors import (
    DocumentFilters,
    access_document,
    document_citations,
    document_issuers,
    document_types,
    document_years,
    list_documents,
)


def _filters(request: HttpRequest) -> DocumentFilters:
    year = request.GET.get("year", "").strip()
    return DocumentFilters(
        doc_type=request.GET.get("type", "").strip()[:64],
        issuer=request.GET.get("issuer", "").strip()[:100],
        year=int(year) if year.isdigit() and len(year) == 4 else None,
        q=request.GET.get("q", "").strip()[:100],
        issuer_key=request.GET.get("issuer_key", "").strip()[:160],
    )


@login_required
def document_list(request: AuthenticatedRequest) -> HttpResponse:
    """List the documents cited in reports the user may read, filtered by type, issuer, year."""
    filters = _filters(request)
    documents = list_documents(filters, user=request.user)
    page = Paginator(documents, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "legal/document_list.html",
        {
            "page": page,
            "filters": filters,
            "types": document_types(),
            "years": document_years(),
            "issuers": document_issuers(request.user),
        },
    )


@login_required
def document_detail(request: AuthenticatedRequest, document_id: int) -> HttpResponse:
    """Show one document and every report item citing it that the user may read."""
    document = access_document(request.user, document_id)
    return render(
        request,
        "legal/document_detail.html",
        {
            "document": document,
            "citations": document_citations(request.user, document),
        },
    )
