"""What a caller hears, measured: how long before the answer, how long the menus, how loud, how many pauses.

    python3 bench/caller.py [--at "2026-11-30 10:00"]

Synthesizes every sentence of the catalogue with the offline eSpeak NG engine into a temporary
store, then walks calls through the real webhooks (ivr.voice.walk.CallWalker), summing the lengths
of the stored files played (the waits for a key are not counted). Sentences are found by their
catalogue key (``status.…``, ``greeting``, ``invalid``), menus by their webhook node, so it measures
whatever call flow there is. Prints, per language (ru, be, en), beside the targets of issue 16:
- the seconds of audio before the open-now sentence (the first whose key starts with ``status.``)
  for a caller who lets every prompt play and presses only the key of their language (nothing at
  all for the language silence leads to), language menu included; where neither the greeting nor
  the main menu says it, the caller then presses the key whose answer does;
- the same, in the caller's own language (a Belarusian or English caller hears the first
  language's open-now before the language menu, and their own after choosing);
- the greeting + main menu: from the first ``greeting`` sentence to the end of the main menu
  (language menu and timeout warning included), and the greeting, open-now sentence and main menu
  alone, in the caller's language (what the issue's "greeting + main menu" target is about);
- each main-menu answer's length (the audio of the step a key leads to, its menu lines included);
- the longest stretch of speech without a pause (>= 0.3 s of silence, inside a file or between two
  files) and the sentence ends that have no such pause;
and over all stored files: the loudness spread (LU) and mean per language, the highest peak, the
files with under 50 ms of silence at an end and the files peaking above -1 dBFS.
Everything runs in a temporary folder; nothing touches the network.
"""
from __future__ import annotations

import argparse
import math
import statistics
import sys
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import select  # noqa: E402

from ivr import create_app  # noqa: E402
from ivr.config import config_for_tests, settings  # noqa: E402
from ivr.content.store import current_office, ensure_database  # noqa: E402
from ivr.extensions import db  # noqa: E402
from ivr.speech.clips import READY, AudioClip  # noqa: E402
from ivr.speech.synthesis import split_sentences, synthesizer  # noqa: E402
from ivr.speech.telephone import PAUSE, Levels, levels  # noqa: E402
from ivr.voice.walk import CallWalker, Heard, Page, heard_on  # noqa: E402

LANGS = ("ru", "be", "en")
# Issue 16's targets; None where the issue sets none.
TARGET_BEFORE_STATUS = {"ru": 8.0, "be": 10.0, "en": 8.0}
TARGET_GREETING_MENU = {"ru": 14.0, "be": 18.0, "en": 14.0}
TARGET_SPREAD_LU = 2.0  # -23 LUFS ± 1
TARGET_PEAK_DBFS = -3.0
MAIN_KEYS = "12340"


@dataclass
class Sound:
    """One thing heard on a walk: its catalogue key, length and measured levels (None for <Say>)."""

    key: str
    text: str
    seconds: float
    levels: Levels | None
    lang: str = ""  # the stored sentence's language ("" for a <Say>)


@dataclass
class Walk:
    """The sounds of one call, step by step."""

    steps: list[tuple[Page, list[Sound]]] = field(default_factory=list)

    @property
    def sounds(self) -> list[Sound]:
        return [sound for _, sounds in self.steps for sound in sounds]


class Caller:
    """Walks calls through the app's webhooks and measures what is heard."""

    def __init__(self, app, moment: datetime):
        self.app = app
        with app.test_request_context():
            office = current_office().office
            catalogue = synthesizer(app).catalogue(office, moment)
        self.offered = list(office.offered_languages(settings(app).languages))
        self.keys: dict[tuple[str, str], str] = {}
        for sentence, key in catalogue.items():
            self.keys.setdefault((sentence.lang, sentence.text), key)
            self.keys.setdefault(("", sentence.text), key)  # a <Say> (no audio yet): by its text alone
        self.store = synthesizer(app).store
        self._levels: dict[str, Levels] = {}

    def sound(self, heard: Heard) -> Sound:
        key = self.keys.get((heard.lang, heard.text), "")
        if heard.seconds is None:
            return Sound(key, heard.text, 0.0, None, heard.lang)
        name = heard.utterance.text.rsplit("/", 1)[-1]
        if name not in self._levels:
            self._levels[name] = levels(self.store.path(name).read_bytes())
        return Sound(key, heard.text, heard.seconds, self._levels[name], heard.lang)

    def step(self, walk: Walk, page: Page) -> Page:
        with self.app.app_context():
            walk.steps.append((page, [self.sound(h) for h in heard_on(page)]))
        return page

    def call_in(self, lang: str) -> tuple[CallWalker, Walk]:
        """A call that has chosen ``lang``: the whole language menu heard, then its key pressed (or
        silence, where silence leads to ``lang``)."""
        walk = Walk()
        walker = CallWalker(self.app.test_client(), settings(self.app).twilio_auth_token, settings(self.app).public_url)
        page = self.step(walk, walker.start())
        if node(page) == "language":
            after = walker.silence()
            if language_of(after) == lang and node(after) != "language":
                self.step(walk, after)
            else:
                walk = Walk()
                walker = CallWalker(self.app.test_client(), settings(self.app).twilio_auth_token,
                                    settings(self.app).public_url)
                self.step(walk, walker.start())
                self.step(walk, walker.press(str(self.offered.index(lang) + 1)))
        return walker, walk

    def to_main_menu(self, lang: str) -> tuple[CallWalker, Walk]:
        """A call in ``lang`` that has heard everything up to the end of the main menu, pressing
        nothing after the language (a step before the main menu goes on by itself or on silence)."""
        walker, walk = self.call_in(lang)
        for _ in range(4):
            page = walk.steps[-1][0]
            if node(page) == "main" or page.hangup or not page.redirect:
                break
            self.step(walk, walker.silence())
        return walker, walk

    def answers(self, lang: str) -> dict[str, Walk]:
        """The step each main-menu key leads to (keys the main menu does not have left out)."""
        out = {}
        for key in MAIN_KEYS:
            walker, walk = self.to_main_menu(lang)
            if node(walk.steps[-1][0]) != "main":
                break
            before = len(walk.steps)
            self.step(walk, walker.press(key))
            if not any(s.key == "invalid" for s in walk.steps[before][1]):
                out[key] = Walk(walk.steps[before:])
        return out


