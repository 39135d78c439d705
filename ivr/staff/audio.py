"""Which sentences each prompt produces, and the state of their stored audio, for the staff pages.

The sentences are the synthesizer's own catalogue (``Synthesizer.catalogue``), so a page lists
exactly what the synthesizer makes, each under the prompt it comes from ("the greeting in
Belarusian"); a sentence no prompt makes is shown under "other".
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Callable, Iterable, Mapping

from flask import Flask
from sqlalchemy import select

from ivr.config import settings
from ivr.content.office import Office
from ivr.extensions import db
from ivr.callflow.catalogue import NORMAL_RATE, Sentence
from ivr.speech.clips import FAILED, READY, AudioClip
from ivr.speech.queue import synthesis_queue
from ivr.speech.synthesis import synthesizer

PENDING, MISSING = "pending", "missing"  # being made / not made and nothing will make it (no workers)

# prompt key -> language -> sentences (both speech rates), in the order a call meets them
PromptMap = dict[str, dict[str, list[Sentence]]]


@dataclass(frozen=True)
class Clip:
    """The audio state of one sentence: ready (with its file), pending, failed (with the error)."""

    status: str
    filename: str | None = None
    error: str = ""


def prompt_map(labelled: Mapping[Sentence, str]) -> PromptMap:
    """The synthesizer's catalogue (sentence -> prompt key, in the order a call meets them) by
    prompt and language; a sentence's two speech rates stay together."""
    rank: dict[tuple[str, str], int] = {}
    for sentence in labelled:
        rank.setdefault((sentence.lang, sentence.text), len(rank))
    found: PromptMap = {}
    for sentence in sorted(labelled, key=lambda s: (rank[(s.lang, s.text)], -s.rate)):
        found.setdefault(labelled[sentence], {}).setdefault(sentence.lang, []).append(sentence)
    return found


class _Cache:
    """Catalogues and prompt maps per (revision, minute): walking the flow takes a fifth of a second."""

    def __init__(self, size: int = 16) -> None:
        self.size = size
        self.lock = threading.Lock()
        self.items: OrderedDict[tuple[object, ...], Any] = OrderedDict()

    def get(self, key: tuple[object, ...], make: Callable[[], Any]) -> Any:
        with self.lock:
            if key in self.items:
                self.items.move_to_end(key)
                return self.items[key]
        made = make()
        with self.lock:
            self.items[key] = made
            while len(self.items) > self.size:
                self.items.popitem(last=False)
        return made


def _cache_key(app: Flask, revision: int, office: Office, now: datetime) -> tuple[tuple[object, ...], datetime]:
    cfg = settings(app)
    slot = now.replace(second=0, microsecond=0)
    return (revision, slot.isoformat(), office.offered_languages(cfg.languages), cfg.timezone,
            cfg.tts), slot


def _cache(app: Flask) -> _Cache:
    return app.extensions.setdefault("ivr.staff.audio_cache", _Cache())


def cached_catalogue(app: Flask, revision: int, office: Office, now: datetime) -> dict[Sentence, str]:
    """The synthesizer's catalogue for a saved revision (sentence -> prompt key), reused within
    the minute."""
    key, slot = _cache_key(app, revision, office, now)
    return _cache(app).get(key, lambda: synthesizer(app).catalogue(office, slot))  # type: ignore[no-any-return]


def cached_prompt_map(app: Flask, revision: int, office: Office, now: datetime) -> PromptMap:
    """``prompt_map`` of a saved revision's catalogue, reused within the minute."""
    return prompt_map(cached_catalogue(app, revision, office, now))


def all_sentences(found: PromptMap) -> set[Sentence]:
    return {s for by_lang in found.values() for sentences in by_lang.values() for s in sentences}


def clip_keys(app: Flask, office: Office, sentences: Iterable[Sentence]) -> dict[Sentence, str]:
    """The clip key of each sentence (pronunciations applied, for the configured engines)."""
    synth = synthesizer(app)
    return {s: synth.key(s, office) for s in sentences}


