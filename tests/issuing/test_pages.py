"""The clerk's pages and the receiving unit's inbox, as people use them (no JavaScript)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from baocao.issuing.models import Dispatch, OutgoingEntry
from tests.conftest import client_for, reload


def test_the_clerk_issues_from_the_page_and_a_wrong_number_keeps_the_form(approved, clerk, unit):
    client = client_for(clerk)
    desk = client.get("/van-thu/").content.decode()
    assert "Báo cáo chờ ban hành" in desk and approved.title in desk
    page = client.get(f"/bao-cao/{approved.pk}/ban-hanh/").content.decode()
    assert "Lấy số tiếp theo trong sổ: 01" in page
    bad = client.post(f"/bao-cao/{approved.pk}/ban-hanh/", {"source": "external", "number": "12a"})
    assert bad.status_code == 422 and "Số văn bản phải là số nguyên dương." in bad.content.decode()
    assert reload(approved).status == "approved"
    done = client.post(f"/bao-cao/{approved.pk}/ban-hanh/", {"source": "baocao"})
    assert done.status_code == 302
    assert reload(approved).number_text == "01/BC-STTTT"
    register = client.get("/van-thu/").content.decode()
    assert "01/BC-STTTT" in register and "Ban hành trên baocao" in register


def test_the_clerk_records_a_number_taken_in_the_e_office(clerk, unit):
    client = client_for(clerk)
    today = timezone.localdate().isoformat()
    client.post(
        "/van-thu/ghi-so/",
        {
            "unit": unit.pk,
            "number": "3",
            "type_code": "KH",
            "issued_on": today,
            "summary": "Kế hoạch",
        },
    )
    again = client.post(
        "/van-thu/ghi-so/",
        {"unit": unit.pk, "number": "3", "type_code": "BC", "issued_on": today},
        follow=True,
    )
    assert "Số 03 năm" in again.content.decode()
    assert list(OutgoingEntry.objects.values_list("number_text", flat=True)) == ["03/KH-STTTT"]


@pytest.mark.parametrize(
    "path", ["/van-thu/", "/bao-cao/{id}/ban-hanh/", "/bao-cao/{id}/gui-noi-nhan/"]
)
def test_clerk_pages_are_404_to_others(approved, approver, outsider, reporter, path):
    for user in (approver, outsider, reporter):
        assert client_for(user).get(path.format(id=approved.pk)).status_code == 404


def test_send_receive_and_return_through_the_pages(
    approved, clerk, province_clerk, reporter, outsider
):
    from baocao.issuing.services import issue_report

    issue_report(approved.pk, by=clerk)
    sender = client_for(clerk)
    form = sender.get(f"/bao-cao/{approved.pk}/gui-noi-nhan/").content.decode()
    assert "checked" in form and "Ủy ban nhân dân tỉnh Thái Bình" in form
    none = sender.post(f"/bao-cao/{approved.pk}/gui-noi-nhan/", {})
    assert none.status_code == 422 and "Chưa chọn nơi nhận." in none.content.decode()
    province_id = approved.unit.parent_id
    assert (
        sender.post(f"/bao-cao/{approved.pk}/gui-noi-nhan/", {"to": [str(province_id)]}).status_code
        == 302
    )
    dispatch = Dispatch.objects.get()
    receiver = client_for(province_clerk)
    inbox = receiver.get("/bao-cao-den/").content.decode()
    assert "01/BC-STTTT" in inbox and "Tiếp nhận" in inbox
    assert client_for(outsider).get(f"/bao-cao-den/{dispatch.pk}/tra-lai/").status_code == 404
    receiver.get(f"/bao-cao/{approved.pk}/")  # opening it is recorded
    assert Dispatch.objects.get().state == "opened"
    refused = receiver.post(f"/bao-cao-den/{dispatch.pk}/tra-lai/", {"reason": ""})
    assert refused.status_code == 422
    receiver.post(f"/bao-cao-den/{dispatch.pk}/tra-lai/", {"reason": "Thiếu biểu số liệu."})
    assert reload(approved).status == "returned"
    page = client_for(reporter).get(f"/bao-cao/{approved.pk}/").content.decode()
    assert "đã trả lại báo cáo" in page and "Thiếu biểu số liệu." in page
