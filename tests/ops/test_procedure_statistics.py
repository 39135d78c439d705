"""The statistics count the procedures asked for, by number, and the numbers that are not listed
(issue 19, item 7)."""
from __future__ import annotations

from datetime import date

from ivr.ops.analytics import summarise
from tests.ops.test_analytics import walk


def test_procedures_heard_and_missing_are_counted_by_number(app, at):
    walk(app, at, "2026-11-30 10:05", ["1", "4", "1", "1*1*5"])  # keyed
    walk(app, at, "2026-11-30 10:20", ["1", "4", "2", "1", "1"])  # housing, the first one: 1.1.5 again
    walk(app, at, "2026-11-30 10:40", ["2", "4", "1", "1*3*1"])  # Belarusian
    walk(app, at, "2026-11-30 11:00", ["1", "4", "1", "9*9*9"])  # not in the catalogue
    with app.app_context():
        stats = summarise(date(2026, 11, 30), date(2026, 11, 30), "Europe/Minsk")
    assert stats.procedures == {"1.1.5": 2, "1.3.1": 1}
    assert stats.procedures_missing == {"9.9.9": 1}
    assert stats.choices["procedures"] == 4
