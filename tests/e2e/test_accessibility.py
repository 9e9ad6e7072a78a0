"""Accessibility of every main page (WCAG 2.1 AA), checked with axe-core in headless Chromium.

Each page is opened by the persona who uses it, on the demo data, and axe-core (vendored under
tests/e2e/vendor/axe-core) runs the rules tagged wcag2a, wcag2aa, wcag21a and wcag21aa. A
violation of impact *serious* or *critical* fails the test; *moderate* and *minor* violations,
and what axe could not decide ("needs review"), are printed with their rule id, impact, target
selectors and help URL but do not fail. Every page must also name its language in
``<html lang>`` and have no duplicate ``id``.

Two more tests walk the report editor and a work register with the Tab key: the skip link comes
first and works, focus follows the page from top to bottom through the form's fields, and every
focused element is visible (not covered) and shows a focus indicator that contrasts 3:1 with
the background (WCAG 1.4.11).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import pytest

from baocao.demo.load import DEMO_PASSWORD, load_demo
from baocao.imports.services import preview_file
from baocao.legal.models import LegalDocument
from baocao.registers.models import WorkRegister
from baocao.reports.services import ItemInput, create_report, save_draft, submit_report
from tests.conftest import sample_text
from tests.e2e.conftest import login

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
FAILING = ("serious", "critical")
SHOTS = Path("/tmp")
RUN_AXE = """async ([type, values]) => {
  const result = await axe.run(document, {runOnly: {type, values}});
  const brief = list => list.map(v => ({id: v.id, impact: v.impact, help: v.help,
    helpUrl: v.helpUrl, targets: v.nodes.map(n => n.target.join(' '))}));
  return {violations: brief(result.violations), review: brief(result.incomplete)};
}"""
DUPLICATE_IDS = """() => {
  const seen = new Map();
  for (const el of document.querySelectorAll('[id]')) seen.set(el.id, (seen.get(el.id) || 0) + 1);
  return [...seen].filter(([, n]) => n > 1).map(([id]) => id);
}"""


@pytest.fixture
def demo(db) -> dict:
    """Load the demo and add what the pages show: a draft, a submitted report, an API token."""
    from baocao.api.tokens import create_token

    data = load_demo()
    users, template = data["users"], data["template"]
    unit, reporter = data["units"]["STTTT"], users["chuyenvien"]
    data["draft"] = create_report(unit=unit, template=template, period="2022-02", by=reporter)
    submitted = create_report(unit=unit, template=template, period="2022-03", by=reporter)
    section = template.sections.order_by("order").first()
    save_draft(
        submitted,
        by=reporter,
        expected_version=submitted.version,
        items=[
            ItemInput(
                text="Tổ chức Hội nghị chuyển đổi số tỉnh Thái Bình năm 2022.",
                section_id=section.pk,
            )
        ],
    )
    submit_report(submitted, by=reporter)  # in the approver's queue, with a notice
    create_token(by=reporter, name="Phần mềm quản lý văn bản")
    february = sample_text().replace("tháng 01 năm 2022", "tháng 02 năm 2022")
    data["imported"] = preview_file(
        february.encode(), "bc-thang-02.txt", unit=unit, template=template, by=reporter
    )
    data["deposits"] = WorkRegister.objects.get(code="LUU-CHIEU")
    data["legal"] = LegalDocument.objects.order_by("pk").first()
    return data


@dataclass(frozen=True)
class Visit:
    """A page to check: who opens it, where, what to do there and what to wait for."""

    name: str
    user: str | None
    path: Callable[[dict], str]
    ready: str = ""
    act: Callable[..., None] | None = None


def _upload_figures(page, demo: dict) -> None:  # type: ignore[no-untyped-def]
    """Upload the draft's figures form with one ambiguous and one bad cell: the preview."""
    import io
    import tempfile

    from openpyxl import load_workbook

    from baocao.reports import figures_xlsx

    book = load_workbook(io.BytesIO(figures_xlsx.build_workbook(demo["draft"])))
    sheet = book[figures_xlsx.SHEET]
    rows = list(sheet.iter_rows(min_row=figures_xlsx.HEADER_ROW + 1))
    rows[0][figures_xlsx.VALUE_COL - 1].value = "1.250"
    rows[-1][figures_xlsx.VALUE_COL - 1].value = "mười"
    with tempfile.NamedTemporaryFile(suffix=".xlsx", delete=False) as file:
        book.save(file)
    page.set_input_files("#id_file", file.name)
    page.click("form.card button[type=submit]")
    page.wait_for_load_state()


def _indicator(demo: dict, code: str) -> int:
    return demo["template"].indicators.get(code=code).pk


