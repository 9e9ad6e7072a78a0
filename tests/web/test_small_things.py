"""Issue 13, point 8: history in words, the admin in Vietnamese, the menu's "Khác", CSV for a
Vietnamese Excel."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from baocao.catalog.models import Section
from baocao.reports.services import ItemInput, add_item, save_draft
from tests.analytics.conftest import file_report
from tests.conftest import PASSWORD, client_for


def _text(html: str) -> str:
    html = re.sub(r"<script.*?</script>|<style.*?</style>", "", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_history_says_what_changed_in_words(template, draft, reporter):
    section = Section.objects.get(template=template, code="CNTT")
    add_item(
        draft,
        by=reporter,
        expected_version=draft.version,
        section_id=section.pk,
        text="Một nội dung mới.",
    )
    draft.refresh_from_db()
    indicator = template.indicators.get(code="BAO_CHI")
    save_draft(
        draft,
        by=reporter,
        expected_version=draft.version,
        items=[ItemInput(text="Kết quả.", section_id=section.pk)],
        values={indicator.pk: ("12", "")},
    )
    page = client_for(reporter).get(reverse("report-history", args=[draft.pk]))
    text = _text(page.content.decode())
    assert "Thêm 1 nội dung" in text
    assert "Cập nhật 1 số liệu" in text
    assert "items_added" not in text and "values:" not in text and "items_removed" not in text


def test_history_in_english(template, draft, reporter):
    section = Section.objects.get(template=template, code="CNTT")
    add_item(
        draft,
        by=reporter,
        expected_version=draft.version,
        section_id=section.pk,
        text="Một nội dung mới.",
    )
    page = client_for(reporter, "en").get(reverse("report-history", args=[draft.pk]))
    assert "items_added" not in page.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/admin/",
        "/admin/organizations/orgunit/",
        "/admin/auth/user/",
        "/admin/organizations/orgunit/add/",
    ],
)
def test_admin_speaks_vietnamese(client, db, url):
    admin = get_user_model().objects.create_superuser("quantri", "qt@example.vn", "x")
    client.force_login(admin)
    text = _text(client.get(url).content.decode())
    for english in (
        "Skip to main content",
        "Toggle theme",
        "Model name",
        "Add link",
        "Change or view list link",
        "Show counts",
        "Django",
        "Organizations",
        "Catalog",
        "Reports",
        "Notifications",
    ):
        assert english not in text, (url, english)
    assert "Bỏ qua đến nội dung" in text


def test_admin_in_english_when_chosen(db):
    admin = get_user_model().objects.create_superuser("quantri", "qt@example.vn", PASSWORD)
    text = _text(client_for(admin, "en").get("/admin/").content.decode())
    assert "Skip to main content" in text and "Bỏ qua đến nội dung" not in text


def test_less_used_menu_entries_sit_under_khac(client, viewer, template):
    client.force_login(viewer)
    html = client.get(reverse("dashboard")).content.decode()
    nav = html.split('id="mainnav"', 1)[1].split("</nav>", 1)[0]
    more = nav.split('<details class="nav-more">', 1)[1].split("</details>", 1)[0]
    assert "<summary>Khác</summary>" in more
    assert reverse("account") in more and reverse("legal-documents") in more
    top = nav.split('<details class="nav-more">', 1)[0]
    assert reverse("dashboard") in top and reverse("account") not in top
    assert '<button type="button" class="nav-toggle btn-small" aria-expanded="false"' in html
    assert 'aria-controls="mainnav" hidden>' in html  # shown only once nav.js runs


def test_csv_splits_in_a_vietnamese_excel(
    client, viewer, template, province, unit, reporter, approver
):
    file_report(
        template,
        unit,
        "2022-01",
        reporter=reporter,
        approver=approver,
        values={"BAO_CHI": "773", "TY_LE": "80.5"},
    )
    client.force_login(viewer)
    ids = [template.indicators.get(code=c).pk for c in ("BAO_CHI", "TY_LE")]
    query = "&".join(
        [
            f"unit={province.pk}",
            f"template={template.pk}",
            "from=2022-01",
            "to=2022-01",
            "format=csv",
            *[f"indicator={i}" for i in ids],
        ]
    )
    response = client.get(reverse("analytics") + "?" + query)
    assert response.content.startswith(b"\xef\xbb\xbf")
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:4] == ["Đơn vị", "Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính"]
    assert rows[0][4] == "Tháng 01/2022"
    by_code = {row[1]: row for row in rows[1:] if row[0] == unit.name}
    assert by_code["BAO_CHI"][4] == "773"
    assert by_code["TY_LE"][4] == "80,5"
    assert all(len(row) == len(rows[0]) for row in rows)
    xlsx = client.get(reverse("analytics") + "?" + query.replace("format=csv", "format=xlsx"))
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
