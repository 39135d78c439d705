"""The gTTS engine against a local HTTPS stand-in for Google, with real certificate checks.

gTTS itself only prepares the requests; the engine sends them with TLS verification on. The
stand-in serves a certificate from a throwaway test CA, which the engine trusts only when told
(``ca_bundle=``), and is reached through ``base_url=``.
"""

from __future__ import annotations

import base64
import json
import os
import socket
import ssl
import threading
import time
import urllib.parse
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import requests
import urllib3
from gtts import gTTS
from urllib3.exceptions import InsecureRequestWarning

from ivr.speech.engines import (
    EngineChain,
    SpeechError,
    UnsupportedLanguage,
)
from ivr.speech.engines.espeak import EspeakEngine
from ivr.speech.engines.gtts import GttsEngine, _audio_from_batchexecute
from ivr.speech.telephone import wav_info

# An MPEG-2 Layer III frame header (24 kHz mono, as Google's TTS sends) and some payload.
MP3_FRAME = b"\xff\xf3\x64\xc4" + bytes(140)

# Test-only PKI (EC P-256, valid 2000-2125), made once with the `cryptography` package; it
# protects nothing. CA_CERT signed LOOPBACK_CERT (127.0.0.1, localhost) and WRONG_HOST_CERT
# (translate.example.invalid), both for LEAF_KEY. OTHER_CA_CERT is an unrelated CA.

CA_CERT = """\
-----BEGIN CERTIFICATE-----
MIIBtDCCAVqgAwIBAgIUExi70ob9UZqNjiQJsfngGkXoXFswCgYIKoZIzj0EAwIw
JTEjMCEGA1UEAwwaaG90bGluZSB0ZXN0czogc3RhbmQtaW4gQ0EwIBcNMDAwMTAx
MDAwMDAwWhgPMjEyNTAxMDEwMDAwMDBaMCUxIzAhBgNVBAMMGmhvdGxpbmUgdGVz
dHM6IHN0YW5kLWluIENBMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEIE7+ofPF
dDmW6gg2q1357knfvAUe4TYewONChL13R2WwWw+Jw5Kuey2D/W3njfyQyL6skgNb
kssZfih7b9kyvKNmMGQwEgYDVR0TAQH/BAgwBgEB/wIBADAOBgNVHQ8BAf8EBAMC
AQYwHQYDVR0OBBYEFGKVpXbfp843+pFinjuPmhgE88CXMB8GA1UdIwQYMBaAFGKV
pXbfp843+pFinjuPmhgE88CXMAoGCCqGSM49BAMCA0gAMEUCICf9LoD0ly2Cd0Ql
VpQrb1OhgFr0knVFA8VZ+7OqoiIoAiEA4ONVvnTYpgh0T+J8upuPzGyWW6MQfepn
yFOULdbJ0HU=
-----END CERTIFICATE-----
"""

OTHER_CA_CERT = """\
-----BEGIN CERTIFICATE-----
MIIBuDCCAV6gAwIBAgIUKHUCJulg7XmWL7sae3nbn9nqxJgwCgYIKoZIzj0EAwIw
JzElMCMGA1UEAwwcaG90bGluZSB0ZXN0czogc29tZSBvdGhlciBDQTAgFw0wMDAx
MDEwMDAwMDBaGA8yMTI1MDEwMTAwMDAwMFowJzElMCMGA1UEAwwcaG90bGluZSB0
ZXN0czogc29tZSBvdGhlciBDQTBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABMCA
VzzyD8lP+L7UtInXqswsV4E/B6jge0xRTD5/oOk6cXekyFGCSoz5oGmU0QYjnjPY
NwxURPTr81CZIz+b3R2jZjBkMBIGA1UdEwEB/wQIMAYBAf8CAQAwDgYDVR0PAQH/
BAQDAgEGMB0GA1UdDgQWBBSSEQjorB/vLXbHNZtbISDTqKIcyTAfBgNVHSMEGDAW
gBSSEQjorB/vLXbHNZtbISDTqKIcyTAKBggqhkjOPQQDAgNIADBFAiBnB061NS/a
S8hrUCfsCsyDfwlYCqgo6wyi07MGShMg5AIhANPwWIFrWakuV5hDALvufZoq2sCp
sObfT3hkQ6lcCVwV
-----END CERTIFICATE-----
"""

