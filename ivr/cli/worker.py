"""`flask --app wsgi worker`: run background jobs (synthesis, news imports, SMS, recordings, notices)
from the RQ queues in this process, for the web processes of every host that share REDIS_URL.

One app is made per worker process and reused by every job, so the speech engine loads once. Jobs
run one after another in this process (RQ's SimpleWorker); start more workers for more at once.
News imports have a queue of their own: ``--queue jobs`` leaves them to a ``--queue news`` worker,
so an import that waits on a slow feed never holds up a caller's recording.
"""
from __future__ import annotations

import logging
import os
import socket

import click
from flask import current_app
from flask.cli import with_appcontext
from rq import Queue, SimpleWorker

from ivr.config import settings
from ivr.content.store import ensure_database
from ivr.jobs import background_jobs, news_jobs

log = logging.getLogger(__name__)


@click.command("worker")
@click.option("--burst", is_flag=True, help="Run the jobs queued now, then exit (scripts and tests).")
@click.option("--queue", "which", type=click.Choice(["all", "jobs", "news"]), default="all", show_default=True,
              help="jobs: recordings, texts, notices and synthesis; news: feed imports only; "
                   "all: both, recordings first.")
@with_appcontext
def worker_command(burst: bool, which: str) -> None:
    """Run background jobs from the RQ queues (needs REDIS_URL); stops cleanly on SIGTERM or Ctrl-C."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    jobs = background_jobs(app)
    if not jobs.remote:
        raise click.ClickException("REDIS_URL is not set: without Redis, each web process runs its own jobs "
                                   "and no worker is needed")
    ensure_database(app)  # the schema at the newest migration before any job reads it
    # RQ takes the next job from the first queue that has one, so "all" copies recordings before imports.
    served = {"all": [jobs, news_jobs(app)], "jobs": [jobs], "news": [news_jobs(app)]}[which]
    name = f"hotline-{socket.gethostname()}-{os.getpid()}"
    worker = SimpleWorker([Queue(pool.queue_name, connection=jobs.redis) for pool in served], connection=jobs.redis,
                          name=name)
    names = " and ".join(repr(pool.queue_name) for pool in served)
    click.echo(f"worker {name}: jobs from the queue(s) {names} at {_safe(jobs.redis_url)}")
    worker.work(burst=burst, logging_level=settings(app).log_level, with_scheduler=False)


def _safe(url: str) -> str:
    """The Redis URL without its password, for the log."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if parts.password:
        return url.replace(f":{parts.password}@", ":***@", 1)
    return url


COMMANDS = (worker_command,)
