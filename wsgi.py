"""The WSGI entry point: `gunicorn -c gunicorn.conf.py wsgi:app`, `flask --app wsgi run`."""
import click

from ivr import create_app, start_background, warn_about_insecure_settings
from ivr.config import ConfigError

try:
    app = create_app()
except ConfigError as exc:
    # An operator's mistake in a setting: one line that names it, and a non-zero exit.
    raise SystemExit(f"hotline: configuration error: {exc}") from None

_command = click.get_current_context(silent=True)
if _command is not None and _command.info_name == "run":
    # `flask --app wsgi run` serves from this process; other `flask` commands start no threads,
    # and under gunicorn each worker starts its own (gunicorn.conf.py, post_worker_init).
    warn_about_insecure_settings(app)
    start_background(app)