LOOPBACK_CERT = """\
-----BEGIN CERTIFICATE-----
MIIBzzCCAXagAwIBAgIURuX2b0Hq0UJKANzPyd72fYgIBE8wCgYIKoZIzj0EAwIw
JTEjMCEGA1UEAwwaaG90bGluZSB0ZXN0czogc3RhbmQtaW4gQ0EwIBcNMDAwMTAx
MDAwMDAwWhgPMjEyNTAxMDEwMDAwMDBaMBQxEjAQBgNVBAMMCTEyNy4wLjAuMTBZ
MBMGByqGSM49AgEGCCqGSM49AwEHA0IABOtP6qRJPisgplLB+gg1KqdZhLI7s0wk
i3s3hovt3OdKP+rPRh9XZmIbvMgvQWaK5egsmpLmoNrjL+o2xUPwn4qjgZIwgY8w
DAYDVR0TAQH/BAIwADAOBgNVHQ8BAf8EBAMCB4AwEwYDVR0lBAwwCgYIKwYBBQUH
AwEwGgYDVR0RBBMwEYcEfwAAAYIJbG9jYWxob3N0MB0GA1UdDgQWBBReqjewqtd1
ssx2GogHOHzGpyLSqTAfBgNVHSMEGDAWgBRilaV236fON/qRYp47j5oYBPPAlzAK
BggqhkjOPQQDAgNHADBEAiBqrXxYReZXo0peAyj7ZJzIK+NGBerwzZX5zz2uDvbR
pwIgD4CRU8t0etLUNoBU/0JjwRKi7PGQX5nOPtro662t25s=
-----END CERTIFICATE-----
"""

WRONG_HOST_CERT = """\
-----BEGIN CERTIFICATE-----
MIIB6jCCAZCgAwIBAgIUY5R1tEx9mNyePYrBulhiwnC/weIwCgYIKoZIzj0EAwIw
JTEjMCEGA1UEAwwaaG90bGluZSB0ZXN0czogc3RhbmQtaW4gQ0EwIBcNMDAwMTAx
MDAwMDAwWhgPMjEyNTAxMDEwMDAwMDBaMCQxIjAgBgNVBAMMGXRyYW5zbGF0ZS5l
eGFtcGxlLmludmFsaWQwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAATrT+qkST4r
IKZSwfoINSqnWYSyO7NMJIt7N4aL7dznSj/qz0YfV2ZiG7zIL0FmiuXoLJqS5qDa
4y/qNsVD8J+Ko4GcMIGZMAwGA1UdEwEB/wQCMAAwDgYDVR0PAQH/BAQDAgeAMBMG
A1UdJQQMMAoGCCsGAQUFBwMBMCQGA1UdEQQdMBuCGXRyYW5zbGF0ZS5leGFtcGxl
LmludmFsaWQwHQYDVR0OBBYEFF6qN7Cq13WyzHYaiAc4fManItKpMB8GA1UdIwQY
MBaAFGKVpXbfp843+pFinjuPmhgE88CXMAoGCCqGSM49BAMCA0gAMEUCIH+DJlM5
GtwZmv4ouhJzVoGvhPzaOGJyzuOmwcIWrHxlAiEAl9wCUEoXnJ/+VYYo7kgh0XyX
zimemrAB+gU/Zq3hirk=
-----END CERTIFICATE-----
"""

