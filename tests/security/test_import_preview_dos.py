"""Issue 17.1: a reporter cannot tie up a CPU with a huge file of one repeated line.

The preview's highlighting was quadratic (every span compared with every earlier one) and was
recomputed on every reload of the preview page. Now it is a sorted sweep, bounded in spans and
in text shown, computed once at upload and stored. These tests count work, never time it.
"""

from __future__ import annotations

import io

import pytest
from django.test import Client

from baocao.demo.load import load_demo
from baocao.imports import highlight as highlight_module
from baocao.imports.highlight import MAX_SHOWN_CHARS, MAX_SPANS, highlight
from baocao.imports.models import ImportedFile
from baocao.parser.model import result_from_dict

LINE = "Tổ chức 12 hội nghị, in 350 tài liệu, 4,5 tỷ đồng theo Quyết định số 12/QĐ-UBND.\n"


@pytest.fixture
def demo(db):
    return load_demo()


def test_span_comparisons_grow_linearly_with_the_spans():
    # 20,000 spans, half of them overlapping the one before: a pairwise check makes ~10^8
    # comparisons; a sorted sweep makes one per span.
    text = "x" * 200_000
    spans = [{"span": [i * 10, i * 10 + 8]} for i in range(20_000)]
    spans += [{"span": [i * 10 + 4, i * 10 + 9]} for i in range(20_000)]
    parsed = result_from_dict({"quantities": spans}, text)
    shown = highlight(text, parsed, max_spans=10**9, max_chars=10**9)
    assert shown.comparisons <= 40_000
    assert shown.spans == 20_000  # the overlapping ones are left out, the others all kept


def test_highlights_and_text_shown_are_bounded():
    text = LINE * 20_000  # 1.6 MB, 60,000 numbers and 20,000 citations
    parsed = result_from_dict(
        {"quantities": [{"span": [i, i + 1]} for i in range(0, len(text), 3)]}, text
    )
    shown = highlight(text, parsed)
    assert str(shown.html).count("<mark") == MAX_SPANS
    assert shown.shown_chars == MAX_SHOWN_CHARS < len(text)
    assert shown.truncated


def test_the_preview_is_computed_once_not_on_every_reload(demo, monkeypatch):
    client = Client()
    client.force_login(demo["users"]["chuyenvien"])
    upload = io.BytesIO((LINE * 5_000).encode())  # 400 KB of one repeated line
    upload.name = "mot-dong-lap-lai.txt"
    response = client.post(
        "/nhap-bao-cao/",
        {"unit": demo["units"]["STTTT"].pk, "template": demo["template"].pk, "file": upload},
    )
    assert response.status_code == 302
    imported = ImportedFile.objects.get(name="mot-dong-lap-lai.txt")
    assert imported.preview_html  # computed at upload
    escaped: list[str] = []
    real_escape = highlight_module.escape
    monkeypatch.setattr(highlight_module, "escape", lambda s: escaped.append(s) or real_escape(s))
    for _ in range(3):
        page = client.get(response["Location"])
        assert page.status_code == 200
        assert '<mark class="hl-qty" title="Số liệu">12 hội nghị</mark>' in page.content.decode()
    assert escaped == []  # nothing was highlighted again: the stored preview was shown
    # and the page stays bounded: numbers offered for mapping and items listed are capped
    assert page.content.decode().count('<select id="map-') <= 500
    assert len(page.content) < 3_000_000
