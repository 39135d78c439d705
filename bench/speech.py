"""Speech benchmark: how soon a clerk's change is heard, and what a full rebuild costs.

    python bench/speech.py [--rounds 7]

Prints, for the configured engine (IVR_TTS, default the offline eSpeak NG):
- edit -> live: the time from saving one changed headline to a call playing its new audio
  (median and range over several rounds; synthesis runs in the background pool as in service);
- a full rebuild of every prompt in three languages from an empty store, and the engine's
  real-time factor (seconds of work per second of audio);
- a second rebuild, which must synthesize nothing.
Everything runs in a temporary folder; nothing touches the network with the default engine.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, select  # noqa: E402

from ivr import create_app  # noqa: E402
from ivr.config import config_for_tests, settings  # noqa: E402
from ivr.content.office import Headline  # noqa: E402
from ivr.content.store import current_office, ensure_database, save_office  # noqa: E402
from ivr.extensions import db  # noqa: E402
from ivr.speech.clips import READY, AudioClip  # noqa: E402
from ivr.speech.queue import synthesis_queue  # noqa: E402
from ivr.speech.synthesis import synthesizer  # noqa: E402
from ivr.voice.walk import CallWalker  # noqa: E402

MOMENT = datetime(2026, 11, 30, 10, 0, tzinfo=ZoneInfo("Europe/Minsk"))


def build_app(folder: Path, workers: int):
    import os

    app = create_app(config_for_tests(folder, IVR_SYNTH_WORKERS=workers, IVR_TTS=os.environ.get("IVR_TTS", "espeak")))
    ensure_database(app)
    app.extensions["ivr.clock"] = lambda: MOMENT
    return app


def full_rebuild(app) -> tuple[float, int, int, float]:
    """Seconds, files made, files reused, seconds of audio."""
    synth = synthesizer(app)
    with app.test_request_context():
        office = current_office().office
        started = time.perf_counter()
        counts = synth.synthesize_all(office, MOMENT)
        elapsed = time.perf_counter() - started
        audio = db.session.execute(select(func.sum(AudioClip.seconds)).where(AudioClip.status == READY)).scalar() or 0.0
    if counts.failed:
        raise SystemExit(f"bench: {counts.failed} sentences failed: {dict(counts.errors)}")
    return elapsed, counts.made, counts.reused, float(audio)


def edit_to_live(app, rounds: int) -> list[float]:
    """Seconds from saving a changed headline until a call plays the new title's audio."""
    client = app.test_client()
    times = []
    for n in range(rounds):
        with app.test_request_context():
            now = current_office()
            old = now.office.headlines[0]
            title = dict(old.title, ru=f"Объявление номер {n + 1}: приём граждан переносится на пятницу")
            changed = Headline(id=old.id, title=title, summary=old.summary, published=old.published)
            started = time.perf_counter()
            save_office(now.office.with_changes(headlines=(changed,)), author="bench", base=now.revision)
        call = CallWalker(client, settings(app).twilio_auth_token, settings(app).public_url)
        while True:
            call.start()
            call.press("1")
            page = call.press("2")
            if page.heard[0].kind == "play":
                times.append(time.perf_counter() - started)
                break
            if time.perf_counter() - started > 120:
                raise SystemExit("bench: the edited headline never became live")
            time.sleep(0.005)
        synthesis_queue(app).wait()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        app = build_app(Path(tmp) / "rebuild", workers=0)
        first = full_rebuild(app)
        second = full_rebuild(app)
        live_app = build_app(Path(tmp) / "live", workers=1)
        full_rebuild(live_app)
        live = edit_to_live(live_app, args.rounds)
    seconds, made, _, audio = first
    print(f"engine: {synthesizer(app).engine.name}")
    print(f"full rebuild from empty: {made} files (ru, be, en; normal and slow), {seconds:.1f} s, "
          f"{audio:.0f} s of audio, real-time factor {seconds / audio:.4f}")
    print(f"second rebuild: {second[1]} files made, {second[2]} reused, {second[0]:.2f} s")
    print(f"edit -> live (median of {len(live)}): {statistics.median(live) * 1000:.0f} ms "
          f"(min {min(live) * 1000:.0f}, max {max(live) * 1000:.0f})")
    if second[1] != 0:
        raise SystemExit("bench: the second rebuild synthesized something")


if __name__ == "__main__":
    main()
