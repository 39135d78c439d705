"""A caller's own number never becomes public audio (issue 15, item 1): the call-back read-back is
said with Twilio's <Say>, never synthesized, stored, or served under a name anyone can compute."""
from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select

from ivr.callflow.catalogue import Sentence, rate_for
from ivr.config import settings
from ivr.content.store import current_office
from ivr.extensions import db
from ivr.schema import upgrade_database
from ivr.speech.clips import READY, AudioClip, sentence_key
from ivr.speech.store import AudioStore
from ivr.speech.synthesis import synthesizer
from ivr.voice.walk import CallWalker
from tests.speech.apps import ToneEngine, make_app

READ_BACK = "Мы перезвоним вам на номер: плюс, три семь пять, два девять, один два три, четыре пять, шесть семь. "


def caller(app) -> CallWalker:
    return CallWalker(app.test_client(), settings(app).twilio_auth_token, settings(app).public_url,
                      caller="+375291234567")


def all_clips(app) -> list[AudioClip]:
    with app.app_context():
        rows = db.session.execute(select(AudioClip)).scalars().all()
        db.session.expunge_all()
        return rows


def test_the_read_back_is_said_never_stored_and_its_computable_name_is_not_found(tmp_path):
    app = make_app(tmp_path, engine=ToneEngine(), IVR_SYNTH_WORKERS=1)  # Monday lunch: no one to put through
    call = caller(app)
    call.start()
    call.press("1")
    call.press("0")
    page = call.press("2")
    [read_back] = [heard for heard in page.heard if heard.text.startswith("Мы перезвоним")]
    assert read_back.kind == "say" and read_back.text.startswith(READ_BACK)
    call.press("1")
    app.extensions["ivr.synth"].wait(60)
    texts = [clip.text + clip.spoken for clip in all_clips(app)]
    assert texts and not [text for text in texts if "два девять, один два три" in text or "29" in text]
    with app.app_context():
        name = AudioStore.filename(sentence_key(synthesizer(app).tts, Sentence("ru", read_back.text, rate_for(False)),
                                                current_office().office), "wav")
    assert not (Path(settings(app).audio_dir) / name).exists()
    assert app.test_client().get(f"/audio/{name}").status_code == 404


def test_read_backs_stored_before_are_deleted_by_the_migration(tmp_path):
    app = make_app(tmp_path, engine=ToneEngine())
    audio = Path(settings(app).audio_dir)
    audio.mkdir(parents=True, exist_ok=True)
    with app.app_context():
        office = current_office().office
        for n, text in enumerate([READ_BACK + "Если номер верный, нажмите 1.", "Добрый день!"]):
            key = sentence_key("espeak", Sentence("ru", text, 100), office)
            (audio / f"{key}.wav").write_bytes(b"RIFF")
            db.session.add(AudioClip(key=key, lang="ru", rate=100, text=text, spoken=text, status=READY,
                                     filename=f"{key}.wav"))
        db.session.commit()
        db.session.execute(db.text("UPDATE alembic_version SET version_num = '0004'"))
        db.session.commit()
    upgrade_database(app)
    left = all_clips(app)
    assert [clip.text for clip in left] == ["Добрый день!"]
    assert sorted(path.name for path in audio.iterdir()) == [left[0].filename]
    assert json.dumps([clip.text for clip in left]).find("три семь пять") == -1
