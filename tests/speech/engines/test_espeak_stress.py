"""Stress marks (U+0301 after the stressed vowel) in the eSpeak engine, through the real library.

What eSpeak will say is checked with its own TextToPhonemes (``EspeakEngine.phonemes``, IPA),
what it is sent is checked by watching espeak_Synth, and the audio by where its energy lies.
"""

from __future__ import annotations

import ctypes
import logging
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from ivr.speech import telephone
from ivr.speech.engines import espeak as espeak_module
from ivr.speech.engines.espeak import STRESS_MARK as M
from ivr.speech.engines.espeak import EspeakEngine
from ivr.speech.telephone import is_silent, wav_info


class SynthSpy:
    """Records what espeak_Synth and espeak_TextToPhonemes are given, then calls them."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, espeak: EspeakEngine) -> None:
        espeak.synthesize("да", "ru")  # the library is loaded and initialised
        lib = espeak_module._STATE.lib
        real_synth, real_t2p = lib.espeak_Synth, lib.espeak_TextToPhonemes
        self.synths: list[tuple[bytes, int]] = []
        self.t2p_calls = 0

        def synth(text: bytes, *args: int) -> int:  # args: size, position, ..., flags, ...
            flags = args[4]
            self.synths.append((ctypes.string_at(text), flags))
            return real_synth(text, *args)

        def t2p(*args: object) -> bytes | None:
            self.t2p_calls += 1
            return real_t2p(*args)

        monkeypatch.setattr(lib, "espeak_Synth", synth)
        monkeypatch.setattr(lib, "espeak_TextToPhonemes", t2p)

    def spoken(self) -> list[tuple[str, int]]:
        """The non-empty texts synthesized and their flags (empty ones only switch modes)."""
        return [(text.decode(), flags) for text, flags in self.synths if text]


@pytest.fixture
def spy(monkeypatch: pytest.MonkeyPatch, espeak: EspeakEngine) -> SynthSpy:
    return SynthSpy(monkeypatch, espeak)


def energy_centre(wav: bytes) -> float:
    """Where the audio's energy lies, as a fraction of its duration (0 start, 1 end)."""
    _, samples = telephone._parse_wav(wav)
    pcm = telephone.audioop.ulaw2lin(samples, 2)
    step = 320  # 20 ms of 16-bit samples at 8 kHz
    starts = range(0, len(pcm) - step + 1, step)
    energies = [telephone.audioop.rms(pcm[i : i + step], 2) ** 2 for i in starts]
    return sum(i * e for i, e in enumerate(energies)) / sum(energies) / len(energies)


def check(wav: bytes) -> dict:
    """Telephone audio that is not silent; its wav_info."""
    info = wav_info(wav)
    assert info["sample_rate"] == 8000 and not is_silent(wav)
    return info


# eSpeak's IPA for the word without and with the mark. Belarusian spelling already shows the
# vowels, so only the stress moves.
BELARUSIAN = [
    ("камітэ́та", "kˈamʲitɛta", "kamʲitˈɛta"),
    ("выкана́ўчага", "vˈɨkanawʈ͡ʂaɣa", "vɨkanˈawʈ͡ʂaɣa"),
    ("Капы́льскага", "kˈapɨlʲskaɣa", "kapˈɨlʲskaɣa"),
    ("сям'я́", "sʲˈamja", "sʲamjˈa"),
]


@pytest.mark.parametrize("word,plain,marked", BELARUSIAN)
def test_belarusian_stress_goes_on_the_marked_vowel(
    espeak: EspeakEngine, word: str, plain: str, marked: str
) -> None:
    assert espeak.phonemes(word.replace(M, ""), "be", ipa=True) == plain
    assert espeak.phonemes(word, "be", ipa=True) == marked
    assert marked.replace("ˈ", "") == plain.replace("ˈ", "")


# Russian vowels change with the stress: the newly stressed one is full, the one that lost the
# stress is reduced as eSpeak reduces it (о -> ʌ, е -> i).
RUSSIAN = [
    ("за́мок", "zamˈok", "zˈɑmʌk"),
    ("мо́локо", "mʌɭʌkˈo", "mˈoɭʌkʌ"),
    ("пя́так", "pʲatˈɑk", "pʲˈɑtʌk"),
    ("ко́митет", "kʌmʲitʲˈet", "kˈomʲitʲit"),
    ("же́на", "ʒynˈɑ", "ʒˈɛnʌ"),
    ("сегодня́", "sʲivˈodnʲʌ", "sʲivadnʲˈɑ"),
    ("е́го", "jɪvˈo", "jˈevʌ"),
]


