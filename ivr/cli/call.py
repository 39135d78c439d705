"""`flask call`: call the hotline without a phone, through the real webhooks, and print what is heard."""
from __future__ import annotations

import secrets
from datetime import datetime
from zoneinfo import ZoneInfo

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from ivr import config
from ivr.cli.common import DEFAULT_LANGUAGE, LANGUAGE, the_app
from ivr.config import settings
from ivr.content.store import current_office
from ivr.extensions import db
from ivr.jobs import background_jobs
from ivr.ops.events import event_log
from ivr.speech.clips import AudioClip
from ivr.speech.queue import synthesis_queue
from ivr.staff.testcall import DIAL_STATUSES
from ivr.voice.walk import CallWalker, Page, WalkError


def parse_moment(value: str, tz: str) -> datetime:
    """'YYYY-MM-DD HH:MM' in the office's time zone."""
    try:
        return datetime.strptime(value.strip(), "%Y-%m-%d %H:%M").replace(tzinfo=ZoneInfo(tz))
    except ValueError as exc:
        raise click.BadParameter(f"{value!r} is not a moment like \"2026-07-03 13:30\"") from exc


def _clip_texts(page: Page) -> dict[str, str]:
    """The sentence behind each stored audio file the page plays."""
    names = [h.text.rsplit("/", 1)[-1] for h in page.heard if h.kind == "play"]
    if not names:
        return {}
    rows = db.session.execute(select(AudioClip.filename, AudioClip.text).where(AudioClip.filename.in_(names))).all()
    return {filename: text for filename, text in rows}


def print_page(page: Page) -> None:
    """What the caller hears on one step (and which stored audio file plays it), and what follows."""
    texts = _clip_texts(page)
    for heard in page.heard:
        if heard.kind == "say":
            click.echo(f"  says: {heard.text}   [Twilio's voice]")
        else:
            name = heard.text.rsplit("/", 1)[-1]
            click.echo(f"  says: {texts.get(name, '?')}   [plays {heard.text}]")
    if page.dial:
        click.echo(f"  puts the caller through to {page.dial['number']}")
    if page.record:
        click.echo(f"  records the caller's message after a beep: up to {page.record.get('maxLength')} s, "
                   f"{page.record.get('finishOnKey')} ends it")
    if page.gather:
        click.echo(f"  (waits {page.gather.get('timeout', '5')} s for a key or a word)")
    if page.hangup:
        click.echo("  hangs up")


@click.command("call")
@click.argument("keys", nargs=-1)
@click.option("--lang", type=LANGUAGE, default=DEFAULT_LANGUAGE, show_default=True,
              help="The language to answer the language menu with, before KEYS.")
@click.option("--at", "at", metavar="'YYYY-MM-DD HH:MM'", help="Pretend it is this moment (office time zone).")
@click.option("--say", "words", multiple=True, help="Say this instead of pressing a key (after KEYS; repeatable).")
@click.option("--from", "caller", default="anonymous", show_default=True,
              help="The caller's number as Twilio would send it (e.g. +375291234567); 'anonymous' hides it.")
@click.option("--record-seconds", default=5, show_default=True, type=click.IntRange(0, 600),
              help="When the hotline records a message, pretend the caller spoke this long (0: silence).")
@click.option("--dial-status", default="no-answer", show_default=True, type=click.Choice(DIAL_STATUSES),
              help="How a transfer to a person ends.")
@with_appcontext
def call_command(keys: tuple[str, ...], lang: str, at: str | None, words: tuple[str, ...], caller: str,
                 record_seconds: int, dial_status: str) -> None:
    """Call the hotline without a phone: answer the language menu, then press KEYS in the main menu.

    Each character of KEYS is one key; _ is silence (the caller waits until the timeout).
    """
    app = the_app()
    # A short-lived command: no background threads (they would hold the process open at exit).
    # Missing audio is left to the service or `flask synth`.
    synthesis_queue(app).jobs.workers = 0
    background_jobs(app).workers = 0
    event_log(app).enabled = False  # a try-out is not a call in the statistics
    if at:
        moment = parse_moment(at, settings(app).timezone)
        app.extensions["ivr.clock"] = lambda: moment
    if not settings(app).twilio_auth_token:
        # Still exercise the real signature check: sign with a token known only to this process.
        config.change(app, TWILIO_AUTH_TOKEN=secrets.token_hex(16))
    walker = CallWalker(app.test_client(), settings(app).twilio_auth_token, settings(app).public_url, caller=caller)
    actions: list[tuple[str, str]] = [("lang", lang)]
    actions += [("key", ch) for group in keys for ch in group if not ch.isspace()]
    actions += [("say", w) for w in words]
    try:
        click.echo("── the phone rings")
        page = walker.start()
        print_page(page)
        for kind, value in actions:
            page = _steps_without_keys(walker, page, dial_status, record_seconds)
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
        if _steps_without_keys(walker, page, dial_status, record_seconds).hangup:
            walker.hangs_up()
    except WalkError as exc:
        raise click.ClickException(str(exc)) from exc


def _steps_without_keys(walker: CallWalker, page: Page, dial_status: str, record_seconds: int) -> Page:
    """What happens without a key: a transfer ends, a message is recorded."""
    if page.dial and not page.gather and not page.hangup:
        click.echo(f"── the transfer ends: {dial_status}")
        page = walker.dial_ends(dial_status)
        print_page(page)
    if page.record:
        page = _simulate_recording(walker, record_seconds)
    return page


def _simulate_recording(walker: CallWalker, seconds: int) -> Page:
    """Stand in for the caller speaking at the beep (nothing is sent to Twilio)."""
    if seconds:
        click.echo(f"── the caller speaks for {seconds} s and presses # (simulated recording)")
        page = walker.records(seconds)
    else:
        click.echo("── the caller says nothing at the beep")
        page = walker.records_nothing()
    print_page(page)
    return page


def _choose_language(walker: CallWalker, page: Page, lang: str) -> Page:
    """Press the language menu's key for ``lang`` (nothing to do when there is no language menu)."""
    app = the_app()
    with app.test_request_context():
        office = current_office().office
    offered = list(office.offered_languages(settings(app).languages))
    if len(offered) < 2:
        return page  # the office speaks one language: no language menu
    if lang not in offered:
        raise click.ClickException(f"the office does not offer {lang}; it offers {', '.join(offered)}")
    key = str(offered.index(lang) + 1)
    click.echo(f"── the caller presses {key} ({lang})")
    return walker.press(key)


COMMANDS = (call_command,)
