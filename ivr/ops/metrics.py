"""Prometheus metrics: webhook requests and latency, <Say> fallbacks, synthesis, calls in progress.

Under gunicorn with several workers set PROMETHEUS_MULTIPROC_DIR (gunicorn.conf.py does), so the
figures of all workers are added up at /metrics.
"""
from __future__ import annotations

import os
import time
from datetime import timedelta
from typing import Iterator

from flask import Flask, Response, g, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

from ivr import clock
from ivr.callflow.events import ENDED, STARTED
from ivr.extensions import db
from ivr.ops.events import CallEvent

WEBHOOK_REQUESTS = Counter("hotline_webhook_requests_total", "Webhook requests answered", ["endpoint", "status"])
WEBHOOK_LATENCY = Histogram("hotline_webhook_latency_seconds", "Time to answer a webhook", ["endpoint"],
                            buckets=(0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5))
SAY_FALLBACKS = Counter("hotline_say_fallbacks_total", "Sentences spoken with <Say> because no audio was ready", ["lang"])
APOLOGIES = Counter("hotline_apologies_total", "Call steps that failed and apologised to the caller")
SYNTHESIS = Counter("hotline_synthesis_total", "Sentences synthesized, by outcome", ["outcome"])


class CallsInProgress(Collector):
    """Calls started within the last two hours that have not ended, read from the call events."""

    def __init__(self, app: Flask):
        self.app = app

    def collect(self) -> Iterator[GaugeMetricFamily]:
        from sqlalchemy import func, select

        since = clock.utc_now(self.app) - timedelta(hours=2)
        with self.app.app_context():
            started = select(CallEvent.call_sid).where(CallEvent.kind == STARTED, CallEvent.at >= since)
            ended = select(CallEvent.call_sid).where(CallEvent.kind == ENDED, CallEvent.at >= since)
            count = db.session.execute(
                select(func.count()).select_from(started.except_(ended).subquery())
            ).scalar() or 0
        yield GaugeMetricFamily("hotline_calls_in_progress", "Calls going on now (by their events)", value=count)


def instrument(app: Flask) -> None:
    """Time and count every webhook request."""

    @app.before_request
    def start_timer() -> None:
        if request.path.startswith("/voice"):
            g.ivr_started = time.perf_counter()

    @app.after_request
    def observe(response: Response) -> Response:
        started = g.pop("ivr_started", None)
        if started is not None:
            observe_webhook(request.endpoint or "unknown", response.status_code, time.perf_counter() - started)
        return response


def observe_webhook(endpoint: str, status: int, seconds: float) -> None:
    """Count one answered webhook request and how long it took."""
    WEBHOOK_LATENCY.labels(endpoint).observe(seconds)
    WEBHOOK_REQUESTS.labels(endpoint, str(status)).inc()


OWN_METRICS = (WEBHOOK_REQUESTS, WEBHOOK_LATENCY, SAY_FALLBACKS, APOLOGIES, SYNTHESIS)


class _Proxy(Collector):
    """Shows one of this process's metrics in a fresh registry (it stays in the default one too)."""

    def __init__(self, collector: Collector):
        self.collector = collector

    def collect(self):  # type: ignore[no-untyped-def]
        return self.collector.collect()


def exposition(app: Flask) -> Response:
    """The metrics page: all workers' figures when PROMETHEUS_MULTIPROC_DIR is set, else this process's."""
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        MultiProcessCollector(registry)
    else:
        for metric in OWN_METRICS:
            registry.register(_Proxy(metric))
    registry.register(CallsInProgress(app))
    return Response(generate_latest(registry), content_type=CONTENT_TYPE_LATEST)
