"""Walk the real webhooks as Twilio would: sign each request, parse the TwiML, follow the actions.

Used by the `call` command (try the hotline without a phone) and by the tests.
"""
from __future__ import annotations

import secrets
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import select

from ivr.extensions import db
from ivr.providers import DEFAULT, PRESETS
from ivr.speech.clips import AudioClip
from ivr.voice.signature import sign


class WalkError(RuntimeError):
    """The webhook answered something a phone call could not go on with."""


@dataclass(frozen=True)
class Utterance:
    """One thing the caller hears: spoken text (``say``) or a stored audio file (``play``)."""

    kind: str  # "say" or "play"
    text: str  # the sentence, or the audio URL for "play"
    language: str = ""
    rate: str = ""  # the speaking rate Twilio's voice is asked for (<prosody rate>), "" for normal


@dataclass
class Page:
    """One parsed TwiML answer."""

    url: str
    status: int
    xml: str
    heard: list[Utterance] = field(default_factory=list)
    gather: dict[str, str] | None = None  # the last <Gather> (the menu's); ``gathers``: all, in order
    gathers: list[dict[str, str]] = field(default_factory=list)
    redirect: str | None = None
    dial: dict[str, str] | None = None
    record: dict[str, str] | None = None
    hangup: bool = False

    @property
    def texts(self) -> list[str]:
        """The sentences spoken (say) in order."""
        return [h.text for h in self.heard if h.kind == "say"]

    @property
    def spoken(self) -> str:
        """Everything spoken, as one string, for searching."""
        return " ".join(self.texts)


@dataclass(frozen=True)
class Heard:
    """One thing the caller hears, with the sentence behind it and how long it plays."""

    utterance: Utterance
    text: str  # the sentence ("" for a played file that is no stored sentence, e.g. a recording)
    lang: str  # our language code of a stored sentence; "" for <Say> (Twilio's voice may be another's)
    seconds: float | None  # the stored audio's length; None when Twilio's voice says it


def heard_on(page: Page) -> list[Heard]:
    """What ``page`` makes the caller hear, with each stored file's sentence and length (from the
    clip table; needs an app context)."""
    names = [h.text.rsplit("/", 1)[-1] for h in page.heard if h.kind == "play"]
    clips = {}
    if names:
        rows = db.session.execute(select(AudioClip.filename, AudioClip.text, AudioClip.lang, AudioClip.seconds)
                                  .where(AudioClip.filename.in_(names))).all()
        clips = {filename: (text, lang, seconds) for filename, text, lang, seconds in rows}
    out = []
    for utterance in page.heard:
        if utterance.kind == "say":
            out.append(Heard(utterance, utterance.text, "", None))
        else:
            text, lang, seconds = clips.get(utterance.text.rsplit("/", 1)[-1], ("", "", None))
            out.append(Heard(utterance, text, lang, seconds))
    return out


def _heard(element: ET.Element) -> list[Utterance]:
    out: list[Utterance] = []
    for child in element:
        if child.tag == "Say":
            prosody = child.find("prosody")
            out.append(Utterance("say", " ".join("".join(child.itertext()).split()), child.get("language", ""),
                             prosody.get("rate", "") if prosody is not None else ""))
        elif child.tag == "Play":
            out.append(Utterance("play", (child.text or "").strip()))
    return out


def parse_twiml(url: str, status: int, body: str) -> Page:
    """Parse a TwiML document into what is heard and what happens next."""
    try:
        root = ET.fromstring(body)
    except ET.ParseError as exc:
        raise WalkError(f"{url} did not answer with XML: {exc}") from exc
    if root.tag != "Response":
        raise WalkError(f"{url} answered <{root.tag}>, not a TwiML <Response>")
    page = Page(url=url, status=status, xml=body)
    for child in root:
        if child.tag in ("Say", "Play"):
            page.heard += _heard(_wrap(child))
        elif child.tag == "Gather":
            page.heard += _heard(child)
            page.gather = dict(child.attrib)
            page.gathers.append(page.gather)
        elif child.tag == "Redirect":
            page.redirect = (child.text or "").strip()
        elif child.tag == "Dial":
            number = child.find("Number")
            page.dial = dict(child.attrib, number=(number.text or "").strip() if number is not None else (child.text or "").strip())
        elif child.tag == "Record":
            page.record = dict(child.attrib)
        elif child.tag == "Hangup":
            page.hangup = True
    return page


