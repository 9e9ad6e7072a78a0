"""Two people edit the same draft: the second save, based on a stale version, is refused with
409 and a message naming who saved and when; the first person's text is kept (no lost update)."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.conftest import PASSWORD, reload

pytestmark = pytest.mark.django_db


def editor_form(client: Client, report_id: int) -> dict:
    """Load the editor and return the form's fields as the browser would post them."""
    html = client.get(reverse("report-edit", args=[report_id])).content.decode()
    version = re.search(r'name="version" value="(\d+)"', html).group(1)
    rows = re.findall(r'name="row" value="([^"]+)"', html)
    title = re.search(r'id="id_title" name="title" value="([^"]*)"', html).group(1)
    data: dict = {"version": version, "title": title, "row": rows}
    for key in rows:
        for field in ("id", "section"):
            found = re.search(rf'name="row-{re.escape(key)}-{field}" value="([^"]*)"', html)
            data[f"row-{key}-{field}"] = found.group(1) if found else ""
        text = re.search(rf'name="row-{re.escape(key)}-text"[^>]*>([^<]*)</textarea>', html)
        data[f"row-{key}-text"] = text.group(1) if text else ""
    return data


def test_two_sessions_editing_one_draft_lose_no_update(draft, reporter, second_reporter):
    lan, minh = Client(), Client()
    lan.login(username=reporter.username, password=PASSWORD)
    minh.login(username=second_reporter.username, password=PASSWORD)
    form_lan = editor_form(lan, draft.pk)
    form_minh = editor_form(minh, draft.pk)
    assert form_lan["version"] == form_minh["version"]
    first_key = next(k for k in form_lan["row"] if form_lan[f"row-{k}-id"])

    form_lan[f"row-{first_key}-text"] = "Bản của chị Lan: đã trình UBND tỉnh Đề án."
    saved = lan.post(reverse("report-edit", args=[draft.pk]), form_lan)
    assert saved.status_code == 302

    form_minh[f"row-{first_key}-text"] = "Bản của anh Minh, dựa trên bản cũ."
    stale = minh.post(reverse("report-edit", args=[draft.pk]), form_minh)
    assert stale.status_code == 409
    html = stale.content.decode()
    when = timezone.localtime(reload(draft).updated_at).strftime("%H:%M")
    assert f"Báo cáo đã được Nguyễn Thị Lan sửa lúc {when}, hãy tải lại" in html
    assert "Bản của anh Minh, dựa trên bản cũ." in html  # his text is not thrown away

    texts = list(reload(draft).items.values_list("text", flat=True))
    assert "Bản của chị Lan: đã trình UBND tỉnh Đề án." in texts
    assert "Bản của anh Minh, dựa trên bản cũ." not in texts

    # after reloading, his save goes through on top of hers
    form_minh = editor_form(minh, draft.pk)
    assert "Bản của chị Lan" in form_minh[f"row-{first_key}-text"]
    form_minh[f"row-{first_key}-text"] += " Bổ sung của anh Minh."
    assert minh.post(reverse("report-edit", args=[draft.pk]), form_minh).status_code == 302
    assert reload(draft).items.filter(text__endswith="Bổ sung của anh Minh.").count() == 1