def _wrong_password(page, demo: dict) -> None:  # type: ignore[no-untyped-def]
    page.fill("#id_username", "chuyenvien")
    page.fill("#id_password", "sai-mat-khau")
    page.click("main button[type=submit]")
    page.wait_for_selector("main .error")


def _invalid_value(page, demo: dict) -> None:  # type: ignore[no-untyped-def]
    page.fill(f"#value-{_indicator(demo, 'KHIEU_NAI')}", "-3")
    page.click("button[name=save][value='1'].btn-primary")
    page.wait_for_selector("#editor input.invalid")


VISITS = [
    Visit("login", None, lambda d: "/dang-nhap/"),
    Visit("login-error", None, lambda d: "/dang-nhap/", act=_wrong_password),
    Visit("report-list", "chuyenvien", lambda d: "/bao-cao/"),
    Visit("report-detail", "chuyenvien", lambda d: f"/bao-cao/{d['report'].pk}/"),
    Visit("report-editor", "chuyenvien", lambda d: f"/bao-cao/{d['draft'].pk}/soan/"),
    Visit(
        "report-editor-error",
        "chuyenvien",
        lambda d: f"/bao-cao/{d['draft'].pk}/soan/",
        act=_invalid_value,
    ),
    Visit("approval-queue", "giamdoc", lambda d: "/cho-duyet/"),
    Visit("report-history", "chuyenvien", lambda d: f"/bao-cao/{d['report'].pk}/lich-su/"),
    Visit("report-diff", "chuyenvien", lambda d: f"/bao-cao/{d['report'].pk}/so-sanh/"),
    Visit("import-upload", "chuyenvien", lambda d: "/nhap-bao-cao/"),
    Visit("import-preview", "chuyenvien", lambda d: f"/nhap-bao-cao/{d['imported'].pk}/"),
    Visit("search", "chuyenvien", lambda d: "/tra-cuu/?q=lưu+chiểu", ready=".hits li"),
    Visit("legal-list", "chuyenvien", lambda d: "/van-ban/"),
    Visit("legal-document", "chuyenvien", lambda d: f"/van-ban/{d['legal'].pk}/"),
    Visit("notifications", "giamdoc", lambda d: "/thong-bao/"),
    Visit("account", "chuyenvien", lambda d: "/tai-khoan/"),
    Visit("dashboard", "lanhdao", lambda d: "/tong-quan/"),
    Visit(
        "rates", "tonghop", lambda d: f"/tinh-hinh-nop/?template={d['template'].pk}&period=2022-01"
    ),
    Visit(
        "analytics-pivot",
        "lanhdao",
        lambda d: (
            f"/phan-tich/?from=2022-01&to=2022-03"
            f"&indicator={_indicator(d, 'LUU_CHIEU_TL')}"
            f"&indicator={_indicator(d, 'KHIEU_NAI')}"
        ),
        ready="document.documentElement.dataset.chartsReady === '1'",
    ),
    Visit(
        "consolidate", "tonghop", lambda d: f"/tong-hop/?template={d['template'].pk}&period=2022-01"
    ),
    Visit("register-list", "chuyenvien", lambda d: "/so-theo-doi/"),
    Visit("register-detail", "chuyenvien", lambda d: f"/so-theo-doi/{d['deposits'].pk}/"),
    Visit("register-import", "chuyenvien", lambda d: f"/so-theo-doi/{d['deposits'].pk}/nhap/"),
    Visit("register-fill", "chuyenvien", lambda d: f"/bao-cao/{d['draft'].pk}/lay-so-lieu-tu-so/"),
    Visit("signature-check", "chuyenvien", lambda d: "/kiem-tra-chu-ky-so/"),
    Visit("figures-upload", "chuyenvien", lambda d: f"/bao-cao/{d['draft'].pk}/nhap-so-lieu/"),
    Visit(
        "figures-preview",
        "chuyenvien",
        lambda d: f"/bao-cao/{d['draft'].pk}/nhap-so-lieu/",
        ready="table.figures-preview",
        act=_upload_figures,
    ),
]
ENGLISH = {
    "login",
    "report-list",
    "report-detail",
    "report-editor",
    "analytics-pivot",
    "register-detail",
}


def inject_axe(page) -> None:  # type: ignore[no-untyped-def]
    """Load axe-core into the page without weakening its Content-Security-Policy.

    The app's CSP (script-src 'self') refuses the inline script that ``add_script_tag``
    writes, so the source is evaluated through the DevTools protocol, which CSP does not govern.
    """
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))


