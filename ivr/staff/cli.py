"""`flask` commands for staff accounts: create-staff, staff-password, list-staff."""
from __future__ import annotations

import os
from typing import IO

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from sqlalchemy import func, select

from ivr.extensions import db
from ivr.staff.models import ADMIN, EDITOR, ROLES, StaffUser

PASSWORD_ENV = "IVR_STAFF_PASSWORD"


def register_staff_commands(app: Flask) -> None:
    """Add the staff account commands to `flask --app wsgi ...`."""
    app.cli.add_command(create_staff_command)
    app.cli.add_command(staff_password_command)
    app.cli.add_command(list_staff_command)


def _ready() -> None:
    from ivr.content.store import ensure_database

    ensure_database(current_app._get_current_object())  # type: ignore[attr-defined]


def _new_password(password_file: IO[str] | None) -> str:
    """From --password-file (its first line), else $IVR_STAFF_PASSWORD, else asked twice."""
    from ivr.staff.auth import check_new_password

    if password_file is not None:
        password = password_file.readline().rstrip("\r\n")
    elif os.environ.get(PASSWORD_ENV):
        password = os.environ[PASSWORD_ENV]
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    problem = check_new_password(password, password)
    if problem is not None:
        field, found = problem
        if found.code == "password_short":
            raise click.ClickException(f"the password is too short: at least {found.params['min']} characters")
        raise click.ClickException("the password is too long")
    return password


@click.command("create-staff")
@click.argument("name")
@click.option("--role", type=click.Choice(ROLES), default=None,
              help="editor (changes content) or admin (also manages accounts); default: admin for the first account, else editor.")
@click.option("--password-file", type=click.File("r", encoding="utf-8"), default=None,
              help=f"Read the password from the first line of this file ('-': standard input). Else ${PASSWORD_ENV}, else asked twice.")
@with_appcontext
def create_staff_command(name: str, role: str | None, password_file: IO[str] | None) -> None:
    """Create the staff account NAME for the staff pages (/staff)."""
    from ivr.staff.auth import check_username, create_user, find_user, normal_username

    _ready()
    username = normal_username(name)
    if check_username(username) is not None:
        raise click.ClickException(
            f"{name!r} is not a usable user name: 3-40 lowercase Latin letters, digits, '.', '-' or '_'")
    if find_user(username) is not None:
        raise click.ClickException(f"the account {username} exists already (flask --app wsgi staff-password {username} changes its password)")
    password = _new_password(password_file)
    if role is None:
        anyone = db.session.execute(select(func.count()).select_from(StaffUser)).scalar_one()
        role = EDITOR if anyone else ADMIN
    create_user(username, password, role)
    click.echo(f"created the {role} account {username}; log in at /staff/login")


@click.command("staff-password")
@click.argument("name")
@click.option("--password-file", type=click.File("r", encoding="utf-8"), default=None,
              help=f"Read the new password from the first line of this file. Else ${PASSWORD_ENV}, else asked twice.")
@with_appcontext
def staff_password_command(name: str, password_file: IO[str] | None) -> None:
    """Set a new password for the staff account NAME (and let it log in again if it was locked out)."""
    from ivr.staff.auth import find_user

    _ready()
    user = find_user(name)
    if user is None:
        raise click.ClickException(f"there is no account {name!r}")
    user.set_password(_new_password(password_file))
    user.active = True
    db.session.commit()
    click.echo(f"new password set for {user.username}")


@click.command("list-staff")
@with_appcontext
def list_staff_command() -> None:
    """List the staff accounts."""
    _ready()
    for user in db.session.execute(select(StaffUser).order_by(StaffUser.username)).scalars():
        state = "" if user.active else " (cannot log in)"
        click.echo(f"{user.username}\t{user.role}{state}")
