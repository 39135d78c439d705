"""Offline eSpeak NG engine: libespeak-ng (shipped by espeakng-loader) called via ctypes.

Stress marks: eSpeak ignores a combining acute accent (U+0301), the way Russian and Belarusian
clerks mark the stressed vowel ("камітэ́та"). A word carrying one is therefore sent to eSpeak as
phoneme mnemonics (``[[...]]`` with the ``espeakPHONEMES`` flag): eSpeak's own phonemes for the
word (``espeak_TextToPhonemes`` under the same voice), its stress marks removed and the primary
stress put on the vowel phoneme that corresponds to the marked vowel letter (the n-th vowel
letter is the n-th vowel phoneme). Which phonemes are vowels is asked of eSpeak itself (see
``_is_syllabic``); Russian vowels are then re-reduced for the new stress (see
``_requalify_russian``), and eSpeak's reading of the result is checked before it is used.
A word that cannot be mapped safely (a mark not after a vowel, two marks, letters and vowel
phonemes that don't pair up, a word eSpeak splits) is spoken as written, without the mark.
Text without marks takes exactly the same path as before.
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

from ivr.languages import LANGUAGES
from ivr.speech.telephone import pcm16_to_telephone_wav

from .base import Audio, SpeechError, VoiceTable, voices

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
NORMAL_WPM = 175  # espeak's own default; a caller who needs it slower has key 8 (the slow rate)
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


# --- Stress marks --------------------------------------------------------------------------

_SEPARATOR = "\x1f"  # put between phonemes by TextToPhonemes; part of no eSpeak mnemonic
_SEPARATED = ord(_SEPARATOR) << 8  # phonememode: ascii mnemonics, separator in bits 8-23
_IPA = 0x02  # phonememode: IPA (espeakPHONEMES_IPA)
_PRIMARY = "'"  # primary stress, before the vowel, in mnemonics (input and output)
_STRESS_SIGNS = "',"  # what TextToPhonemes writes before a stressed vowel (primary, secondary)
# A word as ivr.phrases.pronunciation sees one: letters, digits and combining marks, with
# apostrophes inside ("сям'я").
_WORD = re.compile(r"[\w\u0300-\u036f]+(?:['\u2019\u02bc][\w\u0300-\u036f]+)*")
_VOWEL_LETTERS = {language.code: frozenset(language.vowels) for language in LANGUAGES}


def _text_to_phonemes(lib: ctypes.CDLL, text: str, mode: int = _SEPARATED) -> str:
    """eSpeak's phonemes for ``text`` in the selected voice, clauses joined by a space.

    espeak_TextToPhonemes translates one clause per call and advances the text pointer (to
    NULL at the end). Caller holds the lock.
    """
    buf = ctypes.create_string_buffer(text.encode("utf-8"))  # NUL-terminated
    ptr = ctypes.c_void_p(ctypes.addressof(buf))
    parts = []
    while ptr.value:
        before = ptr.value
        result = lib.espeak_TextToPhonemes(ctypes.byref(ptr), espeakCHARS_UTF8, mode)
        if result:
            parts.append(result.decode("utf-8", "replace"))
        if ptr.value == before:  # no progress: never loop forever
            break
    return " ".join(part for part in parts if part)


def _set_phoneme_input(lib: ctypes.CDLL, on: bool) -> bool:
    """Make TextToPhonemes read [[phonemes]] (``on``) or not, as synthesis will.

    eSpeak keeps this switch from the last espeak_Synth call's flags, so an empty synthesis
    sets it (its few samples of silence are dropped). Caller holds the lock.
    """
    st = _STATE
    if st.phoneme_input is on:
        return True
    st.phoneme_input = None
    flags = espeakCHARS_UTF8 | (espeakPHONEMES if on else 0)
    err = lib.espeak_Synth(b"\x00", 1, 0, POS_CHARACTER, 0, flags, None, None)
    lib.espeak_Synchronize()
    st.chunks = []
    st.callback_error = None
    if err != EE_OK:
        return False
    st.phoneme_input = on
    return True


def _split_phonemes(phonemes: str) -> list[tuple[str, str]] | None:
    """(stress signs, mnemonic) for each phoneme of one word, or None if it is not one word."""
    if not phonemes or " " in phonemes:
        return None
    tokens = []
    for token in phonemes.split(_SEPARATOR):
        name = token.lstrip(_STRESS_SIGNS)
        if not name:
            return None
        tokens.append((token[: len(token) - len(name)], name))
    return tokens


def _is_syllabic(lib: ctypes.CDLL, voice: str, mnemonic: str) -> bool:
    """Whether eSpeak treats phoneme ``mnemonic`` as a vowel (a syllable that can be stressed).

    Asked of eSpeak: it keeps a primary stress mark only on such a phoneme ("[['a]]" comes back
    stressed, "[['m]]" does not). Caller holds the lock, with phoneme input on.
    """
    key = (voice, mnemonic)
    known = _STATE.syllabic.get(key)
    if known is None:
        known = _PRIMARY in _text_to_phonemes(lib, f"[[{_PRIMARY}{mnemonic}]]", 0)
        _STATE.syllabic[key] = known
    return known


def _vowel_units(letters: str, lang: str) -> list[tuple[int, int]]:
    """Spans of ``letters`` spoken as one vowel each: every vowel letter in ru and be; in en a
    run of vowel letters ("ee", "ou"), "y" counting as a consonant first or before a vowel."""
    vowels = _VOWEL_LETTERS[lang]
    lower = [ch.lower() for ch in letters]  # per letter: indexes stay those of ``letters``
    units: list[tuple[int, int]] = []
    for i, ch in enumerate(lower):
        if ch not in vowels:
            continue
        if lang == "en":
            if ch == "y" and (i == 0 or (i + 1 < len(lower) and lower[i + 1] in vowels)):
                continue
            if units and units[-1][1] == i:
                units[-1] = (units[-1][0], i + 1)
                continue
        units.append((i, i + 1))
    return units


def _silent_final_e(letters: str, unit: tuple[int, int]) -> bool:
    """Whether an English vowel unit is a final "e", usually silent ("make", "-es", "-ed")."""
    ending = letters[unit[1] :].lower()
    return letters[unit[0] : unit[1]].lower() == "e" and ending in ("", "s", "d")


def _inserted_by_espeak(lib: ctypes.CDLL, names: list[str], i: int) -> bool:
    """Whether eSpeak puts phoneme ``i`` of a word back by itself when it is left out, like the
    short vowel Russian inserts before "r" after a consonant ("zd@-r"): not a vowel of the
    spelling. Phoneme input is on."""
    rest = names[:i] + names[i + 1 :]
    back = _split_phonemes(_text_to_phonemes(lib, "[[" + "|".join(rest) + "]]"))
    return back is not None and len(back) == len(names) and back[i][1] == names[i]


# Russian vowels depend on the stress (о is [o] stressed, [ɐ]/[ə] not). eSpeak's phoneme
# programs adapt most vowels to the stress by themselves, also in phoneme input, but not the
# changes ph_russian makes with ChangeIfNotStressed (o, 8 and e reduce to V, V and i/y): it
# skips those for phonemes given as such. So a vowel that loses its stress is reduced here
# as eSpeak reduces it; "A" (eSpeak's stressed а) and a pretonic "a" go back to the neutral
# "V", whose program makes it "a" before the stress, "A" under it and "V" elsewhere.
_RU_DESTRESSED = {"o": "V", "8": "V", "e": "i", "A": "V"}
_RU_HARD_HUSHING = {"Z", "S", "ts"}  # after which an unstressed "e" is "y"
# The vowel that gains the stress gets the phoneme eSpeak's rules give its letter, and its
# program adapts it ("V" becomes "A", or "a" after "j"; "e" after ж/ш/ц becomes "E"); the
# iotated "ja"/"ju", "u#" (у after щ) and ё's own "8" are kept.
_RU_STRESSED = {
    "а": "V", "я": "V", "о": "o", "е": "e", "и": "i", "ы": "y", "у": "u", "ю": "u", "э": "E"
}
_RU_KEEP = {"ja", "ju", "u#", "8"}


def _requalify_russian(
    names: list[str], nuclei: list[int], stressed: set[int], new: int, letter: str
) -> None:
    """Give the Russian vowels the phonemes eSpeak gives them with the stress on ``new`` alone
    (``stressed``: the vowels eSpeak stressed, primary or secondary)."""
    for i in nuclei:
        before = names[i - 1] if i > 0 else ""
        if i == new:
            if names[i] not in _RU_KEEP and letter in _RU_STRESSED:
                names[i] = _RU_STRESSED[letter]
        elif i in stressed:
            reduced = _RU_DESTRESSED.get(names[i], names[i])
            names[i] = "y" if reduced == "i" and before in _RU_HARD_HUSHING else reduced
        elif names[i] == "a" and before != "j" and not before.endswith(";"):
            names[i] = "V"  # a pretonic а/о, which may no longer be pretonic


def _stress_phonemes_locked(lib: ctypes.CDLL, lang: str, voice: str, word: str) -> str | None:
    """The phoneme mnemonics (for [[ ]]) of ``word`` stressed on the vowel before its U+0301.

    "" when eSpeak already stresses that vowel (the word is then spoken as plain text); None when
    the word cannot be mapped safely. The voice is selected and the lock held.
    """
    before, mark, after = word.partition(STRESS_MARK)
    if not mark or STRESS_MARK in after or not before:
        return None  # no mark, several marks, or a mark with nothing before it
    # NFC per piece: a mark after a Latin vowel must not merge into a precomposed letter.
    before, after = unicodedata.normalize("NFC", before), unicodedata.normalize("NFC", after)
    letters = before + after
    letter = before[-1].lower()
    if letter not in _VOWEL_LETTERS.get(lang, ()):
        return None  # the mark is not after a vowel letter
    units = _vowel_units(letters, lang)
    target = next((n for n, (start, end) in enumerate(units) if start < len(before) <= end), None)
    if target is None:
        return None  # e.g. English "y" before a vowel: a consonant
    if not _set_phoneme_input(lib, True):
        return None
    # The word has no "[[", so phoneme input does not change how its letters are translated.
    tokens = _split_phonemes(_text_to_phonemes(lib, letters))
    if tokens is None:
        return None  # eSpeak split the word (or gave nothing)
    names = [name for _, name in tokens]
    nuclei = [i for i, name in enumerate(names) if _is_syllabic(lib, voice, name)]
    if len(nuclei) > len(units):
        nuclei = [i for i in nuclei if not _inserted_by_espeak(lib, names, i)]
    if lang == "en" and len(nuclei) == len(units) - 1 and _silent_final_e(letters, units[-1]):
        units = units[:-1]
    if len(nuclei) != len(units) or target >= len(nuclei):
        return None  # letters and vowels don't pair up one to one
    new = nuclei[target]
    primaries = [i for i, (signs, _) in enumerate(tokens) if signs == _PRIMARY]
    if primaries == [new]:
        return ""  # eSpeak already says it so
    if voice == "ru":
        stressed = {i for i, (signs, _) in enumerate(tokens) if signs}
        _requalify_russian(names, nuclei, stressed, new, letter)
    names[new] = _PRIMARY + names[new]
    # "|" keeps adjacent mnemonics apart so eSpeak can't read two as one longer mnemonic.
    phonemes = "|".join(names)
    # Check what eSpeak makes of it: the same phonemes, primary stress where it was put.
    back = _split_phonemes(_text_to_phonemes(lib, f"[[{phonemes}]]"))
    if back is None or len(back) != len(names):
        return None
    if [i for i, (signs, _) in enumerate(back) if signs == _PRIMARY] != [new]:
        return None
    return phonemes


def _stressed_word_locked(lib: ctypes.CDLL, lang: str, voice: str, word: str) -> str:
    """What to send eSpeak for a word with a stress mark: "[[phonemes]]", or the word without
    its mark if eSpeak stresses it so already or it cannot be mapped. Cached per (voice, word).
    The voice is selected and the lock held."""
    cache = _STATE.stressed
    key = (voice, word)
    if key in cache:
        cache.move_to_end(key)
        return cache[key]
    try:
        phonemes = _stress_phonemes_locked(lib, lang, voice, word)
    except Exception:  # a stress mark must never fail the synthesis
        log.exception("could not apply the stress mark in %r (%s)", word, voice)
        phonemes = None
    plain = unicodedata.normalize("NFC", word.replace(STRESS_MARK, ""))
    result = f"[[{phonemes}]]" if phonemes else plain
    cache[key] = result
    if len(cache) > STRESS_CACHE_SIZE:
        cache.popitem(last=False)
    return result


def _prepare_locked(lib: ctypes.CDLL, text: str, lang: str, voice: str) -> tuple[str, int]:
    """The text to synthesize and the espeak_Synth flags. Text without a stress mark is
    returned unchanged with the plain flags. The voice is selected and the lock held."""
    if STRESS_MARK not in text:
        return text, espeakCHARS_UTF8
    pieces, used_phonemes, end = [], False, 0
    for match in _WORD.finditer(text):
        if STRESS_MARK not in match.group():
            continue
        spoken = _stressed_word_locked(lib, lang, voice, match.group())
        if spoken.startswith("[["):
            used_phonemes = True
            if match.start() > 0 and not text[match.start() - 1].isspace():
                # eSpeak reads "[[" as phonemes only at the start of a word: "([[" is silent.
                spoken = " " + spoken
        pieces += [text[end : match.start()], spoken]
        end = match.end()
    pieces.append(text[end:])
    if not used_phonemes:
        return "".join(pieces).replace(STRESS_MARK, ""), espeakCHARS_UTF8
    # Outside our words, "[[" is the clerk's text, not phonemes: a zero-width space keeps it
    # text (eSpeak reads it as before).
    for i in range(0, len(pieces), 2):
        pieces[i] = pieces[i].replace(STRESS_MARK, "").replace("[[", "[\u200b[")
    return "".join(pieces), espeakCHARS_UTF8 | espeakPHONEMES


def _select_voice_locked(lib: ctypes.CDLL, voice: str) -> None:
    """Select ``voice`` unless it is selected already. Caller holds the lock; the rate must be
    set again afterwards (selecting a voice resets it)."""
    st = _STATE
    if st.voice != voice:
        err = lib.espeak_SetVoiceByName(voice.encode())
        if err != EE_OK:
            st.voice = None
            raise SpeechError(f"espeak could not select voice {voice!r} (error {err})")
        st.voice = voice


def rate_to_wpm(rate: int) -> int:
    """Map a rate percentage (100 normal) to eSpeak words per minute within 80..450."""
    return max(RATE_MIN_WPM, min(RATE_MAX_WPM, round(NORMAL_WPM * rate / 100)))


class EspeakEngine(VoiceTable):
    """Offline eSpeak NG voices for ru, be and en; returns 8 kHz µ-law WAV.

    Thread-safe: all library calls share one process-wide lock. The library is
    initialised lazily on first use, and again in a forked child (e.g. a
    gunicorn worker). ``data_path`` overrides espeakng_loader's data directory
    (useful when that path is too long for espeak-ng). A stress mark (U+0301)
    after a vowel puts the word's stress there (see the module docstring).
    """

    name = "espeak"
    VOICES = voices(lambda language: language.espeak_voice)

    def __init__(self, data_path: str | None = None):
        self.data_path = data_path

    def synthesize(self, text: str, lang: str, rate: int = 100) -> Audio:
        """Speak ``text`` in ``lang`` at ``rate`` percent; SpeechError on failure.

        A word with a stress mark (U+0301 after a vowel) is stressed on that vowel; the mark
        is never read out.
        """
        voice = self.voice_for(lang)
        if rate <= 0:
            raise ValueError(f"rate must be a positive percentage, got {rate}")
        if not text.replace(STRESS_MARK, "").strip():
            raise SpeechError("espeak was given no text to speak")
        # A NUL would end the C string early; eSpeak reads the text up to it.
        text = text.replace("\x00", " ")
        data_path = self.data_path or espeakng_loader.get_data_path()
        with _STATE.lock:
            lib = _ensure_ready(data_path)
            pcm, sample_rate = self._synth_locked(lib, text, lang, voice, rate_to_wpm(rate))
        if not pcm.strip(b"\x00"):  # no samples, or only digital silence
            raise SpeechError(f"espeak produced no audio for {lang!r} text {text[:40]!r}")
        wav = pcm16_to_telephone_wav(pcm, sample_rate)
        return Audio(data=wav, ext="wav", mime="audio/wav", engine=self.name, voice=voice)

    def phonemes(self, text: str, lang: str, ipa: bool = False) -> str:
        """The phonemes ``synthesize`` speaks for ``text``, stress marks applied, as eSpeak's
        TextToPhonemes writes them (its mnemonics, or IPA); clauses are joined by a space."""
        voice = self.voice_for(lang)
        data_path = self.data_path or espeakng_loader.get_data_path()
        with _STATE.lock:
            lib = _ensure_ready(data_path)
            _select_voice_locked(lib, voice)
            spoken, flags = _prepare_locked(lib, text.replace("\x00", " "), lang, voice)
            if not _set_phoneme_input(lib, bool(flags & espeakPHONEMES)):
                raise SpeechError("espeak could not switch phoneme input")
            return _text_to_phonemes(lib, spoken, _IPA if ipa else 0)

    def stressed_phonemes(self, word: str, lang: str) -> str | None:
        """The eSpeak phoneme mnemonics sent (inside [[ ]]) for ``word``, which carries a stress
        mark (U+0301) after its stressed vowel; None when the word is spoken as plain text: no
        mark, eSpeak stresses that vowel already, or the mark could not be mapped safely."""
        voice = self.voice_for(lang)
        data_path = self.data_path or espeakng_loader.get_data_path()
        with _STATE.lock:
            lib = _ensure_ready(data_path)
            _select_voice_locked(lib, voice)
            spoken = _stressed_word_locked(lib, lang, voice, word)
        return spoken[2:-2] if spoken.startswith("[[") else None

    @staticmethod
    def _synth_locked(
        lib: ctypes.CDLL, text: str, lang: str, voice: str, wpm: int
    ) -> tuple[bytes, int]:
        """Run one synthesis; returns (16-bit PCM, sample rate). Caller holds the lock."""
        st = _STATE
        _select_voice_locked(lib, voice)
        spoken, flags = _prepare_locked(lib, text, lang, voice)
        encoded = spoken.encode("utf-8") + b"\x00"
        # Always set the rate: selecting a voice resets it to the voice's default.
        err = lib.espeak_SetParameter(espeakRATE, wpm, 0)
        if err != EE_OK:
            raise SpeechError(f"espeak could not set rate {wpm} wpm (error {err})")
        st.chunks = []
        st.callback_error = None
        try:
            err = lib.espeak_Synth(encoded, len(encoded), 0, POS_CHARACTER, 0, flags, None, None)
            st.phoneme_input = bool(flags & espeakPHONEMES) if err == EE_OK else None
            if err != EE_OK:
                raise SpeechError(f"espeak_Synth failed (error {err})")
            lib.espeak_Synchronize()
            if st.callback_error is not None:
                raise SpeechError(f"espeak callback failed: {st.callback_error!r}")
            return b"".join(st.chunks), st.sample_rate
        finally:
            st.chunks = []
            st.callback_error = None


def word_phonemes(text: str, lang: str, data_path: str | None = None) -> list[tuple[str, str]]:
    """Each word of ``text`` with the phonemes eSpeak speaks for it, in IPA ("ˈ" before the
    stressed syllable), a stress mark in the word applied as ``synthesize`` applies it. No audio
    is made."""
    engine = EspeakEngine(data_path)
    return [(match.group(), engine.phonemes(match.group(), lang, ipa=True)) for match in _WORD.finditer(text)]
