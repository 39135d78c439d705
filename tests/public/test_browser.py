"""The public page in headless Chromium: three languages, tel: links, open-now at a fixed moment,
an axe-core audit with no violations, and no sideways scrolling on a small phone at 200% zoom.

axe-core comes from the npm registry (pinned in tests/public/a11y/package.json); install it with
`npm ci --prefix tests/public/a11y`. Without it the audit is skipped with that message.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterator

import pytest

MONDAY_MORNING = "2026-11-30 10:00"
AXE = Path(__file__).parent / "a11y" / "node_modules" / "axe-core" / "axe.min.js"

EXPECTED = {
    "ru": ("Копыльский районный исполнительный комитет", "Открыто до 13:00",
           "Открыто до тринадцати часов."),
    "be": ("Капыльскі раённы выканаўчы камітэт", "Адчынена да 13:00",
           "Адчынена да трынаццатай гадзіны."),
    "en": ("Kopyl District Executive Committee", "Open until 13:00",
           "The office is open until one p.m."),
}
BROWSER_LOCALE = {"ru": "ru-RU", "be": "be-BY", "en": "en-US"}


@pytest.fixture
def tab(browser: Any) -> Iterator[Any]:
    """A tab whose context lets a test inject axe-core despite the page's Content-Security-Policy."""
    context = browser.new_context(locale="ru-RU", bypass_csp=True)
    yield context.new_page()
    context.close()


def visible_text(page: Any, selector: str) -> str:
    return " ".join(page.locator(selector).inner_text().split())


@pytest.mark.parametrize("lang", ["ru", "be", "en"])
def test_the_page_in_each_language_with_open_now_at_a_fixed_moment(live_server, at, browser, lang):
    at(MONDAY_MORNING)
    context = browser.new_context(locale=BROWSER_LOCALE[lang])  # the browser's language picks the page's
    page = context.new_page()
    try:
        response = page.goto(live_server + "/")
        assert response.status == 200
        name, short, sentence = EXPECTED[lang]
        assert page.locator("html").get_attribute("lang") == lang
        assert visible_text(page, "h1") == name
        assert visible_text(page, "#state") == short
        assert visible_text(page, "#status-sentence") == sentence
        assert page.title().startswith(name)
    finally:
        context.close()


def test_the_language_switch_works_by_plain_links(live_server, at, page):
    at(MONDAY_MORNING)
    page.goto(live_server + "/")
    assert page.locator("html").get_attribute("lang") == "ru"
    page.get_by_role("link", name="Беларуская").click()
    page.wait_for_url(live_server + "/be")
    assert page.locator("html").get_attribute("lang") == "be"
    assert visible_text(page, "#state") == EXPECTED["be"][1]
    page.get_by_role("link", name="English").click()
    page.wait_for_url(live_server + "/en")
    assert visible_text(page, "h1") == EXPECTED["en"][0]
    current = page.locator("nav a[aria-current=page]")
    assert current.inner_text() == "English"


def test_phone_numbers_are_tel_links(live_server, at, page):
    at(MONDAY_MORNING)
    page.goto(live_server + "/ru")
    links = page.locator("section[aria-labelledby='contacts-heading'] a[href^='tel:']")
    found = [(links.nth(i).get_attribute("href"), links.nth(i).inner_text()) for i in range(links.count())]
    assert found == [("tel:+375171928260", "+375 (1719) 28-2-60"),  # the hot line
                     ("tel:+375171928260", "+375 (1719) 28-2-60")]  # the fax 55-2-41 is no link
    # Receptions and where to go (issue 18) link their numbers too: the demo's national ones.
    others = page.locator("main ul.directory a[href^='tel:']")
    assert [others.nth(i).get_attribute("href") for i in range(others.count())] == [
        "tel:101", "tel:102", "tel:104", "tel:115", "tel:103"]
    hotline = page.get_by_role("link", name="+375 (1719) 28-2-60").first
    assert hotline.is_visible()


def test_it_works_without_javascript(live_server, at, browser):
    at(MONDAY_MORNING)
    context = browser.new_context(java_script_enabled=False, locale="en-US")
    page = context.new_page()
    try:
        page.goto(live_server + "/")
        assert visible_text(page, "#status-sentence") == EXPECTED["en"][2]
        page.get_by_role("link", name="Русский").click()
        page.wait_for_url(live_server + "/ru")
        assert visible_text(page, "#state") == EXPECTED["ru"][1]
    finally:
        context.close()


