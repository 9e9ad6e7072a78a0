"""Browser tests of the menu for the leader and the consolidator: one line at 1366 px, a menu
button at 375 px that opens the whole menu with nothing cut off, and the leader's dashboard."""

from __future__ import annotations

import pytest

from tests.analytics.conftest import file_report
from tests.conftest import PASSWORD
from tests.e2e.conftest import login, shot

NAV_LINES = """() => {
  const nav = document.getElementById('mainnav');
  const items = [...nav.querySelectorAll(':scope > a, :scope > details > summary')]
    .filter(e => e.offsetParent !== null);
  const middles = items.map(e => {
    const r = e.getBoundingClientRect(); return (r.top + r.bottom) / 2; });
  const lines = middles.filter((m, i) => i === 0 || Math.abs(m - middles[i - 1]) > 8).length;
  return {count: items.length, lines, overflow: nav.scrollWidth > nav.clientWidth + 1,
          labels: items.map(e => e.textContent.trim())};
}"""

CUT_OFF = """() => {
  const width = document.documentElement.clientWidth;
  const links = [...document.querySelectorAll('#mainnav a, #mainnav summary')]
    .filter(e => e.offsetParent !== null);
  return {pageWider: document.documentElement.scrollWidth > width + 1,
          cut: links.filter(e => { const r = e.getBoundingClientRect();
                                   return r.left < 0 || r.right > width + 1
                                          || e.scrollWidth > e.clientWidth + 1; })
                    .map(e => e.textContent.trim()),
          shown: links.map(e => e.textContent.trim())};
}"""


@pytest.fixture
def january(template, unit, reporter, approver):
    return file_report(
        template, unit, "2022-01", reporter=reporter, approver=approver, values={"BAO_CHI": "773"}
    )


@pytest.mark.parametrize("persona", ["viewer", "consolidator"])
def test_menu_fits_on_one_line_at_1366(page, persona, request, template, january):
    user = request.getfixturevalue(persona)
    login(page, user.username, PASSWORD)
    page.goto("/tong-quan/")
    nav = page.evaluate(NAV_LINES)
    shot(page, f"nav-1366-{persona}")
    assert nav["count"] >= 6, nav
    assert nav["lines"] == 1, nav
    assert not nav["overflow"], nav
    assert "Khác" in nav["labels"]
    page.click(".nav-more summary")
    assert page.is_visible(".nav-more-list a[href='/tai-khoan/']")


@pytest.mark.parametrize("persona", ["viewer", "consolidator"])
def test_menu_button_on_a_phone(page, persona, request, template, january):
    user = request.getfixturevalue(persona)
    page.set_viewport_size({"width": 375, "height": 812})
    login(page, user.username, PASSWORD)
    page.goto("/tong-quan/")
    button = page.locator("button.nav-toggle")
    assert button.is_visible()
    assert button.get_attribute("aria-expanded") == "false"
    assert not page.is_visible("#mainnav")
    button.click()
    assert button.get_attribute("aria-expanded") == "true"
    page.click(".nav-more summary")
    found = page.evaluate(CUT_OFF)
    shot(page, f"nav-375-{persona}-open")
    assert "Tổng quan" in found["shown"] and "Tài khoản" in found["shown"], found
    assert found["cut"] == [] and not found["pageWider"], found
    page.keyboard.press("Escape")
    assert button.get_attribute("aria-expanded") == "false"
    assert not page.is_visible("#mainnav")


def test_menu_without_javascript_wraps_in_full(browser, live_server, viewer, template):
    context = browser.new_context(
        locale="vi-VN",
        viewport={"width": 375, "height": 812},
        base_url=live_server.url,
        java_script_enabled=False,
    )
    page = context.new_page()
    try:
        login(page, viewer.username, PASSWORD)
        page.goto("/tong-quan/")
        assert not page.is_visible("button.nav-toggle")
        for name in ("Báo cáo", "Tổng quan", "Tình hình nộp", "Khác"):
            box = page.get_by_text(name, exact=True).first.bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 376, name
        shot(page, "nav-375-no-js")
    finally:
        context.close()


def test_leader_picks_a_period_on_the_dashboard(page, viewer, template, january):
    login(page, viewer.username, PASSWORD)
    page.goto("/tong-quan/")
    assert page.input_value("#d-period") == "2022-01"
    assert "773" in page.inner_text("table.drill")
    page.select_option("#d-period", "2022-02")
    page.click("form.inline button[type=submit]")
    page.wait_for_load_state()
    assert "period=2022-02" in page.url
    assert "Tháng 02/2022" in page.inner_text("main h2 >> nth=0")
    shot(page, "dashboard-2022-02")
