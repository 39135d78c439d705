"""The RQ job entry point (REDIS_URL): a worker process runs each queued job here, in the app.

`flask --app wsgi worker` runs jobs inside its own app's context; a plain `rq worker` gets an app
made from the environment, once per process. Nothing in the service imports this module: RQ
finds it by name ("ivr.runner.run"), so it may import the app factory.
"""
from __future__ import annotations

import threading
from typing import Any

from flask import Flask, current_app, has_app_context

from ivr import create_app
from ivr.jobs import call_in_app, resolve

_worker_app: Flask | None = None
_worker_app_lock = threading.Lock()


def use_worker_app(app: Flask) -> None:
    """Run this process's RQ jobs in ``app``."""
    global _worker_app
    _worker_app = app


def worker_app() -> Flask:
    """The app jobs run in: the current one, else one made from the environment once per process."""
    global _worker_app
    if has_app_context():
        return current_app._get_current_object()  # type: ignore[attr-defined,no-any-return]
    with _worker_app_lock:
        if _worker_app is None:
            _worker_app = create_app()
        return _worker_app


def run(path: str, *args: Any) -> Any:
    """An RQ job: call the module-level function ``path`` ("module:function") in the app."""
    return call_in_app(worker_app(), resolve(path), *args)
