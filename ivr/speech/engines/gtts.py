"""Online engine: Google Translate's text-to-speech (MP3 output), requests built by gTTS.

gTTS's own ``stream()``/``save()``/``write_to_fp()`` send with ``verify=False`` and
switch off urllib3's InsecureRequestWarning for the whole process, so anyone on
the network path could hand us audio that we would store and play to callers.
We therefore use gTTS only to clean up and split the text and to build one
request per part, and send those requests ourselves with certificate
verification on and parse Google's batchexecute reply ourselves.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import time
from urllib.parse import urlsplit, urlunsplit

import requests
from gtts import gTTS

from .base import Audio, SpeechError, VoiceTable, voices

# A reply carries one part of at most 100 characters: some tens of kilobytes of
# base64 MP3. Anything far bigger is not a TTS answer.
_MAX_REPLY_BYTES = 4 * 1024 * 1024
_CHUNK_BYTES = 16 * 1024


def _looks_like_mp3(data: bytes) -> bool:
    """An ID3 tag or an MPEG audio frame sync at the start."""
    return data[:3] == b"ID3" or (len(data) >= 2 and data[0] == 0xFF and data[1] & 0xE0 == 0xE0)


def _describe(exc: BaseException) -> str:
    """The error and what caused it (requests' errors wrap urllib3's, which say more)."""
    text = f"{type(exc).__name__}: {exc}"
    cause = exc.__cause__ or exc.__context__
    if cause is not None:
        text += f" (caused by {type(cause).__name__}: {str(cause)[:300]})"
    return text


def _audio_from_batchexecute(body: bytes, rpc_id: str) -> bytes:
    """The audio in Google's batchexecute reply to one TTS call (``rpc_id``).

    The reply, as observed, is an anti-JSON-hijacking prefix line followed by
    JSON documents, one per line, each after a line giving its length::

        )]}'

        1234
        [["wrb.fr","jQ1olc","[\\"<base64 MP3>\\"]",null,null,null,"generic"],["di",42],...]
        25
        [["e",4,null,null,1290]]

    The ``wrb.fr`` entry for the RPC holds the call's result as JSON *text*: a
    list whose first item is the base64 audio. When Google refuses the call
    (e.g. a language it has no voice for) the result is null and an error
    code follows. The length lines are not relied on: every JSON document is a
    single line, so lines are simply tried one by one.
    """
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SpeechError(f"gtts reply is not UTF-8: {exc}") from None
    entries = []
    for line in text.splitlines():
        line = line.strip()
        if not line.startswith("[") or rpc_id not in line:
            continue  # the )]}' prefix, length lines, other documents
        try:
            document = json.loads(line)
        except ValueError as exc:
            raise SpeechError(f"gtts reply has a malformed {rpc_id} line: {exc}") from None
        if isinstance(document, list):
            entries += [
                e for e in document
                if isinstance(e, list) and len(e) >= 3 and e[0] == "wrb.fr" and e[1] == rpc_id
            ]
    if len(entries) != 1:
        raise SpeechError(f"gtts reply has {len(entries)} {rpc_id} results, expected one (first bytes: {body[:80]!r})")
    entry = entries[0]
    if entry[2] is None:
        code = entry[5] if len(entry) > 5 else None
        raise SpeechError(f"Google returned no audio (error {code!r}); unsupported language or API change?")
    try:
        result = json.loads(entry[2])
    except (TypeError, ValueError) as exc:
        raise SpeechError(f"gtts reply's {rpc_id} result is not JSON: {exc}") from None
    if not (isinstance(result, list) and result and isinstance(result[0], str)):
        raise SpeechError(f"gtts reply's {rpc_id} result has no audio: {str(result)[:80]}")
    try:
        audio = base64.b64decode(result[0], validate=True)
    except (binascii.Error, ValueError) as exc:
        raise SpeechError(f"gtts reply's audio is not valid base64: {exc}") from None
    if not audio:
        raise SpeechError("gtts reply's audio is empty")
    return audio


class GttsEngine(VoiceTable):
    """Google Translate voices for ru and en (Google has no Belarusian voice).

    ``timeout`` bounds the whole synthesis: Google takes ~100 characters per
    request, and each request gets what is left of the budget as its
    connect/read timeout; the budget is also checked while a reply is read and
    after every part. ``rate`` below ``slow_below`` percent uses Google's slow
    speech (the only other speed it offers).

    TLS certificates are always verified, with requests' defaults: the certifi
    bundle, or ``REQUESTS_CA_BUNDLE``/``CURL_CA_BUNDLE``, and the usual
    ``HTTPS_PROXY``/``NO_PROXY`` environment. Two keyword-only arguments exist
    for tests (a local stand-in for Google) and unusual networks; neither can
    turn verification off:

    ``base_url``
        ``https://host[:port][/prefix]`` to send to instead of gTTS's own
        ``https://translate.google.com``; gTTS's request path is appended.
    ``ca_bundle``
        A PEM file (or c_rehash directory) of CA certificates to trust
        *instead of* the default bundle.
    """

    name = "gtts"
    VOICES = voices(lambda language: language.gtts_lang)

    def __init__(
        self,
        timeout: float = 10.0,
        slow_below: int = 90,
        *,
        base_url: str | None = None,
        ca_bundle: str | os.PathLike[str] | None = None,
    ):
        if timeout <= 0:
            raise ValueError(f"timeout must be positive, got {timeout}")
        if base_url is not None:
            parts = urlsplit(base_url)
            if parts.scheme != "https" or not parts.hostname or parts.query or parts.fragment:
                raise ValueError(f"base_url must be https://host[:port][/prefix], got {base_url!r}")
        if ca_bundle is not None:
            ca_bundle = os.fspath(ca_bundle)
            if not os.path.exists(ca_bundle):
                raise ValueError(f"ca_bundle {ca_bundle!r} does not exist")
        self.timeout = timeout
        self.slow_below = slow_below
        self.base_url = base_url
        self.ca_bundle = ca_bundle

    def synthesize(self, text: str, lang: str, rate: int = 100) -> Audio:
        """Fetch MP3 speech for ``text``; any network or API failure is a SpeechError."""
        voice = self.voice_for(lang)
        deadline = time.monotonic() + self.timeout
        parts: list[bytes] = []
        try:
            # lang_check=False: the language is known good, and the check is pointless work.
            tts = gTTS(text, lang=voice, slow=rate < self.slow_below, lang_check=False)
            # _prepare_requests() is private, but gTTS is pinned (==2.5.4 in requirements.txt):
            # it pre-processes and splits the text and builds one POST per part, without sending.
            # Re-check it on upgrade. Never call stream()/save()/write_to_fp(): they send with
            # verify=False and silence urllib3's InsecureRequestWarning process-wide.
            prepared = tts._prepare_requests()
            with requests.Session() as session:
                for index, request in enumerate(prepared):
                    self._retarget(request)
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        raise SpeechError(f"gtts exceeded its {self.timeout:g}s budget")
                    body = self._send(session, request, remaining, deadline)
                    audio = _audio_from_batchexecute(body, tts.GOOGLE_TTS_RPC)
                    if not _looks_like_mp3(audio):
                        raise SpeechError(f"gtts part {index + 1}: {len(audio)} bytes that are not MP3 audio")
                    parts.append(audio)
                    if time.monotonic() >= deadline:
                        raise SpeechError(f"gtts exceeded its {self.timeout:g}s budget")
        except SpeechError:
            raise
        except requests.exceptions.SSLError as exc:
            raise SpeechError(f"gtts refused the server's TLS certificate/SSL connection: {_describe(exc)}") from exc
        except Exception as exc:  # requests errors, AssertionError on empty text...
            raise SpeechError(f"gtts failed: {_describe(exc)}") from exc
        data = b"".join(parts)
        if not _looks_like_mp3(data):
            raise SpeechError(f"gtts returned {len(data)} bytes that are not MP3 audio")
        return Audio(data=data, ext="mp3", mime="audio/mpeg", engine=self.name, voice=voice)

    def _retarget(self, request: requests.PreparedRequest) -> None:
        """Point ``request`` at ``base_url`` if one is set; refuse anything but https."""
        if self.base_url is not None:
            base, own = urlsplit(self.base_url), urlsplit(request.url or "")
            path = base.path.rstrip("/") + own.path
            request.prepare_url(urlunsplit((base.scheme, base.netloc, path, own.query, "")), None)
        if urlsplit(request.url or "").scheme != "https":
            raise SpeechError(f"gtts refuses to send over anything but https: {request.url}")

    def _send(
        self, session: requests.Session, request: requests.PreparedRequest, remaining: float, deadline: float
    ) -> bytes:
        """POST one part with verification on and return the reply body (HTTP 200 only)."""
        verify: bool | str = self.ca_bundle if self.ca_bundle is not None else True
        # requests applies the environment (proxies, REQUESTS_CA_BUNDLE) only in Session.request(),
        # not in send(): merge it explicitly. verify stays True or a CA path, never False.
        settings = session.merge_environment_settings(request.url, {}, True, verify, None)
        if settings["verify"] is False:  # pragma: no cover - impossible with the arguments above
            raise SpeechError("gtts refuses to send without certificate verification")
        with session.send(request, timeout=remaining, allow_redirects=False, **settings) as response:
            response.raise_for_status()
            if response.status_code != 200:
                raise SpeechError(f"gtts got HTTP {response.status_code} {response.reason} instead of audio")
            body = bytearray()
            for chunk in response.iter_content(chunk_size=_CHUNK_BYTES):
                body += chunk
                if len(body) > _MAX_REPLY_BYTES:
                    raise SpeechError(f"gtts reply is larger than {_MAX_REPLY_BYTES} bytes")
                if time.monotonic() >= deadline:
                    raise SpeechError(f"gtts exceeded its {self.timeout:g}s budget")
            return bytes(body)
