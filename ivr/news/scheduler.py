"""The in-process news scheduler: every IVR_NEWS_INTERVAL minutes, one process imports the feeds.

Every web process runs the loop, but a row in the database decides which one imports in each
interval, so several workers or hosts never import the same feeds at once. With REDIS_URL set, the
process that wins the interval only queues the import, and an RQ worker fetches the feeds: no
separate scheduler process to run, and the claim row still makes it once per interval.
"""
from __future__ import annotations

import logging
import threading
from datetime import datetime, timedelta

from flask import Flask
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError

from ivr.config import settings
from ivr.clock import stamp
from ivr.extensions import db
from ivr.jobs import job_path, news_jobs
from ivr.news.importer import import_all
from ivr.news.models import ImportRun

log = logging.getLogger(__name__)


def claim_run(interval: timedelta, now: datetime | None = None) -> bool:
    """True if this process may import now (nobody started an import within ``interval``)."""
    now = now or stamp()
    claimed = db.session.execute(
        update(ImportRun).where(ImportRun.id == 1, ImportRun.started_at <= now - interval).values(started_at=now)
    ).rowcount
    if claimed:
        db.session.commit()
        return True
    if db.session.get(ImportRun, 1) is None:
        db.session.add(ImportRun(id=1, started_at=now))
        try:
            db.session.commit()
            return True
        except IntegrityError:
            db.session.rollback()
    db.session.rollback()
    return False


def start(app: Flask) -> threading.Thread | None:
    """Start the loop in a daemon thread (once per process); None when IVR_NEWS_INTERVAL is 0."""
    minutes = float(settings(app).news_interval)
    if minutes <= 0 or app.extensions.get("ivr.news_scheduler"):
        return None
    stop = threading.Event()
    thread = threading.Thread(target=_loop, args=(app, timedelta(minutes=minutes), stop), daemon=True, name="news")
    app.extensions["ivr.news_scheduler"] = (thread, stop)
    thread.start()
    return thread


def _loop(app: Flask, interval: timedelta, stop: threading.Event) -> None:
    # Look more often than the interval, so a process that restarts soon picks up the schedule.
    tick = min(60.0, interval.total_seconds() / 2)
    while not stop.wait(tick):
        try:
            with app.app_context():
                if claim_run(interval):
                    jobs = news_jobs(app)
                    if jobs.remote:
                        jobs.enqueue(job_path(import_all))  # an RQ worker fetches the feeds
                    else:
                        import_all()
        except Exception:
            log.exception("scheduled news import failed; trying again next time")
        finally:
            with app.app_context():
                db.session.remove()
