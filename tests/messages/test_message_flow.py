"""A person or a message: transfer in office hours, messages and call-backs outside them."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from ivr.config import change, settings
from ivr.extensions import db
from ivr.messages.models import CALLBACK, DRAFT, NEW, VOICE, Message
from ivr.voice.signature import sign
from ivr.voice.walk import CallWalker

MONDAY_MORNING = "2026-11-30 10:00"
MONDAY_LUNCH = "2026-11-30 13:30"
SATURDAY = "2026-11-28 11:00"
HOLIDAY = "2026-07-03 10:00"


def messages(app) -> list[Message]:
    with app.app_context():
        rows = db.session.execute(select(Message).order_by(Message.id)).scalars().all()
        db.session.expunge_all()
        return rows


@pytest.fixture
def call_in(app, client):
    """A call from a known number, already past the language menu (Russian unless told)."""

    def start(lang: str = "ru", caller: str = "+375291234567") -> CallWalker:
        walker = CallWalker(client, settings(app).twilio_auth_token, settings(app).public_url, caller=caller)
        walker.start()
        walker.press({"ru": "1", "be": "2", "en": "3"}[lang])
        return walker

    return start


@pytest.mark.parametrize("moment", [MONDAY_LUNCH, SATURDAY, HOLIDAY, "2026-11-30 19:00"])
def test_outside_office_hours_the_caller_hears_when_it_opens_and_can_leave_a_message(at, call_in, moment):
    at(moment)
    page = call_in().press("0")
    assert page.dial is None
    assert "откроется" in page.texts[0] or "на обеде до" in page.texts[0]
    assert "Чтобы оставить голосовое сообщение, нажмите 1." in page.texts
    assert "Чтобы мы перезвонили вам на этот номер, нажмите 2." in page.texts


def test_in_office_hours_the_caller_is_put_through_with_a_ring_timeout(at, call_in):
    at(MONDAY_MORNING)
    page = call_in("en").press("0")
    assert page.texts == ["Putting you through to a member of staff. Please stay on the line."]
    assert page.dial["number"] == "+375171928260" and page.dial["timeout"] == "20"
    assert "ev=dial" in page.dial["action"]


def test_caller_id_is_used_when_configured(app, at, call_in):
    change(app, IVR_CALLER_ID="+375171900000")
    at(MONDAY_MORNING)
    assert call_in().press("0").dial["callerId"] == "+375171900000"


@pytest.mark.parametrize("status", ["busy", "no-answer", "failed", "canceled"])
def test_when_nobody_answers_a_message_is_offered(at, call_in, status):
    at(MONDAY_MORNING)
    call = call_in()
    call.press("0")
    page = call.dial_ends(status)
    assert page.texts[0] == "К сожалению, сейчас никто не может ответить. Вы можете оставить сообщение."
    assert "Чтобы оставить голосовое сообщение, нажмите 1." in page.texts


def test_a_completed_transfer_ends_the_call_politely(at, call_in):
    at(MONDAY_MORNING)
    call = call_in("be")
    call.press("0")
    page = call.dial_ends("completed")
    assert page.texts == ["Дзякуй за званок. Да пабачэння!"] and page.hangup


def test_record_listen_rerecord_and_send(app, at, call_in):
    at(MONDAY_LUNCH)
    call = call_in()
    call.press("0")
    page = call.press("1")
    assert page.texts == ["Пожалуйста, назовите своё имя и номер телефона и скажите, чем мы можем помочь. "
                          "Говорите после сигнала. Когда закончите, нажмите решётку."]
    assert page.record["maxLength"] == "120" and page.record["finishOnKey"] == "#"
    assert page.record["playBeep"] == "true"
    assert page.record["recordingStatusCallback"] == "https://hotline.test/voice/recording"

    page = call.records(6, sid="RE" + "1" * 32)
    assert page.texts[0] == "Ваше сообщение записано."
    assert page.texts[1:4] == ["Чтобы прослушать его, нажмите 1.", "Чтобы записать заново, нажмите 2.",
                               "Чтобы отправить сообщение, нажмите 3."]
    [draft] = messages(app)
    assert (draft.kind, draft.status, draft.seconds, draft.caller) == (VOICE, DRAFT, 6.0, "+375291234567")

    page = call.press("1")
    assert page.heard[0].kind == "play" and page.heard[0].text.endswith("RE" + "1" * 32)
    assert "Чтобы отправить сообщение, нажмите 3." in page.texts

    page = call.press("2")
    assert page.record is not None
    assert messages(app) == []  # the first take is dropped

    call.records(9, sid="RE" + "2" * 32)
    page = call.press("3")
    assert page.texts[0].startswith("Ваше сообщение передано сотрудникам.") and page.hangup
    [sent] = messages(app)
    assert (sent.status, sent.recording_sid, sent.seconds) == (NEW, "RE" + "2" * 32, 9.0)


def test_silence_at_the_beep_offers_the_choices_again(app, at, call_in):
    at(MONDAY_LUNCH)
    call = call_in("en")
    call.press("0")
    call.press("1")
    page = call.records_nothing()
    assert page.texts[0] == "We did not hear a message."
    assert "To leave a voice message, press 1." in page.texts
    assert messages(app) == []


def test_hanging_up_after_recording_still_delivers_the_message(app, at, call_in):
    at(SATURDAY)
    call = call_in()
    call.press("0")
    call.press("1")
    call.records(4)
    assert messages(app)[0].status == DRAFT
    call.hangs_up()
    assert messages(app)[0].status == NEW


def test_twilio_retrying_the_record_action_makes_one_message(app, at, call_in):
    at(SATURDAY)
    call = call_in()
    call.press("0")
    call.press("1")
    action = call.page.record["action"]
    form = {"RecordingUrl": "https://api.twilio.com/x/RE9", "RecordingSid": "RE9", "RecordingDuration": "3"}
    call.post(action, form)
    call.post(action, form)
    assert len(messages(app)) == 1


def test_a_message_id_from_another_call_cannot_be_sent(app, at, call_in):
    at(SATURDAY)
    first = call_in()
    first.press("0")
    first.press("1")
    first.records(4)
    stolen = first.page.gather["action"]
    other = call_in()
    other.post(stolen, {"Digits": "3"})
    assert messages(app)[0].status == DRAFT


def test_call_back_reads_the_number_back_digit_by_digit_and_files_a_request(app, at, call_in):
    at(MONDAY_LUNCH)
    call = call_in()
    call.press("0")
    page = call.press("2")
    assert page.texts[0] == ("Мы перезвоним вам на номер: плюс, три семь пять, два девять, один два три, "
                             "четыре пять, шесть семь. Если номер верный, нажмите 2.")
    page = call.press("2")
    # At lunch: after lunch, today (issue 19, item 5).
    assert page.texts[0] == ("Мы перезвоним вам сегодня, до конца рабочего дня: приёмная закрывается "
                             "в семнадцать тридцать.") and page.hangup
    [request] = messages(app)
    assert (request.kind, request.status, request.caller) == (CALLBACK, NEW, "+375291234567")


def test_call_back_in_english(at, call_in):
    at(SATURDAY)
    call = call_in("en")
    call.press("0")
    page = call.press("2")
    assert page.texts[0].startswith("We will call you back on: plus, three seven five, two nine, one two three")


def test_a_hidden_number_cannot_ask_for_a_call_back(app, at, call_in):
    at(SATURDAY)
    call = call_in(caller="anonymous")
    page = call.press("0")
    assert "Чтобы мы перезвонили вам на этот номер, нажмите 2." not in page.texts
    page = call.press("2")
    assert page.texts[0].startswith("Ваш номер не определился")
    assert page.record is not None


def test_message_menu_by_speech(app, at, call_in):
    at(SATURDAY)
    call = call_in()
    call.press("0")
    assert call.say("перезвоните мне").texts[0].startswith("Мы перезвоним вам на номер")


FORM = {"CallSid": "CA" + "5" * 32, "RecordingSid": "RE" + "5" * 32, "RecordingStatus": "completed",
        "RecordingUrl": "https://api.twilio.com/2010-04-01/Accounts/AC0/Recordings/RE" + "5" * 32, "RecordingDuration": "5"}


def test_recording_callback_with_a_forged_signature_is_refused(client):
    assert client.post("/voice/recording", data=FORM).status_code == 403
    forged = sign("not-the-token", "https://hotline.test/voice/recording", FORM)
    assert client.post("/voice/recording", data=FORM, headers={"X-Twilio-Signature": forged}).status_code == 403
    assert client.post("/voice/status", data={"CallSid": "CA1", "CallStatus": "completed"}).status_code == 403


def test_signed_recording_callback_for_an_unknown_recording_is_answered(client):
    signature = sign("test-auth-token", "https://hotline.test/voice/recording", FORM)
    response = client.post("/voice/recording", data=FORM, headers={"X-Twilio-Signature": signature})
    assert response.status_code == 200 and response.mimetype == "text/xml"


def test_call_command_walks_the_message_path(runner):
    result = runner.invoke(args=["call", "0", "1", "3", "--at", MONDAY_LUNCH, "--from", "+375291234567"])
    assert result.exit_code == 0, result.output
    assert "records the caller's message after a beep: up to 120 s, # ends it" in result.output
    assert "── the caller speaks for 5 s and presses # (simulated recording)" in result.output
    assert "Ваше сообщение передано сотрудникам" in result.output


def test_the_call_back_menu_without_a_number_offers_a_voice_message(at, call_in):
    at(SATURDAY)
    call = call_in(caller="anonymous")
    page = call.post("/voice/step?node=callback&lang=en")
    assert any(text.startswith("Your number is hidden") for text in page.texts)
    assert "To leave a voice message, press 1." in page.texts
