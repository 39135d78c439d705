"""Which sentences each prompt produces, and the state of their stored audio, for the staff pages.

The sentences are the synthesizer's own catalogue (``ivr.speech.catalogue.catalogue``, called as
``Synthesizer.synthesize_all`` calls it), so a page lists exactly what the synthesizer makes. To
say which prompt each sentence belongs to ("the greeting in Belarusian"), the call flow is walked
once more the same way, keeping each spoken sentence's prompt key; a sentence that walk does not
meet is shown under "other".
"""
from __future__ import annotations

import dataclasses
import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Callable, Iterable, Mapping

from flask import Flask
from sqlalchemy import select

from ivr.content.office import Office
from ivr.extensions import db
from ivr.schedule import status_at
from ivr.speech import catalogue as _catalogue
from ivr.speech.catalogue import NORMAL_RATE, Sentence, moments, rate_for
from ivr.speech.clips import FAILED, READY, AudioClip
from ivr.speech.synthesis import synthesizer
from ivr.voice.flow import FlowContext, status_sentence
from ivr.voice.steps import Gather, Say, Turn

PENDING, MISSING = "pending", "missing"  # being made / not made and nothing will make it (no workers)

# prompt key -> language -> sentences (both speech rates), in the order a call meets them
PromptMap = dict[str, dict[str, list[Sentence]]]


@dataclass(frozen=True)
class Clip:
    """The audio state of one sentence: ready (with its file), pending, failed (with the error)."""

    status: str
    filename: str | None = None
    error: str = ""


def _says(turn: Turn) -> Iterable[tuple[Say, int]]:
    for step in turn.steps:
        if isinstance(step, Say):
            yield step, rate_for(turn.slow)
        elif isinstance(step, Gather):
            for prompt in step.prompts:
                yield prompt, rate_for(step.slow)


def _walk(ctx: FlowContext, labels: dict[tuple[str, str], str]) -> None:
    """Every sentence the flow says at ctx's moment, with the prompt it comes from."""
    for turn in _catalogue.walk_turns(ctx):
        for say, _rate in _says(turn):
            labels.setdefault((say.lang, say.text), say.key or "")


def _sms_available(app: Flask) -> bool:
    from ivr.sms import sms_enabled

    return bool(sms_enabled(app))


def _context(office: Office, status: Any, languages: tuple[str, ...], caller_id: str, **more: Any) -> FlowContext:
    known = {f.name for f in dataclasses.fields(FlowContext)}
    return FlowContext(office=office, status=status, languages=languages, caller_id=caller_id,
                       **{k: v for k, v in more.items() if k in known})


def synth_catalogue(app: Flask, office: Office, languages: tuple[str, ...], now: datetime) -> set[Sentence]:
    """The sentences the synthesizer makes for ``office`` at ``now`` (its own catalogue call)."""
    cfg = app.config
    return _catalogue.catalogue(office, languages, now, timezone=cfg["IVR_TIMEZONE"],
                                caller_id=cfg.get("IVR_CALLER_ID", ""), sms_available=_sms_available(app))


def prompt_map(app: Flask, office: Office, languages: tuple[str, ...], now: datetime,
               truth: set[Sentence] | None = None) -> PromptMap:
    """Every sentence callers may hear from ``now`` over the coming days, by prompt and language."""
    cfg = app.config
    calendar = office.calendar(timezone=cfg["IVR_TIMEZONE"])
    more = {"caller_number": getattr(_catalogue, "SAMPLE_CALLER", ""), "sms_available": _sms_available(app)}

    def context(moment: datetime, **changes: Any) -> FlowContext:
        return _context(office, status_at(calendar, moment), languages, cfg.get("IVR_CALLER_ID", ""),
                        **{**more, **changes})

    labels: dict[tuple[str, str], str] = {}
    here = context(now)
    _walk(here, labels)
    _walk(context(now, caller_number=""), labels)
    contexts = [context(moment) for moment in moments(office, now, timezone=cfg["IVR_TIMEZONE"])]
    other = next((ctx for ctx in contexts if ctx.status.is_open != here.status.is_open), None)
    if other is not None:
        _walk(other, labels)
    for ctx in contexts:
        for lang in languages:
            say = status_sentence(ctx, lang)
            labels.setdefault((lang, say.text), say.key)
    rank = {item: i for i, item in enumerate(labels)}
    found: PromptMap = {key: {} for key in dict.fromkeys(labels.values())}
    if truth is None:
        truth = synth_catalogue(app, office, languages, now)
    for sentence in sorted(truth, key=lambda s: (rank.get((s.lang, s.text), len(rank)), s.text, -s.rate)):
        key = labels.get((sentence.lang, sentence.text), "")
        found.setdefault(key, {}).setdefault(sentence.lang, []).append(sentence)
    return {key: by_lang for key, by_lang in found.items() if by_lang}


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


