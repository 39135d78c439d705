"""Every staff page on a phone (360 px wide, and 320 px): no sideways scrolling, a menu that folds away
(issue 21, item 2). The pages are found in the app's URL map, so a new page is checked without
being listed here; a URL with a part this file has no sample for fails and says which.
"""
from __future__ import annotations

import pytest

from sqlalchemy import select

from ivr.content.store import current_office
from ivr.extensions import db
from ivr.news.models import Feed
from tests.staff.conftest import PASSWORD
from tests.staff.test_history_undo import three_changes

NOT_PAGES = {"staff.static", "staff.statistics_csv", "staff.inbox_recording", "staff.pronunciation_hear"}


def sample_values(app) -> dict[str, str]:
    """A value that opens a real page for each kind of URL part (a news feed is added for the feed pages)."""
    with app.test_request_context():
        headline = next(h.id for h in current_office().office.headlines if not h.source)
        feed = db.session.execute(select(Feed).order_by(Feed.id)).scalars().first()
        if feed is None:
            feed = Feed(url="https://kopyl.example/rss", lang="ru", name="Капыльскі раён", last_error="unreachable")
            db.session.add(feed)
            db.session.commit()
        return {"lang": "be", "headline_id": headline, "revision": "2", "action": "delete", "feed_id": str(feed.id),
                "key": "greeting", "number": "1.1.5"}


def staff_pages(app) -> list[str]:
    """Every staff URL that shows a page to a logged-in admin (GET, HTML)."""
    samples = sample_values(app)
    urls = []
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("staff.") or "GET" not in rule.methods or rule.endpoint in NOT_PAGES:
            continue
        missing = set(rule.arguments) - set(samples)
        assert not missing, f"{rule.rule}: add a sample value for {missing} to tests/staff/test_small_screens.py"
        urls.append(rule.build({name: samples[name] for name in rule.arguments})[1])
    return sorted(set(urls))


def sideways(tab) -> int | str:
    """How many CSS pixels the page is wider than the window (0: no sideways scrolling), with the first
    elements that stick out (to say what to fix)."""
    return tab.evaluate("""() => {
        const over = document.documentElement.scrollWidth - document.documentElement.clientWidth;
        if (over <= 0) return 0;
        const width = document.documentElement.clientWidth;
        const out = [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > width + 1 && !e.parentElement.closest('.table-scroll'))
            .slice(0, 4).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className ? '.' + e.className : ''));
        return over + ' px: ' + out.join(', ');
    }""")


def log_in_as_admin(tab, live_server: str) -> None:
    tab.goto(live_server + "/staff/login")
    tab.fill("#username", "anna")
    tab.fill("#password", PASSWORD)
    tab.click("button[type=submit]")
    tab.wait_for_url(live_server + "/staff/")


@pytest.fixture
def phone(browser):
    context = browser.new_context(locale="ru-RU", viewport={"width": 360, "height": 740})
    yield context.new_page()
    context.close()


def test_every_staff_page_fits_a_phone_screen(app, live_server, phone, staff, login, client):
    app.config["SESSION_COOKIE_SECURE"] = False  # the live server is plain http
    three_changes(app, login, client)  # a history with changes to look at
    phone.goto(live_server + "/staff/login")
    wide = {"/staff/login": sideways(phone)}
    log_in_as_admin(phone, live_server)
    urls = staff_pages(app)
    assert {"/staff/", "/staff/hours", "/staff/texts/be", "/staff/history/2/undo", "/staff/statistics"} <= set(urls)
    for width in (360, 320):
        phone.set_viewport_size({"width": width, "height": 740})
        for url in urls:
            response = phone.goto(live_server + url)
            assert response.ok, url
            if "text/html" in response.headers.get("content-type", ""):
                wide[f"{url} at {width} px"] = sideways(phone)
    assert {url: px for url, px in wide.items() if px} == {}
    assert len(wide) > 2 * 15


def test_the_menu_folds_away_on_a_phone_and_opens_without_a_script(app, live_server, browser, staff):
    app.config["SESSION_COOKIE_SECURE"] = False
    context = browser.new_context(locale="ru-RU", viewport={"width": 360, "height": 740}, java_script_enabled=False)
    tab = context.new_page()
    log_in_as_admin(tab, live_server)
    heading = tab.get_by_role("heading", level=1).bounding_box()
    assert heading["y"] + heading["height"] < 740 * 0.3  # the page starts in the first third of the screen
    hours = tab.locator(".main-nav").get_by_role("link", name="Часы работы", exact=True)
    assert not hours.is_visible()
    tab.locator(".menu > summary").click()
    assert hours.is_visible()
    hours.click()
    tab.wait_for_url(live_server + "/staff/hours")
    tab.set_viewport_size({"width": 1280, "height": 800})  # a desk screen: the menu is simply there
    tab.goto(live_server + "/staff/")
    assert hours.is_visible() and not tab.locator(".menu > summary").is_visible()
    context.close()
