"""Every page type in real headless Chromium: no console error, no request to another host, screenshots in
both palettes, search, the comparison filter, colour contrast of every badge and chip, the print stylesheet."""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from tests.conftest import ORIGINAL_CANDIDATES

PAGES = {
    "home": "",
    "candidates": "candidates/",
    "candidate": "candidates/c-7d3e91/",
    "roles": "roles/",
    "role": "roles/backend-engineer/",
    "interviewers": "interviewers/",
    "tags": "tags/",
}
PALETTES = ("default", "slate")
#: WCAG 2.x minimum contrast for normal-size text (success criterion 1.4.3).
MIN_CONTRAST = 4.5


def console_errors(browser) -> list[str]:
    return [entry["message"] for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]


def requested_urls(browser) -> list[str]:
    """Every URL requested since the log was last read (page, assets, fetches, web workers)."""
    urls = []
    for entry in browser.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    urls += browser.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    return urls


def foreign(urls: list[str], site_url: str) -> list[str]:
    """The URLs that leave the site's own host (data:, blob: and about: stay in the page)."""
    own = urlsplit(site_url).netloc
    return [u for u in urls if urlsplit(u).scheme not in ("data", "blob", "about") and urlsplit(u).netloc != own]


def set_palette(browser, scheme: str) -> None:
    """Switch Material's palette the way its toggle does (``data-md-color-scheme`` on body).

    Transitions are turned off first: Material animates link colours, and a colour read mid-transition
    is neither palette's.
    """
    browser.execute_script(
        "if (!document.getElementById('no-transitions')) {"
        " const style = document.createElement('style'); style.id = 'no-transitions';"
        " style.textContent = '*, *::before, *::after { transition: none !important; }';"
        " document.head.appendChild(style); }"
        "document.body.setAttribute('data-md-color-scheme', arguments[0]);",
        scheme,
    )


def full_page_screenshot(browser, path: Path) -> None:
    """Save the whole page (not only the viewport) as PNG, capped at 8000 px high."""
    size = browser.execute_cdp_cmd("Page.getLayoutMetrics", {})["cssContentSize"]
    clip = {"x": 0, "y": 0, "width": size["width"], "height": min(size["height"], 8000), "scale": 1}
    shot = browser.execute_cdp_cmd(
        "Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True, "clip": clip}
    )
    path.write_bytes(base64.b64decode(shot["data"]))


def load(browser, url: str) -> None:
    browser.get(url)
    WebDriverWait(browser, 10).until(lambda b: b.execute_script("return document.readyState") == "complete")


@pytest.mark.parametrize("name", list(PAGES))
def test_page_type_loads_cleanly_in_both_palettes(browser, site_url: str, screenshot_dir: Path, name: str) -> None:
    browser.get_log("performance")  # drop what earlier tests requested
    browser.get_log("browser")
    load(browser, site_url + PAGES[name])
    assert browser.find_element(By.CSS_SELECTOR, "article h1").text.strip()
    for scheme in PALETTES:
        set_palette(browser, scheme)
        assert browser.execute_script("return document.body.getAttribute('data-md-color-scheme')") == scheme
        full_page_screenshot(browser, screenshot_dir / f"{name}-{scheme}.png")
    urls = requested_urls(browser)
    assert any(u.endswith("/assets/hiring/hiring.css") for u in urls)
    assert any(u.endswith("/assets/hiring/hiring.js") for u in urls)
    assert foreign(urls, site_url) == []
    assert console_errors(browser) == []


def test_request_check_would_see_a_third_party_request(browser, site_url: str) -> None:
    """The no-third-party check is not vacuous: a request to another host shows up in the logs."""
    load(browser, site_url)
    browser.get_log("performance")
    # Another origin on loopback; port 9 is one Chromium refuses to connect to, so nothing is sent.
    browser.execute_script("fetch('http://127.0.0.1:9/probe.js').catch(() => null)")
    WebDriverWait(browser, 5).until(lambda b: foreign(requested_urls(b), site_url))
    # The failed fetch logs an error a moment later; wait for it so it cannot reach the next test's check.
    WebDriverWait(browser, 5).until(lambda b: any("probe.js" in e.get("message", "") for e in b.get_log("browser")))


