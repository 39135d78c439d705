"""The scheduled import: one process per interval imports, however many run the loop."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from ivr.config import change, settings
from ivr.news.scheduler import claim_run, start

T0 = datetime(2026, 11, 28, 10, 0, tzinfo=timezone.utc)


def test_only_one_claim_per_interval(app):
    with app.app_context():
        assert claim_run(timedelta(minutes=30), T0) is True
        assert claim_run(timedelta(minutes=30), T0 + timedelta(minutes=1)) is False
        assert claim_run(timedelta(minutes=30), T0 + timedelta(minutes=29)) is False
        assert claim_run(timedelta(minutes=30), T0 + timedelta(minutes=30)) is True


def test_no_scheduler_when_the_interval_is_zero(app):
    assert settings(app).news_interval == 0
    assert start(app) is None


def test_the_scheduler_starts_once_per_process(app):
    change(app, IVR_NEWS_INTERVAL=60)
    thread = start(app)
    try:
        assert thread is not None and thread.daemon and thread.is_alive()
        assert start(app) is None
    finally:
        app.extensions["ivr.news_scheduler"][1].set()
        thread.join(timeout=5)
