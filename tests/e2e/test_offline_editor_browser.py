"""The editor on a poor connection, in Chromium with the network cut (Playwright offline mode).

What is typed offline is kept in the browser (IndexedDB), the page reloads from the service
worker's cache with it, and it reaches the server with the version check once the network
is back; a save by someone else meanwhile is shown and nothing typed is lost.
"""

from __future__ import annotations

import re

from baocao.reports.services import save_draft
from tests.conftest import PASSWORD, reload
from tests.e2e.conftest import login, shot

BAR = "#offline-bar .offline-summary"


def open_editor(page, draft) -> None:
    """Sign in as the reporter, open the editor and wait until it is kept for offline use."""
    login(page, "chuyenvien", PASSWORD)
    page.goto(f"/bao-cao/{draft.pk}/soan/")
    page.wait_for_selector("html[data-offline=ready]")


def fields(draft, template):
    item = draft.items.get(section__code="CNTT")
    indicator = template.indicators.get(code="BAO_CHI")
    return item, f"#text-{item.pk}", indicator, f"#value-{indicator.pk}"


def type_offline(page, draft, template) -> tuple[str, str]:
    """Cut the network, type in an item and a value; return their selectors."""
    _item, text, _indicator, value = fields(draft, template)
    page.context.set_offline(True)
    page.fill(text, "Soạn khi mất mạng: hoàn thành kết nối mạng WAN.")
    page.fill(value, "812")
    page.wait_for_selector("#save-status[data-state=offline]")
    return text, value


def test_typed_offline_is_kept_across_a_reload_and_synchronised(page, draft, template, reporter):
    open_editor(page, draft)
    version = reload(draft).version
    text, value = type_offline(page, draft, template)
    assert page.inner_text(BAR) == "Đang ngoại tuyến — 2 thay đổi chưa đồng bộ"
    listed = page.locator("#offline-bar .offline-list li").all_inner_texts()
    assert any("Soạn khi mất mạng" in entry for entry in listed)
    assert any("Tin, bài báo chí TW" in entry for entry in listed), listed
    # "Thêm nội dung" works without the server: a new item in that field, kept with the rest
    inspection = template.sections.get(code="TTRA")
    rows = page.locator(f"#section-{inspection.pk} li.row")
    page.click(f"#section-{inspection.pk} button[name=add]")
    assert rows.count() == 2
    page.locator(f"#section-{inspection.pk} li.row >> nth=1").locator("textarea").fill(
        "Thanh tra 3 đại lý Internet."
    )
    page.wait_for_selector(f"{BAR}:text-is('Đang ngoại tuyến — 3 thay đổi chưa đồng bộ')")
    assert reload(draft).version == version  # nothing reached the server
    page.evaluate("window.scrollTo(0, 0)")
    shot(page, "editor-offline-1366")

    page.reload()  # still offline: the page comes from the service worker's cache
    page.wait_for_selector("html[data-offline=ready]")
    assert page.input_value(text) == "Soạn khi mất mạng: hoàn thành kết nối mạng WAN."
    assert page.input_value(value) == "812"
    assert rows.count() == 2
    assert rows.nth(1).locator("textarea").input_value() == "Thanh tra 3 đại lý Internet."
    assert page.inner_text(BAR) == "Đang ngoại tuyến — 3 thay đổi chưa đồng bộ"

    page.context.set_offline(False)
    page.wait_for_selector("#offline-bar[data-state=synced]")
    assert re.fullmatch(r"Đã đồng bộ lúc \d\d:\d\d", page.inner_text(BAR))
    draft = reload(draft)
    assert draft.version > version
    assert draft.items.filter(text="Soạn khi mất mạng: hoàn thành kết nối mạng WAN.").exists()
    assert draft.items.filter(section=inspection, text="Thanh tra 3 đại lý Internet.").exists()
    _item, _text, indicator, _value = fields(draft, template)
    assert draft.values.get(indicator=indicator).value == 812
    # synchronised: nothing is pending any more, a reload online shows the server's state
    page.reload()
    page.wait_for_selector("html[data-offline=ready]")
    assert page.is_hidden("#offline-bar")
    assert page.input_value(value) == "812"