@pytest.mark.parametrize(
    ("query", "candidate"),
    [
        ("Kowalczyk", "c-2b8f40"),  # a candidate's name
        ("ClickHouse", "c-7d3e91"),  # a word only in Joaquim Barros' interview notes
        ("dispatch", "c-9e4d27"),  # a word only in Amara Nwosu's screen notes
        ("Nest.js", "c-7d3e91"),  # a dotted name: split at the dot in the index and in the query
    ],
)
def test_search_finds_candidates_by_name_and_by_notes(browser, site_url: str, query: str, candidate: str) -> None:
    browser.get_log("browser")  # only this test's console messages are checked below
    load(browser, site_url)
    box = browser.find_element(By.CSS_SELECTOR, "input.md-search__input")
    box.click()
    # Material says "Initializing search" until its web worker has loaded the index. It re-renders the
    # results panel while it does, so every element is looked up afresh (no stale references) and read in
    # one script call.
    wait = WebDriverWait(browser, 15, ignored_exceptions=(StaleElementReferenceException,))
    wait.until(
        lambda b: b.execute_script(
            "const m = document.querySelector('.md-search-result__meta');"
            "return !!m && m.textContent.trim() !== '' && !m.textContent.includes('Initializing');"
        )
    )
    box.send_keys(query)
    target = f"candidates/{candidate}/"

    def result_links(b):
        links = b.execute_script(
            "return Array.from(document.querySelectorAll('.md-search-result__item a')).map(a => a.href || '')"
        )
        return links if any(target in link for link in links) else False

    links = wait.until(result_links)
    assert any(urlsplit(link).path.endswith(target) for link in links)

    def open_result(b):
        b.find_element(By.CSS_SELECTOR, f".md-search-result__item a[href*='{target}']").click()
        return True

    wait.until(open_result)
    WebDriverWait(browser, 10).until(lambda b: urlsplit(b.current_url).path.endswith(target))
    assert console_errors(browser) == []


def visible_rows(browser) -> list[str]:
    """The visible rows of the example's first candidates (the example data may have more)."""
    rows = browser.find_elements(By.CSS_SELECTOR, "table.hkb-matrix tbody tr")
    return [
        r.get_attribute("data-candidate")
        for r in rows
        if r.is_displayed() and r.get_attribute("data-candidate") in ORIGINAL_CANDIDATES
    ]


def test_comparison_matrix_filters_by_stage_and_status(browser, site_url: str, screenshot_dir: Path) -> None:
    load(browser, site_url + "roles/qa-engineer/")
    form = browser.find_element(By.CSS_SELECTOR, "form.hkb-filter")
    assert form.is_displayed(), "the script shows the filter"
    count = form.find_element(By.CSS_SELECTOR, ".hkb-filter__count")
    empty = browser.find_element(By.CSS_SELECTOR, ".hkb-filter__empty")
    assert visible_rows(browser) == ["c-2b8f40", "c-5a1c06"]
    assert count.text == "Showing 4 of 4 candidates"
    status = Select(form.find_element(By.NAME, "status"))
    stage = Select(form.find_element(By.NAME, "stage"))
    status.select_by_value("rejected")
    assert visible_rows(browser) == ["c-5a1c06"]
    assert count.text == "Showing 2 of 4 candidates"  # Marta Okafor, Mateo Rossi
    status.select_by_value("active")
    assert visible_rows(browser) == ["c-2b8f40"]
    stage.select_by_value("screen")
    assert visible_rows(browser) == []
    assert empty.is_displayed() and empty.text == "No candidate matches this filter."
    stage.select_by_value("technical")
    assert visible_rows(browser) == ["c-2b8f40"] and not empty.is_displayed()
    browser.execute_script("arguments[0].scrollIntoView()", form)
    browser.save_screenshot(str(screenshot_dir / "role-filtered.png"))
    status.select_by_value("")
    stage.select_by_value("")
    assert visible_rows(browser) == ["c-2b8f40", "c-5a1c06"]
    assert console_errors(browser) == []


