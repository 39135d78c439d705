"""The one list of languages, and what each language must bring (ivr/languages.py)."""
from __future__ import annotations

import pytest

from ivr import languages, phrases
from ivr.config import ConfigError, Settings
from ivr.content.prompts import DEFAULT_TEXTS
from ivr.schedule import LANGUAGES as SCHEDULE_LANGUAGES
from ivr.speech.engines.base import voices


@pytest.mark.parametrize("code", languages.CODES)
def test_every_language_brings_its_words(code):
    module = phrases.language_module(code)
    reference = phrases.language_module(languages.DEFAULT)
    assert module.PAGE_LABELS.keys() == reference.PAGE_LABELS.keys()
    assert len(module.WRITTEN_MONTHS) == 12
    assert module.PLUS and module.AND and module.APOLOGY
    assert all(code in texts for texts in DEFAULT_TEXTS.values())


def test_the_other_modules_read_the_registry():
    assert SCHEDULE_LANGUAGES == languages.CODES
    assert phrases.LANGUAGES == languages.CODES
    assert Settings.from_env({}).languages == languages.CODES
    assert voices(lambda language: language.gtts_lang) == {"ru": "ru", "en": "en"}  # gTTS has no Belarusian


def test_an_unknown_language_is_refused_everywhere():
    with pytest.raises(ValueError, match="unsupported language 'de'"):
        languages.language("de")
    with pytest.raises(ValueError, match="unsupported language 'de'"):
        phrases.language_module("de")
    with pytest.raises(ConfigError, match="IVR_LANGUAGES"):
        Settings.from_env({"IVR_LANGUAGES": "ru,de"})
    assert languages.or_default("de") == languages.DEFAULT
