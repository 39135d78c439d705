"""The WSGI entry point: `gunicorn wsgi:app`, `flask --app wsgi run`."""
from ivr import create_app
from ivr.config import ConfigError

try:
    app = create_app()
except ConfigError as exc:
    # An operator's mistake in a setting: one line that names it, and a non-zero exit.
    raise SystemExit(f"hotline: configuration error: {exc}") from None