def _axe(page: Any) -> dict[str, Any]:
    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        """async () => {
            const results = await axe.run(document, {resultTypes: ['violations']});
            return {
                version: axe.version,
                violations: results.violations.map(v => ({
                    id: v.id, impact: v.impact, help: v.help,
                    nodes: v.nodes.map(n => ({target: n.target, summary: n.failureSummary})),
                })),
                passes: results.passes.length,
            };
        }"""
    )


@pytest.mark.parametrize("lang", ["ru", "be", "en"])
@pytest.mark.parametrize("moment", [MONDAY_MORNING, "2026-11-30 13:30", "2026-11-28 11:00"])
def test_axe_finds_no_accessibility_violations(live_server, at, tab, lang, moment):
    if not AXE.exists():
        pytest.skip("the accessibility audit needs axe-core: npm ci --prefix tests/public/a11y")
    at(moment)
    tab.goto(f"{live_server}/{lang}")
    result = _axe(tab)
    assert result["passes"] > 10, result  # axe really ran
    assert result["violations"] == [], json.dumps(result["violations"], ensure_ascii=False, indent=1)


def _sideways_overflow(page: Any) -> int:
    return page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")


@pytest.mark.parametrize("lang", ["ru", "be", "en"])
def test_no_sideways_scrolling_on_a_small_phone_at_200_percent(live_server, at, browser, lang):
    at(MONDAY_MORNING)
    # Page zoom 200% on a 360 px wide phone leaves 180 CSS pixels for the page.
    context = browser.new_context(viewport={"width": 180, "height": 370}, device_scale_factor=2)
    page = context.new_page()
    try:
        page.goto(f"{live_server}/{lang}")
        assert _sideways_overflow(page) <= 0
        # The hours table stacks its cells there, and stays a table for a screen reader.
        table = page.locator("table.hours").first.aria_snapshot()  # the reception's; the services' follow
        assert "rowheader" in table and "columnheader" in table and "- cell" in table
        # Text-only zoom to 200% at the phone's own width: the browser's default font size doubled,
        # as the text-size setting of a phone's browser does (rem and media queries follow it).
        page.set_viewport_size({"width": 360, "height": 740})
        cdp = context.new_cdp_session(page)
        cdp.send("Page.setFontSizes", {"fontSizes": {"standard": 32, "fixed": 26}})
        page.reload()
        assert page.evaluate("() => getComputedStyle(document.documentElement).fontSize") == "32px"
        assert _sideways_overflow(page) <= 0
    finally:
        context.close()


def test_the_audit_would_catch_a_broken_page(tab):
    """The audit is not a no-op: a page without a language and with an unlabelled image fails it."""
    if not AXE.exists():
        pytest.skip("the accessibility audit needs axe-core: npm ci --prefix tests/public/a11y")
    tab.set_content("<!doctype html><html><head><title>x</title></head><body><img src='x.png'></body></html>")
    ids = {v["id"] for v in _axe(tab)["violations"]}
    assert {"html-has-lang", "image-alt"} <= ids


@pytest.mark.parametrize("lang", ["ru", "be"])
def test_the_procedures_page_is_clean_for_axe_and_searches_without_javascript(live_server, at, tab, browser, lang):
    if not AXE.exists():
        pytest.skip("the accessibility audit needs axe-core: npm ci --prefix tests/public/a11y")
    at(MONDAY_MORNING)
    tab.goto(f"{live_server}/{lang}/procedures?q=1.3.1")
    result = _axe(tab)
    assert result["passes"] > 10, result
    assert result["violations"] == [], json.dumps(result["violations"], ensure_ascii=False, indent=1)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{live_server}/{lang}/procedures")
        page.get_by_role("searchbox").fill("5.1")
        page.get_by_role("searchbox").press("Enter")
        page.wait_for_url(f"{live_server}/{lang}/procedures?q=5.1")
        assert page.locator("article.procedure h3").all_inner_texts() == [
            {"ru": "5.1. Регистрация рождения", "be": "5.1. Рэгістрацыя нараджэння"}[lang]]
    finally:
        context.close()
