"""Every JSON document the jambonz adapter can answer passes jambonz's own verb specification."""
from __future__ import annotations

import hashlib
from urllib.parse import urlencode

from ivr.jambonz.verbs import render_verbs
from tests.jambonz.spec import refused
from tests.providers.walk import every_turn


def action(state, event):
    return "https://hotline.test/jambonz/step?" + urlencode({**state.to_query(), **({"ev": event} if event else {})})


def stored(say, slow):
    return f"https://hotline.test/audio/{hashlib.sha256(f'{say.text}{slow}'.encode()).hexdigest()[:16]}.wav"


def no_audio(say, slow):
    return None


def test_every_document_of_the_jambonz_adapter_passes_jambonz_specification(app):
    documents = [[{"verb": "pause", "length": 1}]]
    for turn in every_turn(app, voice_messages=False):
        for audio in (stored, no_audio):  # our stored audio (play), and jambonz's voice (say) until it is ready
            documents.append(render_verbs(turn, action, audio))
    kinds = {verb["verb"] for document in documents for verb in document}
    assert kinds == {"pause", "play", "say", "gather", "redirect", "dial", "hangup"}
    assert any("speechTimeout" in verb for document in documents for verb in document)  # the slow menus
    assert len(documents) > 500
    assert refused(documents) == []


def test_the_specification_does_refuse_what_jambonz_does_not_know():
    # Twilio's "auto" speech timeout, a record verb of Twilio's shape, a dial without a target.
    wrong = [[{"verb": "gather", "actionHook": "/x", "speechTimeout": "auto"}],
             [{"verb": "record", "action": "/x", "maxLength": 120}], [{"verb": "dial", "actionHook": "/x"}]]
    assert [index for index, _ in refused(wrong)] == [0, 1, 2]
