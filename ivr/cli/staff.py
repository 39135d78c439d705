"""`flask create-staff`, `staff-password` and `list-staff`: the staff pages' accounts."""
from __future__ import annotations

import os
from typing import IO

import click
from flask.cli import with_appcontext
from sqlalchemy import func, select

from ivr.cli.common import ready_app
from ivr.extensions import db
from ivr.staff.auth import check_new_password, check_username, create_user, find_user, normal_username
from ivr.staff.models import ADMIN, EDITOR, ROLES, StaffUser
from ivr.staff.words import english

PASSWORD_ENV = "IVR_STAFF_PASSWORD"


def _new_password(password_file: IO[str] | None, username: str) -> str:
    """From --password-file (its first line), else $IVR_STAFF_PASSWORD, else asked twice."""
    if password_file is not None:
        password = password_file.readline().rstrip("\r\n")
    elif os.environ.get(PASSWORD_ENV):
        password = os.environ[PASSWORD_ENV]
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    problem = check_new_password(password, password, username)
    if problem is not None:
        _field, found = problem
        raise click.ClickException(english("p_" + found.code, **found.params))
    return password


@click.command("create-staff")
@click.argument("name")
@click.option("--role", type=click.Choice(ROLES), default=None,
              help="editor (changes content) or admin (also manages accounts); default: admin for the first account, else editor.")
@click.option("--password-file", type=click.File("r", encoding="utf-8"), default=None,
              help=f"Read the password from the first line of this file ('-': standard input). Else ${PASSWORD_ENV}, else asked twice.")
@click.option("--inbox/--no-inbox", default=None,
              help="May read callers' messages and export calls; default: yes for the first account, else no.")
@with_appcontext
def create_staff_command(name: str, role: str | None, password_file: IO[str] | None, inbox: bool | None) -> None:
    """Create the staff account NAME for the staff pages (/staff)."""
    ready_app()
    username = normal_username(name)
    if (found := check_username(username)) is not None:
        raise click.ClickException(f"{name!r}: " + english("p_" + found.code))
    if find_user(username) is not None:
        raise click.ClickException(f"the account {username} exists already (flask --app wsgi staff-password {username} changes its password)")
    password = _new_password(password_file, username)
    anyone = db.session.execute(select(func.count()).select_from(StaffUser)).scalar_one()
    if role is None:
        role = EDITOR if anyone else ADMIN
    if inbox is None:
        inbox = not anyone
    create_user(username, password, role, inbox=inbox)
    reads = "with" if inbox else "without"
    click.echo(f"created the {role} account {username} ({reads} the inbox); log in at /staff/login")


@click.command("staff-password")
@click.argument("name")
@click.option("--password-file", type=click.File("r", encoding="utf-8"), default=None,
              help=f"Read the new password from the first line of this file. Else ${PASSWORD_ENV}, else asked twice.")
@with_appcontext
def staff_password_command(name: str, password_file: IO[str] | None) -> None:
    """Set a new password for the staff account NAME (and let it log in again if it was locked out)."""
    ready_app()
    user = find_user(name)
    if user is None:
        raise click.ClickException(f"there is no account {name!r}")
    user.set_password(_new_password(password_file, user.username))
    user.active = True
    db.session.commit()
    click.echo(f"new password set for {user.username}")


@click.command("list-staff")
@with_appcontext
def list_staff_command() -> None:
    """List the staff accounts."""
    ready_app()
    users = db.session.execute(select(StaffUser).order_by(StaffUser.username)).scalars().all()
    if not users:
        click.echo("no staff accounts yet: create the first with `flask --app wsgi create-staff NAME --role admin`")
    for user in users:
        state = ("" if user.active else " (cannot log in)") + (" +inbox" if user.inbox else "") + (" +2fa" if user.totp_on else "")
        click.echo(f"{user.username}\t{user.role}{state}")


COMMANDS = (create_staff_command, staff_password_command, list_staff_command)
