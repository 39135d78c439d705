"""Fault injection: what a caller hears, what staff see and what is kept when things break.

- the speech engine raising or hanging during background synthesis;
- the audio folder missing, impossible to create, read-only, or emptied under a running service;
- the database unreachable or locked by another connection's exclusive transaction;
- Twilio's callbacks (gather answers, dial results, recordings, call status) arriving twice or out
  of order.

Whatever breaks, a signed webhook answers HTTP 200 with TwiML that speaks (the hot line number at
worst), and nothing saved (office texts, messages, recordings) is lost. Faults found this way
were fixed in the code; their tests stay here.
"""
from __future__ import annotations

import errno
import math
import sqlite3
import struct
import threading
import time
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from ivr import create_app
from ivr.config import config_for_tests, settings
from ivr.content.models import Revision
from ivr.content.store import current_office, ensure_database, save_office
from ivr.extensions import db
from ivr.messages.models import NEW, VOICE, Message
from ivr.ops.events import CallEvent
from ivr.speech.clips import FAILED, READY, AudioClip
from ivr.speech.engines import Audio, SpeechError
from ivr.speech.queue import synthesis_queue
from ivr.speech.store import AudioStore
from ivr.speech.synthesis import synthesizer
from ivr.speech.telephone import pcm16_to_telephone_wav
from ivr.voice.signature import sign
from ivr.voice.walk import CallWalker, Page, parse_twiml
from tests.conftest import MINSK
from tests.demo_database import copy_demo_database

BASE = "https://hotline.test"
TOKEN = "test-auth-token"
MONDAY_MORNING = datetime(2026, 11, 30, 10, 0, tzinfo=MINSK)
SATURDAY = datetime(2026, 11, 28, 11, 0, tzinfo=MINSK)
APOLOGY_RU = "Извините, произошла техническая ошибка. Пожалуйста, попробуйте позвонить через несколько минут."
OWN_APOLOGY = "Простите, у нас сбой. Информация о приёме есть на сайте райисполкома. До свидания!"
TWILIO_WEBHOOK_TIMEOUT = 15.0  # seconds Twilio waits for a webhook before giving up on the call


# -- helpers ------------------------------------------------------------------------------------


class QuickEngine:
    """A stand-in voice: a real telephone WAV of a short tone, made in microseconds."""

    name = "quick"

    def __init__(self) -> None:
        self.calls = 0

    def supports(self, lang: str) -> bool:
        return True

    def voice_for(self, lang: str) -> str:
        return lang

    def synthesize(self, text: str, lang: str, rate: int = 100) -> Audio:
        self.calls += 1
        pcm = b"".join(struct.pack("<h", int(6000 * math.sin(i / 4))) for i in range(800))
        return Audio(pcm16_to_telephone_wav(pcm, 8000), "wav", "audio/wav", self.name, lang)


class RaisingEngine(QuickEngine):
    """The voice is down: every sentence fails with ``error``."""

    def __init__(self, error: Exception) -> None:
        super().__init__()
        self.error = error

    def synthesize(self, text: str, lang: str, rate: int = 100) -> Audio:
        self.calls += 1
        raise self.error


class HangingEngine(QuickEngine):
    """The voice hangs until released (at most ``limit`` seconds, so a failing test still ends)."""

    def __init__(self, limit: float = 30.0) -> None:
        super().__init__()
        self.release = threading.Event()
        self.entered = threading.Event()
        self.limit = limit

    def synthesize(self, text: str, lang: str, rate: int = 100) -> Audio:
        self.entered.set()
        self.release.wait(self.limit)
        return super().synthesize(text, lang, rate)