def node(page: Page) -> str | None:
    """The menu a page asks in (the node of its gather's action URL)."""
    if page.gather is None:
        return None
    return parse_qs(urlsplit(page.gather["action"]).query).get("node", [None])[0]


def language_of(page: Page) -> str:
    """The language of the call after this page (the ``lang`` of its gather's action URL)."""
    if page.gather is None:
        return ""
    return parse_qs(urlsplit(page.gather["action"]).query).get("lang", [""])[0]


def before_status(walk: Walk) -> float | None:
    """Seconds of audio before the first sentence whose key starts with ``status.``."""
    total = 0.0
    for sound in walk.sounds:
        if sound.key.startswith("status."):
            return total
        total += sound.seconds
    return None


def until_open_now(greeted: Walk, answers: dict[str, Walk]) -> float | None:
    """Seconds of audio before the open-now sentence for a caller who lets every prompt play: in
    the greeting or the main menu, else in the first answer that has one (after the whole menu)."""
    found = before_status(greeted)
    if found is not None:
        return found
    after = [before_status(answer) for answer in answers.values()]
    first = next((seconds for seconds in after if seconds is not None), None)
    return None if first is None else sum(s.seconds for s in greeted.sounds) + first


def in_own_language(walk: Walk, lang: str) -> float | None:
    """Seconds of audio before the first open-now sentence in the caller's own language ``lang``
    (the first language's open-now comes before the language menu; another language's after it)."""
    total = 0.0
    for sound in walk.sounds:
        if sound.key.startswith("status.") and sound.lang == lang:
            return total
        total += sound.seconds
    return None


# Heard on the way to the main menu but neither greeting nor main menu: the language menu's lines
# and the warning that offers more time (played only after the menu's wait has run out).
NOT_GREETING_OR_MENU = ("language.option", "keys.language", "key.slower", "key.faster")


def greeting_open_now_and_menu(walk: Walk, lang: str) -> float | None:
    """Seconds of the greeting, the open-now sentence and the main menu in the caller's language,
    as the caller hears them in that language (the language menu and the timeout warning left out)."""
    total = 0.0
    for page, sounds in walk.steps:
        total += sum(s.seconds for s in sounds if s.lang == lang and s.key not in NOT_GREETING_OR_MENU)
        if node(page) == "main":
            return total
    return None


def greeting_and_menu(walk: Walk) -> float | None:
    """Seconds from the first ``greeting`` sentence to the end of the first main-menu step."""
    total, started = 0.0, False
    for page, sounds in walk.steps:
        for sound in sounds:
            started = started or sound.key == "greeting"
            total += sound.seconds if started else 0.0
        if node(page) == "main":
            return total if started else sum(s.seconds for s in sounds)
    return None


def pauses(sounds: list[Sound]) -> tuple[float, int, int]:
    """(the longest stretch of speech without a pause >= PAUSE, the sentence ends without such a
    pause, the sentence ends) over sounds heard one after another. A <Say> breaks the chain."""
    longest = run = 0.0
    missing = ends = 0
    before = math.inf  # the silence since the last speech
    for sound in sounds:
        heard = sound.levels
        if heard is None:
            before = math.inf
            continue
        edges = [(0.0, heard.head)] + list(heard.pauses) + [(heard.duration - heard.tail, heard.tail)]
        segments = [b[0] - (a[0] + a[1]) for a, b in zip(edges, edges[1:])]
        if before != math.inf:
            ends += 1
            if before + heard.head < PAUSE:
                missing += 1
                run += before + heard.head + segments[0]
            else:
                run = segments[0]
        else:
            run = segments[0]
        longest = max(longest, run)
        for segment in segments[1:]:
            run = segment
            longest = max(longest, run)
        sentences = len(split_sentences(sound.text))
        ends += sentences - 1
        missing += max(0, sentences - 1 - len(heard.pauses))
        before = heard.tail
    return longest, missing, ends


