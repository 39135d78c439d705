"""Several hosts: two gunicorn web processes and an RQ worker on one PostgreSQL, Redis and audio folder.

Each web process plays a host of its own (its own instance folder and metrics), as the README's
"Several hosts" section sets them up. A call's steps alternate between the two; an edit saved by a
third process is heard through both on the next call, and once the worker has synthesized it, the
call plays the new audio, which either host serves.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
from typing import Any, Iterator

import pytest
import requests
from prometheus_client.parser import text_string_to_metric_families
from redis import Redis
from rq import Queue
from rq.registry import StartedJobRegistry
from sqlalchemy import create_engine, text

from ivr.voice.walk import CallWalker, Page
from tests.integration.servers import (ROOT, HttpClient, Service, hotline_env, start, start_gunicorn, stop_process,
                                       temporary_folder, wait_healthy, wait_until)

TOKEN = "integration-auth-token"
PUBLIC_URL = "https://hotline.test"
NEW_GREETING = "Добрый день! Горячая линия Копыля, отвечает любой сервер."


@pytest.fixture(scope="module")
def cluster(postgres: Any, redis_server: Any) -> Iterator[dict[str, Any]]:
    """Host A and host B (gunicorn), one worker, all on the same DATABASE_URL, REDIS_URL and audio folder."""
    base = temporary_folder("hotline-hosts-")
    shared_audio = base / "shared" / "audio"
    common = dict(
        DATABASE_URL=postgres.create_database("hosts"),
        REDIS_URL=redis_server.url,
        IVR_AUDIO_DIR=str(shared_audio),
        IVR_RECORDINGS_DIR=str(base / "shared" / "recordings"),
        IVR_SECRET_KEY="the same secret on every host",
        TWILIO_AUTH_TOKEN=TOKEN,
        IVR_PUBLIC_URL=PUBLIC_URL,
        IVR_LANGUAGES="en,ru",  # two languages keep the worker's rebuilds short
        IVR_TTS="espeak",
        IVR_NEWS_INTERVAL="0",
        IVR_WORKERS="1",
        IVR_EVENT_FLUSH_SECONDS="0",
    )
    services: list[Service] = []
    try:
        for name in ("host-a", "host-b"):
            host = base / name
            (host / "metrics").mkdir(parents=True)
            env = hotline_env(**common, IVR_INSTANCE_PATH=str(host / "instance"),
                              PROMETHEUS_MULTIPROC_DIR=str(host / "metrics"))
            services.append(start_gunicorn(name, env, base / "logs"))
        worker_env = hotline_env(**common, IVR_INSTANCE_PATH=str(base / "worker" / "instance"))
        worker = start("worker", [sys.executable, "-m", "flask", "--app", "wsgi", "worker"], worker_env, base / "logs")
        services.append(worker)
        wait_healthy(services[:2])
        yield {"a": services[0], "b": services[1], "worker": worker, "env": worker_env, "base": base,
               "audio": shared_audio}
    finally:
        for service in services:
            service.stop()
        logs = {s.name: s.log_text()[-4000:] for s in services}
        shutil.rmtree(base, ignore_errors=True)
        for name, log in logs.items():
            print(f"--- {name} ---\n{log}")  # shown by pytest when a test failed


def new_call(*bases: str) -> tuple[CallWalker, HttpClient]:
    client = HttpClient(list(bases))
    return CallWalker(client, TOKEN, PUBLIC_URL, caller="+375291112233"), client


def greeting_step(bases: list[str]) -> tuple[Page, HttpClient]:
    """Ring: the greeting, the call's first sentence."""
    call, client = new_call(*bases)
    page = call.start()
    return page, client


def clip_text(database_url: str, filename: str) -> str | None:
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            return connection.execute(text("SELECT text FROM audio_clip WHERE filename = :f"), {"f": filename}).scalar()
    finally:
        engine.dispose()