# One element per badge level, verdict, status, recommendation, calibration flag and attention kind, put into
# the page so every class is measured even when the example data has no candidate with that verdict.
SPECIMEN = "".join(
    [
        *(
            f'<div class="hkb-badge hkb-level-{lv}" data-specimen="badge-{lv}"><span>Badge</span></div>'
            for lv in ("1", "2", "3", "4", "none")
        ),
        *(
            f'<span class="hkb-mini hkb-level-{lv}" data-specimen="mini-{lv}">3.0</span>'
            for lv in ("1", "2", "3", "4", "none")
        ),
        *(
            f'<span class="hkb-chip hkb-level-{lv}" data-specimen="chip-{lv}">3 Meets</span>'
            for lv in ("1", "2", "3", "4", "none")
        ),
        *(
            f'<div class="hkb-competency__level hkb-level-{lv}" data-specimen="rubric-{lv}">Rubric</div>'
            for lv in ("1", "2", "3", "4")
        ),
        *(
            f'<span class="hkb-verdict hkb-verdict--{v}" data-specimen="verdict-{v}">{v}</span>'
            for v in ("strong-fit", "fit", "weak-fit", "incomplete", "no-fit", "not-assessed")
        ),
        *(
            f'<span class="hkb-status hkb-status--{s}" data-specimen="status-{s}">{s}</span>'
            for s in ("active", "hired", "rejected", "withdrawn", "open", "paused", "closed")
        ),
        *(
            f'<span class="hkb-rec hkb-rec--{r}" data-specimen="rec-{r}">{r}</span>'
            for r in ("strong-no", "no", "yes", "strong-yes", "no-decision")
        ),
        *(
            f'<span class="hkb-flag hkb-flag--{f}" data-specimen="flag-{f}">{f}</span>'
            for f in ("lenient", "harsh", "ok", "few")
        ),
        *(
            f'<span class="hkb-reason__kind hkb-reason__kind--{k}" data-specimen="reason-{k}">{k}</span>'
            for k in ("retention", "stale", "incomplete", "split")
        ),
        '<abbr class="hkb-must" data-specimen="must">must</abbr>',
        *(
            f'<span class="hkb-panel__state hkb-panel__state--{k}" data-specimen="panel-{k}">{k}</span>'
            for k in ("ready", "waiting", "not-planned")
        ),
    ]
)

CONTRAST_JS = """
const selector = arguments[0];
function parse(value) {
  const m = value.match(/rgba?\\(([^)]+)\\)/);
  if (!m) throw new Error('unexpected colour ' + value);
  const p = m[1].split(/[ ,\\/]+/).filter(Boolean).map(parseFloat);
  return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
}
function over(top, bottom) {
  const a = top[3];
  return [0, 1, 2].map(i => top[i] * a + bottom[i] * (1 - a)).concat([1]);
}
function background(el) {
  const layers = [];
  for (let e = el; e; e = e.parentElement) {
    const c = parse(getComputedStyle(e).backgroundColor);
    if (c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
  }
  let colour = [255, 255, 255, 1];
  for (let i = layers.length - 1; i >= 0; i--) colour = over(layers[i], colour);
  return colour;
}
function luminance(c) {
  const [r, g, b] = c.slice(0, 3).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
function ratio(a, b) {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}
return Array.from(document.querySelectorAll(selector)).filter(el => el.getClientRects().length).map(el => {
  const bg = background(el);
  const isSvgText = el instanceof SVGElement;
  const fg = over(parse(isSvgText ? getComputedStyle(el).fill : getComputedStyle(el).color), bg);
  const label = el.dataset.specimen || (el.getAttribute('class') + ': ' + el.textContent.trim().slice(0, 30));
  return [label, Math.round(ratio(fg, bg) * 100) / 100];
});
"""