def _wrap(child: ET.Element) -> ET.Element:
    holder = ET.Element("holder")
    holder.append(child)
    return holder


class CallWalker:
    """A simulated caller: one call through the app's webhooks with a Flask test client."""

    def __init__(self, client: Any, token: str, public_url: str = "", caller: str = "+375291234567",
                 called: str = "+375171928260"):
        self.client = client
        self.token = token
        self.base = public_url.rstrip("/") or "http://localhost"
        # Every call its own CallSid, as Twilio gives: a message left in one try-out is not
        # mistaken for another's (the `call` command runs in a new process each time).
        self.call_sid = "CA" + secrets.token_hex(16)
        self.caller = caller
        self.called = called
        self.page: Page | None = None

    def _path(self, url: str) -> str:
        if url.startswith(self.base):
            url = url[len(self.base):]
        parts = urlsplit(url)
        return parts.path + (f"?{parts.query}" if parts.query else "")

    def post(self, url: str, extra: dict[str, str] | None = None, *, signed: bool = True,
             headers: dict[str, str] | None = None) -> Page:
        """POST Twilio's usual fields (and ``extra``) to ``url``, signed, and parse the answer."""
        path = self._path(url)
        form = {"CallSid": self.call_sid, "AccountSid": "AC" + "0" * 32, "From": self.caller, "To": self.called,
                "CallStatus": "in-progress", "Direction": "inbound", "ApiVersion": "2010-04-01"}
        form.update(extra or {})
        sent_headers = dict(headers or {})
        if signed:
            sent_headers.setdefault("X-Twilio-Signature", sign(self.token, self.base + path, form))
        response = self.client.post(path, data=form, headers=sent_headers)
        body = response.get_data(as_text=True)
        if response.status_code != 200:
            raise WalkError(f"{path} answered HTTP {response.status_code}")
        self.page = parse_twiml(path, response.status_code, body)
        return self.page

    def start(self) -> Page:
        """The phone rings: Twilio calls /voice."""
        return self.post("/voice", {"CallStatus": "ringing"})

    def _gather_action(self, during: int = -1) -> str:
        if self.page is None or not self.page.gathers:
            raise WalkError("the caller is not being asked anything now")
        return self.page.gathers[during]["action"]

    def press(self, key: str, during: int = -1) -> Page:
        """The caller presses one key in the current menu (``during``: while that <Gather> of the page
        plays, e.g. 0 for an urgent notice before the menu; by default the last one)."""
        return self.post(self._gather_action(during), {"Digits": key})

    def say(self, words: str, confidence: str = "0.9") -> Page:
        """The caller says something in the current menu."""
        return self.post(self._gather_action(), {"SpeechResult": words, "Confidence": confidence})

    def silence(self) -> Page:
        """The caller presses nothing: Twilio follows the <Redirect> after the <Gather>."""
        if self.page is None or not self.page.redirect:
            raise WalkError("nothing happens after silence here")
        return self.post(self.page.redirect)

    def records(self, seconds: int = 5, sid: str | None = None, url: str | None = None) -> Page:
        """The caller speaks a message of ``seconds`` and presses #: Twilio posts the recording
        (``sid``: its RecordingSid, a new one by default)."""
        if self.page is None or self.page.record is None:
            raise WalkError("the caller is not being recorded now")
        sid = sid or "RE" + secrets.token_hex(16)
        url = url or f"{PRESETS[DEFAULT].api_root}/Accounts/AC{'0' * 32}/Recordings/{sid}"
        return self.post(self.page.record["action"], {"RecordingUrl": url, "RecordingSid": sid,
                                                      "RecordingDuration": str(seconds), "Digits": "#"})

    def records_nothing(self) -> Page:
        """The caller stays silent at the beep: Twilio goes on to the verb after <Record>."""
        if self.page is None or self.page.record is None or not self.page.redirect:
            raise WalkError("the caller is not being recorded now")
        return self.post(self.page.redirect)

    def hangs_up(self, status: str = "completed") -> Page:
        """The call ends: Twilio's status callback."""
        return self.post("/voice/status", {"CallStatus": status})

    def dial_ends(self, status: str) -> Page:
        """The transfer ends with Twilio's DialCallStatus ``status``."""
        if self.page is None or self.page.dial is None:
            raise WalkError("the caller is not being put through now")
        return self.post(self.page.dial["action"], {"DialCallStatus": status})
