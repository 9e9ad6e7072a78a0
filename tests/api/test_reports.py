"""Reports through the API: create, edit with a version check, items, values, workflow."""

from __future__ import annotations

from baocao.reports.models import AuditEvent
from tests.api.conftest import api_as, assert_error
from tests.conftest import reload


def test_a_reporter_creates_a_draft(reporter, template) -> None:
    response = api_as(reporter).post(
        "/api/reports", {"unit": "STTTT", "template": "STTTT-THANG", "period": "2022-02"}
    )
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "draft" and body["period"] == "2022-02"
    assert body["title"] == "Kết quả hoạt động Thông tin và Truyền thông tháng 02 năm 2022"
    assert body["can_edit"] is True and body["actions"] == ["submit"]


def test_a_second_report_for_the_same_period_is_409(draft, reporter) -> None:
    response = api_as(reporter).post(
        "/api/reports", {"unit": "STTTT", "template": "STTTT-THANG", "period": "2022-01"}
    )
    assert_error(response, 409, "duplicate_report")


def test_a_period_of_the_wrong_kind_is_422(reporter, template) -> None:
    response = api_as(reporter).post(
        "/api/reports", {"unit": "STTTT", "template": "STTTT-THANG", "period": "2022-Q1"}
    )
    assert_error(response, 422, "invalid")


def test_the_detail_has_items_values_and_allowed_actions(draft, reporter) -> None:
    body = api_as(reporter).get(f"/api/reports/{draft.pk}").json()
    assert [i["section"] for i in body["items"]] == ["CNTT", "NVTT"]
    assert body["values"] == [
        {"indicator": "BAO_CHI", "value": "773", "text_value": "", "note": ""}
    ]
    assert body["version"] == draft.version