@pytest.mark.parametrize("word,plain,marked", RUSSIAN)
def test_russian_stress_and_vowels_follow_the_mark(
    espeak: EspeakEngine, word: str, plain: str, marked: str
) -> None:
    assert espeak.phonemes(word.replace(M, ""), "ru", ipa=True) == plain
    assert espeak.phonemes(word, "ru", ipa=True) == marked


def test_zamok_and_zamok_differ(espeak: EspeakEngine) -> None:
    castle = espeak.phonemes(f"за{M}мок", "ru", ipa=True)
    lock = espeak.phonemes(f"замо{M}к", "ru", ipa=True)
    assert castle != lock
    assert castle.startswith("zˈɑ") and lock.endswith("ˈok")
    # eSpeak already says "замо́к": that word is sent as plain text.
    assert espeak.stressed_phonemes(f"замо{M}к", "ru") is None
    assert espeak.stressed_phonemes(f"за{M}мок", "ru") == "z|'V|m|V|k"


def test_english_stress_moves_vowels_stay(espeak: EspeakEngine) -> None:
    assert espeak.phonemes("record", "en", ipa=True) == "ɹˈɛkɚd"
    assert espeak.phonemes(f"reco{M}rd", "en", ipa=True) == "ɹɛkˈɚd"
    assert espeak.phonemes(f"executi{M}ve", "en", ipa=True) == "ɛɡzɛkjuːtˈɪv"


def test_only_the_marked_word_changes_in_a_sentence(espeak: EspeakEngine) -> None:
    plain = "Вы патэлефанавалі ў раённы выканаўчы камітэт, дзякуй."
    marked = f"Вы патэлефанавалі ў раённы выкана{M}ўчы камітэ{M}т, дзякуй."
    before = espeak.phonemes(plain, "be").split(" ")
    after = espeak.phonemes(marked, "be").split(" ")
    changed = [(b, a) for b, a in zip(before, after, strict=True) if b != a]
    assert changed == [('v\'i"kanawts.i"', 'vi"kan\'awts.i"'), ("k'am;itEt", "kam;it'Et")]


def test_text_without_marks_is_sent_as_before(espeak: EspeakEngine, spy: SynthSpy) -> None:
    texts = [("ru", "Здравствуйте! Это [[не]] фонемы."), ("be", "Добры дзень!"), ("en", "Hello!")]
    for lang, text in texts:
        spy.synths.clear()
        check(espeak.synthesize(text, lang).data)
        # Exactly the text, with the plain flags, and nothing else on the way.
        assert spy.synths == [(text.encode(), espeak_module.espeakCHARS_UTF8)]
        assert spy.t2p_calls == 0


def test_marked_word_is_sent_as_phonemes(espeak: EspeakEngine, spy: SynthSpy) -> None:
    check(espeak.synthesize(f"Вы патэлефанавалі ў камітэ{M}т. [[Не]] фанемы.", "be").data)
    [(text, flags)] = spy.spoken()
    assert flags == espeak_module.espeakCHARS_UTF8 | espeak_module.espeakPHONEMES
    # The clerk's own "[[" stays text (a zero-width space breaks it); the mark is not sent.
    assert text == "Вы патэлефанавалі ў [[k|a|m|;|i|t|'E|t]]. [\u200b[Не]] фанемы."
    # Cached: speaking it again asks eSpeak for no phonemes.
    spy.t2p_calls = 0
    espeak.synthesize(f"камітэ{M}т", "be")
    assert spy.t2p_calls == 0


@pytest.mark.parametrize(
    "text", [f"(камітэ{M}та)", f"«камітэ{M}та»", f"сакратар-камітэ{M}та", f"x/камітэ{M}та"]
)
def test_marked_word_right_after_punctuation(espeak: EspeakEngine, text: str) -> None:
    # eSpeak would take "([[" as text and say nothing: the phonemes must start a word.
    check(espeak.synthesize(text, "be").data)
    assert espeak.phonemes(text, "be").endswith("kam;it'Eta")


ODD_MARKS = [
    f"кам{M}ітэта",  # after a consonant
    f"ка{M}мі{M}тэта",  # two marks
    f"{M}камітэта",  # before the word
    f"ка{M}{M}мітэта",  # doubled
    f"камітэта {M} дзякуй",  # on its own
    f"12{M}3",  # after a digit
]


