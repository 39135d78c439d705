"""The whole menu through the jambonz endpoints, signed (and refused unsigned), in every language;
every document answered passes jambonz's own verb specification."""
from __future__ import annotations

import base64
import json
import logging

import pytest
from sqlalchemy import select

from ivr import clock
from ivr.config import change
from ivr.extensions import db
from ivr.jambonz.auth import HEADER, signature
from ivr.messages.models import CALLBACK, Message
from ivr.ops.events import event_log
from tests.jambonz.caller import JambonzCaller
from tests.jambonz.spec import refused

MONDAY_MORNING = "2026-11-30 10:00"  # open
SUNDAY = "2026-12-06 11:00"  # closed
LANGUAGE_KEY = {"ru": "1", "be": "2", "en": "3"}
# What each language's menus say, and what its recogniser is (Belarusian is heard as Russian).
WORDS = {
    "ru": {"hours": "Часы работы", "connecting": "Соединяю", "callback": "перезвоним", "recogniser": "ru-RU"},
    "be": {"hours": "Час працы", "connecting": "Злучаю", "callback": "ператэлефануем", "recogniser": "ru-RU"},
    "en": {"hours": "Office hours", "connecting": "Putting you through", "callback": "call you back",
           "recogniser": "en-US"},
}


def test_without_a_secret_or_basic_auth_every_request_is_refused_and_the_start_says_so(app, caplog):
    call = JambonzCaller(app.test_client(), clock=lambda: clock.now(app).timestamp())
    with caplog.at_level(logging.ERROR):
        assert call.start().status == 403
        assert call.post("/jambonz/status", {"call_status": "completed"}).status == 403
    assert "IVR_JAMBONZ_WEBHOOK_SECRET" in caplog.text


def test_unsigned_wrongly_signed_and_stale_requests_are_refused(jambonz_app, jambonz_caller):
    assert jambonz_caller().post("/jambonz/call", signed=False).status == 403
    assert jambonz_caller(secret="not-the-secret").start().status == 403
    stale = jambonz_caller()
    stale.clock = lambda: clock.now(jambonz_app).timestamp() - 600
    assert stale.start().status == 403
    call = jambonz_caller()
    assert call.start().status == 200
    hook = call.last.gather["actionHook"]
    assert call.post(hook, {"reason": "dtmfDetected", "digits": "1"}, signed=False).status == 403
    # A signature of another body does not pass for this one.
    other = json.dumps({"call_sid": "x"}).encode()
    forged = {HEADER: signature("jambonz-test-secret", int(clock.now(jambonz_app).timestamp()), other)}
    assert call.post(hook, {"digits": "1"}, signed=False, headers=forged).status == 403


def test_basic_auth_is_checked_when_configured(app):
    change(app, IVR_JAMBONZ_BASIC_USER="jambonz", IVR_JAMBONZ_BASIC_PASSWORD="s3cret-pass")
    call = JambonzCaller(app.test_client())
    assert call.post("/jambonz/call", signed=False).status == 403
    wrong = "Basic " + base64.b64encode(b"jambonz:wrong").decode()
    assert call.post("/jambonz/call", signed=False, headers={"Authorization": wrong}).status == 403
    good = "Basic " + base64.b64encode(b"jambonz:s3cret-pass").decode()
    assert call.post("/jambonz/call", signed=False, headers={"Authorization": good}).status == 200


@pytest.mark.parametrize("lang", ["ru", "be", "en"])
def test_the_whole_menu_through_jambonz(jambonz_app, jambonz_caller, at, lang):
    at(MONDAY_MORNING)
    words = WORDS[lang]
    call = jambonz_caller()
    first = call.start()
    assert first.verbs[0] == {"verb": "pause", "length": 1}
    assert "Копыль" in first.spoken
    main = call.press(LANGUAGE_KEY[lang])
    assert main.gather["recognizer"]["language"] == words["recogniser"]
    assert main.gather["input"] == ["digits", "speech"] and main.gather["numDigits"] == 1
    assert words["hours"] in main.spoken
    hours = call.press("1")
    assert hours.gather is not None and len(hours.texts) > 3
    call.press("*")  # back to the main menu
    news = call.press("2")
    assert news.gather is not None
    call.press("*")
    assert call.press("3").gather is not None  # contacts and receptions
    contacts = call.press("1")  # the office's own address and numbers
    assert "28" in contacts.spoken or "два" in contacts.spoken or "two" in contacts.spoken
    call.press("*")
    # Silence: the warning with key 8 first, then the menu again.
    warning = call.silence()
    assert len(warning.texts) == 1 and "8" in warning.spoken
    again = call.silence()
    assert words["hours"] in again.spoken
    # Speech: the menu's words.
    heard = call.say({"ru": "часы работы", "be": "час працы", "en": "office hours"}[lang])
    assert heard.gather is not None and len(heard.texts) > 3
    call.press("*")
    # A person: the dial, then its outcome.
    transfer = call.press("0")
    [dial] = transfer.of("dial")
    assert dial["target"] == [{"type": "phone", "number": "+375171928260"}]
    assert "ev=dial" in dial["actionHook"] and words["connecting"] in transfer.spoken
    offered = call.dial_ends("no-answer")
    assert words["callback"] in offered.spoken
    done = call.press("2")
    assert done.verbs[-1] == {"verb": "hangup"}
    call.hangs_up()
    with jambonz_app.app_context():
        [request] = db.session.execute(select(Message).where(Message.call_sid == call.call_sid)).scalars().all()
        assert request.kind == CALLBACK and request.caller == "+375291234567" and request.lang == lang
    event_log(jambonz_app).flush()
    assert refused(call.documents) == []


