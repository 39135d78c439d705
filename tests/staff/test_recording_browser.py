"""Recording a prompt in real headless Chromium with its fake microphone (issue 20): record, listen
back, record again, save; the test call plays the recording; a changed text is heard synthesized."""
from __future__ import annotations

import re
from typing import Any, Iterator

import pytest

from ivr.speech.queue import synthesis_queue
from tests.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.staff.conftest import copy_install
from tests.staff.test_browser import expect, log_in

NEW_GREETING = "Добрый день! Вы позвонили в Копыльский райисполком."


@pytest.fixture
def app(tmp_path, installed):
    application = copy_install(installed, tmp_path, IVR_SYNTH_WORKERS=1, IVR_SECURE_COOKIES=False)
    yield application
    synthesis_queue(application).wait(60)


@pytest.fixture(scope="module")
def microphone_browser(browser: Any) -> Iterator[Any]:
    """Chromium with its fake microphone (a beeping test signal) and no permission prompt."""
    instance = browser.browser_type.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS + [
        "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"])
    yield instance
    instance.close()


@pytest.fixture
def tab(microphone_browser: Any) -> Iterator[Any]:
    context = microphone_browser.new_context(locale="ru-RU")
    yield context.new_page()
    context.close()


def record(tab, seconds: float) -> None:
    button = tab.locator(".recorder button.record")
    button.click()
    expect()(button).to_have_text("Остановить")
    tab.wait_for_function("() => document.querySelector('#recorder-level').value > 0", timeout=10_000)  # the level meter moves
    tab.wait_for_timeout(seconds * 1000)
    button.click()
    expect()(button).to_have_text("Записать заново")


def test_record_in_the_browser_hear_it_in_the_test_call_then_change_the_text(live_server, tab, staff):
    check = expect()
    log_in(tab, live_server, then="/staff/texts/ru/recording/greeting")
    check(tab.locator(".recording-state")).to_contain_text("не записан")
    record(tab, 1.0)
    listen = tab.get_by_label("Прослушать сделанную запись")
    check(listen).to_be_visible()  # listen back before saving
    first_take = listen.get_attribute("src")
    record(tab, 2.0)  # and record again
    check(listen).not_to_have_attribute("src", first_take or "")
    assert tab.locator("#audio").evaluate("input => input.files.length") == 1
    tab.get_by_role("button", name="Сохранить запись").click()
    check(tab.locator(".flash")).to_contain_text("Запись сохранена")
    check(tab.locator(".recording-state")).to_contain_text("записан: звонящие слышат эту запись")
    seconds = float(re.search(r"\(([\d.]+) с\)", tab.locator("main").inner_text()).group(1))
    assert 1.0 < seconds < 3.5

    # The test call greets with the recording.
    first = call_and_hear_first(tab)
    check(first.locator("audio")).to_have_attribute("src", re.compile(r"/audio/recorded/[0-9a-f]{64}\.wav$"))
    check(first).to_contain_text("запись сотрудника")

    # A new text: the recording is out of date and the call says the new text, synthesized.
    tab.goto(live_server + "/staff/texts/ru")
    tab.fill("#text-greeting", NEW_GREETING)
    tab.get_by_role("button", name="Сохранить").click()
    check(tab.locator(".flash")).to_contain_text("Сохранено")
    check(tab.locator("#recording-greeting")).to_contain_text("устарела")
    first = call_and_hear_first(tab)
    check(first).to_contain_text(NEW_GREETING)
    check(first.locator("audio[src*='/audio/recorded/']")).to_have_count(0)


def call_and_hear_first(tab):
    tab.get_by_role("link", name="Пробный звонок").click()
    tab.fill("#date", "30.11.2026")
    tab.fill("#time", "10:00")
    tab.select_option("#answer_lang", "ru")
    tab.get_by_role("button", name=re.compile("Позвонить|Позвонить снова")).click()
    turns = tab.locator("#transcript .turn")
    expect()(turns.first).to_be_visible()
    return turns.first.locator(".heard li").first
