"""The gTTS engine, running the real gTTS code against a local stand-in for Google."""

from __future__ import annotations

import base64
import json
import os
import threading
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import gtts.tts
import pytest

from ivr.speech import (
    EngineChain,
    EspeakEngine,
    GttsEngine,
    SpeechError,
    UnsupportedLanguage,
)
from ivr.speech.telephone import wav_info

# An MPEG-2 Layer III frame header (24 kHz mono, as Google's TTS sends) and some payload.
MP3_FRAME = b"\xff\xf3\x64\xc4" + bytes(140)


@dataclass
class StandIn:
    """What the fake batchexecute endpoint does and what it received."""

    mode: str = "ok"  # ok | hang | slow | http500 | rejected | empty
    delay: float = 0.0
    received: list[dict] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)
    url: str = ""


def batchexecute_reply(audio: bytes | None) -> bytes:
    """A body shaped like Google's batchexecute answer to the jQ1olc (TTS) RPC."""
    payload = json.dumps([base64.b64encode(audio).decode()]) if audio is not None else None
    envelope = json.dumps(
        [["wrb.fr", "jQ1olc", payload, None, None, None if audio is not None else [3], "generic"],
         ["di", 42], ["af.httprm", 41, "-2793448411286473446", 3]],
        separators=(",", ":"),
    )
    tail = json.dumps([["e", 4, None, None, len(envelope) + 60]], separators=(",", ":"))
    return f")]}}'\n\n{len(envelope)}\n{envelope}\n{len(tail)}\n{tail}\n".encode()


class Handler(BaseHTTPRequestHandler):
    server: StandInServer

    def log_message(self, *args: object) -> None:  # keep test output quiet
        pass

    def do_POST(self) -> None:
        state = self.server.state
        body = self.rfile.read(int(self.headers["Content-Length"])).decode()
        rpc = json.loads(urllib.parse.parse_qs(body)["f.req"][0])
        rpc_id, params = rpc[0][0][0], json.loads(rpc[0][0][1])
        state.received.append(
            {"path": self.path, "rpc": rpc_id, "text": params[0], "lang": params[1], "slow": params[2]}
        )
        if state.mode == "hang":
            state.release.wait(30)
            return
        if state.mode == "slow":
            time.sleep(state.delay)
        if state.mode == "http500":
            self.send_error(500)
            return
        if state.mode == "rejected":
            reply = batchexecute_reply(None)
        elif state.mode == "empty":
            reply = b")]}'\n\n"
        else:
            # Each part's audio carries its text, so the test can check the order of parts.
            reply = batchexecute_reply(MP3_FRAME + params[0].encode())
        self.send_response(200)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)


class StandInServer(ThreadingHTTPServer):
    daemon_threads = True
    state: StandIn


@pytest.fixture
def google(monkeypatch: pytest.MonkeyPatch) -> Iterator[StandIn]:
    """Point gTTS at a local stand-in: gtts.tts builds its URL with _translate_url."""
    server = StandInServer(("127.0.0.1", 0), Handler)
    server.state = StandIn()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"

    def local_url(tld: str = "com", path: str = "") -> str:
        assert tld == "com"
        return f"{base}/{path}"

    monkeypatch.setattr(gtts.tts, "_translate_url", local_url)
    # gTTS passes the environment's proxies explicitly; none may apply to the stand-in.
    for name in list(os.environ):
        if name.lower().endswith("_proxy"):
            monkeypatch.delenv(name)
    server.state.url = base
    yield server.state
    server.state.release.set()
    server.shutdown()
    server.server_close()
    thread.join(5)


def test_speaks_russian_through_batchexecute(google: StandIn) -> None:
    audio = GttsEngine().synthesize("Добрый день", "ru")
    assert (audio.engine, audio.voice, audio.ext, audio.mime) == ("gtts", "ru", "mp3", "audio/mpeg")
    assert audio.data == MP3_FRAME + "Добрый день".encode()
    [request] = google.received
    assert request["path"] == "/_/TranslateWebserverUi/data/batchexecute"
    assert (request["rpc"], request["text"], request["lang"], request["slow"]) == (
        "jQ1olc", "Добрый день", "ru", None)


