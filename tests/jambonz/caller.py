"""A simulated caller on the jambonz endpoints: JSON payloads as jambonz posts them, signed with the
webhook secret; every document answered is kept, to be checked against jambonz's specification."""
from __future__ import annotations

import json
import secrets
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from ivr.jambonz.auth import HEADER, signature

SECRET = "jambonz-test-secret"


@dataclass
class Answer:
    """One answer of the jambonz webhooks."""

    status: int
    verbs: list[dict[str, Any]]

    def of(self, verb: str) -> list[dict[str, Any]]:
        return [v for v in self.verbs if v["verb"] == verb]

    @property
    def texts(self) -> list[str]:
        """Every sentence jambonz's voice says (in say verbs and in gathers' prompts), in order."""
        out: list[str] = []
        for verb in self.verbs:
            said = verb if verb["verb"] == "say" else verb.get("say") if verb["verb"] == "gather" else None
            if said:
                out += said["text"] if isinstance(said["text"], list) else [said["text"]]
        return out

    @property
    def spoken(self) -> str:
        return " ".join(self.texts)

    @property
    def gather(self) -> dict[str, Any] | None:
        gathers = self.of("gather")
        return gathers[0] if gathers else None


@dataclass
class JambonzCaller:
    """One call through the app's jambonz webhooks (a Flask test client)."""

    client: Any
    secret: str = SECRET
    caller: str = "+375291234567"
    clock: Any = time.time  # the signer's clock: the app's (the tests fix it)
    call_sid: str = field(default_factory=lambda: secrets.token_hex(8) + "-jambonz")
    documents: list[list[dict[str, Any]]] = field(default_factory=list)
    last: Answer | None = None

    def post(self, url: str, extra: dict[str, Any] | None = None, *, signed: bool = True,
             headers: dict[str, str] | None = None) -> Answer:
        parts = urlsplit(url)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        body = {"call_sid": self.call_sid, "direction": "inbound", "from": self.caller, "to": "+375171928260",
                "call_status": "in-progress", "account_sid": "4bfe85c1-96bb-4af7-ac83-68fe7ebd562d", **(extra or {})}
        raw = json.dumps(body).encode()
        sent = dict(headers or {})
        if signed:
            sent.setdefault(HEADER, signature(self.secret, int(self.clock()), raw))
        response = self.client.post(path, data=raw, headers=sent, content_type="application/json")
        verbs = response.get_json(silent=True) if response.status_code == 200 else []
        self.last = Answer(response.status_code, verbs if isinstance(verbs, list) else [])
        if response.status_code == 200:
            self.documents.append(self.last.verbs)
        return self.last

    def start(self) -> Answer:
        return self.post("/jambonz/call", {"call_status": "ringing"})

    def _hook(self) -> str:
        assert self.last is not None and self.last.gather is not None, "nobody is asking the caller anything"
        return self.last.gather["actionHook"]

    def press(self, key: str) -> Answer:
        return self.post(self._hook(), {"reason": "dtmfDetected", "digits": key})

    def say(self, words: str) -> Answer:
        return self.post(self._hook(), {"reason": "speechDetected",
                                        "speech": {"is_final": True, "alternatives": [{"transcript": words,
                                                                                      "confidence": 0.9}]}})

    def silence(self) -> Answer:
        return self.post(self._hook(), {"reason": "timeout"})

    def dial_ends(self, status: str) -> Answer:
        assert self.last is not None and self.last.of("dial"), "the caller is not being put through"
        return self.post(self.last.of("dial")[0]["actionHook"], {"dial_call_status": status, "dial_sip_status": 487})

    def hangs_up(self, duration: int = 42) -> Answer:
        return self.post("/jambonz/status", {"call_status": "completed", "duration": duration})
