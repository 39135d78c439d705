"""`flask init-db`: the database's tables and, in an empty database, the demo office."""
from __future__ import annotations

import click
from flask.cli import with_appcontext

from ivr.cli.common import database_errors_in_one_line, the_app
from ivr.content.store import ensure_database


@click.command("init-db")
@database_errors_in_one_line
@with_appcontext
def init_db_command() -> None:
    """Create the tables and, in an empty database, the demo office."""
    seeded = ensure_database(the_app())
    click.echo("database ready" + (" with the demo office" if seeded else ""))


COMMANDS = (init_db_command,)
