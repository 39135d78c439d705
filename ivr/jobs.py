"""Background jobs: a small thread pool per process, or RQ worker processes when REDIS_URL is set.

Synthesis, news imports, fetching recordings, e-mail notices and SMS run here, never on a webhook's
path. Without Redis, each process runs its jobs in its own threads, inside the app context. With
REDIS_URL, jobs go to the RQ queue IVR_RQ_QUEUE and run in `flask --app wsgi worker` (or `rq
worker`) processes on any host, and news imports to a queue of their own, IVR_RQ_QUEUE-news, so a
feed that hangs never holds up a recording in the queue behind it; a job is then a module-level function named by its dotted path and
plain arguments (ids, strings, numbers), never objects, so any worker can run it.
"""
from __future__ import annotations

import importlib
import inspect
import logging
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Callable

from flask import Flask

from ivr.config import settings
from ivr.extensions import db

log = logging.getLogger(__name__)

# A job may take this long in a worker (a full rebuild with an online engine is the longest).
JOB_TIMEOUT = 3600
# How long a finished job's result and a failed job's traceback stay in Redis.
RESULT_TTL = 600
FAILURE_TTL = 7 * 24 * 3600
# How long the id of a waiting "run once" job is kept (it is checked, so a lost job costs nothing).
ONCE_TTL = 3600
_DONE = {"finished", "failed", "stopped", "canceled"}
_WAITING = {"queued", "deferred", "scheduled"}


def job_path(fn: Callable[..., Any]) -> str:
    """``module:function`` for a module-level function (what an RQ worker can import)."""
    qualname = getattr(fn, "__qualname__", "")
    if inspect.ismethod(fn) or not qualname or "<" in qualname or "." in qualname:
        raise TypeError(f"{fn!r} is not a module-level function; RQ workers can only run those")
    return f"{fn.__module__}:{qualname}"


def resolve(path: str) -> Callable[..., Any]:
    """The function named by ``job_path``."""
    module, _, name = path.partition(":")
    return getattr(importlib.import_module(module), name)


def call_in_app(app: Flask, fn: Callable[..., Any], *args: Any) -> Any:
    """Run one job in ``app``'s context: a failure is logged (and raised), the session let go."""
    with app.app_context():
        try:
            return fn(*args)
        except Exception:
            log.exception("background job %s failed", getattr(fn, "__name__", fn))
            raise
        finally:
            db.session.remove()


