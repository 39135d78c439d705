"""Offline eSpeak NG engine, calling libespeak-ng (shipped by espeakng-loader) via ctypes.

Stress marks: eSpeak ignores a combining acute accent (U+0301), the way Russian and Belarusian
clerks mark the stressed vowel ("камітэ́та"). A word carrying one is therefore sent to eSpeak as
phoneme mnemonics (``[[...]]`` with the ``espeakPHONEMES`` flag): eSpeak's own phonemes for the
word (``espeak_TextToPhonemes`` under the same voice), its stress marks removed and the primary
stress put on the vowel phoneme that corresponds to the marked vowel letter. Which phonemes are
vowels is asked of eSpeak itself (see ``_is_syllabic``), and the result is translated back by
eSpeak and checked before it is used. A word that cannot be mapped safely is spoken as written,
without the mark; text without marks takes exactly the same path as before.
"""

from __future__ import annotations

import ctypes
import logging
import os
import re
import threading
import unicodedata
from collections import OrderedDict
from dataclasses import dataclass, field

import espeakng_loader

from .engines import Audio, SpeechError, UnsupportedLanguage
from .telephone import pcm16_to_telephone_wav

# Constants from espeak-ng's speak_lib.h.
AUDIO_OUTPUT_SYNCHRONOUS = 2  # callback receives the samples; Synth returns when done
espeakINITIALIZE_DONT_EXIT = 0x8000  # without it, a failed Initialize calls exit(1)
espeakCHARS_UTF8 = 1
espeakPHONEMES = 0x100  # espeak_Synth flag: text within [[ ]] is phoneme mnemonics
espeakRATE = 1
POS_CHARACTER = 1
EE_OK = 0

RATE_MIN_WPM = 80  # espeakRATE_MINIMUM
RATE_MAX_WPM = 450  # espeakRATE_MAXIMUM
NORMAL_WPM = 165  # a little under espeak's 175 default: clearer over a phone line
BUFFER_MS = 200  # length of the sample buffers handed to the callback
MAX_DATA_PATH_BYTES = 159  # espeak-ng keeps the data path in a 160-byte buffer

STRESS_MARK = "\u0301"  # combining acute accent, written after the stressed vowel
STRESS_CACHE_SIZE = 4096  # converted words kept per process

log = logging.getLogger(__name__)

# int callback(short *wav, int numsamples, espeak_EVENT *events); events are unused.
_SynthCallback = ctypes.CFUNCTYPE(
    ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p
)


