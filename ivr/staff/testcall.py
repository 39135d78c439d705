"""The test call in the browser: one step of a real call, at any moment the clerk chooses.

Each step goes through ``ivr.voice.answer.answer_step``, the very function Twilio's webhooks
answer with, so the clerk hears what a caller hears. Only the URLs differ: the next steps point at
the staff test-call endpoint (still carrying the call's state in the query string), and the audio
is played from this site's /audio/.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from flask import url_for
from sqlalchemy import select

from ivr.callflow.context import CallerInput
from ivr.callflow.steps import CallState
from ivr.content.recordings import spoken_prompt
from ivr.content.store import current_office
from ivr.extensions import db
from ivr.speech.clips import AudioClip
from ivr.voice.walk import parse_twiml
from ivr.voice.answer import CallFacts, answer_step

MAX_FIELD = 200
DIAL_STATUSES = ("completed", "busy", "no-answer", "failed", "canceled")


def staff_action(state: CallState, event: str) -> str:
    """The URL of a test call's next step (relative: the browser posts it back to this site)."""
    params = state.to_query()
    if event:
        params["ev"] = event
    return url_for("staff.test_call_step", **params)


@dataclass
class Heard:
    """One thing the caller hears: ``play`` (stored audio, with its text) or ``say`` (no audio yet);
    ``recorded``: the audio is a clerk's recording, not synthesis."""

    kind: str
    text: str
    lang: str = ""
    url: str | None = None
    recorded: bool = False


@dataclass
class StepResult:
    """What one step of the call did, and where the call can go from here."""

    heard: list[Heard] = field(default_factory=list)
    gather_url: str | None = None  # keys and words go here
    redirect_url: str | None = None  # silence goes here
    dial_number: str | None = None
    dial_url: str | None = None  # the end of a transfer goes here
    wait: int = 0  # seconds a real call waits for a key
    record: bool = False  # a real call would record the caller's message now (a test call does not)
    hangup: bool = False
    node: str = "start"
    lang: str = "ru"
    slow: bool = False

    def as_json(self) -> dict[str, Any]:
        return {
            "heard": [h.__dict__ for h in self.heard],
            "gather_url": self.gather_url,
            "redirect_url": self.redirect_url,
            "dial": {"number": self.dial_number, "url": self.dial_url} if self.dial_url else None,
            "wait": self.wait,
            "record": self.record,
            "hangup": self.hangup,
            "node": self.node,
            "lang": self.lang,
            "slow": self.slow,
        }


def _state_from(url: str) -> tuple[CallState, str]:
    query = dict(parse_qsl(urlsplit(url).query))
    return CallState.from_query(query), str(query.get("ev", ""))[:20]


def step(next_url: str | None, moment: datetime, *, digits: str = "", speech: str = "",
         dial_status: str = "") -> StepResult:
    """One step: the phone rings (``next_url`` None), or the caller acts at ``next_url``."""
    if next_url:
        state, event = _state_from(next_url)
    else:
        state, event = CallState(), "enter"
    inp = CallerInput(digits=digits.strip()[:1], speech=speech.strip()[:MAX_FIELD], event=event,
                      dial_status=dial_status if dial_status in DIAL_STATUSES else "")
    # CallFacts() without a call id: the same menus, but no message or call-back is ever filed.
    xml = answer_step(state, inp, CallFacts(), {}, moment=moment, action=staff_action)
    page = parse_twiml("test-call", 200, xml)
    files = [h.text.rsplit("/", 1)[-1] for h in page.heard if h.kind == "play"]
    clips = {}
    if files:
        clips = {row.filename: row for row in db.session.execute(
            select(AudioClip.filename, AudioClip.text, AudioClip.lang).where(AudioClip.filename.in_(files))
        )}
    result = StepResult(hangup=page.hangup)
    office = current_office().office
    recorded = {r.file: (spoken_prompt(office, key, lang), lang) for key, by_lang in office.recordings.items()
                for lang, r in by_lang.items()}
    for heard in page.heard:
        if heard.kind == "play" and "/audio/recorded/" in heard.text:
            name = heard.text.rsplit("/", 1)[-1]
            text, lang = recorded.get(name, ("", ""))
            result.heard.append(Heard("play", text, lang, url_for("audio.recorded", name=name), True))
        elif heard.kind == "play":
            name = heard.text.rsplit("/", 1)[-1]
            clip = clips.get(name)
            result.heard.append(Heard("play", clip.text if clip else "", clip.lang if clip else "",
                                      url_for("audio.serve", name=name)))
        else:
            result.heard.append(Heard("say", heard.text, heard.language))
    if page.gather is not None:
        result.gather_url = page.gather.get("action")
        timeout = page.gather.get("timeout", "0")
        result.wait = int(timeout) if timeout.isdigit() else 0
    result.redirect_url = page.redirect
    result.record = getattr(page, "record", None) is not None
    if page.dial is not None:
        result.dial_number = page.dial.get("number")
        result.dial_url = page.dial.get("action")
    after = result.gather_url or result.redirect_url or result.dial_url
    if after:
        now_state, _ = _state_from(after)
        result.node, result.lang, result.slow = now_state.node, now_state.lang, now_state.slow
    return result
