"""`flask call`: call the hotline without a phone, through the real webhooks, and print what is heard."""
from __future__ import annotations

import secrets
from datetime import datetime
from zoneinfo import ZoneInfo

import click
from flask.cli import with_appcontext
from ivr import config
from ivr.cli.common import DEFAULT_LANGUAGE, LANGUAGE, the_app
from ivr.config import settings
from ivr.content.store import current_office
from ivr.jobs import background_jobs
from ivr.ops.events import event_log
from ivr.speech.queue import synthesis_queue
from ivr.staff.testcall import DIAL_STATUSES
from ivr.voice.walk import CallWalker, Page, WalkError, heard_on


def parse_moment(value: str, tz: str) -> datetime:
    """'YYYY-MM-DD HH:MM' in the office's time zone."""
    try:
        return datetime.strptime(value.strip(), "%Y-%m-%d %H:%M").replace(tzinfo=ZoneInfo(tz))
    except ValueError as exc:
        raise click.BadParameter(f"{value!r} is not a moment like \"2026-07-03 13:30\"") from exc


class Listener:
    """Prints what the caller hears on each step (and which stored audio file plays it), what
    follows, and how many seconds of audio the step plays and the call has played so far."""

    def __init__(self) -> None:
        self.seconds = 0.0  # audio played since the call was answered

    def hears(self, page: Page) -> None:
        """Print one step of the call."""
        heard = heard_on(page)
        for item in heard:
            if item.utterance.kind == "say":
                click.echo(f"  says: {item.text}   [Twilio's voice]")
            else:
                click.echo(f"  says: {item.text or '?'}   [plays {item.utterance.text}]")
        played = sum(item.seconds or 0.0 for item in heard)
        if heard:
            unmeasured = sum(item.seconds is None for item in heard)
            note = f"; {unmeasured} sentence(s) in Twilio's voice not counted" if unmeasured else ""
            click.echo(f"  ({played:.1f} s of audio, {self.seconds + played:.1f} s since the call was answered{note})")
        self.seconds += played
        if page.dial:
            click.echo(f"  puts the caller through to {page.dial['number']}")
        if page.record:
            click.echo(f"  records the caller's message after a beep: up to {page.record.get('maxLength')} s, "
                       f"{page.record.get('finishOnKey')} ends it")
        if page.gather:
            click.echo(f"  (waits {page.gather.get('timeout', '5')} s for a key or a word)")
        if page.hangup:
            click.echo("  hangs up")


# A KEYS argument that is a spoken phrase instead: "say:мой запрос".
SAY_PREFIX = "say:"


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

    Each character of KEYS is one key; _ is silence (the caller waits until the timeout); an argument
    "say:WORDS" says WORDS at that point (e.g. "say:мой запрос" 47012). Where the hotline takes a
    number of so many keys (a reference number), that many keys are keyed together (# ends early);
    where it asks for a number ended by # (a procedure's), the keys up to # are sent as one answer.
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
    if not settings(app).signing_key:
        # Still exercise the real signature check: sign with a token known only to this process.
        config.change(app, TWILIO_AUTH_TOKEN=secrets.token_hex(16))
    # Signed with the provider's webhook key (SignalWire's signing key, else the auth token).
    walker = CallWalker(app.test_client(), settings(app).signing_key, settings(app).public_url, caller=caller)
    actions: list[tuple[str, str]] = [("lang", lang)]
    for group in keys:
        if group.startswith(SAY_PREFIX):  # a phrase said at this point of the call
            actions.append(("say", group[len(SAY_PREFIX):]))
        else:
            actions += [("key", ch) for ch in group if not ch.isspace()]
    actions += [("say", w) for w in words]
    listener = Listener()
    try:
        click.echo("── the phone rings")
        page = walker.start()
        listener.hears(page)
        while actions:
            kind, value = actions.pop(0)
            page = _steps_without_keys(walker, listener, page, dial_status, record_seconds)
            if page.hangup:
                break
            if kind == "key" and value != "_" and _keys_at_once(page) > 1:
                value += _more_keys(actions, _keys_at_once(page) - 1)
                click.echo(f"── the caller keys {value}")
                page = walker.press(value)
            elif kind == "key" and page.gather and page.gather.get("finishOnKey"):
                # A number keyed whole (a procedure's, 1*1*5#): Twilio sends it at once, without the end key.
                end = page.gather["finishOnKey"]
                while value[-1:] != end and actions and actions[0][0] == "key":
                    value += actions.pop(0)[1]
                click.echo(f"── the caller keys {value}")
                page = walker.press(value.removesuffix(end))
            elif kind == "lang":
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
            listener.hears(page)
        if _steps_without_keys(walker, listener, page, dial_status, record_seconds).hangup:
            walker.hangs_up()
    except WalkError as exc:
        raise click.ClickException(str(exc)) from exc


def _keys_at_once(page: Page) -> int:
    """How many keys the hotline takes at once here (a reference number: several)."""
    return int((page.gather or {}).get("numDigits", "1") or 1)


def _more_keys(actions: list[tuple[str, str]], most: int) -> str:
    """Take up to ``most`` more keys from the front of ``actions`` (a '#' ends them, as on a phone)."""
    keys = ""
    while actions and actions[0][0] == "key" and len(keys) < most and actions[0][1] != "_":
        key = actions.pop(0)[1]
        if key == "#":
            break
        keys += key
    return keys


def _steps_without_keys(walker: CallWalker, listener: Listener, page: Page, dial_status: str,
                        record_seconds: int) -> Page:
    """What happens without a key: a transfer ends, a message is recorded."""
    if page.dial and not page.gather and not page.hangup:
        click.echo(f"── the transfer ends: {dial_status}")
        page = walker.dial_ends(dial_status)
        listener.hears(page)
    if page.record:
        page = _simulate_recording(walker, listener, record_seconds)
    return page


def _simulate_recording(walker: CallWalker, listener: Listener, seconds: int) -> Page:
    """Stand in for the caller speaking at the beep (nothing is sent to Twilio)."""
    if seconds:
        click.echo(f"── the caller speaks for {seconds} s and presses # (simulated recording)")
        page = walker.records(seconds)
    else:
        click.echo("── the caller says nothing at the beep")
        page = walker.records_nothing()
    listener.hears(page)
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