def make_app(tmp: Path, moment: datetime = SATURDAY, engine=None, seed: bool = True, **settings):
    """An app whose errors answer as in production (HTTP 500, not an exception in the test).

    TESTING stays on (it keeps the service's own log handler off, which would hide records from
    pytest in later tests); PROPAGATE_EXCEPTIONS=False makes Flask answer errors as it would live.
    """
    settings.setdefault("PROPAGATE_EXCEPTIONS", False)
    if seed:
        copy_demo_database(tmp, settings)
    app = create_app(config_for_tests(tmp, **settings))
    if seed:
        ensure_database(app)
    app.extensions["ivr.clock"] = lambda: moment
    if engine is not None:
        synthesizer(app).use_engine(engine)
    return app


def walker(app, caller: str = "+375291234567") -> CallWalker:
    return CallWalker(app.test_client(), TOKEN, BASE, caller=caller)


def signed_post(client, path: str, form: dict[str, str] | None = None, signed: bool = True):
    form = form or {}
    headers = {"X-Twilio-Signature": sign(TOKEN, BASE + path, form)} if signed else {}
    return client.post(path, data=form, headers=headers)


def speaks(response, path: str = "/voice") -> Page:
    """The answer is HTTP 200 TwiML in which the caller hears something."""
    assert response.status_code == 200, (response.status_code, response.get_data(as_text=True)[:300])
    assert response.mimetype == "text/xml"
    page = parse_twiml(path, 200, response.get_data(as_text=True))
    assert page.heard, f"the caller hears nothing: {page.xml[:300]}"
    return page


def timed(fn, *args, **kwargs):
    started = time.perf_counter()
    result = fn(*args, **kwargs)
    return result, time.perf_counter() - started


def synthesize_everything(app) -> None:
    with app.test_request_context():
        counts = synthesizer(app).synthesize_all(current_office().office, app.extensions["ivr.clock"]())
    assert counts.failed == 0


def clips(app) -> list[AudioClip]:
    with app.app_context():
        rows = db.session.execute(select(AudioClip)).scalars().all()
        db.session.expunge_all()
        return rows


def revisions(app) -> list[tuple[int, str]]:
    with app.app_context():
        return [(r.id, r.data) for r in db.session.execute(select(Revision).order_by(Revision.id)).scalars()]


def messages(app) -> list[Message]:
    with app.app_context():
        rows = db.session.execute(select(Message).order_by(Message.id)).scalars().all()
        db.session.expunge_all()
        return rows


def sqlite_file(app) -> str:
    return app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")


class ExclusiveLock:
    """Another connection holding an exclusive transaction on the SQLite file: nobody else can
    write (in the write-ahead log mode the app uses, everybody can still read)."""

    def __init__(self, path: str):
        self.connection = sqlite3.connect(path, isolation_level=None, timeout=0)

    def __enter__(self) -> "ExclusiveLock":
        self.connection.execute("BEGIN EXCLUSIVE")
        return self

    def __exit__(self, *exc: object) -> None:
        self.connection.execute("ROLLBACK")
        self.connection.close()


def quick_lock_timeout() -> dict:
    """SQLite's busy timeout shortened from 5 s so that these tests stay quick."""
    return {"pool_pre_ping": True, "connect_args": {"timeout": 0.3}}


# -- the speech engine ----------------------------------------------------------------------------


@pytest.mark.parametrize("error", [SpeechError("the voice is unavailable"), SpeechError("timed out after 10 s")],
                         ids=["down", "timeout"])
def test_engine_failing_in_background_the_call_still_speaks_and_failures_are_recorded(tmp_path, error):
    engine = RaisingEngine(error)
    app = make_app(tmp_path, engine=engine, IVR_SYNTH_WORKERS=1)
    synth = synthesis_queue(app)
    call = walker(app)
    page, took = timed(call.start)
    assert page.heard and all(h.kind == "say" for h in page.heard)
    assert took < 1.0
    synth.wait(timeout=60)
    assert engine.calls > 0  # the background pool did try
    failed = [c for c in clips(app) if c.status == FAILED]
    assert failed and all(str(error) in c.error for c in failed)
    assert "здравствуйте" in page.spoken
    page = call.press("1")  # the call goes on, still spoken with Twilio's voice
    assert page.texts and "Часы работы" in page.spoken


