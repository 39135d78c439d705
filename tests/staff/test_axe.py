"""An axe-core audit of the staff pages in headless Chromium: no accessibility violations.

axe-core is the one the public page's audit installs (`npm ci --prefix tests/public/a11y`); without
it this audit is skipped with that message.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.staff.conftest import PASSWORD

AXE = Path(__file__).resolve().parents[1] / "public" / "a11y" / "node_modules" / "axe-core" / "axe.min.js"
PAGES = ["/staff/", "/staff/hours", "/staff/timetable", "/staff/contacts", "/staff/texts/be", "/staff/headlines", "/staff/headlines/new",
         "/staff/pronunciation", "/staff/history", "/staff/history/1", "/staff/test-call", "/staff/accounts",
         "/staff/password", "/staff/two-factor", "/staff/audio", "/staff/hours/date", "/staff/feeds",
         "/staff/history/1/restore"]


@pytest.fixture
def tab(browser):
    """A tab that may inject axe-core despite the pages' Content-Security-Policy."""
    context = browser.new_context(locale="ru-RU", bypass_csp=True)
    yield context.new_page()
    context.close()


def audit(page):
    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        """async () => {
            const results = await axe.run(document, {resultTypes: ['violations']});
            return {violations: results.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                        nodes: v.nodes.slice(0, 3).map(n => ({target: n.target, summary: n.failureSummary}))})),
                    passes: results.passes.length};
        }"""
    )


def test_axe_finds_no_violations_on_the_staff_pages(app, live_server, tab, staff):
    if not AXE.exists():
        pytest.skip("the accessibility audit needs axe-core: npm ci --prefix tests/public/a11y")
    app.config["SESSION_COOKIE_SECURE"] = False  # the live server is plain http
    tab.goto(live_server + "/staff/login")
    found = {"/staff/login": audit(tab)}
    tab.fill("#username", "anna")
    tab.fill("#password", PASSWORD)
    tab.click("button[type=submit]")
    tab.wait_for_url(live_server + "/staff/")
    for url in PAGES:
        tab.goto(live_server + url)
        found[url] = audit(tab)
    # A form with problems, and a test call under way.
    tab.goto(live_server + "/staff/hours")
    tab.fill("#mon_lunch_end", "19:00")
    tab.click("main button[type=submit]")
    found["/staff/hours (rejected)"] = audit(tab)
    tab.goto(live_server + "/staff/test-call")
    tab.click("#start-call")
    tab.locator("#transcript .turn").first.wait_for()
    found["/staff/test-call (calling)"] = audit(tab)
    for url, result in found.items():
        assert result["passes"] > 10, url  # axe really ran
    violations = {url: result["violations"] for url, result in found.items() if result["violations"]}
    assert violations == {}, json.dumps(violations, ensure_ascii=False, indent=1)