class BackgroundJobs:
    """Runs jobs in a lazily started thread pool, or queues them in RQ when REDIS_URL is set.

    ``workers=0`` runs and queues nothing (jobs are then left to commands).
    """

    def __init__(self, app: Flask, workers: int, name: str, queue_name: str = ""):
        self.app = app
        self.workers = workers
        self.name = name
        self.redis_url: str = settings(app).redis_url
        self.queue_name: str = queue_name or settings(app).rq_queue
        self._executor: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()
        self._outstanding: set[Future[Any]] = set()
        self._queued_ids: list[str] = []
        self._redis: Any = None
        self._queue: Any = None

    @property
    def enabled(self) -> bool:
        return self.workers > 0

    @property
    def remote(self) -> bool:
        """True when jobs go to RQ worker processes rather than this process's threads."""
        return bool(self.redis_url)

    # -- submitting -----------------------------------------------------------------------------

    def submit(self, fn: Callable[..., Any], *args: Any) -> Future[Any] | Any | None:
        """Run ``fn(*args)`` in the background, in the app context.

        Returns a Future (threads), an RQ job (Redis), or None when disabled or Redis is down.
        """
        if not self.enabled:
            return None
        if self.remote:
            return self.enqueue(job_path(fn), *args)
        with self._lock:
            if self._executor is None:
                self._executor = ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix=self.name)
            future = self._executor.submit(call_in_app, self.app, fn, *args)
            self._outstanding.add(future)
        future.add_done_callback(self._done)
        return future

    def enqueue(self, path: str, *args: Any) -> Any | None:
        """Queue ``path(*args)`` in RQ; None (logged) if Redis cannot be reached."""
        from redis.exceptions import RedisError

        try:
            job = self.queue.enqueue("ivr.runner.run", path, *args, job_timeout=JOB_TIMEOUT, result_ttl=RESULT_TTL,
                                     failure_ttl=FAILURE_TTL, description=f"{path}{args!r}"[:200])
        except RedisError as exc:
            log.error("could not queue %s in Redis (%s); it will not run", path, exc)
            return None
        with self._lock:
            self._queued_ids.append(job.id)
            del self._queued_ids[:-1000]
        return job

    def waiting(self, key: str) -> bool:
        """Whether a job ``enqueue_once`` queued for ``key`` is waiting, not started yet (raises
        RedisError when Redis cannot be asked)."""
        from rq.exceptions import NoSuchJobError
        from rq.job import Job

        if not self.enabled:
            return False
        queued = self.redis.get(self._marker(key))
        if not queued:
            return False
        try:
            return _status(Job.fetch(queued.decode(), connection=self.redis)) in _WAITING
        except NoSuchJobError:
            return False  # expired or deleted

    def enqueue_once(self, key: str, path: str, *args: Any) -> Any | None:
        """Queue ``path(*args)`` unless a job for ``key`` is queued and not started yet.

        Ten saves in a row make one job, and a save while the job runs makes one more after it,
        so the last save is always covered. Returns the job, or None if one was waiting already.
        """
        from redis.exceptions import RedisError

        if not self.enabled:
            return None
        try:
            if self.waiting(key):
                return None
        except RedisError as exc:
            log.error("could not queue %s in Redis (%s); it will not run", path, exc)
            return None
        job = self.enqueue(path, *args)
        if job is not None:
            try:
                self.redis.set(self._marker(key), job.id, ex=ONCE_TTL)
            except RedisError:
                pass  # at worst, the next request queues one more
        return job

    def _marker(self, key: str) -> str:
        return f"hotline:{self.queue_name}:pending:{key}"

    # -- Redis ----------------------------------------------------------------------------------

    @property
    def redis(self) -> Any:
        """The Redis connection (made on first use, with short timeouts: a webhook never hangs on it)."""
        if self._redis is None:
            from redis import Redis

            self._redis = Redis.from_url(self.redis_url, socket_connect_timeout=2, socket_timeout=5,
                                         health_check_interval=30)
        return self._redis

    @property
    def queue(self) -> Any:
        """The RQ queue jobs go to."""
        if self._queue is None:
            from rq import Queue

            self._queue = Queue(self.queue_name, connection=self.redis)
        return self._queue

    def close(self) -> None:
        """Drop the Redis connection (gunicorn's master before it forks the workers)."""
        if self._redis is not None:
            self._redis.close()
        self._redis = self._queue = None

    # -- threads --------------------------------------------------------------------------------

    def _done(self, future: Future[Any]) -> None:
        with self._lock:
            self._outstanding.discard(future)

    # -- waiting --------------------------------------------------------------------------------

    def wait(self, timeout: float = 120.0) -> None:
        """Block until every job this process queued is done (commands, tests, benchmarks, shutdown).

        With RQ, returns at once (with a warning) when no worker listens on the queue.
        """
        if self.remote:
            self._wait_remote(timeout)
            return
        deadline = time.monotonic() + timeout
        while True:
            with self._lock:
                pending = list(self._outstanding)
            if not pending:
                return
            for future in pending:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(f"background jobs ({self.name}) did not finish in time")
                try:
                    future.result(timeout=remaining)
                except TimeoutError:
                    raise
                except Exception:
                    pass  # logged by the job itself

    def _wait_remote(self, timeout: float) -> None:
        from rq import Worker
        from rq.job import Job

        deadline = time.monotonic() + timeout
        while True:
            with self._lock:
                ids = list(self._queued_ids)
            jobs = Job.fetch_many(ids, connection=self.redis) if ids else []
            pending = [job for job in jobs if job is not None and _status(job) not in _DONE]
            with self._lock:
                self._queued_ids = [job.id for job in pending] + [i for i in self._queued_ids if i not in ids]
            if not pending:
                return
            if not Worker.count(connection=self.redis, queue=self.queue):
                log.warning("%d job(s) wait in the RQ queue %r, but no worker is running: start "
                            "`flask --app wsgi worker`", len(pending), self.queue_name)
                return
            if time.monotonic() > deadline:
                raise TimeoutError(f"background jobs ({self.name}) did not finish in time")
            time.sleep(0.1)


def _status(job: Any) -> str:
    status = job.get_status(refresh=False)
    return str(getattr(status, "value", status))


def news_queue_name(app: Flask) -> str:
    """The RQ queue of news imports: IVR_RQ_QUEUE with ``-news`` (``flask worker --queue news`` serves it)."""
    return f"{settings(app).rq_queue}-news"


def init_app(app: Flask) -> None:
    """The app's job pool for recordings, e-mail and SMS (IVR_JOB_WORKERS), and a pool (with Redis, a
    queue) of its own for news imports, so that a slow feed never holds up a caller's message or text."""
    app.extensions["ivr.jobs"] = BackgroundJobs(app, settings(app).job_workers, "jobs")
    app.extensions["ivr.news_jobs"] = BackgroundJobs(app, min(1, settings(app).job_workers), "news",
                                                     news_queue_name(app))


def background_jobs(app: Flask) -> BackgroundJobs:
    """The app's job pool for callers' recordings, e-mail and SMS."""
    return app.extensions["ivr.jobs"]


def news_jobs(app: Flask) -> BackgroundJobs:
    """The pool that imports news feeds (one thread: imports are rare, and wait on the network)."""
    return app.extensions["ivr.news_jobs"]
