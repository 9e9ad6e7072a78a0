"""The report editor keeps what is typed: autosave (JSON), save-then-act buttons, error summary,
items moved between fields, carried-over tasks in the field they came from."""

from __future__ import annotations

import re

import pytest

from baocao.reports.models import NarrativeItem
from baocao.reports.services import create_report
from tests.conftest import client_for, reload
from tests.web.test_report_views import editor_post

AUTOSAVE = {"HTTP_X_AUTOSAVE": "1"}


def url(report) -> str:
    return f"/bao-cao/{report.pk}/soan/"


class TestAutosave:
    def test_an_autosave_stores_the_form_and_answers_the_new_version(self, draft, reporter):
        item = draft.items.get(section__code="CNTT")
        data = editor_post(draft, **{f"row-{item.pk}-text": "Đã sửa khi đang gõ."})
        response = client_for(reporter).post(url(draft), data, **AUTOSAVE)
        assert response.status_code == 200
        body = response.json()
        assert body["saved"] is True
        assert body["version"] == reload(draft).version == draft.version + 1
        assert re.fullmatch(r"Đã lưu lúc \d\d:\d\d", body["message"])
        assert reload(draft).items.get(pk=item.pk).text == "Đã sửa khi đang gõ."

    def test_a_new_row_gets_its_id_so_the_next_autosave_does_not_add_it_twice(
        self, draft, template, reporter
    ):
        section = template.sections.get(code="TTRA")
        client = client_for(reporter)
        data = editor_post(
            draft,
            **{
                f"row-new-{section.pk}-id": "",
                f"row-new-{section.pk}-section": str(section.pk),
                f"row-new-{section.pk}-text": "Thanh tra 02 doanh nghiệp.",
            },
        )
        data["row"].append(f"new-{section.pk}")
        body = client.post(url(draft), data, **AUTOSAVE).json()
        new = reload(draft).items.get(section=section)
        assert body["ids"] == {f"new-{section.pk}": new.pk}
        # The page puts the id into the row and posts again, a little later
        data["version"] = str(body["version"])
        data[f"row-new-{section.pk}-id"] = str(body["ids"][f"new-{section.pk}"])
        data[f"row-new-{section.pk}-text"] = "Thanh tra 03 doanh nghiệp."
        assert client.post(url(draft), data, **AUTOSAVE).status_code == 200
        assert list(reload(draft).items.filter(section=section).values_list("text", flat=True)) == [
            "Thanh tra 03 doanh nghiệp."
        ]

    def test_a_stale_autosave_is_refused_naming_who_saved_and_when(
        self, draft, reporter, second_reporter
    ):
        stale = editor_post(draft, title="Bản của tôi")
        client_for(second_reporter).post(url(draft), editor_post(draft, title="Bản của Minh"))
        response = client_for(reporter).post(url(draft), stale, **AUTOSAVE)
        assert response.status_code == 409
        body = response.json()
        assert body["error"] == "stale_version"
        assert re.search(r"Báo cáo đã được Lê Văn Minh sửa lúc \d\d:\d\d", body["message"])
        assert reload(draft).title == "Bản của Minh"

    def test_an_invalid_autosave_writes_nothing_and_names_the_field(
        self, draft, template, reporter
    ):
        indicator = template.indicators.get(code="TY_LE")
        data = editor_post(draft, title="Không được lưu", **{f"value-{indicator.pk}": "150"})
        response = client_for(reporter).post(url(draft), data, **AUTOSAVE)
        assert response.status_code == 422
        assert f"values.{indicator.pk}" in response.json()["details"]
        assert reload(draft).title != "Không được lưu"
        assert reload(draft).version == draft.version

    def test_the_page_loads_the_editor_script_from_the_app_and_has_a_status_line(
        self, draft, reporter
    ):
        page = client_for(reporter).get(url(draft)).content.decode()
        assert re.search(r'<script src="/static/web/editor\.js[^"]*" defer></script>', page)
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page)  # nothing inline (CSP)
        assert 'id="save-status" role="status" aria-live="polite"' in page


