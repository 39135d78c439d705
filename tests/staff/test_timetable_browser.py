"""One full edit of a service's hours in real headless Chromium (issue 18, item 7): the clerk changes
the one-stop shop's Saturday on the timetable page, saves, sees the revision, and the public page
shows the new hours."""
from __future__ import annotations

import pytest

from ivr import config
from tests.staff.test_browser import expect, log_in


@pytest.fixture
def app(app):
    """The ordinary test app, with cookies for plain http (the live server is http://127.0.0.1)."""
    config.change(app, IVR_SECURE_COOKIES=False)
    return app


def test_edit_the_one_stop_shops_saturday_and_see_it_on_the_public_page(live_server, page, staff):
    check = expect()
    log_in(page, live_server, then="/staff/timetable")
    check(page.get_by_role("heading", level=1)).to_have_text("Службы, особые даты и объявления")
    saturday = page.locator("#service-0-sat_closes")
    check(saturday).to_have_value("13:00")
    saturday.fill("14:30")
    page.get_by_role("button", name="Сохранить").click()
    check(page.locator(".flash")).to_contain_text("Сохранено.")
    check(page.locator("#service-0-sat_closes")).to_have_value("14:30")
    # A wrong value is named at its field and nothing is saved.
    page.fill("#service-0-sat_lunch_start", "16:00")
    page.fill("#service-0-sat_lunch_end", "16:30")
    page.get_by_role("button", name="Сохранить").click()
    check(page.locator("#service-0-sat_lunch_start-error")).to_contain_text("Обед должен быть внутри рабочего дня")
    page.goto(live_server + "/ru")
    check(page.locator("#service-one-stop")).to_contain_text("Суббота 09:00–14:30")
