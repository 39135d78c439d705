"""Issue 21, item 5: the public page on a 360 px phone: the hot line as a large button in the status
box on the first screen, no sideways scrolling, and no tap target under 44 × 44 px (tel links too)."""
from __future__ import annotations

from typing import Any, Iterator

import pytest

MONDAY_MORNING = "2026-11-30 10:00"
PHONE = {"width": 360, "height": 740}
CALL = {"ru": "Позвонить на горячую линию", "be": "Патэлефанаваць на гарачую лінію", "en": "Call the hot line"}

SMALL_TAP_TARGETS = """() => [...document.querySelectorAll('a[href], button, input, select, textarea, summary')]
    .map(e => ({what: (e.innerText || e.getAttribute('href') || e.tagName).trim(), box: e.getBoundingClientRect()}))
    .filter(t => t.box.width > 0 && t.box.height > 0 && (t.box.width < 44 || t.box.height < 44))
    .map(t => `${t.what}: ${Math.round(t.box.width)} × ${Math.round(t.box.height)} px`)"""


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    """A tab as wide as a small phone."""
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("lang", ["ru", "be", "en"])
def test_the_hot_line_is_a_large_button_in_the_status_box_on_the_first_screen(live_server, at, phone, lang):
    at(MONDAY_MORNING)
    phone.goto(f"{live_server}/{lang}")
    button = phone.locator("section.now").get_by_role("link", name=CALL[lang])
    assert button.count() == 1
    assert button.get_attribute("href") == "tel:+375171928260"
    assert " ".join(button.inner_text().split()) == f"{CALL[lang]} +375 (1719) 28-2-60"
    box = button.bounding_box()
    assert box["y"] + box["height"] <= PHONE["height"], box  # seen without scrolling
    assert box["height"] >= 48 and box["width"] >= 0.8 * PHONE["width"], box


@pytest.mark.parametrize("lang", ["ru", "be", "en"])
def test_no_sideways_scrolling_and_no_tap_target_under_44_px_at_360_px(live_server, at, phone, lang):
    at(MONDAY_MORNING)
    phone.goto(f"{live_server}/{lang}")
    assert phone.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    assert phone.locator("a[href^='tel:']").count() >= 3  # the button, the hot line, the footer's number
    assert phone.evaluate(SMALL_TAP_TARGETS) == []


def test_the_tap_target_check_would_catch_a_small_link(phone):
    """The check is not a no-op: a plain 16 px text link is reported."""
    phone.set_content("<!doctype html><html lang='en'><title>x</title><p><a href='tel:+1'>call</a></p>")
    assert len(phone.evaluate(SMALL_TAP_TARGETS)) == 1