def test_engine_crashing_with_an_unexpected_error_the_call_still_speaks(tmp_path):
    engine = RaisingEngine(RuntimeError("segfault-ish failure inside the voice library"))
    app = make_app(tmp_path, engine=engine, IVR_SYNTH_WORKERS=1)
    call = walker(app)
    assert all(h.kind == "say" for h in call.start().heard)
    synthesis_queue(app).wait(timeout=60)
    assert call.press("3").texts  # English main menu, spoken


def test_engine_hanging_does_not_slow_the_webhooks_and_audio_follows_once_it_recovers(tmp_path):
    engine = HangingEngine()
    app = make_app(tmp_path, engine=engine, IVR_SYNTH_WORKERS=1)
    synth = synthesis_queue(app)
    try:
        call = walker(app)
        call.start()
        assert engine.entered.wait(10), "background synthesis never started"
        slowest = 0.0
        for key in ("1", "1", "9", "*", "2", "2", "*", "3"):
            page, took = timed(call.press, key)
            assert page.heard and page.texts
            slowest = max(slowest, took)
        assert slowest < 0.5, f"a webhook took {slowest:.2f} s while the engine hung"
    finally:
        engine.release.set()
        synth.wait(timeout=120)
    page = walker(app).start()
    assert page.heard and all(h.kind == "play" for h in page.heard)


# -- the audio folder -----------------------------------------------------------------------------


def test_audio_folder_missing_at_start_the_call_speaks_and_synthesis_creates_it(tmp_path):
    audio = tmp_path / "not" / "yet" / "audio"
    app = make_app(tmp_path, engine=QuickEngine(), IVR_AUDIO_DIR=str(audio), IVR_SYNTH_WORKERS=1)
    page = walker(app).start()
    assert page.texts
    synthesis_queue(app).wait(timeout=60)
    assert audio.is_dir()
    assert all(h.kind == "play" for h in walker(app).start().heard)


def test_audio_file_requested_from_a_missing_folder_is_not_found_not_an_error(tmp_path):
    app = make_app(tmp_path, IVR_AUDIO_DIR=str(tmp_path / "gone"))
    response = app.test_client().get("/audio/" + "a" * 64 + ".wav")
    assert response.status_code == 404


def _unwritable_audio(tmp_path: Path, monkeypatch, how: str) -> dict:
    if how == "a file in the way":
        (tmp_path / "blocker").write_text("not a folder")
        return {"IVR_AUDIO_DIR": str(tmp_path / "blocker" / "audio")}

    # Read-only: root ignores file modes, so the store's write fails as a read-only mount does.
    def read_only(self, filename, data):
        raise OSError(errno.EROFS, "Read-only file system", str(self.root))

    monkeypatch.setattr(AudioStore, "write", read_only)
    return {}


@pytest.mark.parametrize("how", ["a file in the way", "read-only"])
def test_audio_folder_unwritable_the_call_still_speaks(tmp_path, monkeypatch, how):
    settings = _unwritable_audio(tmp_path, monkeypatch, how)
    app = make_app(tmp_path, engine=QuickEngine(), IVR_SYNTH_WORKERS=1, **settings)
    call = walker(app)
    assert all(h.kind == "say" for h in call.start().heard)
    synthesis_queue(app).wait(timeout=60)
    page = call.press("2")
    assert page.texts and all(h.kind == "say" for h in page.heard)


@pytest.mark.parametrize("how", ["a file in the way", "read-only"])
def test_audio_folder_unwritable_synthesis_records_each_failure_and_synth_says_so(tmp_path, monkeypatch, how):
    settings = _unwritable_audio(tmp_path, monkeypatch, how)
    app = make_app(tmp_path, engine=QuickEngine(), **settings)
    result = app.test_cli_runner().invoke(args=["synth"])
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "0 files made" in result.output and " failed" in result.output
    rows = clips(app)
    assert rows and all(c.status == FAILED and c.error for c in rows)