def test_an_update_replaces_items_and_sets_values(draft, reporter) -> None:
    client = api_as(reporter)
    response = client.patch(
        f"/api/reports/{draft.pk}",
        {
            "version": draft.version,
            "intro": "Đánh giá chung.",
            "items": [{"section": "TTBC", "text": "Xuất bản 05 tài liệu, 492 trang."}],
            "values": [
                {"indicator": "BAO_CHI", "value": "1.234"},
                {"indicator": "TY_LE", "value": 97.5},
            ],
        },
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert [(i["section"], i["text"]) for i in body["items"]] == [
        ("TTBC", "Xuất bản 05 tài liệu, 492 trang.")
    ]
    values = {v["indicator"]: v["value"] for v in body["values"]}
    assert values == {"BAO_CHI": "1234", "TY_LE": "97.5"}
    assert body["version"] == draft.version + 1
    assert AuditEvent.objects.filter(report=draft, verb="edit").count() >= 2


def test_a_stale_version_is_409_with_the_current_version(draft, reporter) -> None:
    client = api_as(reporter)
    client.patch(f"/api/reports/{draft.pk}", {"version": draft.version, "title": "Lần một"})
    error = assert_error(
        client.patch(f"/api/reports/{draft.pk}", {"version": draft.version, "title": "Lần hai"}),
        409,
        "stale_version",
    )
    assert error["details"] == {"current_version": draft.version + 1}
    assert reload(draft).title == "Lần một"


def test_an_unknown_section_or_indicator_is_422(draft, reporter) -> None:
    client = api_as(reporter)
    error = assert_error(
        client.patch(
            f"/api/reports/{draft.pk}",
            {"version": draft.version, "items": [{"section": "KHONG", "text": "x"}]},
        ),
        422,
    )
    assert "items.0.section" in error["details"]
    error = assert_error(
        client.put(
            f"/api/reports/{draft.pk}/values",
            {"version": draft.version, "values": [{"indicator": "KHONG", "value": 1}]},
        ),
        422,
    )
    assert "values.0.indicator" in error["details"]


def test_an_out_of_range_value_is_422_in_vietnamese(draft, reporter) -> None:
    error = assert_error(
        api_as(reporter).put(
            f"/api/reports/{draft.pk}/values",
            {"version": draft.version, "values": [{"indicator": "TY_LE", "value": 120}]},
        ),
        422,
    )
    assert "nhỏ hơn hoặc bằng 100" in next(iter(error["details"].values()))


def test_items_one_at_a_time(draft, reporter) -> None:
    client = api_as(reporter)
    created = client.post(
        f"/api/reports/{draft.pk}/items",
        {"version": draft.version, "section": "TTRA", "text": "Không có vụ việc khiếu nại."},
    )
    assert created.status_code == 201
    item, version = created.json()["item"], created.json()["version"]
    changed = client.patch(
        f"/api/reports/{draft.pk}/items/{item['id']}", {"version": version, "continuing": True}
    )
    assert changed.json()["item"]["continuing"] is True
    version = changed.json()["version"]
    deleted = client.delete(f"/api/reports/{draft.pk}/items/{item['id']}?version={version}")
    assert deleted.status_code == 200
    texts = [i["text"] for i in client.get(f"/api/reports/{draft.pk}/items").json()]
    assert "Không có vụ việc khiếu nại." not in texts


def test_an_item_of_another_report_is_404(draft, reporter, template, unit) -> None:
    client = api_as(reporter)
    other = client.post(
        "/api/reports", {"unit": "STTTT", "template": "STTTT-THANG", "period": "2022-02"}
    ).json()
    item = draft.items.first()
    response = client.patch(
        f"/api/reports/{other['id']}/items/{item.pk}", {"version": other["version"], "text": "x"}
    )
    assert_error(response, 404, "not_found")


def test_the_whole_workflow_submit_return_resubmit_approve(draft, reporter, approver) -> None:
    writer, boss = api_as(reporter), api_as(approver)
    submitted = writer.post(f"/api/reports/{draft.pk}/submit", {"version": draft.version})
    assert submitted.json()["status"] == "submitted"
    assert boss.get(f"/api/reports/{draft.pk}").json()["actions"] == ["approve", "return"]
    assert_error(boss.post(f"/api/reports/{draft.pk}/return", {"comment": ""}), 422)
    returned = boss.post(f"/api/reports/{draft.pk}/return", {"comment": "Bổ sung số liệu."})
    assert returned.json()["status"] == "returned"
    version = writer.get(f"/api/reports/{draft.pk}").json()["version"]
    writer.put(
        f"/api/reports/{draft.pk}/values",
        {"version": version, "values": [{"indicator": "KHIEU_NAI", "value": 0}]},
    )
    assert writer.post(f"/api/reports/{draft.pk}/submit").json()["status"] == "submitted"
    approved = boss.post(f"/api/reports/{draft.pk}/approve", {"comment": "Đồng ý."}).json()
    assert approved["status"] == "approved"
    assert approved["number_text"] == ""  # the clerk gives the number when issuing
    assert approved["signer_title"] == "Phó Giám đốc"
    verbs = list(AuditEvent.objects.filter(report=draft).values_list("verb", flat=True))
    assert verbs[-4:] == ["return", "edit", "submit", "approve"]


def test_issue_send_receive_and_return_through_the_api(
    draft, reporter, approver, unit, province, outsider
) -> None:
    from baocao.domain.workflow import Role
    from tests.conftest import make_user

    clerk = api_as(make_user("vanthu", unit, Role.CLERK))
    receiver = api_as(make_user("vanthu.tinh", province, Role.CLERK))
    api_as(reporter).post(f"/api/reports/{draft.pk}/submit")
    api_as(approver).post(f"/api/reports/{draft.pk}/approve", {})
    assert clerk.get(f"/api/reports/{draft.pk}").json()["actions"] == ["issue"]
    assert_error(api_as(approver).post(f"/api/reports/{draft.pk}/issue", {}), 403)
    assert_error(api_as(outsider).post(f"/api/reports/{draft.pk}/issue", {}), 404)
    issued = clerk.post(f"/api/reports/{draft.pk}/issue", {"number": 9}).json()
    assert (issued["status"], issued["number_text"]) == ("issued", "09/BC-STTTT")
    register = clerk.get(f"/api/units/STTTT/outgoing/{issued['issued_at'][:4]}").json()
    assert [(e["seq"], e["report"]) for e in register] == [(9, draft.pk)]
    assert_error(clerk.post(f"/api/reports/{draft.pk}/send", {"to": ["KHONG-CO"]}), 422)
    # a code PostgreSQL cannot compare (NUL) or no code at all is refused before any read
    assert_error(clerk.post(f"/api/reports/{draft.pk}/send", {"to": ["\x00"]}), 422)
    assert_error(clerk.post(f"/api/reports/{draft.pk}/send", {"to": [""]}), 422)
    sent = clerk.post(f"/api/reports/{draft.pk}/send", {}).json()
    assert sent["status"] == "sent" and sent["sent_at"]
    inbox = receiver.get("/api/inbox").json()
    assert inbox["count"] == 1 and inbox["items"][0]["from_unit"] == "STTTT"
    assert api_as(outsider).get("/api/inbox").json()["count"] == 0
    dispatch = inbox["items"][0]["id"]
    assert_error(api_as(outsider).post(f"/api/inbox/{dispatch}/receive"), 404)
    assert_error(receiver.post(f"/api/inbox/{dispatch}/return", {"reason": ""}), 422)
    returned = receiver.post(f"/api/inbox/{dispatch}/return", {"reason": "Thiếu số liệu."}).json()
    assert (returned["state"], returned["return_reason"]) == ("returned", "Thiếu số liệu.")
    assert api_as(reporter).get(f"/api/reports/{draft.pk}").json()["status"] == "returned"


def test_submitting_an_incomplete_report_lists_what_is_missing(reporter, template) -> None:
    client = api_as(reporter)
    report = client.post(
        "/api/reports", {"unit": "STTTT", "template": "STTTT-THANG", "period": "2022-02"}
    ).json()
    error = assert_error(client.post(f"/api/reports/{report['id']}/submit"), 422)
    assert "section.CNTT" in error["details"]


def test_list_filters_and_pagination(draft, reporter, template) -> None:
    client = api_as(reporter)
    for month in ("02", "03", "04"):
        client.post(
            "/api/reports", {"unit": "STTTT", "template": "STTTT-THANG", "period": f"2022-{month}"}
        )
    page = client.get("/api/reports", limit=2, offset=1).json()
    assert page["count"] == 4 and page["limit"] == 2 and page["offset"] == 1
    assert [r["period"] for r in page["items"]] == ["2022-03", "2022-02"]
    assert client.get("/api/reports", period="2022-01").json()["count"] == 1
    assert client.get("/api/reports", status="approved").json()["count"] == 0
    assert client.get("/api/reports", unit="UBND-TB", subtree="true").status_code == 404
    assert client.get("/api/reports", unit="STTTT", year=2022).json()["count"] == 4


def test_template_periods_give_cutoff_and_deadline(reporter, template) -> None:
    periods = api_as(reporter).get("/api/templates/STTTT-THANG/periods", year=2022).json()
    january = periods[0]
    assert (january["code"], january["start"], january["end"]) == (
        "2022-01",
        "2021-12-15",
        "2022-01-14",
    )
    assert len(periods) == 12
