"""The one list of the languages a caller can choose: every other module reads it from here.

A new language is one entry below, its ``ivr/phrases/<code>.py`` module and its prompt texts.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    """One caller language and what each library calls it."""

    code: str  # ours: "ru", "be", "en"
    name: str  # its own name, as a menu or a page shows it
    recogniser: str  # Twilio's <Gather language>: the speech model that hears this language
    say_voice: str  # Twilio's <Say voice> when our stored audio is not ready yet
    say_language: str  # Twilio's <Say language>
    espeak_voice: str  # eSpeak NG's voice
    gtts_lang: str | None  # gTTS's language (None: gTTS has none)
    holidays_lang: str  # the `holidays` package's name for it
    vowels: str  # the letters that can carry a word's stress (eSpeak's stress marks go on these)


# Russian first: callers hear the languages in this order unless the office chooses another.
# Twilio has no Belarusian recognition or voice; Russian ones read and hear Belarusian best.
LANGUAGES: tuple[Language, ...] = (
    Language("ru", "Русский", "ru-RU", "Polly.Tatyana", "ru-RU", "ru", "ru", "ru", "аеёиоуыэюя"),
    Language("be", "Беларуская", "ru-RU", "Polly.Tatyana", "ru-RU", "be", None, "be", "аеёіиоуыэюя"),
    Language("en", "English", "en-US", "Polly.Joanna", "en-US", "en-us", "en", "en_US", "aeiouy"),
)

CODES: tuple[str, ...] = tuple(language.code for language in LANGUAGES)
DEFAULT: str = CODES[0]
_BY_CODE = {language.code: language for language in LANGUAGES}


def language(code: str) -> Language:
    """The language with ``code``; ValueError names the known ones for anything else."""
    try:
        return _BY_CODE[code]
    except (KeyError, TypeError):
        raise ValueError(f"unsupported language {code!r}; expected one of {', '.join(CODES)}") from None


def known(code: object) -> bool:
    """Whether ``code`` is one of ours."""
    return code in _BY_CODE


def or_default(code: object) -> str:
    """``code`` when it is one of ours, else the first language (for values read from outside)."""
    return code if isinstance(code, str) and code in _BY_CODE else DEFAULT