MEASURED = (
    "[data-specimen], .hkb-badge, .hkb-mini, .hkb-chip, .hkb-verdict, .hkb-status, .hkb-rec, .hkb-flag, "
    ".hkb-reason__kind, abbr.hkb-must, .hkb-chart__svg text, .hkb-stat__label, .hkb-summary__reason, .hkb-note, "
    ".hkb-facts dt, .hkb-evidence__none, .hkb-panel__count, .hkb-panel__state, .hkb-split, .hkb-scale__label, "
    ".hkb-summary__legend, .hkb-scroll-hint, .hkb-loop__started, .hkb-interview__evidence, .hkb-split-note"
)


@pytest.mark.parametrize("scheme", PALETTES)
@pytest.mark.parametrize("name", ["candidate", "role", "home", "interviewers"])
def test_badges_and_chips_meet_the_contrast_bar(browser, site_url: str, name: str, scheme: str) -> None:
    load(browser, site_url + PAGES[name])
    set_palette(browser, scheme)
    browser.execute_script(
        "const box = document.createElement('div'); box.innerHTML = arguments[0];"
        "document.querySelector('article.md-typeset').appendChild(box);",
        SPECIMEN,
    )
    measured = browser.execute_script(CONTRAST_JS, MEASURED)
    labels = set(re.findall(r'data-specimen="([^"]+)"', SPECIMEN))
    assert len(labels) == 49
    assert labels <= {label for label, _ in measured}, "every specimen was measured"
    low = [(label, value) for label, value in measured if value < MIN_CONTRAST]
    assert low == [], f"below {MIN_CONTRAST}:1 in {scheme}: {low}"


def test_print_stylesheet_hides_the_site_and_keeps_badges_legible(browser, site_url: str, screenshot_dir: Path) -> None:
    load(browser, site_url + PAGES["candidate"])
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        hidden = browser.execute_script(
            "return ['.md-header', '.md-sidebar--primary', '.md-sidebar--secondary', '.md-footer']"
            ".map(s => document.querySelector(s)).filter(Boolean).map(e => getComputedStyle(e).display)"
        )
        assert hidden and set(hidden) == {"none"}
        badges = browser.execute_script(
            "return Array.from(document.querySelectorAll('.hkb-badges .hkb-badge')).map(b => {"
            " const s = getComputedStyle(b); return [b.dataset.competency, s.color, s.backgroundColor, s.borderTopColor,"
            " b.querySelector('.hkb-badge__value').textContent.trim()]; })"
        )
        assert [b[0] for b in badges] == ["english", "ownership", "design", "code", "leadership", "processes"]
        for competency, colour, background, border, value in badges:
            assert (colour, background, border) == ("rgb(0, 0, 0)", "rgb(255, 255, 255)", "rgb(0, 0, 0)"), competency
            assert value.endswith("Meets"), "the level is written out, not only coloured"
        full_page_screenshot(browser, screenshot_dir / "candidate-print.png")
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    assert console_errors(browser) == []


def test_charts_render_with_accessible_names(browser, site_url: str) -> None:
    for path, kind in ((PAGES["candidate"], "profile"), (PAGES["role"], "funnel")):
        load(browser, site_url + path)
        svg = browser.find_element(By.CSS_SELECTOR, f"[data-chart='{kind}'] svg")
        assert svg.size["width"] > 300 and svg.size["height"] > 80
        assert svg.get_attribute("role") == "img"
        title_id, desc_id = svg.get_attribute("aria-labelledby").split()
        title = browser.execute_script("return document.getElementById(arguments[0]).textContent", title_id)
        desc = browser.execute_script("return document.getElementById(arguments[0]).textContent", desc_id)
        assert title in ("Competency profile of Joaquim Barros", "Funnel of Backend Engineer")
        assert desc.startswith(("Mean rating per competency", "Candidates of Backend Engineer reaching each stage"))
        summary = browser.find_element(By.CSS_SELECTOR, f"[data-chart='{kind}'] details summary")
        summary.click()
        text = browser.find_element(By.CSS_SELECTOR, f"[data-chart='{kind}'] details")
        assert text.find_element(By.CSS_SELECTOR, "li, tbody tr").is_displayed()
