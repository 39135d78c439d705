"""Word stress for the voice: every Belarusian and Russian sentence gets a stress mark (U+0301,
after the stressed vowel) on each word of two or more syllables whose stress is known, before it is
synthesized ("націсніце" -> "наці́сніце"); the eSpeak engine turns the marks into its phonemes.

Where the stress comes from, first found wins:
1. the office's pronunciation table (``ivr.phrases.pronunciation``: what the clerks wrote);
2. the hotline's own words (``data/<lang>_words.txt``, reviewed by hand: the office's names, the
   words of the prompts and generated phrases the dictionary below lacks, respellings such as
   СМС -> эсэмэ́с); the hotline's prompts mark a homograph there or in the wording itself;
3. the Belarusian lexicon from the Belarusian Grammar Database (``data/be_stress.txt.gz``, CC BY-SA
   4.0, built by ``tools/build_stress_lexicon.py``), without its homographs
   (``data/be_homographs.txt.gz``: forms whose stress depends on the meaning are never guessed);
4. the spelling: ё is always stressed.
A word found nowhere is left to eSpeak's rules; ``unknown_words`` lists such words for the clerks.
A word that already carries a mark is kept as written.
"""
from __future__ import annotations

import gzip
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Iterable, Mapping

from ivr.languages import LANGUAGES
from ivr.phrases.pronunciation import apply_pronunciations

STRESS_MARK = "\u0301"
DATA = Path(__file__).resolve().parent / "data"
# The dictionary's stress sign: "+" after the stressed vowel, in the data files.
_PLUS = "+"
# A word: letters (and combining marks), with apostrophes or hyphens inside ("сям'я", "па-беларуску").
_LETTERS = r"(?:[^\W\d_]|[\u0300-\u036f])+"  # letters and combining marks (a stress mark)
_WORD = re.compile(rf"{_LETTERS}(?:['\u2019\u02bc-]{_LETTERS})*")
_APOSTROPHES = str.maketrans("\u2019\u02bc", "''")
_VOWELS = {language.code: frozenset(language.vowels) for language in LANGUAGES}
# ё is stressed wherever it is written (Belarusian and Russian spelling).
_ALWAYS_STRESSED = "ё"


@dataclass(frozen=True)
class Lexicon:
    """One language's known stresses: plain lower-case form -> spoken form with "+", and the
    homographs (forms with more than one stress) that are never guessed."""

    lang: str
    stressed: Mapping[str, str] = field(default_factory=dict)
    homographs: frozenset[str] = frozenset()

    def spoken(self, word: str) -> str | None:
        """``word`` with a stress mark after its stressed vowel (or respelt, as the hotline's own
        words say), keeping its letters' case; None when the stress is not known."""
        plain = word.lower().translate(_APOSTROPHES)
        entry = self.stressed.get(plain)
        if entry is not None:
            if entry.replace(_PLUS, "") != plain:
                return entry.replace(_PLUS, STRESS_MARK)  # a respelling ("смс" -> "эсэмэ+с")
            at = entry.index(_PLUS)
            return word[:at] + STRESS_MARK + word[at:]
        if plain in self.homographs:
            return None
        if plain.count(_ALWAYS_STRESSED) == 1:
            at = plain.index(_ALWAYS_STRESSED) + 1
            return word[:at] + STRESS_MARK + word[at:]
        if "-" in word:  # "па-беларуску" when only its parts are known
            parts = word.split("-")
            spoken = [self.spoken(part) if syllables(part, self.lang) > 1 else part for part in parts]
            if all(s is not None for s in spoken):
                return "-".join(s for s in spoken if s is not None)
        return None


def _lines(path: Path) -> Iterable[str]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if line:
                yield line


def _own_words(path: Path) -> dict[str, str]:
    """The hotline's own words: "stre+ssed" lines, or "word = spo+ken" for a respelling."""
    out = {}
    for line in _lines(path):
        word, _, spoken = (part.strip().lower() for part in line.partition("="))
        out[word.replace(_PLUS, "")] = spoken or word
    return out


@cache
def lexicon(lang: str) -> Lexicon:
    """The stress lexicon of ``lang`` (an empty one for a language without data), loaded once."""
    stressed: dict[str, str] = {}
    homographs: set[str] = set()
    if (DATA / f"{lang}_stress.txt.gz").exists():
        stressed.update((line.replace(_PLUS, ""), line) for line in _lines(DATA / f"{lang}_stress.txt.gz"))
    if (DATA / f"{lang}_homographs.txt.gz").exists():
        homographs.update(line.split("\t", 1)[0].replace(_PLUS, "") for line in _lines(DATA / f"{lang}_homographs.txt.gz"))
    if (DATA / f"{lang}_words.txt").exists():
        own = _own_words(DATA / f"{lang}_words.txt")
        stressed.update(own)
        homographs.difference_update(own)  # the hotline has chosen the stress it means
    return Lexicon(lang, stressed, frozenset(homographs))


def syllables(word: str, lang: str) -> int:
    """How many vowel letters (syllables) ``word`` has in ``lang``."""
    vowels = _VOWELS.get(lang, frozenset())
    return sum(letter in vowels for letter in word.lower())


def _needs_stress(word: str, lang: str) -> bool:
    """Whether the lexicon is asked about ``word``: unmarked, and of two or more syllables or one
    the hotline respells ("СМС")."""
    return STRESS_MARK not in word and (syllables(word, lang) > 1 or word.lower() in lexicon(lang).stressed)


def _stress_words(text: str, lang: str) -> str:
    """``text`` with each word of two or more syllables stressed as the lexicon knows it."""
    known = lexicon(lang)

    def one(match: re.Match[str]) -> str:
        word = match.group()
        return (known.spoken(word) or word) if _needs_stress(word, lang) else word

    return _WORD.sub(one, text)


def stress_text(text: str, lang: str, table: Mapping[str, str] | None = None) -> str:
    """The text as the voice should read it: the office's pronunciation table applied, then a
    stress mark on every other word whose stress the lexicon knows (Belarusian and Russian; other
    languages get the table only)."""
    return _stressed(text, lang, tuple(sorted((table or {}).items())))


@lru_cache(maxsize=8192)
def _stressed(text: str, lang: str, table: tuple[tuple[str, str], ...]) -> str:
    # Cached: the webhook asks for the same sentences' keys on every turn.
    between = (lambda part: _stress_words(part, lang)) if lang in _VOWELS and lexicon(lang).stressed else None
    return apply_pronunciations(text, dict(table), between)


def unknown_words(texts: Iterable[str], lang: str, table: Mapping[str, str] | None = None) -> Counter[str]:
    """The words of two or more syllables in ``texts`` (lower case) whose stress neither the
    pronunciation table nor the lexicon gives, homographs included, with how often each occurs."""
    found: Counter[str] = Counter()
    known = lexicon(lang)

    def count(part: str) -> str:
        for match in _WORD.finditer(part):
            word = match.group()
            if _needs_stress(word, lang) and known.spoken(word) is None:
                found[word.lower()] += 1
        return part

    for text in texts:
        apply_pronunciations(text, table or {}, count)
    return found