def axe_check(page) -> dict[str, list[dict]]:  # type: ignore[no-untyped-def]
    """Run axe-core with the WCAG 2.1 A and AA rules; return its violations and undecided checks.

    Contrast that axe cannot measure because a sticky action bar covers the element is measured
    again with the viewport as tall as the page, where nothing is covered.
    """
    inject_axe(page)
    result = page.evaluate(RUN_AXE, ["tag", TAGS])
    if any(found["id"] == "color-contrast" for found in result["review"]):
        size = page.viewport_size
        height = page.evaluate("document.documentElement.scrollHeight")
        page.set_viewport_size({"width": size["width"], "height": min(height, 12000)})
        again = page.evaluate(RUN_AXE, ["rule", ["color-contrast"]])
        page.set_viewport_size(size)
        result["violations"] += again["violations"]
        result["review"] = [
            found for found in result["review"] if found["id"] != "color-contrast"
        ] + again["review"]
    return result


def describe(findings: list[dict]) -> str:
    """Format axe findings for a person: impact, rule, help URL and the elements concerned."""
    lines = []
    for found in findings:
        lines.append(f"  [{found['impact']}] {found['id']}: {found['help']} ({found['helpUrl']})")
        lines.extend(f"      {target}" for target in found["targets"][:10])
        if len(found["targets"]) > 10:
            lines.append(f"      … and {len(found['targets']) - 10} more")
    return "\n".join(lines)


