"""Kept answers (ivr/voice/answers.py, ivr/voice/cached.py): a repeated step is answered from
memory, and never with anything a fresh answer would not say."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Request

from ivr import create_app
from ivr.config import config_for_tests
from ivr.content.store import current_office, ensure_database, save_office
from ivr.extensions import db
from ivr.news import live
from ivr.ops.events import CallEvent
from ivr.ops.metrics import WEBHOOK_REQUESTS
from ivr.callflow.catalogue import Sentence, rate_for
from ivr.speech.clips import AudioClip
from ivr.speech.synthesis import synthesizer
from ivr.voice import webhooks
from ivr.voice.cached import first_values, url_encoded_pairs
from ivr.voice.signature import sign
from ivr.voice.walk import CallWalker
from tests.conftest import MINSK
from tests.test_faults import QuickEngine

TOKEN, BASE = "test-auth-token", "https://hotline.test"
MONDAY_MORNING = datetime(2026, 11, 30, 10, 0, tzinfo=MINSK)


@pytest.fixture
def moment():
    return {"now": MONDAY_MORNING}


@pytest.fixture
def voiced(tmp_path, moment):
    """The app with every sentence's audio made (a quick stand-in voice) and a movable clock."""
    app = create_app(config_for_tests(tmp_path))
    ensure_database(app)
    app.extensions["ivr.clock"] = lambda: moment["now"]
    synth = synthesizer(app)
    synth.use_engine(QuickEngine())
    with app.app_context():
        synth.synthesize_all(live.office_as_heard(app), MONDAY_MORNING)
    return app


@pytest.fixture
def flow_runs(monkeypatch):
    """How often the call flow itself was asked (a kept answer does not ask it)."""
    runs = []
    real = webhooks.respond

    def counted(*args, **kwargs):
        runs.append(args[1].node)
        return real(*args, **kwargs)

    monkeypatch.setattr(webhooks, "respond", counted)
    return runs


def call(app, caller="+375291234567") -> CallWalker:
    return CallWalker(app.test_client(), TOKEN, BASE, caller=caller)


def hours_after_russian(app, caller="+375291234567"):
    walk = call(app, caller)
    walk.start()
    walk.press("1")
    return walk, walk.press("1")


def words(app, page) -> str:
    """What the caller hears, with each played file read back as the sentence it was made from."""
    with app.app_context():
        texts = dict(db.session.execute(select(AudioClip.filename, AudioClip.text)).all())
    return " ".join(texts.get(h.text.rsplit("/", 1)[-1], "?") if h.kind == "play" else h.text for h in page.heard)


def requests_answered(endpoint: str) -> float:
    return WEBHOOK_REQUESTS.labels(endpoint, "200")._value.get()


def test_a_repeated_step_is_answered_from_memory_and_still_counted(voiced, flow_runs):
    first, page = hours_after_russian(voiced)
    assert page.heard and all(h.kind == "play" for h in page.heard)
    worked_out = len(flow_runs)
    before = requests_answered("voice.step")
    second, again = hours_after_russian(voiced, caller="+375297654321")
    assert len(flow_runs) == worked_out  # no step of the second call needed the flow
    assert again.xml == page.xml  # byte for byte the same answer
    assert requests_answered("voice.step") == before + 2  # the metrics still see every request
    with voiced.app_context():
        for walk in (first, second):
            kinds = db.session.execute(select(CallEvent.kind, CallEvent.detail)
                                       .where(CallEvent.call_sid == walk.call_sid)).all()
            assert ("started", "") in kinds and ("choice", "hours") in kinds  # both calls in the statistics


def test_an_edit_is_heard_by_the_very_next_call(voiced, flow_runs):
    hours_after_russian(voiced)
    with voiced.test_request_context():
        now = current_office()
        save_office(now.office.with_changes(address={"ru": "улица Новая, 1", "be": "вуліца Новая, 1", "en": "1 New Street"}),
                    author="clerk", base=now.revision)
    walk = call(voiced)
    walk.start()
    walk.press("1")
    assert "улица Новая, один" in words(voiced, walk.press("3"))


def test_an_edit_made_by_another_process_is_heard_within_the_check_interval(voiced, monkeypatch):
    hours_after_russian(voiced)
    with voiced.test_request_context():
        now = current_office()
        save_office(now.office.with_changes(hotline="+375 (1719) 77-7-77"), author="clerk", base=now.revision)
    monkeypatch.setattr(live, "_saved_here", 0.0)  # as if the save had happened in another worker
    walk = call(voiced)
    walk.start()
    walk.press("1")
    assert "семьдесят семь, семь, семьдесят семь" not in words(voiced, walk.press("3"))  # checked a moment ago
    clock = live.time.monotonic() + voiced.config["IVR_CONTENT_CHECK_SECONDS"]
    monkeypatch.setattr(live.time, "monotonic", lambda: clock)
    assert "семьдесят семь, семь, семьдесят семь" in words(voiced, walk.press("9"))  # the interval is over


def test_audio_gone_from_the_store_is_never_played_from_a_kept_answer(voiced):
    _, page = hours_after_russian(voiced)
    assert all(h.kind == "play" for h in page.heard)
    for wav in Path(voiced.config["IVR_AUDIO_DIR"]).glob("*.wav"):
        wav.unlink()
    _, page = hours_after_russian(voiced)
    assert page.heard and all(h.kind == "say" for h in page.heard)  # Twilio's voice, not silence


