"""Versions and audit: each submission is an immutable version; the log cannot be edited;
the history page compares any two versions."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from baocao.reports.models import AuditEvent, ReportVersion
from baocao.reports.services import ItemInput, return_report, save_draft, submit_report
from baocao.web.views.versions import diff_items, diff_snapshots, word_diff
from tests.conftest import PASSWORD, reload

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_versions(draft, reporter, approver, template):
    """Submit, return, edit (change, add, remove, new value), submit again."""
    submit_report(draft, by=reporter)
    return_report(draft, by=approver, comment="Bổ sung số liệu khiếu nại.")
    report = reload(draft)
    first = template.sections.get(code="CNTT")
    ttbc = template.sections.get(code="TTBC")
    item = report.items.get(section=first)
    save_draft(
        report,
        by=reporter,
        expected_version=report.version,
        items=[
            ItemInput(
                id=item.pk,
                section_id=first.pk,
                text="Trình UBND tỉnh ban hành Đề án Chuyển đổi số tỉnh.",
            ),
            ItemInput(section_id=ttbc.pk, text="Cấp 05 giấy phép xuất bản bản tin."),
        ],
        values={
            template.indicators.get(code="BAO_CHI").pk: ("780", ""),
            template.indicators.get(code="KHIEU_NAI").pk: ("0", ""),
        },
    )
    submit_report(reload(report), by=reporter)
    return reload(report)


def test_each_submission_stores_a_numbered_version(two_versions, reporter):
    versions = list(two_versions.versions.order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert versions[0].created_by == reporter
    assert Decimal(versions[0].snapshot["values"][0]["value"]) == 773
    assert Decimal(versions[1].snapshot["values"][0]["value"]) == 780


def test_a_version_cannot_be_changed_or_deleted(two_versions):
    version = two_versions.versions.first()
    version.snapshot = {"title": "giả mạo"}
    with pytest.raises(PermissionError):
        version.save()
    with pytest.raises(PermissionError):
        version.delete()
    assert ReportVersion.objects.get(pk=version.pk).snapshot["title"] != "giả mạo"


def test_an_audit_event_cannot_be_changed_or_deleted(two_versions):
    event = two_versions.events.first()
    event.comment = "sửa nhật ký"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    assert AuditEvent.objects.get(pk=event.pk).comment == ""


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("quantri", "qt@example.vn", PASSWORD)


@pytest.mark.parametrize("model", ["auditevent", "reportversion"])
def test_the_admin_refuses_to_add_change_or_delete(client, superuser, two_versions, model):
    obj = (two_versions.events if model == "auditevent" else two_versions.versions).first()
    client.force_login(superuser)
    base = f"/admin/reports/{model}/"
    listing = client.get(base)
    assert listing.status_code == 200  # readable
    assert "delete_selected" not in listing.content.decode()  # no bulk delete offered
    assert client.get(f"{base}add/").status_code == 403
    assert client.post(f"{base}{obj.pk}/delete/", {"post": "yes"}).status_code == 403
    change = client.post(f"{base}{obj.pk}/change/", {"comment": "x", "snapshot": "{}"})
    assert change.status_code == 403
    bulk = client.post(
        base, {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"}
    )
    assert bulk.status_code == 200  # the action is unknown: the list is shown again
    assert type(obj).objects.filter(pk=obj.pk).exists()


def test_no_url_of_the_app_edits_the_audit_log():
    from django.urls import get_resolver

    names = [str(p.pattern) for p in get_resolver().url_patterns]
    assert not any("audit" in n or "nhat-ky" in n for n in names)


def test_history_shows_who_did_what_and_when(client, two_versions, reporter):
    client.login(username=reporter.username, password=PASSWORD)
    html = client.get(reverse("report-history", args=[two_versions.pk])).content.decode()
    for text in (
        "Trình duyệt",
        "Trả lại",
        "Bổ sung số liệu khiếu nại.",
        "Sửa nội dung",
        "Trần Văn Hùng",
        "Nguyễn Thị Lan",
        "Phiên bản",
    ):
        assert text in html
    assert reverse("report-diff", args=[two_versions.pk]) in html


def test_diff_page_shows_added_removed_changed_items_and_values(client, two_versions, reporter):
    client.login(username=reporter.username, password=PASSWORD)
    response = client.get(reverse("report-diff", args=[two_versions.pk]), {"tu": 1, "den": 2})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Thêm 1 nội dung, bỏ 1 nội dung, sửa 1 nội dung; 2 số liệu thay đổi." in html
    assert "<ins>Cấp 05 giấy phép xuất bản bản tin.</ins>" in html
    assert "<del>Tiếp tục triển khai Camera giám sát giao thông.</del>" in html
    assert "<del>phê duyệt</del>" in html and "<ins>ban hành</ins>" in html
    assert "<del>773</del>" in html and "<ins>780</ins>" in html


def test_the_same_version_twice_shows_no_difference(client, two_versions, reporter):
    client.login(username=reporter.username, password=PASSWORD)
    html = client.get(
        reverse("report-diff", args=[two_versions.pk]), {"tu": 2, "den": 2}
    ).content.decode()
    assert "Hai phiên bản có nội dung giống nhau." in html


def test_diff_is_404_to_an_outsider_and_for_unknown_versions(
    client, two_versions, outsider, reporter
):
    client.login(username=outsider.username, password=PASSWORD)
    assert client.get(reverse("report-diff", args=[two_versions.pk])).status_code == 404
    client.login(username=reporter.username, password=PASSWORD)
    url = reverse("report-diff", args=[two_versions.pk])
    assert client.get(url, {"tu": 9}).status_code == 404
    assert client.get(url, {"tu": "abc"}).status_code == 404


def test_a_viewer_sees_the_diff_of_a_submitted_report(client, two_versions, viewer):
    client.login(username=viewer.username, password=PASSWORD)
    assert client.get(reverse("report-diff", args=[two_versions.pk])).status_code == 200


def test_diff_escapes_hostile_text():
    old = {"items": [{"section": "A", "section_title": "A", "text": "an toàn"}], "values": []}
    new = {
        "items": [
            {"section": "A", "section_title": "A", "text": "an toàn <script>alert(1)</script>"}
        ],
        "values": [],
    }
    from django.template.loader import render_to_string

    diff = diff_snapshots(old, new)
    html = render_to_string(
        "web/report_diff.html",
        {
            "report": {"pk": 1, "title": "t"},
            "versions": [],
            "old": {"number": 1, "created_by": None},
            "new": {"number": 2, "created_by": None},
            "diff": diff,
        },
    )
    assert "<script>alert" not in html and "&lt;script&gt;" in html


def test_word_and_item_diffs_are_minimal():
    assert [(s.op, s.text) for s in word_diff("a b c", "a x c")] == [
        ("equal", "a"),
        ("delete", "b"),
        ("insert", "x"),
        ("equal", "c"),
    ]
    ops = [c.op for c in diff_items(["một", "hai", "ba"], ["một", "ba", "bốn"])]
    assert ops == ["same", "removed", "same", "added"]
