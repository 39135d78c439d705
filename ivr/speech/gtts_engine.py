"""Online engine: Google Translate's text-to-speech through gTTS (MP3 output)."""

from __future__ import annotations

import io
import time

from gtts import gTTS

from .engines import Audio, SpeechError, UnsupportedLanguage


def _looks_like_mp3(data: bytes) -> bool:
    """An ID3 tag or an MPEG audio frame sync at the start."""
    return data[:3] == b"ID3" or (len(data) >= 2 and data[0] == 0xFF and data[1] & 0xE0 == 0xE0)


def _describe(exc: BaseException) -> str:
    """The error and what caused it: gTTSError alone says only "Failed to connect"."""
    text = f"{type(exc).__name__}: {exc}"
    cause = exc.__cause__ or exc.__context__
    if cause is not None:
        text += f" (caused by {type(cause).__name__}: {str(cause)[:300]})"
    return text


class GttsEngine:
    """gTTS voices for ru and en (Google has no Belarusian voice).

    ``timeout`` bounds the whole synthesis: gTTS sends one HTTP request per
    ~100 characters, and each request gets what is left of the budget as its
    requests connect/read timeout. ``rate`` below ``slow_below`` percent uses
    Google's slow speech (the only other speed it offers).
    """

    name = "gtts"
    VOICES = {"ru": "ru", "en": "en"}

    def __init__(self, timeout: float = 10.0, slow_below: int = 90):
        if timeout <= 0:
            raise ValueError(f"timeout must be positive, got {timeout}")
        self.timeout = timeout
        self.slow_below = slow_below

    def supports(self, lang: str) -> bool:
        """Whether gTTS is used for ``lang`` (ru, en)."""
        return lang in self.VOICES

    def voice_for(self, lang: str) -> str:
        """The gTTS language code used for ``lang``."""
        try:
            return self.VOICES[lang]
        except KeyError:
            raise UnsupportedLanguage(f"gtts has no voice for {lang!r}") from None

    def synthesize(self, text: str, lang: str, rate: int = 100) -> Audio:
        """Fetch MP3 speech for ``text``; any network or API failure is a SpeechError."""
        voice = self.voice_for(lang)
        deadline = time.monotonic() + self.timeout
        buf = io.BytesIO()
        try:
            # lang_check=False: the language is known good, and the check is pointless work.
            tts = gTTS(
                text,
                lang=voice,
                slow=rate < self.slow_below,
                lang_check=False,
                timeout=self.timeout,
            )
            # stream() is a generator reading tts.timeout before each request,
            # so shrinking it between parts enforces an overall deadline.
            for part in tts.stream():
                buf.write(part)
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise SpeechError(f"gtts exceeded its {self.timeout:g}s budget")
                tts.timeout = remaining
        except SpeechError:
            raise
        except Exception as exc:  # gTTSError, requests errors, AssertionError on empty text, bad base64...
            raise SpeechError(f"gtts failed: {_describe(exc)}") from exc
        data = buf.getvalue()
        if not _looks_like_mp3(data):
            raise SpeechError(f"gtts returned {len(data)} bytes that are not MP3 audio")
        return Audio(data=data, ext="mp3", mime="audio/mpeg", engine=self.name, voice=voice)