@pytest.mark.parametrize("restart", [False, True], ids=["running", "restarted"])
def test_audio_folder_emptied_under_the_service_the_call_never_plays_a_missing_file(tmp_path, restart):
    app = make_app(tmp_path, engine=QuickEngine())
    synthesize_everything(app)
    assert all(h.kind == "play" for h in walker(app).start().heard)
    for path in Path(settings(app).audio_dir).iterdir():
        path.unlink()
    if restart:
        app = make_app(tmp_path, engine=QuickEngine(), seed=False)
    page = walker(app).start()
    assert page.heard
    client = app.test_client()
    for heard in page.heard:
        if heard.kind == "play":
            assert client.get(heard.text.removeprefix(BASE)).status_code == 200, f"{heard.text} is gone"


# -- the database ---------------------------------------------------------------------------------


def test_database_unreachable_from_the_start_the_caller_hears_the_apology(tmp_path):
    """A worker whose database is unreachable from its first request still apologises (200)."""
    app = make_app(tmp_path, seed=False, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/missing/folder/db.sqlite3")
    page = speaks(signed_post(app.test_client(), "/voice"))
    assert page.hangup and APOLOGY_RU in page.spoken


def test_database_unreachable_from_the_start_an_unsigned_request_is_still_refused(tmp_path):
    """The signature check still comes first: 403, not a server error."""
    app = make_app(tmp_path, seed=False, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/missing/folder/db.sqlite3")
    assert signed_post(app.test_client(), "/voice", signed=False).status_code == 403


def test_database_locked_when_a_worker_starts_the_caller_still_hears_the_menu(tmp_path):
    """A worker (re)started while another connection holds the write lock reads what it needs."""
    make_app(tmp_path)  # the database exists and has the office
    fresh = make_app(tmp_path, seed=False, SQLALCHEMY_ENGINE_OPTIONS=quick_lock_timeout())
    with ExclusiveLock(sqlite_file(fresh)):
        page = speaks(signed_post(fresh.test_client(), "/voice"))
    assert page.gather is not None and not page.hangup
    assert "Русский — нажмите 1." in page.spoken


def test_database_gone_while_running_the_caller_hears_the_offices_last_known_apology(tmp_path):
    folder = tmp_path / "db"
    folder.mkdir()
    # Every step asks the database (no interval in which answers come from memory alone).
    app = make_app(tmp_path, SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder}/hotline.sqlite3")
    with app.test_request_context():
        now = current_office()
        texts = {**now.office.texts, "error": {"ru": OWN_APOLOGY}}
        save_office(now.office.with_changes(texts=texts), author="clerk", base=now.revision)
    assert walker(app).start().texts  # this process has read the office
    folder.rename(tmp_path / "moved")
    with app.app_context():
        db.engine.dispose()  # new connections must open the file again, and cannot
    call = walker(app)
    page = speaks(signed_post(app.test_client(), "/voice/step?node=main&lang=ru", {"Digits": "1"}))
    assert page.hangup
    assert page.spoken.startswith(OWN_APOLOGY)  # the office's own wording, kept in memory
    assert "ноль один семь один девять" not in page.spoken  # never the number the caller is on
    (tmp_path / "moved").rename(folder)
    assert call.start().texts  # back as soon as the database is


def test_database_locked_callers_are_answered_a_save_fails_whole_and_no_event_is_lost(tmp_path):
    app = make_app(tmp_path, SQLALCHEMY_ENGINE_OPTIONS=quick_lock_timeout())
    assert walker(app).start().texts
    before = revisions(app)
    call = walker(app)
    with ExclusiveLock(sqlite_file(app)):
        call.start()
        response, took = timed(call.press, "3")  # English: the main menu, while nothing can be written
        assert response.gather is not None and "Office hours — 1" in response.spoken
        assert took < 3.0
        with app.test_request_context():
            now = current_office()  # reading still works under the lock...
            with pytest.raises(OperationalError, match="database is locked"):  # ...a clerk's save fails whole
                save_office(now.office.with_changes(hotline="+375 (1719) 11-1-11"), author="clerk", base=now.revision)
    assert revisions(app) == before  # ...and leaves nothing half-written
    page = call.press("1")  # the call goes on after the lock: its next events are written...
    assert page.gather is not None and not page.hangup
    with app.app_context():  # ...and so are those from the locked moments, kept until now
        kinds = [row.kind for row in db.session.execute(select(CallEvent).where(CallEvent.call_sid == call.call_sid)).scalars()]
    assert "started" in kinds and "language" in kinds and "choice" in kinds
    with app.test_request_context():
        now = current_office()
        save_office(now.office.with_changes(hotline="+375 (1719) 11-1-11"), author="clerk", base=now.revision)
    assert len(revisions(app)) == len(before) + 1


def test_database_locked_with_default_settings_the_answer_comes_before_twilio_gives_up(tmp_path):
    app = make_app(tmp_path)  # default lock timeouts
    assert walker(app).start().texts
    with ExclusiveLock(sqlite_file(app)):
        response, took = timed(signed_post, app.test_client(), "/voice/step?node=main&lang=be", {"Digits": "2"})
    page = speaks(response)
    assert page.gather is not None and not page.hangup  # the news, read while the lock is held
    assert took < TWILIO_WEBHOOK_TIMEOUT - 5, f"the caller waited {took:.1f} s in silence"


def test_database_locked_just_after_a_check_the_caller_hears_the_answer_from_memory(tmp_path):
    # Default settings: the content was checked a moment ago, so the webhook does not ask again.
    app = make_app(tmp_path)
    assert walker(app).start().texts
    with ExclusiveLock(sqlite_file(app)):
        response, took = timed(signed_post, app.test_client(), "/voice/step?node=main&lang=en", {"Digits": "1"})
    page = speaks(response)
    assert "8:30" in page.spoken or "eight thirty" in page.spoken, page.spoken
    assert page.gather is not None and not page.hangup
    assert took < TWILIO_WEBHOOK_TIMEOUT - 5, f"the caller waited {took:.1f} s in silence"


def test_database_locked_during_background_synthesis_loses_no_audio(tmp_path):
    engine = HangingEngine()
    engine.release.set()  # the seed run goes through
    app = make_app(tmp_path, engine=engine, IVR_SYNTH_WORKERS=1, SQLALCHEMY_ENGINE_OPTIONS=quick_lock_timeout())
    synth = synthesis_queue(app)
    synth.wait(timeout=60)
    made = {c.key: c.filename for c in clips(app) if c.status == READY}
    assert made
    assert walker(app).start().heard  # this process has answered a call before the lock
    engine.release.clear()
    engine.entered.clear()
    with app.test_request_context():  # a clerk's edit: new sentences go to the background pool
        now = current_office()
        save_office(now.office.with_changes(hotline="+375 (1719) 33-3-33"), author="clerk", base=now.revision)
    try:
        assert engine.entered.wait(10), "background synthesis never started"
        with ExclusiveLock(sqlite_file(app)):
            engine.release.set()  # the voice answers, but the clip cannot be recorded now
            synth.wait(timeout=60)  # the job fails on the lock (logged) and ends
            # Contacts and receptions (issue 18), key 1: the office's own address and numbers.
            page = speaks(signed_post(app.test_client(), "/voice/step?node=contacts&lang=ru", {"Digits": "1"}))
            # The new hot line: from memory (checked moments ago) or, if not, in the apology.
            assert "тридцать три, три, тридцать три" in page.spoken
    finally:
        engine.release.set()
        synth.wait(timeout=60)
    after = {c.key: c.filename for c in clips(app) if c.status == READY}
    assert made.items() <= after.items()  # every recording made before is still there
    audio = Path(settings(app).audio_dir)
    assert all((audio / name).is_file() for name in made.values())
    call = walker(app)
    call.start()
    call.press("1")  # Russian
    call.press("3")  # contacts and receptions
    page = call.press("1")  # the office's contacts: the new hot line, from Twilio's voice or from audio made since
    texts_of_files = {c.filename: c.text for c in clips(app) if c.status == READY}
    heard = [h.text if h.kind == "say" else texts_of_files.get(h.text.rsplit("/", 1)[-1], "") for h in page.heard]
    assert any("тридцать три, три, тридцать три" in words for words in heard), page.heard
    synth.synthesize_all_later()
    synth.wait(timeout=60)
    page = walker(app).start()
    assert all(h.kind == "play" for h in page.heard)


def test_database_locked_a_clerk_using_the_command_line_gets_a_clear_message(tmp_path):
    app = make_app(tmp_path, SQLALCHEMY_ENGINE_OPTIONS=quick_lock_timeout())
    before = revisions(app)
    with ExclusiveLock(sqlite_file(app)):
        result = app.test_cli_runner().invoke(args=["pronounce", "Копыль", "Ко́пыль", "--lang", "ru"])
    assert revisions(app) == before
    assert result.exit_code != 0
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "database" in result.output.lower() and "Traceback" not in result.output


# -- Twilio's callbacks twice or out of order --------------------------------------------------------


def test_the_same_menu_answer_posted_twice_gets_the_same_twiml(tmp_path):
    app = make_app(tmp_path, moment=MONDAY_MORNING)
    call = walker(app)
    call.start()
    call.press("1")
    action = call.page.gather["action"]
    first = call.post(action, {"Digits": "2"})
    second = call.post(action, {"Digits": "2"})
    assert first.xml == second.xml and first.texts


@pytest.mark.parametrize("status", ["completed", "no-answer"])
def test_a_dial_result_posted_twice_gets_valid_twiml_both_times(tmp_path, status):
    app = make_app(tmp_path, moment=MONDAY_MORNING)
    call = walker(app)
    call.start()
    call.press("1")
    page = call.press("0")
    assert page.dial is not None
    action = page.dial["action"]
    first = call.post(action, {"DialCallStatus": status})
    second = call.post(action, {"DialCallStatus": status})
    assert first.xml == second.xml and first.texts
    assert messages(app) == []


@pytest.mark.parametrize("path,form", [
    ("/voice/step?node=main&lang=ru&slow=0&tries=0&item=0&ev=dial", {"DialCallStatus": "completed"}),
    ("/voice/step?node=language&lang=en&ev=dial", {"DialCallStatus": "busy"}),
    ("/voice/step?node=recorded&lang=ru&msg=0", {"Digits": "3"}),
    ("/voice/step?node=recorded&lang=en&msg=12345", {"Digits": "1"}),
    ("/voice/step?node=callback&lang=be", {"Digits": "1"}),
    ("/voice/step?node=news&lang=en&item=7&ev=noinput", {}),
    ("/voice", {"CallStatus": "completed"}),
], ids=["dial-without-dial", "dial-at-language-menu", "send-without-recording", "listen-unknown-message",
        "callback-confirm-first", "stale-news-item", "ring-after-hangup"])
def test_a_callback_out_of_order_gets_spoken_twiml_and_files_no_voice_message(tmp_path, path, form):
    app = make_app(tmp_path)
    form = {"CallSid": "CA" + "5" * 32, "From": "+375291234567", **form}
    page = speaks(signed_post(app.test_client(), path, form), path)
    assert page.gather or page.hangup or page.redirect or page.record
    assert [m for m in messages(app) if m.kind == VOICE] == []  # no recording, no voice message


def _recorded_call(app, sid: str = "RE" + "7" * 32) -> tuple[CallWalker, dict[str, str], str]:
    """A caller outside office hours at the beep: returns the walker, the recording fields and
    the record action URL (nothing posted yet)."""
    call = walker(app)
    call.start()
    call.press("1")
    call.press("0")
    page = call.press("1")
    assert page.record is not None
    fields = {"RecordingUrl": f"https://api.twilio.com/2010-04-01/Accounts/AC{'0' * 32}/Recordings/{sid}",
              "RecordingSid": sid, "RecordingDuration": "7", "Digits": "#"}
    return call, fields, page.record["action"]


def test_recording_callbacks_twice_keep_one_message_and_its_recording(tmp_path):
    app = make_app(tmp_path)
    call, fields, action = _recorded_call(app)
    call.post(action, fields)
    call.post(action, fields)  # Twilio retries the action
    status = {"RecordingSid": fields["RecordingSid"], "RecordingUrl": fields["RecordingUrl"],
              "RecordingStatus": "completed", "RecordingDuration": "7"}
    for _ in range(2):
        answer = call.post("/voice/recording", status)  # an empty <Response/>: Twilio does not act on it
        assert not answer.heard and answer.gather is None and answer.record is None and not answer.hangup
    review = call.post(action, fields)  # and once more, late
    call.page = review
    page = call.press("3")
    assert page.hangup and page.texts
    call.hangs_up()
    call.hangs_up()  # the status callback twice
    [message] = messages(app)
    assert (message.status, message.recording_sid, message.recording_url) == (NEW, fields["RecordingSid"],
                                                                              fields["RecordingUrl"])


def test_recording_status_before_the_record_action_loses_nothing(tmp_path):
    app = make_app(tmp_path)
    call, fields, action = _recorded_call(app, sid="RE" + "8" * 32)
    status = {"RecordingSid": fields["RecordingSid"], "RecordingUrl": fields["RecordingUrl"],
              "RecordingStatus": "completed", "RecordingDuration": "7"}
    call.post("/voice/recording", status)  # arrives first
    call.page = call.post(action, fields)
    page = call.press("3")
    assert page.hangup
    [message] = messages(app)
    assert message.status == NEW and message.recording_url == fields["RecordingUrl"]


def test_hang_up_status_then_send_pressed_late_keeps_one_message(tmp_path):
    app = make_app(tmp_path)
    call, fields, action = _recorded_call(app, sid="RE" + "9" * 32)
    review = call.post(action, fields)
    call.hangs_up()  # the call ended...
    call.page = review
    call.press("3")  # ...and the caller's "send" arrives after it
    [message] = messages(app)
    assert message.status == NEW


def test_hang_up_status_arriving_before_the_record_action_still_delivers_the_message(tmp_path):
    app = make_app(tmp_path)
    call, fields, action = _recorded_call(app, sid="RE" + "6" * 32)
    call.hangs_up()  # Twilio's status callback wins the race...
    call.post(action, fields)  # ...against the record action of the same hang-up
    [message] = messages(app)
    assert message.status == NEW, "the caller's message was left as an invisible draft"


def test_a_refused_forged_callback_changes_nothing(tmp_path):
    app = make_app(tmp_path)
    call, fields, action = _recorded_call(app, sid="RE" + "4" * 32)
    call.post(action, fields)
    before = [(m.id, m.status, m.recording_url) for m in messages(app)]
    client = app.test_client()
    forged = {"CallSid": call.call_sid, "CallStatus": "completed"}
    assert client.post("/voice/status", data=forged, headers={"X-Twilio-Signature": "Zm9yZ2Vk"}).status_code == 403
    assert client.post("/voice/recording", data={"RecordingSid": fields["RecordingSid"], "RecordingStatus": "completed",
                                                 "RecordingUrl": "https://evil.example/x"}).status_code == 403
    assert [(m.id, m.status, m.recording_url) for m in messages(app)] == before
    with app.app_context():
        assert db.session.execute(select(func.count()).select_from(Message)).scalar_one() == 1
