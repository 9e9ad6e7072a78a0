"""The capture on approval stores what it always stored, with fewer reads."""

from __future__ import annotations

from dataclasses import asdict

from django.db import connection
from django.test.utils import CaptureQueriesContext

from baocao.documents.build import build_live_document
from baocao.documents.capture import freeze, thaw
from baocao.documents.fonts import text_width_mm
from baocao.organizations.models import OrgUnit
from baocao.reports.selectors import report_by_pk


def test_freeze_is_asdict_with_the_format(draft):
    document = build_live_document(report_by_pk(draft.pk))
    frozen = freeze(document)
    assert frozen == {**asdict(document), "format": 1}
    assert list(frozen) == [*asdict(document), "format"]  # the same keys, in the same order
    assert thaw(frozen) == document


def test_the_governing_body_is_the_parents_name_read_alone(draft):
    OrgUnit.objects.filter(pk=draft.unit_id).update(governing_body="")
    unit = report_by_pk(draft.pk).unit
    assert unit.parent_id is not None
    expected = OrgUnit.objects.get(pk=unit.parent_id).name.upper()
    with CaptureQueriesContext(connection) as queries:
        assert unit.header_governing == expected
    assert len(queries) == 1 and "ORDER BY" not in queries[0]["sql"]
    loaded = OrgUnit.objects.select_related("parent").get(pk=unit.pk)
    with CaptureQueriesContext(connection) as queries:
        assert loaded.header_governing == expected
    assert len(queries) == 0
    OrgUnit.objects.filter(pk=unit.pk).update(governing_body="Bộ Thông tin")
    assert OrgUnit.objects.get(pk=unit.pk).header_governing == "BỘ THÔNG TIN"


def test_a_text_is_measured_once_and_the_same():
    text_width_mm.cache_clear()
    first = text_width_mm("Độc lập - Tự do - Hạnh phúc", 13, "bold")
    assert text_width_mm("Độc lập - Tự do - Hạnh phúc", 13, "bold") == first
    assert text_width_mm.cache_info().hits == 1
    assert text_width_mm("Độc lập - Tự do - Hạnh phúc", 13, "regular") != first