def test_a_save_by_someone_else_meanwhile_loses_nothing(
    page, draft, template, reporter, second_reporter
):
    open_editor(page, draft)
    text, value = type_offline(page, draft, template)
    # meanwhile a colleague, online, changes the title through the service
    current = reload(draft)
    save_draft(
        current,
        by=second_reporter,
        expected_version=current.version,
        title="Báo cáo tháng 01/2022 (Minh sửa)",
    )
    page.context.set_offline(False)
    page.wait_for_selector("#offline-conflict:not([hidden])")
    panel = page.inner_text("#offline-conflict")
    assert re.search(r"Báo cáo đã được Lê Văn Minh sửa lúc \d\d:\d\d", panel)
    assert "Trích yếu" in panel  # what they changed
    assert "Soạn khi mất mạng" in panel  # what you changed, still kept
    assert page.input_value(text) == "Soạn khi mất mạng: hoàn thành kết nối mạng WAN."
    assert page.input_value(value) == "812"
    shot(page, "editor-offline-conflict-1366")

    page.click("#offline-conflict button[value=keep]")
    page.wait_for_selector("#offline-bar[data-state=synced]")
    draft = reload(draft)
    assert draft.title == "Báo cáo tháng 01/2022 (Minh sửa)"  # their change kept
    assert draft.items.filter(text="Soạn khi mất mạng: hoàn thành kết nối mạng WAN.").exists()
    _item, _text, indicator, _value = fields(draft, template)
    assert draft.values.get(indicator=indicator).value == 812
    assert page.input_value("#id_title") == "Báo cáo tháng 01/2022 (Minh sửa)"


def test_the_offline_bar_on_a_phone(page, draft, template, reporter):
    page.set_viewport_size({"width": 375, "height": 740})
    open_editor(page, draft)
    type_offline(page, draft, template)
    page.evaluate("window.scrollTo(0, 0)")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    shot(page, "editor-offline-375")


def test_signing_out_drops_what_was_kept(page, draft, template, reporter):
    open_editor(page, draft)
    assert "baocao-pages" in page.evaluate("caches.keys()")
    page.click("header form[action='/dang-xuat/'] button")
    page.wait_for_url("**/dang-nhap/**")
    assert "baocao-pages" not in page.evaluate("caches.keys()")


def test_discarding_after_a_conflict_shows_their_version(
    page, draft, template, reporter, second_reporter
):
    open_editor(page, draft)
    text, _value = type_offline(page, draft, template)
    current = reload(draft)
    save_draft(current, by=second_reporter, expected_version=current.version, title="Bản của Minh")
    page.context.set_offline(False)
    page.wait_for_selector("#offline-conflict:not([hidden])")
    page.click("#offline-conflict button[value=discard]")
    page.wait_for_selector("#offline-bar[data-state=synced]")
    assert page.input_value("#id_title") == "Bản của Minh"
    assert page.input_value(text) == "Trình UBND tỉnh phê duyệt Đề án Chuyển đổi số."
    # nothing is pending any more: a reload shows the server's version and no bar
    page.reload()
    page.wait_for_selector("html[data-offline=ready]")
    assert page.is_hidden("#offline-bar")
    assert reload(draft).title == "Bản của Minh"


KEPT = """() => new Promise((resolve) => {
  const request = indexedDB.open("baocao-offline");
  request.onsuccess = () => {
    const db = request.result;
    if (!db.objectStoreNames.contains("reports")) return resolve(0);
    const count = db.transaction("reports").objectStore("reports").count();
    count.onsuccess = () => resolve(count.result);
  };
})"""


def test_another_user_signing_in_never_sees_what_was_kept(
    page, draft, template, reporter, second_reporter
):
    open_editor(page, draft)
    type_offline(page, draft, template)
    assert page.evaluate(KEPT) == 1
    # the session ends without signing out (browser closed); a colleague signs in here
    page.context.clear_cookies()
    page.context.set_offline(False)
    login(page, "chuyenvien2", PASSWORD)
    for _ in range(50):
        if page.evaluate(KEPT) == 0:
            break
        page.wait_for_timeout(100)
    assert page.evaluate(KEPT) == 0
    assert "baocao-pages" not in page.evaluate("caches.keys()")
    page.goto(f"/bao-cao/{draft.pk}/soan/")
    page.wait_for_selector("html[data-offline=ready]")
    assert "Soạn khi mất mạng" not in page.content()