def all_files(app) -> list[tuple[str, str, Levels]]:
    """(language, text, levels) of every stored file."""
    store = synthesizer(app).store
    with app.app_context():
        rows = db.session.execute(select(AudioClip.lang, AudioClip.text, AudioClip.filename)
                                  .where(AudioClip.status == READY)).all()
    return [(lang, text, levels(store.path(name).read_bytes())) for lang, text, name in rows]


def build_app(folder: Path, moment: datetime):
    app = create_app(config_for_tests(folder, IVR_SYNTH_WORKERS=0, IVR_TTS="espeak"))
    ensure_database(app)
    app.extensions["ivr.clock"] = lambda: moment
    with app.test_request_context():
        counts = synthesizer(app).synthesize_all(current_office().office, moment)
    if counts.failed:
        raise SystemExit(f"bench: {counts.failed} sentences failed: {dict(counts.errors)}")
    return app


def fmt(value: float | None, unit: str = "s") -> str:
    return "—" if value is None else f"{value:.1f} {unit}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--at", default="2026-11-30 10:00", help="the moment of the calls, office time (default: Monday 10:00)")
    args = parser.parse_args()
    moment = datetime.strptime(args.at, "%Y-%m-%d %H:%M").replace(tzinfo=ZoneInfo("Europe/Minsk"))
    with tempfile.TemporaryDirectory() as tmp:
        app = build_app(Path(tmp), moment)
        caller = Caller(app, moment)
        files = all_files(app)
        rows: dict[str, dict[str, str]] = {}
        for lang in LANGS:
            if lang not in caller.offered:
                continue
            _, silent = caller.to_main_menu(lang)
            answers = caller.answers(lang)
            walks = [silent] + list(answers.values())
            longest = max(pauses(w.sounds)[0] for w in walks)
            missing = sum(pauses(w.sounds)[1] for w in walks)
            ends = sum(pauses(w.sounds)[2] for w in walks)
            rows[lang] = {
                "before the open-now sentence": fmt(until_open_now(silent, answers)),
                "open-now in the caller's language": fmt(in_own_language(silent, lang)),
                "greeting + main menu": fmt(greeting_and_menu(silent)),
                "greeting + open-now + main menu": fmt(greeting_open_now_and_menu(silent, lang)),
                **{f"answer to {key} ({first_key(w)})": fmt(sum(s.seconds for s in w.sounds)) for key, w in answers.items()},
                "longest speech without a pause": fmt(longest),
                "sentence ends without a pause": f"{missing} of {ends}",
            }
    print(f"calls at {args.at}, offline eSpeak NG, {len(files)} stored files")
    labels = list(dict.fromkeys(label for row in rows.values() for label in row))
    targets = {
        "before the open-now sentence": "≤ 8 s ru/en, ≤ 10 s be",
        "open-now in the caller's language": "≤ 8 s ru/en, ≤ 10 s be",
        "greeting + main menu": "(language menu included)",
        "greeting + open-now + main menu": "≤ 14 s ru/en, ≤ 18 s be",
        "longest speech without a pause": "one sentence",
        "sentence ends without a pause": "0",
    }
    width = max(len(label) for label in labels)
    print(f"{'':{width}}  " + "".join(f"{lang:>10}" for lang in rows) + "   target")
    for label in labels:
        print(f"{label:{width}}  " + "".join(f"{rows[lang].get(label, ''):>10}" for lang in rows) + f"   {targets.get(label, '')}")
    loud = [lv.loudness for _, _, lv in files if math.isfinite(lv.loudness)]
    print(f"loudness over all files: {min(loud):.1f} to {max(loud):.1f} LUFS, spread {max(loud) - min(loud):.1f} LU"
          f" (target ≤ {TARGET_SPREAD_LU:g} LU: -23 ± 1); mean " + ", ".join(
              f"{lang} {statistics.mean(lv.loudness for lg, _, lv in files if lg == lang):.1f}" for lang in rows))
    print(f"highest peak: {max(lv.peak for _, _, lv in files):.1f} dBFS (target ≤ {TARGET_PEAK_DBFS:g}); "
          f"files peaking above -1 dBFS: {sum(lv.peak > -1 for _, _, lv in files)} of {len(files)}")
    print(f"files with under 50 ms of silence at an end: {sum(min(lv.head, lv.tail) < 0.05 for _, _, lv in files)} "
          f"of {len(files)} (target 0)")


def first_key(walk: Walk) -> str:
    """The catalogue key of the first sentence of an answer (what the key leads to)."""
    return next((s.key for s in walk.sounds if s.key), "?")


if __name__ == "__main__":
    main()