@dataclass
class _LibState:
    """Process-wide state of the library: it is a singleton in C, so it is one here too."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    lib: ctypes.CDLL | None = None
    pid: int | None = None  # process that ran espeak_Initialize; another pid must re-initialise
    sample_rate: int = 0
    data_path: str | None = None
    voice: str | None = None  # voice currently selected in the library
    chunks: list[bytes] = field(default_factory=list)  # samples of the synthesis in progress
    callback_error: BaseException | None = None
    inits: int = 0  # how many times this process initialised (observable by tests)
    # Whether the last espeak_Synth enabled [[phonemes]] (it also governs TextToPhonemes);
    # None when unknown.
    phoneme_input: bool | None = None
    # (voice, word) -> what to send for a word with a stress mark (see _stressed_word_locked).
    stressed: OrderedDict[tuple[str, str], str] = field(default_factory=OrderedDict)
    syllabic: dict[tuple[str, str], bool] = field(default_factory=dict)  # (voice, mnemonic)


_STATE = _LibState()


def _before_fork() -> None:
    # Hold the lock across fork() so a child never inherits the library halfway
    # through a call made by another thread.
    _STATE.lock.acquire()


def _after_fork_parent() -> None:
    _STATE.lock.release()


def _after_fork_child() -> None:
    # The child gets a fresh lock (only the forking thread survives) and must
    # initialise its own copy of the library on first use (see _ensure_ready).
    _STATE.lock = threading.Lock()


os.register_at_fork(
    before=_before_fork, after_in_parent=_after_fork_parent, after_in_child=_after_fork_child
)


def _on_samples(wav: ctypes._Pointer[ctypes.c_short], numsamples: int, _events: int | None) -> int:
    """Synth callback: collect the 16-bit samples (runs in the synthesizing thread)."""
    try:
        if wav and numsamples > 0:
            _STATE.chunks.append(ctypes.string_at(wav, numsamples * 2))
        return 0  # continue
    except BaseException as exc:  # an exception must not escape into C
        _STATE.callback_error = exc
        return 1  # abort synthesis


# Kept referenced at module level: ctypes callbacks must outlive the library's use of them.
_CALLBACK = _SynthCallback(_on_samples)


def _load_library() -> ctypes.CDLL:
    """Load libespeak-ng and declare the signatures of the functions used."""
    lib = ctypes.CDLL(espeakng_loader.get_library_path())
    lib.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
    lib.espeak_Initialize.restype = ctypes.c_int
    lib.espeak_SetSynthCallback.argtypes = [_SynthCallback]
    lib.espeak_SetSynthCallback.restype = None
    lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
    lib.espeak_SetVoiceByName.restype = ctypes.c_int
    lib.espeak_SetParameter.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
    lib.espeak_SetParameter.restype = ctypes.c_int
    lib.espeak_Synth.argtypes = [
        ctypes.c_void_p,  # text
        ctypes.c_size_t,  # size
        ctypes.c_uint,  # position
        ctypes.c_int,  # position_type
        ctypes.c_uint,  # end_position
        ctypes.c_uint,  # flags
        ctypes.POINTER(ctypes.c_uint),  # unique_identifier
        ctypes.c_void_p,  # user_data
    ]
    lib.espeak_Synth.restype = ctypes.c_int
    lib.espeak_Synchronize.argtypes = []
    lib.espeak_Synchronize.restype = ctypes.c_int
    lib.espeak_TextToPhonemes.argtypes = [
        ctypes.POINTER(ctypes.c_void_p),  # address of the text pointer; advanced by the call
        ctypes.c_int,  # textmode
        ctypes.c_int,  # phonememode
    ]
    lib.espeak_TextToPhonemes.restype = ctypes.c_char_p
    return lib


def _check_data_path(data_path: str) -> None:
    """Fail clearly on a data path espeak-ng cannot use.

    espeak_Initialize only reports a bad path (by returning 0) the first time
    in a process; once initialised, it keeps the old sample rate and fails
    later with no audio, so the path is checked before it is handed over.
    """
    size = len(os.fsencode(data_path))
    if size > MAX_DATA_PATH_BYTES:
        raise SpeechError(
            f"eSpeak NG data path is {size} bytes, over espeak-ng's limit of "
            f"{MAX_DATA_PATH_BYTES}: {data_path!r}; use a shorter path or symlink"
        )
    if not os.path.isfile(os.path.join(data_path, "phontab")):
        raise SpeechError(f"no eSpeak NG data (phontab) in {data_path!r}")


def _ensure_ready(data_path: str) -> ctypes.CDLL:
    """Initialise the library in this process if not yet done. Caller holds the lock."""
    st = _STATE
    if st.lib is not None and st.pid == os.getpid() and st.data_path == data_path:
        return st.lib
    _check_data_path(data_path)
    if st.lib is None:
        st.lib = _load_library()
    st.pid = None  # stays None unless initialisation succeeds
    st.voice = None
    st.phoneme_input = None
    st.stressed.clear()  # phonemes come from the data, which may now be other data
    st.syllabic.clear()
    rate = st.lib.espeak_Initialize(
        AUDIO_OUTPUT_SYNCHRONOUS, BUFFER_MS, os.fsencode(data_path), espeakINITIALIZE_DONT_EXIT
    )
    if rate <= 0:
        raise SpeechError(
            f"eSpeak NG failed to initialise (espeak_Initialize returned {rate}) "
            f"with data path {data_path!r}"
        )
    st.lib.espeak_SetSynthCallback(_CALLBACK)
    st.sample_rate = rate
    st.data_path = data_path
    st.pid = os.getpid()
    st.inits += 1
    return st.lib


def rate_to_wpm(rate: int) -> int:
    """Map a rate percentage (100 normal) to eSpeak words per minute within 80..450."""
    return max(RATE_MIN_WPM, min(RATE_MAX_WPM, round(NORMAL_WPM * rate / 100)))


class EspeakEngine:
    """Offline eSpeak NG voices for ru, be and en; returns 8 kHz µ-law WAV.

    Thread-safe: all library calls share one process-wide lock. The library is
    initialised lazily on first use, and again in a forked child (e.g. a
    gunicorn worker). ``data_path`` overrides espeakng_loader's data directory
    (useful when that path is too long for espeak-ng).
    """

    name = "espeak"
    VOICES = {"ru": "ru", "be": "be", "en": "en-us"}

    def __init__(self, data_path: str | None = None):
        self.data_path = data_path

    def supports(self, lang: str) -> bool:
        """Whether eSpeak has a voice for ``lang``."""
        return lang in self.VOICES

    def voice_for(self, lang: str) -> str:
        """The eSpeak voice name used for ``lang``."""
        try:
            return self.VOICES[lang]
        except KeyError:
            raise UnsupportedLanguage(f"espeak has no voice for {lang!r}") from None

    def synthesize(self, text: str, lang: str, rate: int = 100) -> Audio:
        """Speak ``text`` in ``lang`` at ``rate`` percent; SpeechError on failure."""
        voice = self.voice_for(lang)
        if rate <= 0:
            raise ValueError(f"rate must be a positive percentage, got {rate}")
        if not text.strip():
            raise SpeechError("espeak was given no text to speak")
        # A NUL would end the C string early; eSpeak reads the text up to it.
        encoded = text.replace("\x00", " ").encode("utf-8") + b"\x00"
        data_path = self.data_path or espeakng_loader.get_data_path()
        with _STATE.lock:
            lib = _ensure_ready(data_path)
            pcm, sample_rate = self._synth_locked(lib, encoded, voice, rate_to_wpm(rate))
        if not pcm.strip(b"\x00"):  # no samples, or only digital silence
            raise SpeechError(f"espeak produced no audio for {lang!r} text {text[:40]!r}")
        wav = pcm16_to_telephone_wav(pcm, sample_rate)
        return Audio(data=wav, ext="wav", mime="audio/wav", engine=self.name, voice=voice)

    @staticmethod
    def _synth_locked(lib: ctypes.CDLL, encoded: bytes, voice: str, wpm: int) -> tuple[bytes, int]:
        """Run one synthesis; returns (16-bit PCM, sample rate). Caller holds the lock."""
        st = _STATE
        if st.voice != voice:
            err = lib.espeak_SetVoiceByName(voice.encode())
            if err != EE_OK:
                st.voice = None
                raise SpeechError(f"espeak could not select voice {voice!r} (error {err})")
            st.voice = voice
        # Always set the rate: selecting a voice resets it to the voice's default.
        err = lib.espeak_SetParameter(espeakRATE, wpm, 0)
        if err != EE_OK:
            raise SpeechError(f"espeak could not set rate {wpm} wpm (error {err})")
        st.chunks = []
        st.callback_error = None
        try:
            err = lib.espeak_Synth(
                encoded, len(encoded), 0, POS_CHARACTER, 0, espeakCHARS_UTF8, None, None
            )
            if err != EE_OK:
                raise SpeechError(f"espeak_Synth failed (error {err})")
            lib.espeak_Synchronize()
            if st.callback_error is not None:
                raise SpeechError(f"espeak callback failed: {st.callback_error!r}")
            return b"".join(st.chunks), st.sample_rate
        finally:
            st.chunks = []
            st.callback_error = None