@contextmanager
def open_page(browser, live_server, *, english: bool = False) -> Iterator:  # type: ignore[no-untyped-def]
    """Yield a page in a laptop-sized context, switched to English with the header's switch."""
    context = browser.new_context(
        locale="vi-VN", viewport={"width": 1366, "height": 768}, base_url=live_server.url
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    try:
        if english:
            page.goto("/dang-nhap/")
            page.select_option("#lang-select", "en")
            page.click("form.lang button[type=submit]")
            page.wait_for_load_state()
        yield page
    finally:
        context.close()


def check_page(browser, live_server, demo: dict, visit: Visit, language: str) -> None:  # type: ignore[no-untyped-def]
    """Open ``visit`` as its persona and fail on serious or critical axe violations."""
    with open_page(browser, live_server, english=language == "en") as page:
        if visit.user:
            login(page, visit.user, DEMO_PASSWORD)
        response = page.goto(visit.path(demo))
        assert response is not None and response.ok, f"{visit.name}: {response}"
        if visit.act:
            visit.act(page, demo)
        if visit.ready.startswith("document."):
            page.wait_for_function(visit.ready)
        elif visit.ready:
            page.wait_for_selector(visit.ready)
        assert page.evaluate("document.documentElement.lang") == language
        assert page.evaluate(DUPLICATE_IDS) == [], f"{visit.name}: duplicate ids"
        result = axe_check(page)
        page.screenshot(path=str(SHOTS / f"a11y-{visit.name}-{language}.png"), full_page=True)
        print(f"\n== {visit.name} ({language}): {len(result['violations'])} violation(s)")
        print(describe(result["violations"]))
        if result["review"]:
            print(f"-- {visit.name} ({language}): needs review (not failing)")
            print(describe(result["review"]))
        failing = [v for v in result["violations"] if v["impact"] in FAILING]
        assert not failing, f"{visit.name} ({language}):\n{describe(failing)}"


@pytest.mark.parametrize("visit", VISITS, ids=lambda v: v.name)
def test_page_has_no_serious_accessibility_violation(browser, live_server, demo, visit):
    check_page(browser, live_server, demo, visit, "vi")


@pytest.mark.parametrize("visit", [v for v in VISITS if v.name in ENGLISH], ids=lambda v: v.name)
def test_english_page_has_no_serious_accessibility_violation(browser, live_server, demo, visit):
    check_page(browser, live_server, demo, visit, "en")


# --- Keyboard ------------------------------------------------------------------------------

FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const rect = el.getBoundingClientRect();
  let background = 'rgb(255, 255, 255)';
  for (let node = el.parentElement; node; node = node.parentElement) {
    const color = getComputedStyle(node).backgroundColor;
    if (color && color !== 'transparent' && !/rgba\\(.*, 0\\)$/.test(color)) {
      background = color; break;
    }
  }
  const hit = document.elementFromPoint(rect.left + rect.width / 2, rect.top + rect.height / 2);
  const label = el.labels && el.labels.length ? el.labels[0] : null;
  const visible = !!hit && (hit === el || el.contains(hit) || !!(label && label.contains(hit)));
  return {
    selector: el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
              + (el.name ? `[name="${el.name}"]` : ''),
    text: (el.getAttribute('aria-label') || el.innerText || '').trim().slice(0, 40),
    order: [...document.querySelectorAll('*')].indexOf(el),
    inMain: !!el.closest('main'),
    top: rect.top + window.scrollY, left: rect.left,
    outline: style.outlineStyle === 'none' || parseFloat(style.outlineWidth) === 0
             ? '' : style.outlineColor,
    shadow: style.boxShadow === 'none' ? '' : style.boxShadow,
    background, visible,
  };
}"""


def _rgb(css: str) -> list[tuple[int, int, int]]:
    return [
        tuple(int(float(n)) for n in m.groups()[:3])  # type: ignore[misc]
        for m in re.finditer(r"rgba?\(([\d.]+), ([\d.]+), ([\d.]+)(?:, ([\d.]+))?\)", css)
        if m.group(4) is None or float(m.group(4)) > 0.5
    ]


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    """Return the WCAG contrast ratio of two sRGB colours."""

    def luminance(rgb: tuple[int, int, int]) -> float:
        lin = [c / 3294.6 if c <= 10 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in rgb]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    high, low = sorted([luminance(a), luminance(b)], reverse=True)
    return (high + 0.05) / (low + 0.05)


def focus_indicator_contrast(state: dict) -> float:
    """Return the best contrast between the focus outline or box-shadow and the background."""
    background = _rgb(state["background"])[0]
    rings = _rgb(state["outline"]) + _rgb(state["shadow"])
    return max((contrast(ring, background) for ring in rings), default=0.0)


def tab_through(page, *, until: str, limit: int = 300) -> list[dict]:  # type: ignore[no-untyped-def]
    """Press Tab from the top of a freshly loaded page until ``until`` has focus.

    Return the state of each focused element, in order.
    """
    states = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUSED)
        assert state is not None, f"focus left the page after {[s['selector'] for s in states]}"
        states.append(state)
        if page.evaluate("sel => document.activeElement.matches(sel)", until):
            return states
    raise AssertionError(f"Tab never reached {until} in {limit} presses")


def assert_sensible_focus(states: list[dict], expected_in_order: list[str]) -> None:
    """Check the walk: skip link first, page order, visible indicator, key fields in order."""
    assert states[0]["text"] in {"Bỏ qua đến nội dung", "Skip to content"}
    for before, after in pairwise(states):
        assert after["order"] > before["order"], f"focus went back: {before} → {after}"
        if before["inMain"] and after["inMain"]:
            assert after["top"] >= before["top"] - 4, f"focus went up the page: {before} → {after}"
    for state in states:
        assert state["visible"], f"the focused element is hidden or covered: {state}"
        ratio = focus_indicator_contrast(state)
        assert ratio >= 3, f"no visible focus indicator ({ratio:.2f}:1): {state}"
    reached = [s["selector"] for s in states]
    position = -1
    for want in expected_in_order:
        position = next(
            (i for i in range(position + 1, len(reached)) if reached[i].startswith(want)),
            len(reached),
        )
        assert position < len(reached), f"{want} not reached in order: {reached}"


def _skip_link_leads_to_main(page) -> None:  # type: ignore[no-untyped-def]
    page.reload()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.matches('a.skip')")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("!!document.activeElement.closest('main')")


def test_keyboard_walks_the_report_editor(page, demo):
    draft = demo["draft"]
    login(page, "chuyenvien", DEMO_PASSWORD)
    page.goto(f"/bao-cao/{draft.pk}/soan/")
    first_text = page.locator("#editor textarea[name^=row-]").first.get_attribute("id")
    first_value = page.locator("#editor input[id^=value-]").first.get_attribute("id")
    states = tab_through(page, until="#editor .actions .btn-primary")
    assert_sensible_focus(
        states,
        [
            "a",
            "input#id_title",
            "textarea#id_intro",
            f"textarea#{first_text}",
            f"input#{first_value}",
            'button[name="save"]',
        ],
    )
    page.screenshot(path=str(SHOTS / "a11y-focus-editor.png"))
    _skip_link_leads_to_main(page)


def test_keyboard_walks_a_work_register(page, demo):
    login(page, "chuyenvien", DEMO_PASSWORD)
    page.goto(f"/so-theo-doi/{demo['deposits'].pk}/")
    states = tab_through(page, until="#ghi-so button[type=submit]")
    assert_sensible_focus(
        states,
        [
            "a",
            "select#f-period",
            "select#f-category",
            "input#f-q",
            "input#id_entry_date",
            "select#id_category",
            "input#id_quantity",
            "textarea#id_subject",
            "textarea#id_notes",
            "button",
        ],
    )
    page.screenshot(path=str(SHOTS / "a11y-focus-register.png"))
    _skip_link_leads_to_main(page)
