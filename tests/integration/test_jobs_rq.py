"""Background jobs through RQ (REDIS_URL): queued by path with plain arguments, run in the app by a worker."""
from __future__ import annotations

import logging
import socket
import sys
import time
from pathlib import Path
from typing import Any, Iterator

import pytest
from flask import Flask, current_app
from rq import Queue, SimpleWorker

from ivr import create_app
from ivr.config import config_for_tests, settings
from ivr.content.store import ensure_database
from ivr.jobs import background_jobs, job_path, news_jobs
from ivr.news.importer import import_all
from ivr.news.manage import add_feed
from ivr.runner import use_worker_app
from ivr.speech.queue import synthesis_queue
from tests.integration.servers import free_port, hotline_env, start
from tests.news.test_import import LOOPBACK


def note(path: str, text: str) -> str:
    """A job for these tests: writes which app ran it."""
    Path(path).write_text(f"{text} in {settings(current_app).rq_queue}")
    return "noted"


@pytest.fixture
def rq_app(tmp_path: Path, redis_server: Any) -> Iterator[Flask]:
    app = create_app(config_for_tests(tmp_path, REDIS_URL=redis_server.url, IVR_RQ_QUEUE=f"test-{tmp_path.name}",
                                      IVR_JOB_WORKERS=1, IVR_SYNTH_WORKERS=1))
    ensure_database(app)
    jobs = app.extensions["ivr.jobs"]
    jobs.queue.empty()
    yield app
    jobs.queue.empty()
    jobs.redis.flushdb()
    jobs.close()
    app.extensions["ivr.synth"].jobs.close()


def run_worker(app: Flask, *queues: Queue) -> None:
    jobs = app.extensions["ivr.jobs"]
    use_worker_app(app)
    SimpleWorker(list(queues) or [jobs.queue], connection=jobs.redis).work(burst=True, with_scheduler=False)


def test_only_module_level_functions_can_be_queued() -> None:
    assert job_path(note) == "tests.integration.test_jobs_rq:note"
    with pytest.raises(TypeError):
        job_path(lambda: None)
    with pytest.raises(TypeError):
        job_path(Path("x").exists)


def test_a_job_is_queued_by_path_and_a_worker_runs_it_in_the_app(rq_app: Flask, tmp_path: Path) -> None:
    jobs = rq_app.extensions["ivr.jobs"]
    assert jobs.remote
    job = jobs.submit(note, str(tmp_path / "out.txt"), "hello")
    assert job is not None and job.args == ("tests.integration.test_jobs_rq:note", str(tmp_path / "out.txt"), "hello")
    assert not (tmp_path / "out.txt").exists()  # nothing ran in this process
    run_worker(rq_app)
    assert (tmp_path / "out.txt").read_text() == f"hello in {jobs.queue_name}"
    jobs.wait(5)  # finished: returns at once


def test_saves_in_a_row_queue_one_full_synthesis(rq_app: Flask) -> None:
    synth = synthesis_queue(rq_app)
    queue: Queue = synth.jobs.queue

    for _ in range(3):
        synth.synthesize_all_later()
    assert len(queue) == 1
    assert queue.jobs[0].args[0] == "ivr.speech.queue:synthesize_everything"
    # Once a worker has taken it, the next save queues one more (the content changed after it began).
    from rq.job import JobStatus

    queue.jobs[0].set_status(JobStatus.STARTED)
    queue.remove(queue.jobs[0])
    synth.synthesize_all_later()
    synth.synthesize_all_later()
    assert len(queue) == 1
    # A waiting job that was lost (the queue emptied, Redis restarted) does not block the next one.
    queue.empty()
    synth.synthesize_all_later()
    assert len(queue) == 1


def test_a_call_without_audio_queues_its_sentences_for_the_worker(rq_app: Flask) -> None:
    from ivr.voice.walk import CallWalker

    call = CallWalker(rq_app.test_client(), settings(rq_app).twilio_auth_token, settings(rq_app).public_url)
    page = call.start()
    assert page.texts  # said with <Say> meanwhile
    queue: Queue = synthesis_queue(rq_app).jobs.queue
    queued = [job for job in queue.jobs if job.args[0] == "ivr.speech.queue:synthesize_sentences"]
    assert queued
    items = queued[0].args[1]
    assert all(isinstance(lang, str) and isinstance(text, str) and isinstance(rate, int) for lang, text, rate in items)


def test_waiting_without_a_worker_returns_with_a_warning(rq_app: Flask, tmp_path: Path,
                                                         caplog: pytest.LogCaptureFixture) -> None:
    jobs = rq_app.extensions["ivr.jobs"]
    jobs.submit(note, str(tmp_path / "never.txt"), "x")
    with caplog.at_level(logging.WARNING, logger="ivr.jobs"):
        jobs.wait(5)
    assert "no worker is running" in caplog.text


