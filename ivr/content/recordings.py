"""Which prompts have a clerk's recording, and whether it still fits the prompt's text.

A recording belongs to one text: it is kept with the sha256 of the prompt's text it was recorded
for and played only while the prompt has that text; after an edit, callers hear the synthesized new
text until someone records it again. Prompts with placeholders ({time}, {date}…) change from call
to call, so they stay synthesized and cannot be recorded.

Recordings live in the office document, so every revision says which recording went with which
text, and restoring a revision brings its recordings back.
"""
from __future__ import annotations

import hashlib

from ivr import phrases
from ivr.content.office import Office, Recording
from ivr.content.prompts import DEFAULT_TEXTS, placeholders, prompt_template, render

# What the staff page and `recordings list` say about a prompt in one language.
NONE, CURRENT, OUTDATED, SYNTHESIZED = "none", "current", "outdated", "synthesized"


def text_hash(text: str) -> str:
    """The sha256 of a prompt's text, as a recording stores it."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def recordable(key: str, lang: str) -> bool:
    """Whether prompt ``key`` can be recorded in ``lang``: it exists and has no placeholders (a
    clerk's wording keeps exactly the standard wording's placeholders)."""
    standard = DEFAULT_TEXTS.get(key, {}).get(lang)
    return bool(standard) and not placeholders(standard)


def prompt_numbers() -> dict[int, str]:
    """Every prompt by its number (from 1, in the order of the standard texts): the number a clerk
    keys on the phone to record it, shown on the staff texts page."""
    return dict(enumerate(DEFAULT_TEXTS, start=1))


def prompt_number(key: str) -> int:
    """The number of prompt ``key`` (see prompt_numbers); 0 for an unknown key."""
    return next((number for number, found in prompt_numbers().items() if found == key), 0)


def spoken_prompt(office: Office, key: str, lang: str) -> str:
    """The sentence the call flow speaks for a prompt without placeholders."""
    return phrases.tidy(render(prompt_template(office, key, lang), {}), lang)


def recording_state(office: Office, key: str, lang: str) -> str:
    """NONE, CURRENT (played to callers), OUTDATED (recorded for an older text) or SYNTHESIZED (a
    prompt with placeholders, which is never recorded)."""
    if not recordable(key, lang):
        return SYNTHESIZED
    found = office.recordings.get(key, {}).get(lang)
    if found is None:
        return NONE
    return CURRENT if found.text_hash == text_hash(prompt_template(office, key, lang)) else OUTDATED


def current_recording(office: Office, key: str, lang: str, text: str) -> Recording | None:
    """The recording to play for the sentence ``text`` of prompt ``key`` in ``lang``: only while the
    prompt's text is the one recorded and ``text`` is that prompt alone (not a sentence built from
    it and other words)."""
    if recording_state(office, key, lang) != CURRENT or text != spoken_prompt(office, key, lang):
        return None
    return office.recordings[key][lang]


def with_recording(office: Office, key: str, lang: str, recording: Recording | None) -> Office:
    """``office`` with prompt ``key`` in ``lang`` recorded as ``recording`` (None: no recording)."""
    found = {k: dict(by_lang) for k, by_lang in office.recordings.items()}
    by_lang = found.setdefault(key, {})
    if recording is None:
        by_lang.pop(lang, None)
    else:
        by_lang[lang] = recording
    return office.with_changes(recordings={k: v for k, v in found.items() if v})


def recording_for_text(office: Office, key: str, lang: str, file: str, seconds: float, *, original: str = "",
                       processing: str = "") -> Recording:
    """A recording of the prompt's current text in ``office`` (made from the kept ``original`` with
    the audio processing ``processing``)."""
    return Recording(file=file, text_hash=text_hash(prompt_template(office, key, lang)), seconds=round(seconds, 2),
                     original=original, processing=processing)