LEAF_KEY = """\
-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg8VNzOBrqHD8o2bmd
I7h+keeGgeCQyranZRQTEfWvJbehRANCAATrT+qkST4rIKZSwfoINSqnWYSyO7NM
JIt7N4aL7dznSj/qz0YfV2ZiG7zIL0FmiuXoLJqS5qDa4y/qNsVD8J+K
-----END PRIVATE KEY-----
"""

GOOGLE_TTS_URL = "https://translate.google.com/_/TranslateWebserverUi/data/batchexecute"
LONG_TEXT = " ".join(f"This is sentence number {n} of a long recorded announcement." for n in range(1, 6))


@dataclass
class StandIn:
    """What the fake batchexecute endpoint does and what it received."""

    mode: str = "ok"  # see Handler.do_POST
    delay: float = 0.0
    received: list[dict] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)
    url: str = ""
    ca_bundle: str = ""

    def engine(self, **kwargs: object) -> GttsEngine:
        """An engine pointed at this stand-in and trusting its CA."""
        return GttsEngine(base_url=self.url, ca_bundle=self.ca_bundle, **kwargs)  # type: ignore[arg-type]


def batchexecute_reply(audio: bytes | None, b64: str | None = None) -> bytes:
    """A body shaped like Google's batchexecute answer to the jQ1olc (TTS) RPC."""
    if audio is not None:
        b64 = base64.b64encode(audio).decode()
    payload = json.dumps([b64]) if b64 is not None else None
    envelope = json.dumps(
        [["wrb.fr", "jQ1olc", payload, None, None, None if payload is not None else [3], "generic"],
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
        mode = state.mode
        if mode == "hang":
            state.release.wait(30)
            return
        if mode == "slow":
            time.sleep(state.delay)
        if mode == "http500":
            self.send_error(500)
            return
        if mode == "redirect":
            self.send_response(302)
            self.send_header("Location", "http://127.0.0.1:9/_/TranslateWebserverUi/data/batchexecute")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        audio = MP3_FRAME + params[0].encode()  # each part's audio carries its text: order is checkable
        reply = {
            "rejected": lambda: batchexecute_reply(None),  # Google's answer for a language it lacks
            "empty": lambda: b")]}'\n\n",
            "noline": lambda: b")]}'\n\n26\n[[\"e\",4,null,null,26]]\n",
            "badbase64": lambda: batchexecute_reply(None, b64="//NExAAR!!not*base64"),
            "garbled": lambda: batchexecute_reply(audio)[:60],  # cut inside the jQ1olc line
            "notmp3": lambda: batchexecute_reply(b"<html>captive portal</html>"),
            "twice": lambda: batchexecute_reply(audio) + batchexecute_reply(audio)[6:],
        }.get(mode, lambda: batchexecute_reply(audio))()
        self.send_response(200)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        if mode == "drip":  # a valid reply trickled out slowly, each piece well inside a read timeout
            reply = batchexecute_reply(MP3_FRAME + bytes(60_000))
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            for start in range(0, len(reply), 8192):
                self.wfile.write(reply[start:start + 8192])
                self.wfile.flush()
                time.sleep(state.delay)
            return
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)


class StandInServer(ThreadingHTTPServer):
    """HTTPS: each connection's TLS handshake happens in its own handler thread."""

    daemon_threads = True
    state: StandIn
    tls: ssl.SSLContext

    def finish_request(self, request: socket.socket, client_address: object) -> None:  # type: ignore[override]
        request.settimeout(10)
        try:
            conn = self.tls.wrap_socket(request, server_side=True)
        except (ssl.SSLError, OSError):
            return  # the client refused our certificate: what several tests want
        try:
            self.RequestHandlerClass(conn, client_address, self)
        finally:
            conn.close()

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # clients that give up mid-reply (timeouts) are expected


def write(path: Path, text: str) -> str:
    path.write_text(text)
    return str(path)


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No proxy or CA-bundle settings from the developer's environment."""
    for name in list(os.environ):
        if name.lower().endswith("_proxy") or name in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"):
            monkeypatch.delenv(name)


@pytest.fixture
def serve(tmp_path: Path, clean_env: None) -> Iterator[Callable[[str], StandIn]]:
    """Start HTTPS stand-ins presenting a given certificate (signed for LEAF_KEY)."""
    started: list[tuple[StandInServer, threading.Thread]] = []
    ca_bundle = write(tmp_path / "stand-in-ca.pem", CA_CERT)
    key = write(tmp_path / "leaf.key", LEAF_KEY)

    def start(cert: str) -> StandIn:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(write(tmp_path / f"leaf{len(started)}.pem", cert), key)
        server = StandInServer(("127.0.0.1", 0), Handler)
        server.tls = context
        server.state = StandIn(url=f"https://127.0.0.1:{server.server_address[1]}", ca_bundle=ca_bundle)
        thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        thread.start()
        started.append((server, thread))
        return server.state

    yield start
    for server, thread in started:
        server.state.release.set()
        server.shutdown()
        server.server_close()
        thread.join(5)


@pytest.fixture
def google(serve: Callable[[str], StandIn]) -> StandIn:
    """A stand-in for Google with a certificate for 127.0.0.1 from the test CA."""
    return serve(LOOPBACK_CERT)


# --- speaking --------------------------------------------------------------------------------


def test_speaks_russian_through_batchexecute(google: StandIn) -> None:
    audio = google.engine().synthesize("Добрый день", "ru")
    assert (audio.engine, audio.voice, audio.ext, audio.mime) == ("gtts", "ru", "mp3", "audio/mpeg")
    assert audio.data == MP3_FRAME + "Добрый день".encode()
    [request] = google.received
    assert request["path"] == "/_/TranslateWebserverUi/data/batchexecute"
    assert (request["rpc"], request["text"], request["lang"], request["slow"]) == (
        "jQ1olc", "Добрый день", "ru", None)


def test_long_text_is_sent_in_parts_and_joined_in_order(google: StandIn) -> None:
    assert len(LONG_TEXT) > 100
    audio = google.engine().synthesize(LONG_TEXT, "en")
    assert len(google.received) >= 3
    assert all(len(r["text"]) <= 100 for r in google.received)
    words = " ".join(r["text"] for r in google.received).replace(".", "").split()
    assert words == LONG_TEXT.replace(".", "").split()  # every word once, in order (gTTS drops some stops)
    assert audio.data == b"".join(MP3_FRAME + r["text"].encode() for r in google.received)
    assert audio.data.count(MP3_FRAME) == len(google.received)


def test_slow_rate_uses_slow_speech(google: StandIn) -> None:
    engine = google.engine(slow_below=90)
    engine.synthesize("медленно", "ru", rate=75)
    engine.synthesize("нормально", "ru", rate=90)
    assert [r["slow"] for r in google.received] == [True, None]


def test_no_belarusian(google: StandIn) -> None:
    engine = google.engine()
    assert not engine.supports("be")
    assert engine.supports("ru") and engine.supports("en")
    with pytest.raises(UnsupportedLanguage):
        engine.synthesize("Добры дзень", "be")
    with pytest.raises(UnsupportedLanguage):
        engine.voice_for("be")
    assert google.received == []


def test_nothing_to_say_is_a_speech_error(google: StandIn) -> None:
    with pytest.raises(SpeechError):
        google.engine().synthesize("  ", "ru")
    assert google.received == []


def test_chain_falls_back_to_espeak_when_google_fails(google: StandIn, espeak: EspeakEngine) -> None:
    google.mode = "http500"
    chain = EngineChain([google.engine(timeout=2), espeak])
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


# --- certificates ------------------------------------------------------------------------------


def test_untrusted_certificate_is_refused_by_default(google: StandIn) -> None:
    # Production trust (the default CA bundle) does not know the stand-in's CA: a MITM's position.
    with pytest.raises(SpeechError, match="(?i)certificate") as caught:
        GttsEngine(base_url=google.url, timeout=5).synthesize("Добрый день", "ru")
    assert "SSL" in str(caught.value) and "CERTIFICATE_VERIFY_FAILED" in str(caught.value)
    assert google.received == []  # no text was sent and no audio accepted


def test_certificate_from_another_ca_is_refused(google: StandIn, tmp_path: Path) -> None:
    other = write(tmp_path / "other-ca.pem", OTHER_CA_CERT)
    with pytest.raises(SpeechError, match="CERTIFICATE_VERIFY_FAILED"):
        GttsEngine(base_url=google.url, ca_bundle=other, timeout=5).synthesize("Добрый день", "ru")
    assert google.received == []


def test_certificate_for_another_host_is_refused(serve: Callable[[str], StandIn]) -> None:
    # Signed by the CA we trust, but for translate.example.invalid, not 127.0.0.1.
    impostor = serve(WRONG_HOST_CERT)
    with pytest.raises(SpeechError, match="(?i)certificate.*(hostname|IP address mismatch)"):
        impostor.engine(timeout=5).synthesize("Добрый день", "ru")
    assert impostor.received == []


def test_requests_ca_bundle_environment_is_honoured(google: StandIn, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", google.ca_bundle)
    audio = GttsEngine(base_url=google.url).synthesize("Добрый день", "ru")
    assert audio.data == MP3_FRAME + "Добрый день".encode()


def test_production_defaults_are_google_over_verified_https(
    clean_env: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    sent: list[dict] = []

    def capture(adapter: object, request: requests.PreparedRequest, **kwargs: object) -> object:
        sent.append({"url": request.url, **kwargs})
        raise requests.ConnectionError("captured, not sent")

    monkeypatch.setattr(requests.adapters.HTTPAdapter, "send", capture)
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.invalid:3128")
    with pytest.raises(SpeechError, match="captured"):
        GttsEngine(timeout=3).synthesize("Добрый день", "ru")
    [call] = sent
    assert call["url"] == GOOGLE_TTS_URL
    assert call["verify"] is True
    assert call["proxies"]["https"] == "http://proxy.invalid:3128"  # the standard proxy environment
    assert 0 < call["timeout"] <= 3


@pytest.mark.parametrize(
    "base_url", ["http://127.0.0.1:8080", "127.0.0.1:8080", "https://", "ftp://host", "https://h/?q=1"]
)
def test_base_url_must_be_https(base_url: str) -> None:
    with pytest.raises(ValueError, match="https"):
        GttsEngine(base_url=base_url)


def test_missing_ca_bundle_is_a_configuration_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="ca_bundle"):
        GttsEngine(ca_bundle=tmp_path / "nope.pem")


def test_without_stand_in_google_is_never_reached(clean_env: None) -> None:
    # The autouse no_internet guard refuses the lookup of translate.google.com.
    start = time.monotonic()
    with pytest.raises(SpeechError, match="ConnectionError.*tests may not resolve"):
        GttsEngine(timeout=5).synthesize("Добрый день", "ru")
    assert time.monotonic() - start < 2.0


# --- warnings: nothing may silence InsecureRequestWarning ------------------------------------


def insecure_request_warning_action() -> str:
    """What the warnings machinery would do with urllib3's InsecureRequestWarning right now."""
    message, module = "Unverified HTTPS request is being made to host '127.0.0.1'.", "urllib3.connectionpool"
    for action, msg, category, mod, lineno in warnings.filters:
        if (
            issubclass(InsecureRequestWarning, category)
            and (msg is None or msg.match(message))
            and (mod is None or mod.match(module))
            and lineno == 0
        ):
            return action
    return warnings.defaultaction


def test_detector_sees_what_gtts_stream_would_do() -> None:
    # gTTS.stream() calls exactly this; the detector must notice it.
    with warnings.catch_warnings():
        urllib3.disable_warnings(InsecureRequestWarning)
        assert insecure_request_warning_action() == "ignore"
    assert insecure_request_warning_action() != "ignore"


def test_synthesis_leaves_insecure_request_warning_enabled(
    google: StandIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    forbidden: list[str] = []

    def record(name: str) -> Callable[..., None]:
        return lambda *args, **kwargs: forbidden.append(name)

    # The unsafe paths of gTTS and the switch it flips: none may even be called.
    for name in ("stream", "save", "write_to_fp"):
        monkeypatch.setattr(gTTS, name, record(f"gTTS.{name}"))
    monkeypatch.setattr(urllib3, "disable_warnings", record("urllib3.disable_warnings"))
    before = list(warnings.filters)
    assert insecure_request_warning_action() != "ignore"

    google.engine().synthesize(LONG_TEXT, "en")

    assert forbidden == []
    assert warnings.filters == before
    assert insecure_request_warning_action() not in ("ignore",)
    assert requests.packages.urllib3 is urllib3  # so the patch above covered gTTS's spelling too


# --- budget ------------------------------------------------------------------------------------


def test_hanging_server_times_out(google: StandIn) -> None:
    google.mode = "hang"
    start = time.monotonic()
    with pytest.raises(SpeechError):
        google.engine(timeout=0.5).synthesize("Добрый день", "ru")
    assert time.monotonic() - start < 2.0
    assert len(google.received) == 1


def test_timeout_bounds_the_whole_multi_part_request(google: StandIn) -> None:
    # Each part answers in 0.4 s: five parts would take 2 s, the budget is 1 s.
    google.mode, google.delay = "slow", 0.4
    start = time.monotonic()
    with pytest.raises(SpeechError):
        google.engine(timeout=1.0).synthesize(LONG_TEXT, "en")
    assert time.monotonic() - start < 1.6
    assert 2 <= len(google.received) <= 3


def test_timeout_bounds_a_reply_that_trickles_in(google: StandIn) -> None:
    # ~80 KB in 8 KB pieces every 0.15 s: each read is quick, the whole reply takes ~1.5 s.
    google.mode, google.delay = "drip", 0.15
    start = time.monotonic()
    with pytest.raises(SpeechError, match="budget"):
        google.engine(timeout=0.6).synthesize("Добрый день", "ru")
    assert time.monotonic() - start < 1.2


# --- bad answers -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mode", "message"),
    [
        ("http500", "500"),
        ("redirect", "302"),  # not followed (it points at plain http)
        ("rejected", "no audio"),
        ("empty", "0 jQ1olc results"),
        ("noline", "0 jQ1olc results"),
        ("twice", "2 jQ1olc results"),
        ("garbled", "malformed"),
        ("badbase64", "base64"),
        ("notmp3", "not MP3"),
    ],
)
def test_bad_answers_are_speech_errors(google: StandIn, mode: str, message: str) -> None:
    google.mode = mode
    with pytest.raises(SpeechError, match=message):
        google.engine(timeout=5).synthesize("Добрый день", "ru")
    assert len(google.received) == 1


def test_unreachable_server_is_a_speech_error(clean_env: None, tmp_path: Path) -> None:
    engine = GttsEngine(base_url="https://127.0.0.1:9", ca_bundle=write(tmp_path / "ca.pem", CA_CERT), timeout=2)
    with pytest.raises(SpeechError, match="ConnectionError"):
        engine.synthesize("Добрый день", "ru")


def test_parser_reads_a_reply_as_google_sends_it() -> None:
    # Real audio has "/" and "+" in its base64; lines end in \r\n on some paths.
    audio = b"\xff\xf3\x44\xc4" + bytes(range(256)) * 3
    reply = batchexecute_reply(audio).replace(b"\n", b"\r\n")
    assert _audio_from_batchexecute(reply, "jQ1olc") == audio
    with pytest.raises(SpeechError):
        _audio_from_batchexecute(reply, "otherRpc")
    with pytest.raises(SpeechError, match="UTF-8"):
        _audio_from_batchexecute(b"\xff\xfe" + reply, "jQ1olc")