def clip_states(app: Flask, keys: Iterable[str]) -> dict[str, Clip]:
    """The audio state of each clip key: one query (in chunks) on the clip table."""
    wanted = list(dict.fromkeys(keys))
    idle = synthesis_queue(app).workers <= 0
    rows: dict[str, tuple[str, str | None, str]] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start:start + 500]
        for key, status, filename, error in db.session.execute(
            select(AudioClip.key, AudioClip.status, AudioClip.filename, AudioClip.error).where(AudioClip.key.in_(chunk))
        ):
            rows[key] = (status, filename, error or "")
    out: dict[str, Clip] = {}
    for key in wanted:
        status, filename, error = rows.get(key, ("", None, ""))
        if status == READY and filename:
            out[key] = Clip(READY, filename)
        elif status == FAILED:
            out[key] = Clip(FAILED, None, error)
        else:
            out[key] = Clip(MISSING if idle else PENDING)
    return out


def combined(states: Iterable[Clip]) -> str:
    """One state for several clips: failed if any failed, else pending while any is not ready."""
    found = [s.status for s in states]
    if not found:
        return MISSING
    for status in (FAILED, MISSING, PENDING):
        if status in found:
            return status
    return READY


@dataclass(frozen=True)
class SpokenLine:
    """One sentence as a page shows it: its text, its overall state and the file to play."""

    lang: str
    text: str
    status: str
    filename: str | None
    keys: tuple[str, ...]  # the clip keys (each rate) whose state makes up ``status``
    error: str = ""


def lines_for(app: Flask, office: Office, sentences: Iterable[Sentence]) -> list[SpokenLine]:
    """Sentences grouped by (language, text) across speech rates, with their audio state."""
    grouped: dict[tuple[str, str], list[Sentence]] = {}
    for sentence in sentences:
        grouped.setdefault((sentence.lang, sentence.text), []).append(sentence)
    keys = clip_keys(app, office, [s for group in grouped.values() for s in group])
    states = clip_states(app, keys.values())
    out = []
    for (lang, text), group in grouped.items():
        group_keys = tuple(keys[s] for s in group)
        normal = next((s for s in group if s.rate == NORMAL_RATE), group[0])
        clip = states[keys[normal]]
        errors = [states[k].error for k in group_keys if states[k].error]
        out.append(SpokenLine(lang, text, combined(states[k] for k in group_keys), clip.filename, group_keys,
                              errors[0] if errors else ""))
    return out


@dataclass(frozen=True)
class PromptRow:
    """One prompt on the overview or texts page: per language, its sentences' audio."""

    key: str
    by_lang: Mapping[str, list[SpokenLine]]


def prompt_rows(app: Flask, office: Office, found: PromptMap, languages: Iterable[str]) -> list[PromptRow]:
    """Every prompt that callers can hear, with the audio of each of its sentences per language."""
    langs = list(languages)
    everything = lines_for(app, office, all_sentences(found))
    by_text = {(line.lang, line.text): line for line in everything}
    rows = []
    for key, by_lang in found.items():
        per_lang: dict[str, list[SpokenLine]] = {}
        for lang in langs:
            texts = list(dict.fromkeys(s.text for s in by_lang.get(lang, [])))
            per_lang[lang] = [by_text[(lang, text)] for text in texts]
        rows.append(PromptRow(key, per_lang))
    return rows


def changed_lines(app: Flask, before: Office | None, before_sentences: Iterable[Sentence] | None, after: Office,
                  after_sentences: Iterable[Sentence]) -> list[SpokenLine]:
    """The sentences a save made new: in the new revision, without the same audio in the old one."""
    new_keys = clip_keys(app, after, after_sentences)
    old_keys: set[str] = set()
    if before is not None and before_sentences is not None:
        old_keys = set(clip_keys(app, before, before_sentences).values())
    fresh = sorted(s for s, key in new_keys.items() if key not in old_keys)
    return lines_for(app, after, fresh)


def summary(lines: Iterable[SpokenLine]) -> dict[str, int]:
    """How many lines are in each state."""
    counts = {READY: 0, PENDING: 0, FAILED: 0, MISSING: 0}
    for line in lines:
        counts[line.status] = counts.get(line.status, 0) + 1
    return counts
