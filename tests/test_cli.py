"""The `flask --app wsgi call` command: the hotline without a phone."""
from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from ivr.extensions import db
from ivr.speech.clips import AudioClip
from tests.speech.apps import ToneEngine, make_app

ROOT = Path(__file__).resolve().parent.parent


def test_call_1_prints_the_weekly_hours_and_lunch(runner):
    result = runner.invoke(args=["call", "1", "--at", "2026-11-30 10:00"])
    assert result.exit_code == 0, result.output
    assert "── the caller presses 1" in result.output
    assert "с понедельника по пятницу с восьми тридцати до семнадцати тридцати" in result.output
    assert "Обеденный перерыв с тринадцати до четырнадцати" in result.output


def test_call_at_lunch_time(runner):
    result = runner.invoke(args=["call", "1", "1", "--at", "2026-11-30 13:30"])
    assert result.exit_code == 0, result.output
    assert "Приёмная на обеде до четырнадцати часов." in result.output


def test_call_on_saturday_in_english(runner):
    result = runner.invoke(args=["call", "1", "--lang", "en", "--at", "2026-11-28 12:00"])
    assert result.exit_code == 0, result.output
    assert "── the caller presses 3 (en)" in result.output
    assert "Today is a day off; the office opens on Monday at eight thirty a.m." in result.output


def test_call_with_speech(runner):
    result = runner.invoke(args=["call", "--lang", "be", "--say", "навіны", "--at", "2026-11-30 10:00"])
    assert result.exit_code == 0, result.output
    assert "── the caller says «навіны»" in result.output
    assert "Зараз адна навіна" in result.output


def test_call_silence_until_goodbye(runner):
    result = runner.invoke(args=["call", "1", "____"])
    assert result.exit_code == 0, result.output
    assert result.output.count("── the caller says nothing") == 4
    assert "hangs up" in result.output


def test_call_transfer_in_office_hours(runner):
    result = runner.invoke(args=["call", "1", "0", "9", "--at", "2026-11-30 10:00", "--dial-status", "busy"])
    assert result.exit_code == 0, result.output
    assert "puts the caller through to +375171928260" in result.output
    assert "── the transfer ends: busy" in result.output


def test_bad_moment_is_a_one_line_error(runner):
    result = runner.invoke(args=["call", "1", "--at", "tomorrow"])
    assert result.exit_code != 0
    assert "is not a moment like" in result.output


def test_the_real_command_on_a_fresh_instance(tmp_path):
    """What the README promises: after the install, `flask --app wsgi call 1` prints the hours."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("IVR_", "TWILIO_", "DATABASE_URL"))}
    env["IVR_INSTANCE_PATH"] = str(tmp_path / "instance")
    env["IVR_AUDIO_DIR"] = str(tmp_path / "audio")
    result = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", "call", "1", "--at", "2026-11-30 13:30"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "с понедельника по пятницу с восьми тридцати до семнадцати тридцати" in result.stdout
    assert "Обеденный перерыв с тринадцати до четырнадцати" in result.stdout
    assert "Приёмная на обеде до четырнадцати часов." in result.stdout
    assert (tmp_path / "instance" / "hotline.sqlite3").exists()


def test_a_bad_setting_stops_the_command_with_one_line(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("IVR_", "TWILIO_", "DATABASE_URL"))}
    env.update(IVR_INSTANCE_PATH=str(tmp_path), IVR_TIMEZONE="Mars/Olympus")
    result = subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "call", "1"],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert result.stderr.strip() == "hotline: configuration error: IVR_TIMEZONE 'Mars/Olympus' is not a known time zone"


def test_pronounce_sets_lists_and_removes_a_word(runner, app):
    from ivr.content.store import current_office

    result = runner.invoke(args=["pronounce", "перамоў", "перамо́ў", "--lang", "be"])
    assert result.exit_code == 0, result.output
    assert "saved as revision 2" in result.output
    with app.test_request_context():
        assert current_office().office.pronunciations["be"]["перамоў"] == "перамо́ў"
    listed = runner.invoke(args=["pronounce", "--lang", "be"])
    assert "перамоў -> перамо́ў" in listed.output
    removed = runner.invoke(args=["pronounce", "перамоў", "--lang", "be", "--remove"])
    assert removed.exit_code == 0
    with app.test_request_context():
        assert "перамоў" not in current_office().office.pronunciations["be"]


def test_pronounce_without_a_spoken_form_is_refused(runner):
    result = runner.invoke(args=["pronounce", "Копыль"])
    assert result.exit_code != 0 and "say how WORD should be read" in result.output


def test_the_readme_message_example_leaves_a_message_on_every_run(tmp_path):
    """Issue 16, item 9: each `call` is a call of its own (its own CallSid and recording), so the
    README's message example run twice leaves two messages and the caller hears the same both times."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("IVR_", "TWILIO_", "DATABASE_URL"))}
    env.update(IVR_INSTANCE_PATH=str(tmp_path / "instance"), IVR_AUDIO_DIR=str(tmp_path / "audio"), IVR_SYNTH_WORKERS="0")
    heard = []
    for _ in range(2):
        result = subprocess.run(
            [sys.executable, "-m", "flask", "--app", "wsgi", "call", "0", "1", "3", "--at", "2026-11-30 13:30",
             "--from", "+375291234567"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr
        heard.append(result.stdout.split("(simulated recording)", 1)[1])
    # Each message has its own reference number (issue 19); everything else is heard the same.
    references = [re.search(r"Номер вашего обращения: ([^.]+)\.", text).group(1) for text in heard]
    assert references[0] != references[1]
    assert heard[0].replace(references[0], "N") == heard[1].replace(references[1], "N")
    with sqlite3.connect(tmp_path / "instance" / "hotline.sqlite3") as database:
        messages = database.execute("SELECT call_sid, recording_sid FROM message").fetchall()
    assert len(messages) == 2 and len({sid for sid, _ in messages}) == 2 and len({rec for _, rec in messages}) == 2


def test_call_prints_the_seconds_of_audio_of_each_step_and_since_the_call_was_answered(tmp_path):
    app = make_app(tmp_path, ToneEngine(), IVR_SYNTH_WORKERS=0)
    assert app.test_cli_runner().invoke(args=["synth"]).exit_code == 0
    with app.app_context():
        seconds = dict(db.session.execute(select(AudioClip.text, AudioClip.seconds).where(AudioClip.rate == 100)).all())
    steps = [[]]
    result = app.test_cli_runner().invoke(args=["call", "1", "--at", "2026-11-30 13:30"])
    for line in result.output.splitlines():
        if line.startswith("  says: "):
            steps[-1].append(seconds[line.removeprefix("  says: ").split("   [plays ")[0]])
        elif line.startswith("── "):
            steps.append([])
    played = [sum(step) for step in steps if step]
    totals = re.findall(r"\((\d+\.\d) s of audio, (\d+\.\d) s since the call was answered\)", result.output)
    assert len(played) == len(totals) >= 3
    for i, (step, since) in enumerate(totals):
        assert float(step) == pytest.approx(played[i], abs=0.05)
        assert float(since) == pytest.approx(sum(played[: i + 1]), abs=0.05)
