"""Belarusian words as a Russian speech recogniser writes them.

Twilio recognises Belarusian calls with its Russian model, so a caller who says «навіны» or
«супрацоўнік» is transcribed «навины», «супрацовник» or «супрацоуник»: the letters Russian
spelling lacks are written with the Russian letters that sound alike (і → и, ў → в or у, э → е,
ё → е, no apostrophe). The keyword matching compares words in this spelling.
"""
from __future__ import annotations

from functools import lru_cache

_COMMON = str.maketrans({"і": "и", "э": "е", "ё": "е", "'": "", "\u2019": "", "\u02bc": ""})


def russian_spelling(text: str) -> str:
    """``text`` (lower case) in Russian letters, ў written as у: how a transcript is compared."""
    return text.translate(_COMMON).replace("ў", "у")


@lru_cache(maxsize=1024)
def russian_spellings(word: str) -> frozenset[str]:
    """The ways a recogniser may write ``word`` (lower case) in Russian letters: ў as у or as в."""
    common = word.translate(_COMMON)
    return frozenset({common.replace("ў", "у"), common.replace("ў", "в")})
