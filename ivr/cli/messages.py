"""`flask purge` and `fetch-recordings`: callers' messages and their recordings."""
from __future__ import annotations

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from ivr.cli.common import database_errors_in_one_line, the_app
from ivr.config import settings
from ivr.extensions import db
from ivr.messages.models import DRAFT, FETCHED, Message
from ivr.messages.recordings import fetch_recording, missing_credentials
from ivr.messages.retention import purge


@click.command("purge")
@database_errors_in_one_line
@click.option("--days", type=click.IntRange(1, 3650), default=None,
              help="Keep this many days (default: IVR_RETENTION_DAYS).")
@with_appcontext
def purge_command(days: int | None) -> None:
    """Delete callers' recordings (ours and Twilio's), numbers and text requests older than the
    retention period (personal data). The service also does this daily by itself (IVR_DAILY_PURGE)."""
    keep = days or settings(the_app()).retention_days
    count = purge(keep)
    click.echo(f"purged {count} message{'s' if count != 1 else ''} older than {keep} days")


@click.command("fetch-recordings")
@database_errors_in_one_line
@with_appcontext
def fetch_recordings_command() -> None:
    """Copy every recording not yet in our store from Twilio (retries failed ones)."""
    reason = missing_credentials(settings(the_app()))
    if reason:
        raise click.ClickException(reason)
    ids = db.session.execute(select(Message.id).where(Message.recording_url != "", Message.fetch_status != FETCHED,
                                                      Message.status != DRAFT, Message.purged_at.is_(None))).scalars().all()
    ok = sum(1 for message_id in ids if fetch_recording(message_id))
    click.echo(f"{ok} of {len(ids)} recordings copied")
    if ok < len(ids):
        raise SystemExit(1)


COMMANDS = (purge_command, fetch_recordings_command)
