"""Retention (issue 15, item 12): what is kept about callers goes after IVR_RETENTION_DAYS, at Twilio
too, daily by itself in one process; and a caller's number is never in an error text or a log."""
from __future__ import annotations

import logging
import sqlite3
import time
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from ivr import clock, create_app, start_background
from ivr.callflow.catalogue import Sentence
from ivr.clock import stamp
from ivr.config import change, config_for_tests, settings
from ivr.content.store import current_office, ensure_database
from ivr.extensions import db
from ivr.messages import service
from ivr.messages.models import NEW, Message
from ivr.messages.recordings import fetch_recording
from ivr.messages.retention import purge_if_due, start_daily_purge
from ivr.messages.sms import SmsRequest, send_sms
from ivr.speech.clips import READY, AudioClip, sentence_key
from ivr.voice.walk import CallWalker
from tests.messages.test_caller_privacy import READ_BACK
from tests.messages.twilio_media import ACCOUNT, RECORDING, TwilioMedia, new_message
from tests.test_sms import TwilioApi

DIGITS = "291234567"  # the caller's number is +375291234567
DELETED_AT_TWILIO = ("DELETE", f"/2010-04-01/Accounts/{ACCOUNT}/Recordings/{RECORDING}.json")


def make_old(app, message_id: int, days: int = 31) -> None:
    with app.app_context():
        message = db.session.get(Message, message_id)
        message.created_at = stamp() - timedelta(days=days)
        db.session.commit()


def test_purge_deletes_the_recording_at_twilio_by_its_sid_before_forgetting_it(app, media, runner):
    change(app, IVR_DELETE_TWILIO_RECORDINGS=False)  # Twilio's copy is still there when the purge comes
    message_id = new_message(app, media)
    with app.app_context():
        assert fetch_recording(message_id)
    make_old(app, message_id)
    TwilioMedia.delete_status = 503  # Twilio is down: the SID is kept, so the next purge tries again
    assert runner.invoke(args=["purge"]).output.startswith("purged 1 message ")
    with app.app_context():
        message = db.session.get(Message, message_id)
        assert message.caller == "" and message.recording_sid == RECORDING and message.purged_at
    TwilioMedia.requests, TwilioMedia.delete_status = [], 204
    assert runner.invoke(args=["purge"]).output.startswith("purged 0 messages ")
    assert TwilioMedia.requests == [DELETED_AT_TWILIO]
    with app.app_context():
        assert db.session.get(Message, message_id).recording_sid == ""
    TwilioMedia.requests = []
    runner.invoke(args=["purge"])
    assert TwilioMedia.requests == []  # forgotten once deleted


def test_a_draft_recorded_again_is_deleted_at_twilio(app, media):
    app.extensions["ivr.jobs"].workers = 1
    with app.app_context():
        draft = service.record_draft(call_sid="CA1", caller="+375291234567", lang="ru", recording_sid=RECORDING,
                                     recording_url=media, seconds=1.0)
        service.drop_draft(draft)
    app.extensions["ivr.jobs"].wait(30)
    assert TwilioMedia.requests == [DELETED_AT_TWILIO]


def test_purge_deletes_old_text_requests_their_numbers_and_errors(app, runner):
    with app.app_context():
        old = SmsRequest(number_hash="a" * 64, number="+375291234567", lang="ru", status="failed",
                         error="The 'To' number +375291234567 is not valid", created_at=stamp() - timedelta(days=31))
        fresh = SmsRequest(number_hash="b" * 64, number="+375447654321", lang="ru")
        db.session.add_all([old, fresh])
        db.session.commit()
    assert runner.invoke(args=["purge"]).exit_code == 0
    with app.app_context():
        assert [row.number for row in db.session.execute(select(SmsRequest)).scalars()] == ["+375447654321"]


def test_purge_deletes_stored_audio_that_holds_a_callers_number(app, runner):
    audio = Path(settings(app).audio_dir)
    audio.mkdir(parents=True, exist_ok=True)
    with app.app_context():
        for text in (READ_BACK + "Если номер верный, нажмите 1.", "Добрый день!"):
            key = sentence_key("espeak", Sentence("ru", text, 100), current_office().office)
            (audio / f"{key}.wav").write_bytes(b"RIFF")
            db.session.add(AudioClip(key=key, lang="ru", rate=100, text=text, spoken=text, status=READY,
                                     filename=f"{key}.wav"))
        db.session.commit()
    assert runner.invoke(args=["purge"]).exit_code == 0
    with app.app_context():
        left = db.session.execute(select(AudioClip)).scalars().all()
        assert [clip.text for clip in left] == ["Добрый день!"]
        assert sorted(path.name for path in audio.iterdir()) == [left[0].filename]


