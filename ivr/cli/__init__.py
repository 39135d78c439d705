"""The `flask --app wsgi ...` commands, one module per group; ``register(app)`` adds them all.

db: init-db · call: the call simulator · speech: synth, say, pronounce · messages: purge,
fetch-recordings · news: import-news, feeds · procedures: import, export · staff: create-staff, staff-password, list-staff ·
worker: RQ jobs when REDIS_URL is set · recordings: add, list, remove (recorded prompts).
"""
from __future__ import annotations

from flask import Flask

from ivr.cli import call, db, messages, news, procedures, recordings, speech, staff, worker

GROUPS = (db, call, speech, messages, news, procedures, staff, worker, recordings)


def register(app: Flask) -> None:
    """Add the project's commands to `flask --app wsgi ...`."""
    for group in GROUPS:
        for command in group.COMMANDS:
            app.cli.add_command(command)