def _cache_key(app: Flask, kind: str, revision: int, office: Office, now: datetime) -> tuple[tuple[object, ...], tuple[str, ...], datetime]:
    cfg = app.config
    languages = tuple(lang for lang in office.languages if lang in cfg["IVR_LANGUAGES"]) or tuple(cfg["IVR_LANGUAGES"])
    slot = now.replace(second=0, microsecond=0)
    return (kind, revision, slot.isoformat(), languages, cfg["IVR_TIMEZONE"], cfg["IVR_TTS"]), languages, slot


def _cache(app: Flask) -> _Cache:
    return app.extensions.setdefault("ivr.staff.audio_cache", _Cache())


def cached_catalogue(app: Flask, revision: int, office: Office, now: datetime) -> set[Sentence]:
    """The synthesizer's catalogue for a saved revision, reused within the minute."""
    key, languages, slot = _cache_key(app, "catalogue", revision, office, now)
    return _cache(app).get(key, lambda: synth_catalogue(app, office, languages, slot))  # type: ignore[no-any-return]


def cached_prompt_map(app: Flask, revision: int, office: Office, now: datetime) -> PromptMap:
    """``prompt_map`` for a saved revision, reused within the minute."""
    key, languages, slot = _cache_key(app, "prompts", revision, office, now)
    truth = cached_catalogue(app, revision, office, now)
    return _cache(app).get(key, lambda: prompt_map(app, office, languages, slot, truth))  # type: ignore[no-any-return]


def all_sentences(found: PromptMap) -> set[Sentence]:
    return {s for by_lang in found.values() for sentences in by_lang.values() for s in sentences}


def clip_keys(app: Flask, office: Office, sentences: Iterable[Sentence]) -> dict[Sentence, str]:
    """The clip key of each sentence (pronunciations applied, for the configured engines)."""
    synth = synthesizer(app)
    return {s: synth.key(s, office) for s in sentences}


def clip_states(app: Flask, keys: Iterable[str]) -> dict[str, Clip]:
    """The audio state of each clip key: one query (in chunks) on the clip table."""
    wanted = list(dict.fromkeys(keys))
    synth = synthesizer(app)
    idle = synth.workers <= 0
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


def changed_lines(app: Flask, before: Office | None, before_sentences: set[Sentence] | None, after: Office,
                  after_sentences: set[Sentence]) -> list[SpokenLine]:
    """The sentences a save made new: in the new revision, without the same audio in the old one."""
    new = after_sentences
    new_keys = clip_keys(app, after, new)
    old_keys: set[str] = set()
    if before is not None and before_sentences is not None:
        old_keys = set(clip_keys(app, before, before_sentences).values())
    fresh = sorted(s for s in new if new_keys[s] not in old_keys)
    return lines_for(app, after, fresh)


def summary(lines: Iterable[SpokenLine]) -> dict[str, int]:
    """How many lines are in each state."""
    counts = {READY: 0, PENDING: 0, FAILED: 0, MISSING: 0}
    for line in lines:
        counts[line.status] = counts.get(line.status, 0) + 1
    return counts


def status_of_keys(app: Flask, keys: list[str]) -> dict[str, Clip]:
    """For the progress poll: the state of each key."""
    return clip_states(app, keys)