class TwilioRefusesTheNumber(TwilioApi):
    """Twilio's REST API answering as it does for a number it cannot text: quoting the number."""

    def request(self, method, url, params=None, data=None, headers=None, auth=None, timeout=None,
                allow_redirects=False):
        from twilio.http.response import Response

        return Response(400, '{"code": 21211, "message": "The \'To\' number %s is not a valid phone number.", '
                             '"status": 400}' % data["To"])


def test_the_callers_digits_are_in_no_error_text_log_or_table_once_purged(app, media, at, caplog):
    change(app, IVR_SMS_FROM="+375171900000")
    app.extensions["ivr.twilio_http"] = TwilioRefusesTheNumber()
    at("2026-11-30 13:30")
    with caplog.at_level(logging.INFO, logger="ivr"):
        call = CallWalker(app.test_client(), settings(app).twilio_auth_token, settings(app).public_url)
        call.start()
        call.press("1")
        call.press("4")  # documents and procedures
        call.press("1")
        call.press("1*3*1")
        call.press("#")
        call.press("1")  # this procedure's list by text message: Twilio refuses the number
        with app.app_context():
            [request] = db.session.execute(select(SmsRequest)).scalars().all()
            assert send_sms(request.id) is False
            assert "not a valid phone number" in request.error and DIGITS not in request.error
        call.hangs_up()
        new_message(app, media)
        # Five weeks after the rows were written (they carry the real time): the daily purge.
        later = stamp() + timedelta(days=35)
        clock.fix(app, lambda: later)
        assert purge_if_due(app) == 1
    assert DIGITS not in caplog.text and "not a valid phone number" in caplog.text
    dump = "\n".join(sqlite3.connect(settings(app).database_url.removeprefix("sqlite:///")).iterdump())
    assert "INSERT INTO" in dump and DIGITS not in dump
    assert not any(DIGITS.encode() in path.read_bytes() for path in Path(settings(app).recordings_dir).rglob("*")
                   if path.is_file())


def test_the_service_purges_by_itself_once_a_day_whichever_process_comes_first(tmp_path):
    first = create_app(config_for_tests(tmp_path))
    ensure_database(first)
    second = create_app(config_for_tests(tmp_path))  # another worker on the same database
    today = stamp()  # the rows are stamped with the real time; the processes' clocks stand still
    for process in (first, second):
        clock.fix(process, lambda: today)
    message_id = new_message(first, "")
    make_old(first, message_id)
    assert purge_if_due(first) == 1
    assert purge_if_due(second) is None  # the day's purge is done
    assert purge_if_due(first) is None
    for process in (first, second):
        clock.fix(process, lambda: today + timedelta(hours=25))
    assert purge_if_due(second) == 0 and purge_if_due(first) is None  # the next day: one of them


def test_the_server_start_runs_the_purge_by_itself(tmp_path):
    # A database of its own: the thread started here must not take the day's purge from ``other``.
    app = create_app(config_for_tests(tmp_path / "started"))
    ensure_database(app)
    start_background(app)
    thread, stop = app.extensions["ivr.daily_purge"]
    assert thread.is_alive()
    stop.set()
    other = create_app(config_for_tests(tmp_path))
    ensure_database(other)
    message_id = new_message(other, "")
    make_old(other, message_id)
    start_daily_purge(other, tick=0.05)
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            with other.app_context():
                if db.session.get(Message, message_id).purged_at:
                    break
                db.session.remove()
            time.sleep(0.05)
        with other.app_context():
            message = db.session.get(Message, message_id)
            assert message.purged_at and message.caller == "" and message.status == NEW
    finally:
        other.extensions["ivr.daily_purge"][1].set()
    assert start_daily_purge(other) is None  # once per process
    assert start_daily_purge(create_app(config_for_tests(tmp_path, IVR_DAILY_PURGE=False))) is None
