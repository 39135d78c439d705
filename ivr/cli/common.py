"""What several command groups share: one-line database errors, and a database that is ready."""
from __future__ import annotations

import functools
from typing import Any, Callable

import click
from flask import Flask, current_app
from sqlalchemy.exc import OperationalError

from ivr.content.store import ensure_database
from ivr.languages import CODES, DEFAULT

# --lang of every command: the languages the hotline knows (ivr.languages), Russian unless told.
LANGUAGE = click.Choice(list(CODES))
DEFAULT_LANGUAGE = DEFAULT


def database_errors_in_one_line(command: Callable[..., Any]) -> Callable[..., Any]:
    """An operator gets one line, not a traceback, when the database is locked or unreachable."""

    @functools.wraps(command)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except OperationalError as exc:
            reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
            raise click.ClickException(f"the database is busy or unreachable ({reason}); nothing was saved, try again") from None

    return guarded


def the_app() -> Flask:
    """The app the command runs in (not the proxy: some commands hand it to other threads)."""
    return current_app._get_current_object()  # type: ignore[attr-defined]


def ready_app() -> Flask:
    """The app, its database brought to the newest schema (and seeded when empty)."""
    app = the_app()
    ensure_database(app)
    return app