@pytest.mark.parametrize("text", ODD_MARKS)
def test_odd_marks_fall_back_to_plain_words(espeak: EspeakEngine, spy: SynthSpy, text: str) -> None:
    check(espeak.synthesize(text, "be").data)
    [(sent, flags)] = spy.spoken()
    assert flags == espeak_module.espeakCHARS_UTF8
    assert M not in sent and "[[" not in sent
    assert espeak.phonemes(text, "be") == espeak.phonemes(text.replace(M, ""), "be")


def test_words_that_cannot_be_mapped_are_spoken_plain(espeak: EspeakEngine) -> None:
    # English silent e, and a Russian "рь" whose extra "silent i" vowel has no letter.
    for word, lang in [(f"make{M}", "en"), (f"тепе{M}рь", "ru"), (f"a{M}", "ru")]:
        assert espeak.stressed_phonemes(word, lang) is None
        check(espeak.synthesize(word, lang).data)
    assert espeak.stressed_phonemes("камітэта", "be") is None  # no mark at all


def test_a_failing_conversion_never_fails_synthesis(
    espeak: EspeakEngine,
    spy: SynthSpy,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    def broken(*args: object) -> str:
        raise RuntimeError("boom")

    monkeypatch.setattr(espeak_module, "_stress_phonemes_locked", broken)
    with caplog.at_level(logging.ERROR, logger=espeak_module.__name__):
        check(espeak.synthesize(f"Ні{M}хто", "be").data)  # a word not converted before
    assert spy.spoken() == [("Ніхто", espeak_module.espeakCHARS_UTF8)]
    assert "could not apply the stress mark" in caplog.text


def test_the_stressed_syllable_is_heard(espeak: EspeakEngine) -> None:
    # A stressed vowel is longer and louder, so the audio's energy moves towards it.
    plain = espeak.synthesize("камітэта", "be").data
    marked = espeak.synthesize(f"камітэ{M}та", "be").data
    assert check(marked)["duration"] == pytest.approx(check(plain)["duration"], rel=0.15)
    assert energy_centre(marked) > energy_centre(plain) + 0.04
    lock = espeak.synthesize(f"замо{M}к", "ru").data
    castle = espeak.synthesize(f"за{M}мок", "ru").data
    assert energy_centre(castle) < energy_centre(lock) - 0.01
    record = espeak.synthesize("record", "en").data
    verb = espeak.synthesize(f"reco{M}rd", "en").data
    assert energy_centre(verb) > energy_centre(record) + 0.04


def test_rate_holds_for_marked_text_across_voice_changes(espeak: EspeakEngine) -> None:
    text = f"Вы патэлефанавалі ў раённы выкана{M}ўчы камітэ{M}т."
    normal = wav_info(espeak.synthesize(text, "be", 100).data)["duration"]
    slow = wav_info(espeak.synthesize(text, "be", 75).data)["duration"]
    assert slow > normal * 1.15
    espeak.synthesize("Здравствуйте", "ru", 150)
    with espeak_module._STATE.lock:
        espeak_module._STATE.stressed.clear()  # convert again, right after a voice change
    again = wav_info(espeak.synthesize(text, "be", 75).data)["duration"]
    assert again == pytest.approx(slow, rel=0.05)


def test_concurrent_threads_with_marks(espeak: EspeakEngine) -> None:
    texts = {
        "ru": f"Это за{M}мок, а не замо{M}к. Здравствуйте!",
        "be": f"Вы патэлефанавалі ў выкана{M}ўчы камітэ{M}т.",
        "en": f"Please reco{M}rd your message.",
    }
    # Half the threads speak the text with marks, half without.
    jobs = [
        (lang, texts[lang] if i % 2 else texts[lang].replace(M, ""))
        for i, lang in enumerate(["ru", "be", "en", "ru"] * 4)
    ]
    expected = {
        job: wav_info(espeak.synthesize(job[1], job[0]).data)["duration"] for job in set(jobs)
    }
    with espeak_module._STATE.lock:
        espeak_module._STATE.stressed.clear()  # conversions happen while other threads speak
    barrier = threading.Barrier(len(jobs))

    def run(job: tuple[str, str]) -> float:
        barrier.wait()
        return check(espeak.synthesize(job[1], job[0]).data)["duration"]

    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        durations = list(pool.map(run, jobs))
    for job, duration in zip(jobs, durations, strict=True):
        assert duration == pytest.approx(expected[job], rel=0.05)
    assert espeak.phonemes(f"за{M}мок", "ru", ipa=True) == "zˈɑmʌk"