def test_redis_down_loses_the_job_but_not_the_call(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    app = create_app(config_for_tests(tmp_path, REDIS_URL=f"redis://127.0.0.1:{free_port()}/0", IVR_JOB_WORKERS=1,
                                      IVR_SYNTH_WORKERS=1))
    ensure_database(app)
    with caplog.at_level(logging.ERROR, logger="ivr.jobs"):
        assert app.extensions["ivr.jobs"].submit(note, str(tmp_path / "x"), "x") is None
        from ivr.voice.walk import CallWalker

        page = CallWalker(app.test_client(), settings(app).twilio_auth_token, settings(app).public_url).start()
    assert page.status == 200 and page.texts
    assert "could not queue" in caplog.text


def test_the_worker_command_needs_redis(tmp_path: Path) -> None:
    app = create_app(config_for_tests(tmp_path))
    result = app.test_cli_runner().invoke(args=["worker", "--burst"])
    assert result.exit_code != 0
    assert "REDIS_URL is not set" in result.output


def test_the_worker_command_runs_queued_jobs(rq_app: Flask, tmp_path: Path) -> None:
    rq_app.extensions["ivr.jobs"].submit(note, str(tmp_path / "cli.txt"), "from the command")
    result = rq_app.test_cli_runner().invoke(args=["worker", "--burst"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "cli.txt").read_text().startswith("from the command")


def test_the_news_schedule_queues_the_import_for_a_worker(tmp_path: Path, redis_server: Any) -> None:
    from ivr.news.scheduler import start
    from tests.integration.servers import wait_until

    app = create_app(config_for_tests(tmp_path, REDIS_URL=redis_server.url, IVR_RQ_QUEUE=f"news-{tmp_path.name}",
                                      IVR_JOB_WORKERS=1, IVR_NEWS_INTERVAL=0.01))  # every 0.6 s
    ensure_database(app)
    queue: Queue = news_jobs(app).queue
    assert queue.name == f"news-{tmp_path.name}-news"  # not the queue of recordings and texts
    thread = start(app)
    assert thread is not None
    try:
        wait_until(lambda: any(job.args[0] == "ivr.news.importer:import_all" for job in queue.jobs), 20,
                   "the scheduler queueing the news import")
    finally:
        app.extensions["ivr.news_scheduler"][1].set()
        thread.join(10)
    run_worker(app, queue)  # no feeds: the import has nothing to fetch, and finishes
    from rq.registry import FailedJobRegistry, FinishedJobRegistry

    assert len(queue) == 0
    assert FinishedJobRegistry(queue=queue).get_job_ids() and not FailedJobRegistry(queue=queue).get_job_ids()


def test_a_recording_is_copied_while_a_feed_import_hangs(tmp_path: Path, redis_server: Any) -> None:
    """Imports wait in a queue of their own for a `worker --queue news`; a `worker --queue jobs` runs a
    caller's recording job meanwhile, however long the feed keeps the import waiting."""
    with socket.create_server(("127.0.0.1", 0)) as silent:  # a feed server that accepts and never answers
        silent.settimeout(30)
        variables = dict(DATABASE_URL=f"sqlite:///{tmp_path / 'test.sqlite3'}", REDIS_URL=redis_server.url,
                         IVR_RQ_QUEUE=f"split-{tmp_path.name}", IVR_FEED_ALLOW_NETWORKS="127.0.0.0/8",
                         IVR_NEWS_TIMEOUT="60", IVR_NEWS_INTERVAL="0", IVR_SECRET_KEY="test-secret",
                         IVR_INSTANCE_PATH=str(tmp_path / "worker"), IVR_AUDIO_DIR=str(tmp_path / "audio"),
                         IVR_RECORDINGS_DIR=str(tmp_path / "recordings"), IVR_PUBLIC_URL="https://hotline.test",
                         IVR_TTS="espeak", IVR_EVENT_FLUSH_SECONDS="0")
        app = create_app(config_for_tests(tmp_path, **dict(variables, IVR_FEED_ALLOW_NETWORKS=LOOPBACK,
                                                           IVR_NEWS_TIMEOUT=60.0), IVR_JOB_WORKERS=1))
        ensure_database(app)
        with app.app_context():
            add_feed(f"http://127.0.0.1:{silent.getsockname()[1]}/rss", "ru", "kopyl")
        import_job = news_jobs(app).submit(import_all)
        news_worker = start("news-worker", [sys.executable, "-m", "flask", "--app", "wsgi", "worker", "--queue", "news"],
                            hotline_env(**variables), tmp_path / "logs")
        try:
            try:
                held, _ = silent.accept()  # the import has connected, and now waits for the feed
            except TimeoutError:
                raise AssertionError(news_worker.log_text()[-3000:]) from None
            with held:
                background_jobs(app).submit(note, str(tmp_path / "recording.txt"), "recording copied")
                started = time.monotonic()
                result = app.test_cli_runner().invoke(args=["worker", "--burst", "--queue", "jobs"])
                took = time.monotonic() - started
                assert result.exit_code == 0, result.output
                assert (tmp_path / "recording.txt").read_text().startswith("recording copied")
                assert import_job.get_status() == "started"  # still waiting on the feed
                assert took < 20, f"the recording waited {took:.1f} s"
        finally:
            news_worker.stop()
            background_jobs(app).redis.flushdb()


def test_each_worker_serves_its_queues_and_a_plain_one_copies_recordings_first(rq_app: Flask, tmp_path: Path) -> None:
    imported, copied = tmp_path / "imported.txt", tmp_path / "copied.txt"
    runner = rq_app.test_cli_runner()
    news_jobs(rq_app).submit(note, str(imported), "import")
    background_jobs(rq_app).submit(note, str(copied), "recording")

    assert runner.invoke(args=["worker", "--burst", "--queue", "news"]).exit_code == 0
    assert imported.exists() and not copied.exists()
    imported.unlink()
    assert runner.invoke(args=["worker", "--burst", "--queue", "jobs"]).exit_code == 0
    assert copied.exists() and not imported.exists()

    # A plain worker serves both queues: the recording queued after the import still goes first.
    import_job = news_jobs(rq_app).submit(note, str(imported), "import")
    recording_job = background_jobs(rq_app).submit(note, str(copied), "recording again")
    result = runner.invoke(args=["worker", "--burst"])
    assert result.exit_code == 0, result.output
    assert f"'{news_jobs(rq_app).queue_name}'" in result.output
    import_job.refresh()
    recording_job.refresh()
    assert import_job.get_status() == recording_job.get_status() == "finished"
    assert recording_job.ended_at <= import_job.started_at
    news_jobs(rq_app).queue.empty()
