"""Every TwiML document the hotline can answer, with the Somleng preset, uses only the verbs, nouns
and attributes Somleng carries out; with Twilio's preset it keeps Twilio's speech input."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from urllib.parse import urlencode

from ivr.providers import PRESETS
from ivr.voice.twiml import render_turn
from tests.providers.walk import every_turn

# What Somleng carries out, element by element: the attributes it reads and the elements it allows
# inside. From Somleng's TwiML interpreter (somleng-switch), where its TwiML support is defined:
# https://github.com/somleng/somleng-switch/blob/develop/components/app/app/models/execute_twiml.rb
# and components/app/app/models/twiml/{gather,dial,record,say,play,redirect}_verb.rb
SOMLENG_TWIML: dict[str, tuple[set[str], set[str]]] = {
    "Response": (set(), {"Say", "Play", "Gather", "Redirect", "Dial", "Record", "Hangup", "Reject"}),
    "Say": ({"voice", "language", "loop"}, set()),
    "Play": ({"loop"}, set()),
    "Gather": ({"action", "method", "timeout", "numDigits", "finishOnKey", "actionOnEmptyResult"}, {"Say", "Play"}),
    "Redirect": ({"method"}, set()),
    "Dial": ({"action", "method", "callerId", "timeout"}, {"Number", "Sip"}),
    "Number": (set(), set()),
    "Record": ({"action", "method", "recordingStatusCallback", "recordingStatusCallbackMethod", "maxLength",
                "timeout", "playBeep", "finishOnKey"}, set()),
    "Hangup": (set(), set()),
    "Reject": ({"reason"}, set()),
}


def action(state, event):
    return "https://hotline.test/voice/step?" + urlencode({**state.to_query(), **({"ev": event} if event else {})})


def outside_somleng(xml: str) -> set[str]:
    """What a TwiML document uses that Somleng does not carry out ("Gather@input", "Say/prosody")."""
    out: set[str] = set()

    def check(element: ET.Element) -> None:
        attributes, children = SOMLENG_TWIML.get(element.tag, (set(), set()))
        if element.tag not in SOMLENG_TWIML:
            out.add(element.tag)
        out.update(f"{element.tag}@{name}" for name in element.attrib if name not in attributes)
        for child in element:
            if child.tag not in children:
                out.add(f"{element.tag}/{child.tag}")
            check(child)

    check(ET.fromstring(xml))
    return out


def documents(app, provider):
    with app.test_request_context():
        return [render_turn(turn, action, lambda say, slow: None, "https://hotline.test/voice/recording",
                            PRESETS[provider]) for turn in every_turn(app, voice_messages=True)]


def test_every_twiml_document_for_somleng_uses_only_what_somleng_carries_out(app):
    answers = documents(app, "somleng")
    assert len(answers) > 200
    assert set().union(*(outside_somleng(xml) for xml in answers)) == set()
    assert any("<Record " in xml for xml in answers) and any("<Dial " in xml for xml in answers)


def test_twilios_documents_keep_speech_input_and_slower_speech(app):
    used = set().union(*(outside_somleng(xml) for xml in documents(app, "twilio")))
    assert {"Gather@input", "Gather@language", "Gather@speechTimeout", "Say/prosody", "Record@trim"} <= used
