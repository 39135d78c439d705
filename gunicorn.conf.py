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
if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):  # (setdefault would make a folder every time)
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="hotline-metrics-")


def on_starting(server):  # noqa: ANN001, ANN201
    """Migrate the database to the newest revision (and seed the demo office) once, before the
    workers start. Masters on several hosts may do this at once: the migration lock serialises them."""
    from ivr import create_app, warn_about_insecure_settings
    from ivr.content.store import ensure_database
    from ivr.extensions import db

    app = create_app()
    warn_about_insecure_settings(app)  # once for the server, not once per worker
    for jobs in (app.extensions["ivr.jobs"], app.extensions["ivr.synth"].jobs):
        if not jobs.remote:
            jobs.workers = 0  # no threads in the master: each worker catches up on its first call
    ensure_database(app)  # with REDIS_URL, the demo office's synthesis is queued for `flask worker`
    # The workers are forked from this process: they must not share its database or Redis sockets.
    with app.app_context():
        db.engine.dispose()
    app.extensions["ivr.jobs"].close()
    app.extensions["ivr.synth"].jobs.close()


def post_worker_init(worker):  # noqa: ANN001, ANN201
    """Each worker, once it has loaded the app, starts its background threads (the news loop, the
    daily purge of callers' old data: one worker of all does it each day)."""
    from ivr import start_background
    from wsgi import app

    start_background(app)


def child_exit(server, worker):  # noqa: ANN001, ANN201
    """A worker's metrics files are merged into the totals when it goes."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
