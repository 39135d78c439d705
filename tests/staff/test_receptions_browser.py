"""Issue 18, item 7: one full edit of a reception in real headless Chromium: a wrong time is shown
next to its field, the corrected form is saved as a new revision, and the public page shows it."""
from __future__ import annotations

from tests.staff.test_browser import app, expect, log_in  # noqa: F401 (app: the fixture of the browser tests)


def test_edit_the_chairmans_reception_in_the_browser(live_server, page, staff, at):
    at("2026-11-30 10:00")
    check = expect()
    log_in(page, live_server, then="/staff/receptions")
    check(page.get_by_role("heading", level=1)).to_have_text("Приёмы, прямые линии и другие службы")
    check(page.locator("#reception-1-post-ru")).to_have_value("председатель райисполкома")
    page.fill("#reception-1-weeks", "1, 3")
    page.fill("#reception-1-starts", "14:00")
    page.get_by_role("button", name="Сохранить").click()
    # The end is before the new start: the form comes back with the clerk's input and the problem.
    check(page.locator("#reception-1-weeks")).to_have_value("1, 3")
    check(page.locator(".has-error", has=page.locator("#reception-1-ends"))).to_contain_text(
        "Конец рабочего дня должен быть позже начала (14:00).")
    page.fill("#reception-1-starts", "09:00")
    page.get_by_role("button", name="Сохранить").click()
    check(page.locator(".flash")).to_contain_text("Сохранено.")
    check(page.locator("#reception-1-weeks")).to_have_value("1, 3")
    check(page.locator("#reception-1-starts")).to_have_value("09:00")
    # The first Wednesday of December is the next reception now.
    page.goto(live_server + "/ru")
    check(page.locator("ul.receptions li.reception")).to_contain_text("Среда, 2 декабря 2026, 09:00–13:00")
