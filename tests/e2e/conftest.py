"""Browser tests: Playwright drives Debian's headless Chromium against pytest-django's live server.

Without /usr/bin/chromium the tests are skipped with a message, except where
BAOCAO_REQUIRE_BROWSER is set (CI), where a missing browser is a failure.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
SHOTS = Path(os.environ.get("BAOCAO_SCREENSHOTS", "var/screenshots"))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test of this folder as a browser test."""
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    """Launch one headless Chromium for the session."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("BAOCAO_REQUIRE_BROWSER"):
            pytest.fail("chromium is required (BAOCAO_REQUIRE_BROWSER) but not installed")
        pytest.skip("chromium is not installed: run `make system` (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    """Open a fresh browser context (Vietnamese, laptop-sized) on the live server."""
    context = browser.new_context(
        locale="vi-VN", viewport={"width": 1366, "height": 768}, base_url=live_server.url
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def login(page, username: str, password: str) -> None:
    """Sign in through the login form."""
    page.goto("/dang-nhap/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit].btn-primary")
    page.wait_for_load_state()


def shot(page, name: str) -> Path:
    """Save a full-page screenshot under var/screenshots for a person to look at."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def open_menu_entry(page, label: str) -> None:
    """Click a menu entry, opening the "Khác" disclosure first when the entry sits under it."""
    link = page.locator("nav").get_by_role("link", name=label, exact=True).first
    if not link.is_visible():
        page.locator("nav details.nav-more > summary").click()
    link.click()
    page.wait_for_load_state()