class TestSaveThenAct:
    def test_taking_figures_from_the_registers_first_saves_what_was_typed(
        self, draft, reporter, register
    ):
        item = draft.items.get(section__code="CNTT")
        page = client_for(reporter).get(url(draft)).content.decode()
        assert 'name="then" value="registers"' in page
        response = client_for(reporter).post(
            url(draft),
            editor_post(
                draft, then="registers", **{f"row-{item.pk}-text": "Chưa lưu mà bấm lấy số liệu."}
            ),
        )
        assert response.status_code == 302
        assert response["Location"] == f"/bao-cao/{draft.pk}/lay-so-lieu-tu-so/"
        assert reload(draft).items.get(pk=item.pk).text == "Chưa lưu mà bấm lấy số liệu."

    def test_taking_last_periods_tasks_keeps_what_was_typed(self, draft, template, unit, reporter):
        february = create_report(unit=unit, template=template, period="2022-02", by=reporter)
        section = template.sections.get(code="TTBC")
        data = editor_post(
            february,
            then="carry",
            **{
                f"row-new-{section.pk}-id": "",
                f"row-new-{section.pk}-section": str(section.pk),
                f"row-new-{section.pk}-text": "Gõ trước khi lấy nhiệm vụ.",
            },
        )
        data["row"].append(f"new-{section.pk}")
        response = client_for(reporter).post(url(february), data, follow=True)
        texts = set(reload(february).items.values_list("text", flat=True))
        assert texts == {
            "Gõ trước khi lấy nhiệm vụ.",
            "Tiếp tục triển khai Camera giám sát giao thông.",
        }
        assert "Đã thêm 1 nhiệm vụ kỳ trước vào báo cáo." in response.content.decode()

    def test_an_invalid_form_is_shown_again_with_a_summary_linking_to_the_field(
        self, draft, template, reporter
    ):
        indicator = template.indicators.get(code="TY_LE")
        response = client_for(reporter).post(
            url(draft), editor_post(draft, then="registers", **{f"value-{indicator.pk}": "150"})
        )
        assert response.status_code == 422
        page = response.content.decode()
        summary = page[page.index('id="error-summary"') : page.index('id="editor"')]
        assert f'<a href="#value-{indicator.pk}">Tỷ lệ hồ sơ trực tuyến</a>' in summary
        assert "nhỏ hơn hoặc bằng 100" in summary
        assert f'id="value-{indicator.pk}" name="value-{indicator.pk}" value="150"' in page


class TestFields:
    def test_an_item_moves_to_another_field_with_its_select(self, draft, template, reporter):
        item = draft.items.get(section__code="CNTT")
        target = template.sections.get(code="TTRA")
        client = client_for(reporter)
        page = client.get(url(draft)).content.decode()
        assert "Chuyển sang lĩnh vực" in page
        assert f'<select name="row-{item.pk}-section">' in page
        client.post(url(draft), editor_post(draft, **{f"row-{item.pk}-section": str(target.pk)}))
        assert NarrativeItem.objects.get(pk=item.pk).section == target

    def test_carried_tasks_land_in_the_field_of_the_same_code(
        self, draft, template, unit, reporter
    ):
        ttbc = template.sections.get(code="TTBC")
        NarrativeItem.objects.create(
            report=draft,
            section=ttbc,
            order=9,
            kind=NarrativeItem.Kind.PLAN,
            text="Nhiệm vụ về báo chí.",
        )
        february = create_report(unit=unit, template=template, period="2022-02", by=reporter)
        client_for(reporter).post(url(february), {"carry": "1", "version": str(february.version)})
        placed = {i.text: i.section.code for i in reload(february).items.all()}
        # a task under the plan field goes to the first field of results
        assert placed == {
            "Nhiệm vụ về báo chí.": "TTBC",
            "Tiếp tục triển khai Camera giám sát giao thông.": "CNTT",
        }


@pytest.mark.parametrize(("header", "status"), [({}, 302), (AUTOSAVE, 403)])
def test_a_submitted_report_is_not_autosaved(draft, reporter, header, status):
    from baocao.reports.services import submit_report

    submit_report(draft, by=reporter, expected_version=draft.version)
    response = client_for(reporter).post(
        url(draft), editor_post(reload(draft), title="Muộn"), **header
    )
    assert response.status_code == status
    if header:
        assert "không thể sửa" in response.json()["message"]
    assert reload(draft).title != "Muộn"
