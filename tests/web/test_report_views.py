"""The report pages per persona: reporter, approver, outsider (404), viewer, anonymous."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from baocao.reports.services import approve_report, submit_report
from tests.conftest import PASSWORD, reload


def client_for(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def editor_post(report, **extra) -> dict:
    """Return the editor form as the page would post it, with ``extra`` fields."""
    data = {
        "version": str(report.version),
        "title": report.title,
        "intro": report.intro,
        "save": "1",
        "row": [],
    }
    for item in report.items.all():
        key = str(item.pk)
        data["row"].append(key)
        data[f"row-{key}-id"] = key
        data[f"row-{key}-section"] = str(item.section_id or "")
        data[f"row-{key}-text"] = item.text
        if item.continuing:
            data[f"row-{key}-continuing"] = "1"
    data.update(extra)
    return data


class TestAnonymous:
    def test_it_is_sent_to_the_login_page(self, draft):
        for url in ("/", "/bao-cao/", f"/bao-cao/{draft.pk}/", "/cho-duyet/"):
            response = Client().get(url)
            assert response.status_code == 302
            assert response["Location"].startswith("/dang-nhap/")

    def test_the_login_page_is_vietnamese_whatever_the_browser_says(self, db):
        response = Client().get("/dang-nhap/", HTTP_ACCEPT_LANGUAGE="en-US,en")
        assert "Đăng nhập" in response.content.decode()
        assert response["Content-Language"] == "vi"

    def test_english_is_available_through_the_switch(self, db):
        client = Client()
        client.post("/i18n/setlang/", {"language": "en", "next": "/dang-nhap/"})
        assert client.get("/dang-nhap/")["Content-Language"] == "en"


class TestReporter:
    def test_my_reports_lists_the_draft_with_status_and_due_date(self, draft, reporter):
        page = client_for(reporter).get("/bao-cao/").content.decode()
        assert draft.title in page
        assert "Nháp" in page
        assert "20/01/2022" in page
        assert "Quá hạn" in page  # January 2022 is long past

    def test_the_editor_saves_items_and_values(self, draft, template, reporter):
        client = client_for(reporter)
        assert client.get(f"/bao-cao/{draft.pk}/soan/").status_code == 200
        section = template.sections.get(code="TTBC")
        data = editor_post(
            draft,
            **{
                "row-new-x-id": "",
                "row-new-x-section": str(section.pk),
                "row-new-x-text": "Quản lý lưu chiểu 05 tài liệu.",
                f"value-{template.indicators.get(code='KHIEU_NAI').pk}": "0",
            },
        )
        data["row"].append("new-x")
        response = client.post(f"/bao-cao/{draft.pk}/soan/", data)
        assert response.status_code == 302
        report = reload(draft)
        assert report.items.filter(text="Quản lý lưu chiểu 05 tài liệu.").exists()
        assert report.values.filter(indicator__code="KHIEU_NAI", value=0).exists()

    def test_invalid_values_come_back_with_an_inline_message_and_nothing_saved(
        self, draft, template, reporter
    ):
        indicator = template.indicators.get(code="BAO_CHI")
        response = client_for(reporter).post(
            f"/bao-cao/{draft.pk}/soan/", editor_post(draft, **{f"value-{indicator.pk}": "nhiều"})
        )
        assert response.status_code == 422
        assert "không phải là số hợp lệ" in response.content.decode()
        assert reload(draft).version == draft.version

    def test_a_stale_form_is_refused_with_who_and_when(self, draft, reporter, second_reporter):
        stale = editor_post(draft, title="Bản cũ")
        client_for(second_reporter).post(
            f"/bao-cao/{draft.pk}/soan/", editor_post(draft, title="Bản mới")
        )
        response = client_for(reporter).post(f"/bao-cao/{draft.pk}/soan/", stale)
        assert response.status_code == 409
        page = response.content.decode()
        assert re.search(r"đã được Lê Văn Minh sửa lúc \d\d:\d\d, hãy tải lại", page)
        assert "Bản cũ" in page  # the user's input is shown so it can be copied
        assert reload(draft).title == "Bản mới"

    def test_html_in_text_is_shown_escaped(self, draft, reporter):
        client = client_for(reporter)
        item = draft.items.first()
        data = editor_post(draft, **{f"row-{item.pk}-text": "<script>alert('x')</script>"})
        client.post(f"/bao-cao/{draft.pk}/soan/", data)
        page = client.get(f"/bao-cao/{draft.pk}/").content.decode()
        assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
        assert "<script>alert" not in page

    def test_submitting_goes_through_a_confirmation(self, draft, reporter):
        client = client_for(reporter)
        confirm = client.get(f"/bao-cao/{draft.pk}/gui-duyet/").content.decode()
        assert "Báo cáo sẽ được trình lãnh đạo đơn vị phê duyệt" in confirm
        assert client.post(f"/bao-cao/{draft.pk}/gui-duyet/").status_code == 302
        assert reload(draft).status == "submitted"

    def test_a_report_without_results_says_so_before_and_after_submitting(self, draft, reporter):
        draft.items.all().delete()  # no result yet: the check's message has the key "items"
        client = client_for(reporter)
        confirm = client.get(f"/bao-cao/{draft.pk}/gui-duyet/")
        assert confirm.status_code == 200
        assert "Báo cáo chưa có nội dung kết quả nào." in confirm.content.decode()
        refused = client.post(f"/bao-cao/{draft.pk}/gui-duyet/")
        assert refused.status_code == 422
        assert "Báo cáo chưa có nội dung kết quả nào." in refused.content.decode()
        assert reload(draft).status == "draft"

    def test_a_submitted_report_cannot_be_edited_through_the_editor(self, draft, reporter):
        submit_report(draft, by=reporter)
        client = client_for(reporter)
        response = client.post(
            f"/bao-cao/{draft.pk}/soan/", editor_post(reload(draft), title="Sửa lén")
        )
        assert response.status_code == 302
        assert reload(draft).title != "Sửa lén"

    def test_creating_a_second_report_for_the_period_says_so(self, draft, template, unit, reporter):
        client = client_for(reporter)
        response = client.post(
            "/bao-cao/tao/",
            {"unit": unit.pk, "template": template.pk, "period": "2022-01"},
            follow=True,
        )
        assert "Đơn vị đã có báo cáo Tháng 01/2022." in response.content.decode()

    def test_the_reporter_cannot_approve(self, draft, reporter):
        submit_report(draft, by=reporter)
        client_for(reporter).post(f"/bao-cao/{draft.pk}/phe-duyet/")
        assert reload(draft).status == "submitted"


class TestApprover:
    def test_the_queue_lists_submitted_reports_and_approval_leaves_the_number_to_the_clerk(
        self, draft, reporter, approver
    ):
        submit_report(draft, by=reporter)
        client = client_for(approver)
        assert draft.title in client.get("/cho-duyet/").content.decode()
        client.post(f"/bao-cao/{draft.pk}/phe-duyet/", {"comment": ""})
        assert (reload(draft).status, reload(draft).number_text) == ("approved", "")
        assert draft.title not in client.get("/cho-duyet/").content.decode()

    def test_returning_without_a_comment_is_refused(self, draft, reporter, approver):
        submit_report(draft, by=reporter)
        response = client_for(approver).post(f"/bao-cao/{draft.pk}/tra-lai/", {"comment": ""})
        assert response.status_code == 422
        assert "Vui lòng ghi ý kiến" in response.content.decode()
        assert reload(draft).status == "submitted"


class TestOutsider:
    @pytest.mark.parametrize(
        "suffix", ["", "soan/", "lich-su/", "gui-duyet/", "phe-duyet/", "tra-lai/"]
    )
    def test_every_report_url_is_404_to_another_unit(self, draft, outsider, suffix):
        client = client_for(outsider)
        assert client.get(f"/bao-cao/{draft.pk}/{suffix}").status_code == 404
        assert client.post(f"/bao-cao/{draft.pk}/{suffix}", {"comment": "x"}).status_code == 404
        assert reload(draft).status == "draft"

    def test_the_list_shows_nothing_of_another_unit(self, draft, outsider):
        assert draft.title not in client_for(outsider).get("/bao-cao/").content.decode()


class TestViewer:
    def test_a_provincial_leader_sees_approved_reports_but_not_drafts(
        self, draft, reporter, approver, viewer
    ):
        client = client_for(viewer)
        assert client.get(f"/bao-cao/{draft.pk}/").status_code == 404
        submit_report(draft, by=reporter)
        approve_report(reload(draft), by=approver)
        page = client.get(f"/bao-cao/{draft.pk}/").content.decode()
        assert "Đã phê duyệt" in page
        assert "Soạn báo cáo" not in page


def test_every_form_needs_a_csrf_token(draft, reporter):
    client = Client(enforce_csrf_checks=True)
    client.login(username=reporter.username, password=PASSWORD)
    response = client.post(f"/bao-cao/{draft.pk}/soan/", editor_post(draft, title="Không CSRF"))
    assert response.status_code == 403
    assert reload(draft).title != "Không CSRF"


class TestEditorButtons:
    def test_items_move_up_and_down_within_their_section_and_can_be_removed(
        self, draft, template, reporter
    ):
        section = template.sections.get(code="CNTT")
        first = draft.items.get(section=section)
        client = client_for(reporter)
        client.post(f"/bao-cao/{draft.pk}/soan/", editor_post(draft, **{"add": str(section.pk)}))
        data = editor_post(
            reload(draft),
            **{
                "row-new-x-id": "",
                "row-new-x-section": str(section.pk),
                "row-new-x-text": "Mục thứ hai.",
            },
        )
        data["row"].append("new-x")
        client.post(f"/bao-cao/{draft.pk}/soan/", data)
        second = reload(draft).items.get(text="Mục thứ hai.")

        def ordered() -> list[int]:
            items = reload(draft).items.filter(section=section).order_by("order")
            return list(items.values_list("pk", flat=True))

        assert ordered() == [first.pk, second.pk]
        client.post(
            f"/bao-cao/{draft.pk}/soan/", editor_post(reload(draft), move=f"{second.pk}:up")
        )
        assert ordered() == [second.pk, first.pk]
        client.post(f"/bao-cao/{draft.pk}/soan/", editor_post(reload(draft), remove=str(first.pk)))
        assert ordered() == [second.pk]

    def test_the_add_button_opens_an_empty_row_in_that_section(self, draft, template, reporter):
        section = template.sections.get(code="TTRA")
        response = client_for(reporter).post(
            f"/bao-cao/{draft.pk}/soan/", editor_post(draft, add=str(section.pk)), follow=True
        )
        assert f'name="row-new-{section.pk}-text"' in response.content.decode()

    def test_start_from_last_period_is_offered_and_carries_the_tasks(
        self, draft, template, unit, reporter
    ):
        from baocao.reports.services import create_report

        february = create_report(unit=unit, template=template, period="2022-02", by=reporter)
        client = client_for(reporter)
        page = client.get(f"/bao-cao/{february.pk}/soan/").content.decode()
        assert "Lấy nhiệm vụ kỳ trước" in page
        client.post(
            f"/bao-cao/{february.pk}/soan/", {"carry": "1", "version": str(february.version)}
        )
        item = reload(february).items.get()
        assert item.continuing and "Camera giám sát" in item.text


def test_the_admin_configures_units_templates_and_indicators(db, template):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("quantri", "q@example.vn", PASSWORD)
    client = Client()
    client.force_login(admin)
    for url in (
        "/admin/organizations/orgunit/",
        "/admin/organizations/orgunit/add/",
        "/admin/catalog/reporttemplate/",
        f"/admin/catalog/reporttemplate/{template.pk}/change/",
        "/admin/catalog/indicator/",
        "/admin/organizations/membership/add/",
        "/admin/auth/user/",
    ):
        assert client.get(url).status_code == 200, url


def test_the_english_switch_translates_pages_and_messages(draft, template, reporter):
    client = client_for(reporter)
    client.post("/i18n/setlang/", {"language": "en", "next": "/bao-cao/"})
    assert "Unit reports" in client.get("/bao-cao/").content.decode()
    indicator = template.indicators.get(code="BAO_CHI")
    response = client.post(
        f"/bao-cao/{draft.pk}/soan/", editor_post(draft, **{f"value-{indicator.pk}": "nhiều"})
    )
    assert "is not a valid number" in response.content.decode()
