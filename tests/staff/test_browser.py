"""The staff pages in real headless Chromium (Debian's package, driven by Playwright).

Where Chromium is missing these tests skip and say how to install it (see tests/conftest.py).
"""
from __future__ import annotations

import re

import pytest

from ivr.speech.queue import synthesis_queue
from tests.staff.conftest import PASSWORD, copy_install

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")
NEW_LUNCH = "Обеденный перерыв с двенадцати до тринадцати."


@pytest.fixture
def app(tmp_path, installed):
    """A copy of an install with all its audio, as it runs for real: background synthesis on (with
    a quick stand-in voice), cookies for plain http (the live server is http://127.0.0.1)."""
    application = copy_install(installed, tmp_path, IVR_SYNTH_WORKERS=1, IVR_SECURE_COOKIES=False)
    yield application
    synthesis_queue(application).wait(60)


def expect():
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect


def log_in(page, base, name="boris", then="/staff/"):
    page.goto(base + then)
    expect()(page).to_have_url(re.compile(r"/staff/login\?next="))
    page.get_by_label("Имя пользователя").fill(name)
    page.get_by_label("Пароль").fill(PASSWORD)
    page.get_by_role("button", name="Войти").click()
    expect()(page).to_have_url(base + then)


def test_change_the_lunch_break_hear_it_and_test_call_it(live_server, page, staff):
    check = expect()
    # A logged-out visitor is sent to the login page, and after logging in comes back.
    log_in(page, live_server, then="/staff/hours")
    check(page.get_by_role("heading", level=1)).to_have_text("Часы работы")
    for day in WEEKDAYS:
        page.fill(f"#{day}_lunch_start", "12:00")
        page.fill(f"#{day}_lunch_end", "13:00")
    page.get_by_role("button", name="Сохранить").click()
    check(page.locator(".flash")).to_have_text("Сохранено.")

    # The changed sentence is listed; its audio becomes ready in the background.
    line = page.locator(".spoken-lines li", has_text=NEW_LUNCH).first
    check(line.locator(".state-text")).to_have_text("готово", timeout=30_000)
    check(page.locator("[data-progress-summary]")).to_have_text("Всё готово: звонящие уже слышат новый звук.",
                                                                timeout=30_000)
    # Play it: press the player's play button, and it plays.
    player = line.locator("audio")
    check(player).to_have_count(1)
    player.evaluate("a => { window.__playing = false; a.addEventListener('playing', () => { window.__playing = true; }); }")
    box = player.bounding_box()
    page.mouse.click(box["x"] + 16, box["y"] + box["height"] / 2)
    page.wait_for_function("() => window.__playing === true", timeout=10_000)
    page.wait_for_function("a => a.currentTime > 0 && !a.error", arg=player.element_handle(), timeout=10_000)

    # A test call on Monday at ten: press 1 for the hours and hear the new lunch break.
    page.get_by_role("link", name="Пробный звонок").click()
    page.fill("#date", "30.11.2026")
    page.fill("#time", "10:00")
    page.select_option("#answer_lang", "ru")
    page.get_by_role("button", name="Позвонить").click()
    turns = page.locator("#transcript .turn")
    check(turns).to_have_count(2)
    check(turns.nth(0)).to_contain_text("Копыльский райисполком, здравствуйте.")
    check(turns.nth(1)).to_contain_text("Часы работы — 1.")
    page.locator("button.key[data-key='1']").click()
    check(turns).to_have_count(3)
    heard = turns.nth(2).locator(".heard li", has_text=NEW_LUNCH)
    check(heard.locator("audio")).to_have_count(1)
    src = heard.locator("audio").get_attribute("src")
    assert re.fullmatch(r"/audio/[0-9a-f]{64}\.wav", src)
    page.wait_for_function("src => window.staffTestCall.played.includes(src)", arg=src, timeout=20_000)
    check(turns.nth(2)).to_contain_text("Открыто до двенадцати часов")


