"""Fixtures of report requests: three departments asked by the province, a request."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from baocao.adhoc.services import IndicatorInput, RequestInput, create_request, issue_request
from baocao.organizations.models import OrgUnit


@pytest.fixture
def construction(province) -> OrgUnit:
    """Return the Sở Xây dựng."""
    return OrgUnit.objects.create(
        code="SXD",
        name="Sở Xây dựng",
        short_name="Sở XD",
        level="department",
        parent=province,
        doc_code="SXD",
        place_name="Thái Bình",
    )


@pytest.fixture
def health(province) -> OrgUnit:
    """Return the Sở Y tế."""
    return OrgUnit.objects.create(
        code="SYT",
        name="Sở Y tế",
        short_name="Sở YT",
        level="department",
        parent=province,
        doc_code="SYT",
        place_name="Thái Bình",
    )


@pytest.fixture
def deadline() -> dt.date:
    """Return a deadline ten days from today."""
    return timezone.localdate() + dt.timedelta(days=10)


def request_input(units, deadline, **extra) -> RequestInput:  # type: ignore[no-untyped-def]
    """Return a thematic request on storm damage for ``units``."""
    values = {
        "kind": "thematic",
        "title": "Báo cáo chuyên đề khắc phục hậu quả cơn bão số 3",
        "deadline": deadline,
        "units": list(units),
        "sections": ["Tình hình thiệt hại", "Kết quả khắc phục", "Kiến nghị, đề xuất"],
        "indicators": [
            IndicatorInput("Công trình bị hư hỏng", "công trình"),
            IndicatorInput("Kinh phí khắc phục", "triệu đồng"),
        ],
        "document_number": "1234/UBND-NC",
        "legal_basis": "Công văn số 1234/UBND-NC ngày 10/9/2026 của UBND tỉnh.",
    }
    values.update(extra)
    return RequestInput(**values)


@pytest.fixture
def draft_request(province, unit, construction, health, consolidator, deadline):
    """Return a draft request of the province to three departments."""
    return create_request(
        requesting_unit=province,
        by=consolidator,
        data=request_input([unit, construction, health], deadline),
    )


@pytest.fixture
def issued_request(draft_request, consolidator):
    """Return the request, issued: a draft report for each of the three departments."""
    return issue_request(draft_request.pk, by=consolidator)
