"""Call analytics: events recorded by the webhooks, summed up for a period, exported as CSV."""
from __future__ import annotations

import csv
import io
from datetime import date

from sqlalchemy import select

from ivr.config import settings
from ivr.extensions import db
from ivr.ops.analytics import summarise, to_csv
from ivr.ops.events import CallEvent
from ivr.voice.walk import CallWalker


def walk(app, at, moment, keys, caller="+375291234567", hang_up=True):
    at(moment)
    call = CallWalker(app.test_client(), settings(app).twilio_auth_token, settings(app).public_url, caller=caller)
    call.start()
    for key in keys:
        if key == "_":
            call.silence()
        else:
            call.press(key)
        if call.page.hangup:
            break
    if hang_up:
        call.post("/voice/status", {"CallStatus": "completed", "CallDuration": "42"})
    return call


def test_events_are_recorded_with_the_caller_hashed(app, at):
    walk(app, at, "2026-11-30 10:00", ["1", "1"])
    with app.app_context():
        events = db.session.execute(select(CallEvent).order_by(CallEvent.id)).scalars().all()
    kinds = [(e.kind, e.detail) for e in events]
    assert kinds == [("started", ""), ("language", "ru"), ("choice", "hours"), ("ended", "completed")]
    assert events[0].caller_hash and "375291234567" not in events[0].caller_hash
    assert events[-1].seconds == 42.0


def test_a_period_is_summed_up(app, at):
    walk(app, at, "2026-11-30 10:05", ["1", "1", "*", "2", "9"])  # hours, then the news headline twice
    walk(app, at, "2026-11-30 10:40", ["3", "3"])  # English, contacts
    walk(app, at, "2026-11-30 13:10", ["2"])  # Belarusian, hangs up in the first menu
    # Silence until goodbye, before opening: a message is offered before the call ends.
    walk(app, at, "2026-12-01 07:00", ["_", "_", "_", "_", "_"])
    walk(app, at, "2026-12-01 11:30", ["1", "0"], hang_up=False)  # a person
    with app.app_context():
        stats = summarise(date(2026, 11, 30), date(2026, 12, 2), "Europe/Minsk")
    assert stats.total == 5
    assert stats.per_day == [(date(2026, 11, 30), 3), (date(2026, 12, 1), 2), (date(2026, 12, 2), 0)]
    assert stats.choices == {"hours": 1, "news": 1, "contacts": 1, "person": 1}
    assert stats.languages == {"ru": 3, "en": 1, "be": 1}
    assert stats.outcomes == {"served": 3, "no_choice": 1, "no_input": 1}
    assert stats.heatmap[0][10] == 2 and stats.heatmap[0][13] == 1 and stats.heatmap[1][7] == 1
    assert stats.headlines_heard == 2


def test_csv_opens_in_a_spreadsheet(app, at):
    walk(app, at, "2026-11-30 10:05", ["2", "1"])
    with app.app_context():
        data = to_csv(summarise(date(2026, 11, 30), date(2026, 11, 30), "Europe/Minsk"))
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["started", "call_sid", "language", "choices", "headlines_heard", "seconds", "outcome"]
    assert rows[1][0] == "2026-11-30 10:05" and rows[1][2:] == ["be", "hours", "0", "42", "served"]


def test_the_call_command_is_not_counted(app, runner):
    assert runner.invoke(args=["call", "1"]).exit_code == 0
    with app.app_context():
        assert db.session.execute(select(CallEvent)).first() is None


def test_a_new_main_menu_row_is_counted_and_charted_without_other_edits(app, at, monkeypatch):
    from dataclasses import replace

    from ivr.callflow.menus import MENUS, Option
    from ivr.callflow.steps import Node
    from ivr.ops.analytics import grouped_choices

    main = MENUS[Node.MAIN]
    weather = Option("5", Node.CONTACTS, "main.contacts", ("погод", "weather"), statistic="weather",
                     label="weather")
    monkeypatch.setitem(MENUS, Node.MAIN, replace(main, options=main.options + (weather,),
                                                  read=main.read[:4] + ("5",) + main.read[4:]))
    call = walk(app, at, "2026-11-30 10:05", ["1"], hang_up=False)
    assert "Контакты и приёмы — 5." in call.page.texts
    assert call.press("5").texts[0].startswith("Адрес и телефоны райисполкома")  # contacts and receptions
    with app.app_context():
        stats = summarise(date(2026, 11, 30), date(2026, 11, 30), "Europe/Minsk")
    assert stats.choices == {"weather": 1}
    assert list(grouped_choices(stats)) == ["hours", "news", "contacts", "procedures", "weather", "person"]
