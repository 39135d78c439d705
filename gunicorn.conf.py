"""gunicorn settings for production: `gunicorn -c gunicorn.conf.py wsgi:app`.

Every value can be changed with an environment variable, so the same file serves one small server
or several hosts behind a load balancer.
"""
import os
import tempfile

bind = os.environ.get("IVR_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("IVR_WORKERS", "2"))
worker_class = "sync"
# Twilio gives up on a webhook after 15 s; no request of ours should come near that.
timeout = 30
graceful_timeout = 20
keepalive = 5
accesslog = "-"
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# Metrics from all workers are added up at /metrics through files in this folder.
os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", tempfile.mkdtemp(prefix="hotline-metrics-"))


def on_starting(server):  # noqa: ANN001, ANN201
    """Create the tables and the demo office once, before the workers start."""
    from ivr import create_app
    from ivr.content.store import ensure_database

    ensure_database(create_app())


def child_exit(server, worker):  # noqa: ANN001, ANN201
    """A worker's metrics files are merged into the totals when it goes."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