def test_a_call_alternates_between_hosts_and_an_edit_is_heard_through_the_other(cluster: dict[str, Any]) -> None:
    a, b = cluster["a"], cluster["b"]
    pids = {requests.get(s.url + "/healthz", timeout=5).json()["pid"] for s in (a, b)}
    assert len(pids) == 2, "the two hosts are two processes"

    # A whole call, each step answered by the other host than the step before.
    call, client = new_call(a.url, b.url)
    first = call.start()
    assert first.gather is not None
    steps = [call.press("1"), call.press("1"), call.press("*"), call.press("3"), call.press("9")]
    assert client.answered_by == [a.url, b.url] * 3
    assert all(page.heard and page.gather is not None for page in [first, *steps])

    # A clerk's edit, saved by a third process (as a staff page on any host would save it).
    save = ("from ivr import create_app\n"
            "from ivr.content.store import current_office, save_office\n"
            "app = create_app()\n"
            "with app.test_request_context():\n"
            "    now = current_office()\n"
            f"    texts = {{**now.office.texts, 'greeting': {{'ru': {NEW_GREETING!r}}}}}\n"
            "    print(save_office(now.office.with_changes(texts=texts), author='clerk', base=now.revision))\n")
    saved = subprocess.run([sys.executable, "-c", save], cwd=ROOT, env=cluster["env"], capture_output=True, text=True,
                           timeout=120)
    assert saved.returncode == 0, saved.stderr[-3000:]

    def greeting(urls: list[str]) -> str | None:
        """The greeting a call through ``urls`` hears: Twilio's words, or the words of the clip played."""
        heard = greeting_step(urls)[0].heard[0]
        if heard.kind == "say":
            return heard.text
        return clip_text(cluster["env"]["DATABASE_URL"], heard.text.rsplit("/", 1)[-1])

    # The very next call, through host B, hears the new words (spoken by Twilio until the audio is ready).
    assert greeting([b.url]) == NEW_GREETING
    # ... and through host A too: every step asks the database for the content's version.
    wait_until(lambda: greeting([a.url]) == NEW_GREETING, 10, "host A hearing the edit", interval=0.5)

    # The worker synthesizes the new greeting; then both hosts play it from the shared audio folder.
    def played() -> str | None:
        page, _ = greeting_step([a.url, b.url])
        heard = page.heard[0]
        if heard.kind != "play":
            return None
        name = heard.text.rsplit("/", 1)[-1]
        return heard.text if clip_text(cluster["env"]["DATABASE_URL"], name) == NEW_GREETING else None

    try:
        audio_url = wait_until(played, 150, "the worker synthesizing the new greeting", interval=1.0)
    except AssertionError as exc:
        raise AssertionError(f"{exc}\n--- worker log ---\n{cluster['worker'].log_text()[-3000:]}") from None
    path = audio_url.split(PUBLIC_URL, 1)[-1]
    assert path.startswith("/audio/")
    bodies = []
    for host in (a, b):
        response = requests.get(host.url + path, timeout=10)
        assert response.status_code == 200
        assert response.headers["Content-Type"] == "audio/wav"
        assert response.content[:4] == b"RIFF"
        bodies.append(response.content)
    assert bodies[0] == bodies[1]
    assert (cluster["audio"] / path.rsplit("/", 1)[-1]).is_file()

    # The web processes never synthesized: their metrics show no synthesis, only webhook requests.
    for host in (a, b):
        families = {f.name: f for f in text_string_to_metric_families(requests.get(host.url + "/metrics", timeout=10).text)}
        synthesized = sum(s.value for s in families["hotline_synthesis"].samples) if "hotline_synthesis" in families else 0
        assert synthesized == 0
        answered = sum(s.value for s in families["hotline_webhook_requests"].samples if s.name.endswith("_total"))
        assert answered > 0


def worker_idle(redis_url: str) -> bool:
    """Whether the worker has nothing queued and no job running (a full synthesis takes a minute)."""
    with Redis.from_url(redis_url) as connection:
        queue = Queue("hotline", connection=connection)
        return queue.count == 0 and StartedJobRegistry(queue=queue).count == 0


def test_the_worker_stops_cleanly_on_sigterm(cluster: dict[str, Any]) -> None:
    worker = cluster["worker"]
    assert worker.process.poll() is None, worker.log_text()[-3000:]
    # Idle: SIGTERM lets a running job finish first (RQ's warm shutdown), however long it takes.
    wait_until(lambda: worker_idle(cluster["env"]["REDIS_URL"]), 150, "the worker finishing its jobs", interval=1.0)
    stop_process(worker.process)
    assert worker.process.returncode == 0, worker.log_text()[-3000:]