def test_jambonz_never_records_a_message_it_offers_the_call_back_and_says_so(jambonz_caller, at):
    at(SUNDAY)
    call = jambonz_caller()
    call.start()
    call.press("1")
    closed = call.press("0")  # nobody in: a message or a call-back
    assert "нельзя оставить голосовое сообщение, но мы можем вам перезвонить" in closed.spoken
    assert "голосовое сообщение, нажмите" not in closed.spoken
    assert "Чтобы оставить голосовое" not in closed.spoken
    assert call.press("1").spoken.startswith("Кнопки 1")  # the voice message is no choice here
    hidden = jambonz_caller(caller="anonymous")
    hidden.start()
    hidden.press("1")
    bye = hidden.press("0")
    assert "ваш номер не определился. Пожалуйста, позвоните нам в рабочее время." in bye.spoken
    assert bye.verbs[-1] == {"verb": "hangup"}
    assert refused(call.documents + hidden.documents) == []


def test_the_status_hook_records_the_end_of_the_call(jambonz_app, jambonz_caller, at):
    at(MONDAY_MORNING)
    call = jambonz_caller()
    call.start()
    assert call.hangs_up(duration=42).verbs == []
    log = event_log(jambonz_app)
    log.flush()
    with jambonz_app.app_context():
        from ivr.ops.events import CallEvent
        [ended] = db.session.execute(select(CallEvent).where(CallEvent.call_sid == call.call_sid,
                                                             CallEvent.kind == "ended")).scalars().all()
        assert ended.detail == "completed" and ended.seconds == 42


def test_the_start_says_when_the_jambonz_webhooks_cannot_answer(tmp_path, caplog):
    from ivr import create_app, warn_about_insecure_settings
    from ivr.config import config_for_tests

    with caplog.at_level(logging.INFO):
        warn_about_insecure_settings(create_app(config_for_tests(tmp_path / "closed")))  # as the server starts
    assert "jambonz webhooks (/jambonz/*) refuse every request" in caplog.text
    caplog.clear()
    with caplog.at_level(logging.INFO):
        warn_about_insecure_settings(create_app(config_for_tests(tmp_path / "open", IVR_JAMBONZ_WEBHOOK_SECRET="s")))  # as the server starts
    assert "jambonz webhooks" not in caplog.text


@pytest.mark.parametrize("extra", [
    {"digits": 7},  # not a string
    {"digits": "12345678"},
    {"speech": "not an object"},
    {"speech": {"alternatives": "nope"}},
    {"speech": {"alternatives": [{"transcript": ["x"]}]}},
    {"reason": "timeout", "digits": "\x00"},
    {"dial_call_status": {"odd": 1}},
])
def test_odd_payloads_still_get_a_spoken_answer(jambonz_caller, at, extra):
    at(MONDAY_MORNING)
    call = jambonz_caller()
    call.start()
    call.press("1")
    answer = call.post(call.last.gather["actionHook"], extra)
    assert answer.status == 200 and answer.texts and answer.gather is not None
    assert refused(call.documents) == []


def test_a_body_that_is_not_json_is_still_answered_when_signed(jambonz_app, at):
    at(MONDAY_MORNING)
    raw = b"\xff not json"
    headers = {HEADER: signature("jambonz-test-secret", int(clock.now(jambonz_app).timestamp()), raw)}
    response = jambonz_app.test_client().post("/jambonz/step?node=main&lang=ru", data=raw, headers=headers,
                                              content_type="application/json")
    assert response.status_code == 200 and any(verb["verb"] == "gather" for verb in response.get_json())