def test_long_text_is_sent_in_parts_and_joined_in_order(google: StandIn) -> None:
    sentences = [f"This is sentence number {n} of a long recorded announcement." for n in range(1, 6)]
    audio = GttsEngine().synthesize(" ".join(sentences), "en")
    assert len(google.received) >= 3
    assert all(len(r["text"]) <= 100 for r in google.received)
    assert audio.data == b"".join(MP3_FRAME + r["text"].encode() for r in google.received)
    assert audio.data.count(MP3_FRAME) == len(google.received)


def test_slow_rate_uses_slow_speech(google: StandIn) -> None:
    engine = GttsEngine(slow_below=90)
    engine.synthesize("медленно", "ru", rate=75)
    engine.synthesize("нормально", "ru", rate=90)
    assert [r["slow"] for r in google.received] == [True, None]


def test_no_belarusian(google: StandIn) -> None:
    engine = GttsEngine()
    assert not engine.supports("be")
    assert engine.supports("ru") and engine.supports("en")
    with pytest.raises(UnsupportedLanguage):
        engine.synthesize("Добры дзень", "be")
    with pytest.raises(UnsupportedLanguage):
        engine.voice_for("be")
    assert google.received == []


def test_hanging_server_times_out(google: StandIn) -> None:
    google.mode = "hang"
    start = time.monotonic()
    with pytest.raises(SpeechError):
        GttsEngine(timeout=0.5).synthesize("Добрый день", "ru")
    assert time.monotonic() - start < 2.0
    assert len(google.received) == 1


def test_timeout_bounds_the_whole_multi_part_request(google: StandIn) -> None:
    # Each part answers in 0.4 s: five parts would take 2 s, the budget is 1 s.
    google.mode, google.delay = "slow", 0.4
    text = " ".join(f"This is sentence number {n} of a long recorded announcement." for n in range(1, 6))
    start = time.monotonic()
    with pytest.raises(SpeechError):
        GttsEngine(timeout=1.0).synthesize(text, "en")
    assert time.monotonic() - start < 1.6


@pytest.mark.parametrize("mode", ["http500", "rejected", "empty"])
def test_bad_answers_are_speech_errors(google: StandIn, mode: str) -> None:
    google.mode = mode
    with pytest.raises(SpeechError):
        GttsEngine(timeout=5).synthesize("Добрый день", "ru")


def test_unreachable_server_is_a_speech_error(google: StandIn, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(gtts.tts, "_translate_url", lambda tld="com", path="": f"http://127.0.0.1:9/{path}")
    with pytest.raises(SpeechError):
        GttsEngine(timeout=2).synthesize("Добрый день", "ru")


def test_nothing_to_say_is_a_speech_error(google: StandIn) -> None:
    with pytest.raises(SpeechError):
        GttsEngine().synthesize("  ", "ru")


def test_chain_falls_back_to_espeak_when_google_fails(google: StandIn, espeak: EspeakEngine) -> None:
    google.mode = "http500"
    chain = EngineChain([GttsEngine(timeout=2), espeak])
    audio = chain.synthesize("Добрый день", "ru")
    assert audio.engine == "espeak"
    assert wav_info(audio.data)["sample_rate"] == 8000
    assert len(google.received) == 1
    # Belarusian goes straight to eSpeak.
    assert chain.synthesize("Добры дзень", "be").engine == "espeak"
    assert len(google.received) == 1
    # And when Google is back, gTTS speaks again.
    google.mode = "ok"
    assert chain.synthesize("Добрый день", "ru").engine == "gtts"


def test_without_stand_in_google_is_never_reached() -> None:
    # The autouse no_internet guard refuses the lookup of translate.google.com.
    start = time.monotonic()
    with pytest.raises(SpeechError, match="ConnectionError.*tests may not resolve"):
        GttsEngine(timeout=5).synthesize("Добрый день", "ru")
    assert time.monotonic() - start < 2.0
