"""The clerk's pronunciation table: whole words a voice reads badly, and how to write them so it
reads them right ("Капыль" -> "Капы́ль" with a stress mark, "БелТА" -> "Белта").

Matching is whole-word and case-insensitive, with Unicode word boundaries: Cyrillic works, a
stress mark (a combining accent) or an apostrophe between letters ("сям'я") counts as part of a
word, so "Капыль" matches neither inside "Капыльскі" nor inside an already fixed "Капы́ль".
Longer keys win over shorter ones, so a multi-word key beats a key for one of its words;
whitespace inside a key matches any run of whitespace in the text. The spoken form is inserted
exactly as written in the table; the rest of the text is kept as it is.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable, Mapping

# A word character: a letter, digit or underscore, or a combining mark (stress accents).
_WORD = r"\w\u0300-\u036f"
_APOSTROPHES = "'\u2019\u02bc"
# Left: no word character before, and no "letter + apostrophe" (inside "сям'я").
_LEFT = rf"(?<![{_WORD}])(?<![{_WORD}][{_APOSTROPHES}])"
# Right: no word character after, and no "apostrophe + letter".
_RIGHT = rf"(?![{_WORD}])(?![{_APOSTROPHES}][{_WORD}])"


def _normal(words: str) -> str:
    """The lookup form of a key or of matched text: whitespace collapsed, case folded."""
    return " ".join(words.split()).casefold()


@lru_cache(maxsize=32)
def _compile(items: tuple[tuple[str, str], ...]) -> tuple[re.Pattern[str] | None, dict[str, tuple[str, str]]]:
    lookup: dict[str, tuple[str, str]] = {}
    for key, spoken in items:
        if not isinstance(key, str) or not isinstance(spoken, str):
            raise TypeError(f"pronunciation table entries must be strings, got {key!r}: {spoken!r}")
        normal = _normal(key)
        if not normal:
            continue  # an empty row in the clerk's table
        if normal in lookup and lookup[normal][1] != spoken:
            raise ValueError(
                f"pronunciation table has {lookup[normal][0]!r} and {key!r} with different spoken forms"
            )
        lookup[normal] = (key, spoken)
    if not lookup:
        return None, lookup
    # Longest first: the regex alternation takes the first alternative that matches.
    keys = sorted(lookup, key=lambda k: (-len(k), k))
    alternatives = "|".join(r"\s+".join(re.escape(part) for part in k.split(" ")) for k in keys)
    pattern = re.compile(rf"{_LEFT}(?:{alternatives}){_RIGHT}", re.IGNORECASE)
    return pattern, lookup


def _prepared(table: Mapping[str, str]) -> tuple[re.Pattern[str] | None, dict[str, tuple[str, str]]]:
    return _compile(tuple(sorted(table.items())))


def apply_pronunciations(text: str, table: Mapping[str, str], between: Callable[[str], str] | None = None) -> str:
    """Replace every whole-word, case-insensitive occurrence of a table key in ``text`` by its
    spoken form, longest keys first; everything else in ``text`` is kept, or passed through
    ``between`` when given (so the stress lexicon fills in only what the table does not name)."""
    rest = between or (lambda part: part)
    pattern, lookup = _prepared(table)
    if pattern is None:
        return rest(text)
    pieces, end = [], 0
    for match in pattern.finditer(text):
        # .get: a case-insensitive regex match whose case folding differs from the key's (rare
        # Unicode corner cases) is left as it is rather than crashing the synthesis.
        pieces += [rest(text[end : match.start()]), lookup.get(_normal(match.group()), ("", match.group()))[1]]
        end = match.end()
    pieces.append(rest(text[end:]))
    return "".join(pieces)


def words_affected(text: str, table: Mapping[str, str]) -> set[str]:
    """The table keys (as spelt in the table) that ``apply_pronunciations`` would replace in
    ``text`` — so a change to the table re-synthesizes only the texts it touches."""
    pattern, lookup = _prepared(table)
    if pattern is None:
        return set()
    found = (lookup.get(_normal(m.group())) for m in pattern.finditer(text))
    return {entry[0] for entry in found if entry is not None}
