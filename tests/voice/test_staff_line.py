"""Recording a prompt by phone (issue 20, item 2): * # and IVR_STAFF_PIN in the language menu, the
prompt's number, <Record>, listen, keep; the copy from Twilio (a local stand-in) is processed like
an upload and the next call plays it."""
from __future__ import annotations

import os

import pytest

from ivr.config import ConfigError, Settings, change, settings
from ivr.content.recordings import prompt_number
from ivr.voice.walk import CallWalker
from tests.messages.conftest import media  # noqa: F401 - the stand-in for Twilio's media host
from tests.messages.twilio_media import RECORDING, TwilioMedia

PIN = "482913"


@pytest.fixture
def staff_line(app):
    change(app, IVR_STAFF_PIN=PIN)


def to_pin_prompt(call):
    call.start()
    call.press("*")
    return call.press("#")


def test_without_a_pin_star_hash_is_what_it_always_was(app, caller):
    call = caller()
    call.start()
    call.press("*")
    page = call.press("#")  # the first language: the main menu
    assert "Служебный" not in page.spoken and "/voice/step" in page.gather["action"]
    assert "node=main" in page.gather["action"]
    again = call.post("/voice/staff/pin", {"Digits": PIN})  # the call starts over: no error, no PIN
    assert "node=language" in again.gather["action"] and "Служебный" not in again.spoken


def test_without_twilios_token_there_is_no_staff_line(app, caller):
    change(app, IVR_STAFF_PIN=PIN, TWILIO_AUTH_TOKEN="", IVR_ALLOW_UNSIGNED=True)  # unsigned: anyone could try PINs
    call = CallWalker(app.test_client(), "", "https://hotline.test")
    call.start()
    call.press("*")
    assert "node=main" in call.press("#").gather["action"]


def test_hash_alone_or_star_then_a_language_are_a_callers_keys(app, caller, staff_line):
    call = caller()
    call.start()
    assert "node=main" in call.press("#").gather["action"]
    other = caller()
    other.start()
    other.press("*")
    assert "lang=be" in other.press("2").gather["action"]


def test_three_wrong_pins_end_the_call(app, caller, staff_line):
    call = caller()
    page = to_pin_prompt(call)
    assert "Служебный вход. Введите код" in page.spoken
    assert call.press("111111").spoken.startswith("Код неверный.")
    assert not call.silence().hangup  # silence is a wrong try too
    last = call.press("482914")
    assert last.hangup and "Код неверный" in last.spoken
    assert "Введите номер текста" not in last.spoken


def test_a_staff_url_of_another_call_starts_that_call_over(app, client, caller, staff_line):
    clerk = caller()
    to_pin_prompt(clerk)
    menu = clerk.press(PIN)
    assert "Введите номер текста" in menu.spoken
    stranger = CallWalker(client, "test-auth-token", "https://hotline.test")
    refused = stranger.post(menu.gather["action"], {"Digits": str(prompt_number("greeting"))})
    assert "node=language" in refused.gather["action"]  # the stranger's call starts over
    assert "Выберите язык записи" not in refused.spoken


def test_a_clerk_records_the_greeting_by_phone_and_the_next_call_plays_it(app, caller, staff_line, media):  # noqa: F811
    app.extensions["ivr.jobs"].workers = 1
    call = caller()
    to_pin_prompt(call)
    call.press(PIN)
    unknown = call.press("999")
    assert "Такого текста нет" in unknown.spoken
    placeholders = call.press(str(prompt_number("main.hours")))
    assert "не записывается" in placeholders.spoken
    languages = call.press(str(prompt_number("greeting")))
    assert "Выберите язык записи" in languages.spoken
    reading = call.press("1")
    assert "Копыльский райисполком, здравствуйте." in reading.spoken and reading.record is not None
    nothing = call.records_nothing()
    assert "Ничего не записано" in nothing.spoken
    call.post(nothing.redirect)
    listen = call.records(seconds=2, sid=RECORDING)
    played = [h.text for h in listen.heard if h.kind == "play"]
    assert played == [media]  # the recording, played from Twilio's copy
    kept = call.press("1")
    assert "Запись сохраняется" in kept.spoken and "Введите номер текста" in kept.spoken
    app.extensions["ivr.jobs"].wait(30)
    first = caller().start().heard[0]
    assert first.kind == "play" and "/audio/recorded/" in first.text
    assert ("DELETE", f"/2010-04-01/Accounts/AC{'0' * 32}/Recordings/{RECORDING}.json") in TwilioMedia.requests
    private = settings(app).recordings_dir  # the private copy is gone once processed
    assert not os.path.isdir(private) or not [n for n in os.listdir(private) if not n.startswith(".")]


@pytest.mark.parametrize("pin", ["12345", "000000", "123456", "987654", "135135", "12ab56"])
def test_an_easy_pin_is_refused_at_start_in_one_line(pin):
    with pytest.raises(ConfigError, match="IVR_STAFF_PIN") as err:
        Settings.from_env({"IVR_STAFF_PIN": pin})
    assert "\n" not in str(err.value)
    assert Settings.from_env({}).staff_pin == ""  # no default: the path is off
