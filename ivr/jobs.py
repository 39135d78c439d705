"""Background jobs in a small thread pool per process, each run inside the app context.

Synthesis, fetching recordings and sending e-mail notices run here, never on a webhook's path.
"""
from __future__ import annotations

import logging
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Callable

from flask import Flask

from ivr.extensions import db

log = logging.getLogger(__name__)


class BackgroundJobs:
    """A lazily started thread pool; ``workers=0`` runs nothing (jobs are then left to commands)."""

    def __init__(self, app: Flask, workers: int, name: str):
        self.app = app
        self.workers = workers
        self.name = name
        self._executor: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()
        self._outstanding: set[Future[Any]] = set()

    @property
    def enabled(self) -> bool:
        return self.workers > 0

    def submit(self, fn: Callable[..., Any], *args: Any) -> Future[Any] | None:
        """Run ``fn(*args)`` in the pool, in the app context; None when the pool is disabled."""
        if not self.enabled:
            return None
        with self._lock:
            if self._executor is None:
                self._executor = ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix=self.name)
            future = self._executor.submit(self._in_app, fn, *args)
            self._outstanding.add(future)
        future.add_done_callback(self._done)
        return future

    def _done(self, future: Future[Any]) -> None:
        with self._lock:
            self._outstanding.discard(future)

    def _in_app(self, fn: Callable[..., Any], *args: Any) -> Any:
        with self.app.app_context():
            try:
                return fn(*args)
            except Exception:
                log.exception("background job %s failed", getattr(fn, "__name__", fn))
                raise
            finally:
                db.session.remove()

    def wait(self, timeout: float = 120.0) -> None:
        """Block until every queued job is done (tests, benchmarks, shutdown)."""
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
