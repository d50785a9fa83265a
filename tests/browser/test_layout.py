"""Reading comfort in real headless Chromium (issue 12): at 1280 px no table is cut off without a cue (the
ranking matrix and the candidates index fit), at 390 px nothing overflows the page and ranked rows become
labelled cards. Screenshots of every page at both widths and in both palettes land in tests/screenshots/."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.test_pages import PALETTES, console_errors, full_page_screenshot, load, set_palette

PAGES = {
    "home": "",
    "candidates": "candidates/",
    "candidate": "candidates/c-7d3e91/",
    "role": "roles/backend-engineer/",
    "interviewers": "interviewers/",
}
WIDTHS = (1280, 390)

#: Per table wrapper: [is it wider than its box, does it carry the scroll cue, is the cue's text shown].
TABLES_JS = """
return Array.from(document.querySelectorAll('.hkb-table-wrap')).filter(w => w.getClientRects().length).map(w => {
  const hint = w.nextElementSibling && w.nextElementSibling.classList.contains('hkb-scroll-hint') ? w.nextElementSibling : null;
  return [w.querySelector('table').className, w.scrollWidth > w.clientWidth + 1, w.hasAttribute('data-scrollable'),
          !!hint && hint.getClientRects().length > 0 && hint.textContent];
});
"""


def set_width(browser, width: int) -> None:
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": 1000, "deviceScaleFactor": 1, "mobile": width < 600},
    )


@pytest.fixture
def width_override(browser):
    yield lambda width: set_width(browser, width)
    browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", list(PAGES))
def test_pages_fit_the_width_and_never_cut_a_table_silently(
    browser, site_url: str, screenshot_dir: Path, width_override, name: str, width: int
) -> None:
    width_override(width)
    browser.get_log("browser")
    load(browser, site_url + PAGES[name])
    assert browser.execute_script("return window.innerWidth") == width
    for scheme in PALETTES:
        set_palette(browser, scheme)
        full_page_screenshot(browser, screenshot_dir / f"{name}-{width}-{scheme}.png")
    # the page itself never scrolls sideways
    assert browser.execute_script("return document.documentElement.scrollWidth") <= width
    for table, wider, marked, hint in browser.execute_script(TABLES_JS):
        # a table wider than its box says so, with the cue and a line of text; none is cut off silently
        assert wider == marked, table
        assert (hint == "Wider than the page: scroll sideways to see every column.") if wider else not hint, table
        if width == 1280 and ("hkb-matrix" in table or "hkb-candidates" in table):
            assert not wider, f"{table} should fit at 1280 px"
    assert console_errors(browser) == []


def test_ranked_rows_are_labelled_cards_at_390_px(browser, site_url: str, width_override) -> None:
    width_override(390)
    load(browser, site_url + PAGES["role"])
    cards = browser.execute_script(
        "return Array.from(document.querySelectorAll('table.hkb-matrix tbody tr')).map(tr => {"
        " const r = tr.getBoundingClientRect();"
        " const labels = Array.from(tr.cells).map(td => getComputedStyle(td, '::before').content);"
        " return [tr.dataset.candidate, Math.round(r.left), Math.round(r.right), getComputedStyle(tr).display, labels]; })"
    )
    assert {"c-7d3e91", "c-9e4d27"} <= {c[0] for c in cards}  # ranked cards of the example candidates
    for candidate, left, right, display, labels in cards:
        assert display == "block" and left >= 0 and right <= 390, candidate
        assert labels[:7] == ['"#"', '"Candidate"', '"Stage"', '"Verdict"', '"Fit"', '"Coverage"', '"Panel"']
        assert labels[7] == '"Strong English ★"'
    header = browser.execute_script(
        "return document.querySelector('table.hkb-matrix thead').getBoundingClientRect().height"
    )
    assert header <= 1, "the column headers give way to the labels"
    assert console_errors(browser) == []