def test_a_rejected_form_keeps_the_input_and_shows_the_error(live_server, page, staff):
    check = expect()
    log_in(page, live_server, then="/staff/hours")
    page.fill("#mon_lunch_end", "19:00")
    page.fill("#closure-0-start", "31.12.2026")
    page.fill("#closure-0-reason-ru", "Санитарный день")
    page.get_by_role("button", name="Сохранить").click()
    summary = page.locator(".error-summary")
    check(summary).to_be_focused()
    check(summary).to_contain_text("Понедельник: Конец обеда")
    field = page.locator("#mon_lunch_end")
    check(field).to_have_value("19:00")
    check(field).to_have_attribute("aria-invalid", "true")
    check(page.locator("#mon_lunch_end-error")).to_contain_text("Обед должен быть внутри рабочего дня (08:30–17:30)")
    assert "mon_lunch_end-error" in field.get_attribute("aria-describedby")
    check(page.locator("#closure-0-reason-ru")).to_have_value("Санитарный день")
    check(page.locator("#closure-0-reason-be-error")).to_contain_text("Заполните это поле")
    summary.get_by_role("link", name=re.compile("Понедельник: Конец обеда")).click()
    check(field).to_be_focused()
    page.goto(live_server + "/staff/history")
    check(page.locator("table.history tbody tr")).to_have_count(1)  # nothing was saved


def test_a_logged_out_visitor_is_sent_to_the_login_page_and_the_keyboard_is_enough(live_server, page, staff):
    check = expect()
    page.goto(live_server + "/staff/texts/be")
    check(page).to_have_url(live_server + "/staff/login?next=/staff/texts/be")
    check(page.get_by_role("heading", level=1)).to_have_text("Вход")
    # Keyboard only: the skip link comes first, then the page; Enter submits.
    page.keyboard.press("Tab")
    check(page.locator(".skip-link")).to_be_focused()
    page.locator("#username").focus()
    page.keyboard.type("boris")
    page.keyboard.press("Tab")
    check(page.locator("#password")).to_be_focused()
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    check(page).to_have_url(live_server + "/staff/texts/be")
    check(page.get_by_role("heading", level=1)).to_have_text("Тексты (белорусский)")
    # Logging out ends it: the next visit is sent to the login page again.
    page.get_by_role("button", name="Выйти").click()
    check(page).to_have_url(live_server + "/staff/login")
    page.goto(live_server + "/staff/")
    check(page).to_have_url(re.compile(r"/staff/login\?next=/staff/"))


def test_going_back_in_the_history_is_previewed_and_an_undo_keeps_later_work(live_server, page, app, login, client):
    from tests.staff.test_history_undo import three_changes

    check = expect()
    three_changes(app, login, client)  # anna's lunch change, then boris's headline and pronunciation fix
    log_in(page, live_server, then="/staff/history")
    page.locator("table.history tbody tr").nth(2).get_by_role("link").click()  # anna's change (the third newest)
    check(page.locator("#diff-section_hours")).to_have_text("Часы работы")
    # Returning everything to that moment: the preview shows the later headline and fix would go.
    page.get_by_role("link", name="Вернуть всё как было сразу после этого изменения…").click()
    check(page.get_by_role("heading", level=1)).to_contain_text("Вернуть всё как было")
    check(page.locator("div.diff-section", has=page.locator("#diff-section_headlines"))).to_contain_text(
        "Приём граждан в субботу")
    check(page.locator("div.diff-section", has=page.locator("#diff-section_pronunciation"))).to_contain_text("Kopyl")
    page.get_by_role("link", name="Отмена").click()
    # Undoing only that change: its preview shows just the lunch going back; confirm it.
    page.get_by_role("link", name="Отменить это изменение…").click()
    check(page.locator("div.diff-section")).to_have_count(1)
    check(page.locator("div.diff-section")).to_contain_text("обед 13:00–14:00")
    page.get_by_role("button", name="Да, отменить это изменение").click()
    check(page.locator(".flash")).to_contain_text("отменено")
    page.goto(live_server + "/staff/hours")
    check(page.locator("#mon_lunch_start")).to_have_value("13:00")
    page.goto(live_server + "/staff/headlines")
    check(page.locator("main")).to_contain_text("Приём граждан в субботу")
    page.goto(live_server + "/staff/pronunciation")
    check(page.locator("input[value='Koh-pill']")).to_have_count(1)