def test_an_answer_is_never_kept_while_its_audio_is_missing(tmp_path, flow_runs):
    app = create_app(config_for_tests(tmp_path))  # no audio made at all
    ensure_database(app)
    app.extensions["ivr.clock"] = lambda: MONDAY_MORNING
    hours_after_russian(app)
    worked_out = len(flow_runs)
    hours_after_russian(app)
    assert len(flow_runs) == 2 * worked_out  # worked out again, and the missing audio queued again


def test_a_kept_answer_outlives_the_minute_while_the_office_status_stays_the_same(voiced, flow_runs, moment):
    hours_after_russian(voiced)
    worked_out = len(flow_runs)
    moment["now"] = MONDAY_MORNING.replace(hour=12, minute=59)  # still open, lunch at 13.00
    _, page = hours_after_russian(voiced)
    assert len(flow_runs) == worked_out
    assert "перерыв начнётся в тринадцать часов" in words(voiced, page)
    moment["now"] = MONDAY_MORNING.replace(hour=13, minute=0)  # lunch: everything is worked out again
    _, page = hours_after_russian(voiced)
    assert len(flow_runs) == 2 * worked_out
    assert "Сейчас обеденный перерыв" in words(voiced, page)


def test_a_kept_answer_follows_the_date_at_midnight(voiced, moment):
    # Closed all weekend, opening on Monday at 8.30 either way: only the day tells "Monday" from
    # "tomorrow".
    moment["now"] = datetime(2026, 11, 28, 23, 59, tzinfo=MINSK)  # Saturday
    _, saturday = hours_after_russian(voiced)
    moment["now"] = datetime(2026, 11, 29, 0, 1, tzinfo=MINSK)  # Sunday
    _, sunday = hours_after_russian(voiced)
    assert "в понедельник" in words(voiced, saturday)
    assert "завтра" in words(voiced, sunday) and "в понедельник" not in words(voiced, sunday)


def test_the_open_now_sentence_follows_the_clock(voiced, moment):
    moment["now"] = datetime(2026, 11, 30, 12, 59, 30, tzinfo=MINSK)
    _, before_lunch = hours_after_russian(voiced)
    moment["now"] = datetime(2026, 11, 30, 13, 0, 5, tzinfo=MINSK)
    _, at_lunch = hours_after_russian(voiced)
    assert "перерыв начнётся в тринадцать часов" in words(voiced, before_lunch)
    assert "Сейчас обеденный перерыв" in words(voiced, at_lunch)
    assert "перерыв начнётся" not in words(voiced, at_lunch)


def callback_offer(app, number):
    walk = call(app, caller=number)
    walk.start()
    walk.press("1")
    walk.press("0")  # a person; the office is open, so put through...
    walk.dial_ends("no-answer")  # ...nobody answers: the message menu
    return walk.press("2")  # a call back: the caller's number is read back


def test_a_callers_own_number_is_never_read_to_another_caller(voiced):
    numbers = {"+375291111111": "один один один", "+375292222222": "два два два"}
    synth = synthesizer(voiced)
    with voiced.app_context():  # audio for the read-back numbers too, so nothing stops it being kept
        office = live.office_as_heard(voiced)
        for number in numbers:
            for heard in callback_offer(voiced, number).heard:
                if heard.kind == "say":
                    synth.synthesize(Sentence("ru", heard.text, rate_for(False)), office)
    for _ in range(2):
        for number, spoken in numbers.items():
            page = callback_offer(voiced, number)
            heard = words(voiced, page)
            assert all(h.kind == "play" for h in page.heard)
            assert spoken in heard, heard
            other = next(s for n, s in numbers.items() if n != number)
            assert other not in heard


def test_a_kept_answer_is_refused_without_a_valid_signature(voiced):
    hours_after_russian(voiced)
    client = voiced.test_client()
    path = "/voice/step?node=main&lang=ru&slow=0&tries=0&item=0&msg=0"
    form = {"CallSid": "CA" + "9" * 32, "From": "+375291234567", "Digits": "1"}
    assert client.post(path, data=form).status_code == 403
    forged = {"X-Twilio-Signature": sign("another-token", BASE + path, form)}
    assert client.post(path, data=form, headers=forged).status_code == 403
    good = {"X-Twilio-Signature": sign(TOKEN, BASE + path, form)}
    assert client.post(path, data=form, headers=good).status_code == 200


# Form text as Twilio and strangers may send it: escapes (valid or not), '+', '=', empty pieces.
FORM_TEXT = st.lists(st.one_of(st.sampled_from(["&", "=", "+", "%", "%2B", "%D0%B0", "%zz", "%e2%82", "%C3"]),
                               st.text(max_size=6)), max_size=12).map("".join)


@settings(max_examples=400, deadline=None)
@given(FORM_TEXT)
def test_the_answer_cache_reads_a_form_exactly_as_flask_does(text):
    # The cache's own parser must give the fields werkzeug gives Flask, or a signature or a key
    # press would be read differently by the two ways in.
    pairs = url_encoded_pairs(text)
    flask_reads = Request.from_values(data=text.encode(), content_type="application/x-www-form-urlencoded").form
    assert list(MultiDict(pairs).lists()) == list(flask_reads.lists())  # each name's values, in order
    # ... and looks a name up as Flask's request.args/values do: its first value.
    assert first_values(pairs) == {name: MultiDict(pairs).get(name) for name, _ in pairs}


def test_the_answer_cache_reads_twilios_fields():
    text = "CallSid=CA1&From=%2B375291234567&SpeechResult=%D1%87%D0%B0%D1%81%D1%8B+%D1%80%D0%B0%D0%B1%D0%BE%D1%82%D1%8B&Digits="
    assert url_encoded_pairs(text) == [("CallSid", "CA1"), ("From", "+375291234567"),
                                       ("SpeechResult", "часы работы"), ("Digits", "")]
