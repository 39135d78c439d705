"""`flask` commands: init-db and call."""
from __future__ import annotations

import secrets
from datetime import datetime
from zoneinfo import ZoneInfo

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from ivr.voice.walk import CallWalker, Page, WalkError


def register(app: Flask) -> None:
    """Add the project's commands to `flask --app wsgi ...`."""
    app.cli.add_command(init_db_command)
    app.cli.add_command(call_command)


@click.command("init-db")
@with_appcontext
def init_db_command() -> None:
    """Create the tables and, in an empty database, the demo office."""
    from ivr.content.store import ensure_database

    seeded = ensure_database(current_app._get_current_object())  # type: ignore[attr-defined]
    click.echo("database ready" + (" with the demo office" if seeded else ""))


def parse_moment(value: str, tz: str) -> datetime:
    """'YYYY-MM-DD HH:MM' in the office's time zone."""
    try:
        return datetime.strptime(value.strip(), "%Y-%m-%d %H:%M").replace(tzinfo=ZoneInfo(tz))
    except ValueError as exc:
        raise click.BadParameter(f"{value!r} is not a moment like \"2026-07-03 13:30\"") from exc


def print_page(page: Page) -> None:
    """What the caller hears on one step, and what the hotline then waits for."""
    for heard in page.heard:
        if heard.kind == "say":
            click.echo(f"  says: {heard.text}")
        else:
            click.echo(f"  plays: {heard.text}")
    if page.dial:
        click.echo(f"  puts the caller through to {page.dial['number']}")
    if page.gather:
        click.echo(f"  (waits {page.gather.get('timeout', '5')} s for a key or a word)")
    if page.hangup:
        click.echo("  hangs up")


@click.command("call")
@click.argument("keys", nargs=-1)
@click.option("--lang", type=click.Choice(["ru", "be", "en"]), default="ru", show_default=True,
              help="The language to answer the language menu with, before KEYS.")
@click.option("--at", "at", metavar="'YYYY-MM-DD HH:MM'", help="Pretend it is this moment (office time zone).")
@click.option("--say", "words", multiple=True, help="Say this instead of pressing a key (after KEYS; repeatable).")
@click.option("--dial-status", default="no-answer", show_default=True,
              type=click.Choice(["completed", "busy", "no-answer", "failed", "canceled"]),
              help="How a transfer to a person ends.")
@with_appcontext
def call_command(keys: tuple[str, ...], lang: str, at: str | None, words: tuple[str, ...], dial_status: str) -> None:
    """Call the hotline without a phone: answer the language menu, then press KEYS in the main menu.

    Each character of KEYS is one key; _ is silence (the caller waits until the timeout).
    """
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if at:
        moment = parse_moment(at, app.config["IVR_TIMEZONE"])
        app.extensions["ivr.clock"] = lambda: moment
    if not app.config.get("TWILIO_AUTH_TOKEN"):
        # Still exercise the real signature check: sign with a token known only to this process.
        app.config["TWILIO_AUTH_TOKEN"] = secrets.token_hex(16)
    walker = CallWalker(app.test_client(), app.config["TWILIO_AUTH_TOKEN"], app.config.get("IVR_PUBLIC_URL", ""))
    actions: list[tuple[str, str]] = [("lang", lang)]
    actions += [("key", ch) for group in keys for ch in group if not ch.isspace()]
    actions += [("say", w) for w in words]
    try:
        click.echo("── the phone rings")
        page = walker.start()
        print_page(page)
        for kind, value in actions:
            if page.hangup:
                break
            if page.dial and not page.gather:
                click.echo(f"── the transfer ends: {dial_status}")
                page = walker.dial_ends(dial_status)
                print_page(page)
            if page.hangup:
                break
            if kind == "lang":
                page = _choose_language(walker, page, value)
            elif kind == "say":
                click.echo(f"── the caller says «{value}»")
                page = walker.say(value)
            elif value == "_":
                click.echo("── the caller says nothing")
                page = walker.silence()
            else:
                click.echo(f"── the caller presses {value}")
                page = walker.press(value)
            print_page(page)
    except WalkError as exc:
        raise click.ClickException(str(exc)) from exc


def _choose_language(walker: CallWalker, page: Page, lang: str) -> Page:
    """Press the language menu's key for ``lang`` (nothing to do when there is no language menu)."""
    from ivr.content.store import current_office

    app = current_app._get_current_object()  # type: ignore[attr-defined]
    with app.test_request_context():
        office = current_office().office
    offered = [code for code in office.languages if code in app.config["IVR_LANGUAGES"]]
    if len(offered) < 2:
        return page  # the office speaks one language: no language menu
    if lang not in offered:
        raise click.ClickException(f"the office does not offer {lang}; it offers {', '.join(offered)}")
    key = str(offered.index(lang) + 1)
    click.echo(f"── the caller presses {key} ({lang})")
    return walker.press(key)
