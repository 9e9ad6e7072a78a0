"""The report editor in Chromium: nothing typed is lost, and values are entered fast."""

from __future__ import annotations

import re
import time

from django.db import OperationalError

from baocao.reports.models import NarrativeItem
from tests.conftest import PASSWORD, reload
from tests.e2e.conftest import login, shot
from tests.web.test_report_views import client_for, editor_post


def open_editor(page, draft) -> None:
    login(page, "chuyenvien", PASSWORD)
    page.goto(f"/bao-cao/{draft.pk}/soan/")


def first_text(draft):
    item = draft.items.get(section__code="CNTT")
    return item, f"#text-{item.pk}"


def test_typed_text_is_autosaved_and_kept_after_a_reload(page, draft, reporter):
    open_editor(page, draft)
    _item, selector = first_text(draft)
    page.fill(selector, "Tự động lưu sau khi ngừng gõ.")
    assert page.inner_text("#save-status") == "Chưa lưu"
    page.wait_for_selector("#save-status[data-state=saved]")  # the page's CSP forbids eval
    assert re.fullmatch(r"Đã lưu lúc \d\d:\d\d", page.inner_text("#save-status"))
    assert page.input_value("input[name=version]") == str(reload(draft).version)
    shot(page, "editor-autosaved-1366")
    page.reload()
    assert page.input_value(selector) == "Tự động lưu sau khi ngừng gõ."
    # saved: leaving now asks nothing
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.accept()))
    page.click("nav.mainnav a >> nth=0")
    page.wait_for_load_state()
    assert dialogs == []


def test_leaving_with_unsaved_text_asks_first(page, draft, reporter):
    open_editor(page, draft)
    _item, selector = first_text(draft)
    page.fill(selector, "Chưa kịp lưu.")
    dialogs = []

    def dismiss(dialog) -> None:
        dialogs.append(dialog.type)
        dialog.dismiss()  # stay on the page

    page.on("dialog", dismiss)
    page.click("nav.mainnav a >> nth=0")
    page.wait_for_timeout(300)
    assert dialogs == ["beforeunload"]
    assert "/soan/" in page.url
    assert page.input_value(selector) == "Chưa kịp lưu."


def test_a_save_by_someone_else_meanwhile_is_shown_with_their_name(
    page, draft, reporter, second_reporter
):
    open_editor(page, draft)
    _item, selector = first_text(draft)
    colleague = client_for(second_reporter)
    for _attempt in range(400):
        # The live server may still be answering the page's own requests (the service worker
        # fetches the editor once to keep it); the in-memory test database then says "locked".
        try:
            colleague.post(
                f"/bao-cao/{draft.pk}/soan/", editor_post(draft, title="Minh sửa trích yếu")
            )
            break
        except OperationalError as exc:
            if "locked" not in str(exc):
                raise
            time.sleep(0.01)
    page.fill(selector, "Nội dung của Lan.")
    page.wait_for_selector("#save-status[data-state=conflict]")
    status = page.inner_text("#save-status")
    assert re.search(r"Báo cáo đã được Lê Văn Minh sửa lúc \d\d:\d\d", status)
    assert page.input_value(selector) == "Nội dung của Lan."
    assert reload(draft).title == "Minh sửa trích yếu"
    shot(page, "editor-conflict-1366")


def test_enter_in_a_value_cell_moves_down_and_does_not_post(page, draft, template, reporter):
    open_editor(page, draft)
    first, second = (template.indicators.get(code=c).pk for c in ("BAO_CHI", "KHIEU_NAI"))
    version = reload(draft).version
    page.fill(f"#value-{first}", "800")
    page.press(f"#value-{first}", "Enter")
    assert page.evaluate("document.activeElement.id") == f"value-{second}"
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.id") == f"value-{first}"
    assert "/soan/" in page.url and not page.locator(".messages").count()
    assert reload(draft).version == version  # nothing posted by Enter (autosave waits 2 s)


def test_a_removed_item_can_be_undone_and_moves_between_fields(page, draft, template, reporter):
    open_editor(page, draft)
    item, selector = first_text(draft)
    page.click(f"#row-{item.pk} button[name=remove]")
    assert page.locator(selector).is_hidden()
    assert page.evaluate("document.activeElement.textContent") == "Hoàn tác"
    page.click("text=Hoàn tác")
    assert page.locator(selector).is_visible()
    # then it is moved to another field with its select, and saved there
    target = template.sections.get(code="TTRA")
    page.select_option(f"select[name=row-{item.pk}-section]", str(target.pk))
    assert page.locator(f"#section-{target.pk} #row-{item.pk}").count() == 1
    page.wait_for_selector("#save-status[data-state=saved]")
    assert NarrativeItem.objects.get(pk=item.pk).section == target
    # removed, and saved, it is gone
    page.click(f"#row-{item.pk} button[name=remove]")
    page.wait_for_selector("#save-status[data-state=saved]")
    assert not NarrativeItem.objects.filter(pk=item.pk).exists()


def test_the_editor_on_a_phone(page, draft, reporter):
    page.set_viewport_size({"width": 375, "height": 740})
    open_editor(page, draft)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    shot(page, "editor-375")
