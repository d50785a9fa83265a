"""The candidate and role pages in real headless Chromium."""

from __future__ import annotations

from pathlib import Path

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from tests.conftest import ORIGINAL_CANDIDATES


def console_errors(browser) -> list[str]:
    return [entry["message"] for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]


def test_rubric_shows_on_keyboard_focus(browser, site_url: str, screenshot_dir: Path) -> None:
    browser.get(site_url + "candidates/c-5a1c06/")
    assert browser.find_element(By.CSS_SELECTOR, "article h1").text.strip() == "Marta Okafor"
    tooltip = browser.find_element(By.ID, "rubric-english")
    assert not tooltip.is_displayed()
    # Tab from the page body until the first badge has focus, as a keyboard user would.
    body = browser.find_element(By.TAG_NAME, "body")
    body.click()
    for _ in range(60):
        active = browser.switch_to.active_element
        if active.get_attribute("data-competency") == "english":
            break
        active.send_keys(Keys.TAB)
    assert browser.switch_to.active_element.get_attribute("data-competency") == "english"
    assert tooltip.is_displayed()
    assert "2 · Below Understands, but reports and explanations need rework." in tooltip.text.replace("\n", " ")
    browser.save_screenshot(str(screenshot_dir / "candidate-rubric-focus.png"))
    assert console_errors(browser) == []


def test_role_page_loads_without_console_errors(browser, site_url: str, screenshot_dir: Path) -> None:
    browser.get(site_url + "roles/backend-engineer/")
    rows = browser.find_elements(By.CSS_SELECTOR, "table.hkb-matrix tbody tr")
    assert [
        r.get_attribute("data-candidate") for r in rows if r.get_attribute("data-candidate") in ORIGINAL_CANDIDATES
    ] == ["c-7d3e91", "c-9e4d27"]
    browser.save_screenshot(str(screenshot_dir / "role-page.png"))
    assert console_errors(browser) == []
