"""`flask` commands: init-db and call."""
from __future__ import annotations

import secrets
from datetime import datetime
from zoneinfo import ZoneInfo

import functools
from typing import Any, Callable

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from ivr.callflow.catalogue import rate_for
from ivr.staff.cli import register_staff_commands
from ivr.voice.walk import CallWalker, Page, WalkError


def database_errors_in_one_line(command: Callable[..., Any]) -> Callable[..., Any]:
    """An operator gets one line, not a traceback, when the database is locked or unreachable."""

    @functools.wraps(command)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        from sqlalchemy.exc import OperationalError

        try:
            return command(*args, **kwargs)
        except OperationalError as exc:
            reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
            raise click.ClickException(f"the database is busy or unreachable ({reason}); nothing was saved, try again") from None

    return guarded


def register(app: Flask) -> None:
    """Add the project's commands to `flask --app wsgi ...`."""
    app.cli.add_command(init_db_command)
    app.cli.add_command(call_command)
    app.cli.add_command(synth_command)
    app.cli.add_command(say_command)
    app.cli.add_command(pronounce_command)
    app.cli.add_command(purge_command)
    app.cli.add_command(fetch_recordings_command)
    app.cli.add_command(import_news_command)
    app.cli.add_command(feeds_command)
    register_staff_commands(app)  # create-staff, staff-password, list-staff (ivr/staff/cli.py)


@click.command("init-db")
@database_errors_in_one_line
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


def _clip_texts(page: Page) -> dict[str, str]:
    """The sentence behind each stored audio file the page plays."""
    from sqlalchemy import select

    from ivr.extensions import db
    from ivr.speech.clips import AudioClip

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
@click.option("--lang", type=click.Choice(["ru", "be", "en"]), default="ru", show_default=True,
              help="The language to answer the language menu with, before KEYS.")
@click.option("--at", "at", metavar="'YYYY-MM-DD HH:MM'", help="Pretend it is this moment (office time zone).")
@click.option("--say", "words", multiple=True, help="Say this instead of pressing a key (after KEYS; repeatable).")
@click.option("--from", "caller", default="anonymous", show_default=True,
              help="The caller's number as Twilio would send it (e.g. +375291234567); 'anonymous' hides it.")
@click.option("--record-seconds", default=5, show_default=True, type=click.IntRange(0, 600),
              help="When the hotline records a message, pretend the caller spoke this long (0: silence).")
@click.option("--dial-status", default="no-answer", show_default=True,
              type=click.Choice(["completed", "busy", "no-answer", "failed", "canceled"]),
              help="How a transfer to a person ends.")
@with_appcontext
def call_command(keys: tuple[str, ...], lang: str, at: str | None, words: tuple[str, ...], caller: str,
                 record_seconds: int, dial_status: str) -> None:
    """Call the hotline without a phone: answer the language menu, then press KEYS in the main menu.

    Each character of KEYS is one key; _ is silence (the caller waits until the timeout).
    """
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    # A short-lived command: no background threads (they would hold the process open at exit).
    # Missing audio is left to the service or `flask synth`.
    app.extensions["ivr.synth"].jobs.workers = 0
    app.extensions["ivr.jobs"].workers = 0
    app.extensions["ivr.events"].enabled = False  # a try-out is not a call in the statistics
    if at:
        moment = parse_moment(at, app.config["IVR_TIMEZONE"])
        app.extensions["ivr.clock"] = lambda: moment
    if not app.config.get("TWILIO_AUTH_TOKEN"):
        # Still exercise the real signature check: sign with a token known only to this process.
        app.config["TWILIO_AUTH_TOKEN"] = secrets.token_hex(16)
    walker = CallWalker(app.test_client(), app.config["TWILIO_AUTH_TOKEN"], app.config.get("IVR_PUBLIC_URL", ""),
                        caller=caller)
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


@click.command("synth")
@database_errors_in_one_line
@with_appcontext
def synth_command() -> None:
    """Synthesize every sentence callers can hear that has no audio yet."""
    from ivr.content.store import ensure_database
    from ivr.news.live import office_as_heard
    from ivr.speech.synthesis import synthesizer
    from ivr.clock import now

    app = current_app._get_current_object()  # type: ignore[attr-defined]
    ensure_database(app)
    synth = synthesizer(app)
    with app.test_request_context():
        office = office_as_heard(app)
        moment = now()
    with click.progressbar(length=1, label="synthesizing", show_pos=True) as bar:

        def progress(done: int, total: int) -> None:
            bar.length = total
            bar.update(done - bar.pos)

        counts = synth.synthesize_all(office, moment, progress=progress)
    click.echo(f"{counts.made} files made, {counts.reused} reused, {counts.failed} failed "
               f"(engine: {synth.engine.name}, audio in {synth.store.root})")
    for error, times in counts.errors.most_common(10):
        click.echo(f"  failed {times}×: {error}", err=True)
    if counts.failed:
        raise SystemExit(1)


@click.command("say")
@click.argument("text")
@click.option("--lang", type=click.Choice(["ru", "be", "en"]), default="ru", show_default=True)
@click.option("--slow", is_flag=True, help="The slower speech a caller can choose.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), required=True,
              help="The file to write (.wav, or .mp3 when the engine makes MP3).")
@with_appcontext
def say_command(text: str, lang: str, slow: bool, output: str) -> None:
    """Speak TEXT with the configured engines into one audio file."""
    from ivr.speech.engines import SpeechError
    from ivr.speech.synthesis import synthesizer

    if not text.strip():
        raise click.ClickException("there is no text to speak")
    synth = synthesizer(current_app._get_current_object())  # type: ignore[attr-defined]
    try:
        audio = synth.engine.synthesize(text, lang, rate_for(slow))
    except SpeechError as exc:
        raise click.ClickException(str(exc)) from exc
    with open(output, "wb") as out:
        out.write(audio.data)
    click.echo(f"{output}: {len(audio.data)} bytes of {audio.mime} by {audio.engine} ({audio.voice})")


@click.command("pronounce")
@database_errors_in_one_line
@click.argument("word", required=False)
@click.argument("spoken", required=False)
@click.option("--lang", type=click.Choice(["ru", "be", "en"]), default="ru", show_default=True)
@click.option("--remove", is_flag=True, help="Remove WORD from the table.")
@with_appcontext
def pronounce_command(word: str | None, spoken: str | None, lang: str, remove: bool) -> None:
    """Show the pronunciation table, or teach the voice how to read WORD (write SPOKEN with a
    stress mark, e.g. камітэ́та, or spelt as it sounds). Sentences with WORD are synthesized again."""
    from ivr.content.store import current_office, ensure_database, save_office

    app = current_app._get_current_object()  # type: ignore[attr-defined]
    ensure_database(app)
    with app.test_request_context():
        now = current_office()
        table = dict(now.office.pronunciations.get(lang, {}))
        if word is None:
            for key, value in sorted(table.items()):
                click.echo(f"{key} -> {value}")
            return
        if not word.strip():
            raise click.ClickException("the word is empty")
        if remove:
            if word not in table:
                raise click.ClickException(f"{word!r} is not in the {lang} table")
            del table[word]
        elif not spoken or not spoken.strip():
            raise click.ClickException("say how WORD should be read: flask --app wsgi pronounce WORD SPOKEN")
        else:
            table[word.strip()] = spoken.strip()
        pronunciations = {**now.office.pronunciations, lang: table}
        revision = save_office(now.office.with_changes(pronunciations=pronunciations), author="cli",
                               note=f"pronunciation of {word} ({lang})", base=now.revision)
    click.echo(f"saved as revision {revision}; synthesizing the sentences with {word!r} again…")
    app.extensions["ivr.synth"].wait()
    click.echo("done")


@click.command("purge")
@database_errors_in_one_line
@click.option("--days", type=click.IntRange(1, 3650), default=None,
              help="Keep this many days (default: IVR_RETENTION_DAYS).")
@with_appcontext
def purge_command(days: int | None) -> None:
    """Delete callers' recordings and numbers older than the retention period (personal data)."""
    from ivr.messages.service import purge

    app = current_app._get_current_object()  # type: ignore[attr-defined]
    keep = days or int(app.config["IVR_RETENTION_DAYS"])
    count = purge(keep)
    click.echo(f"purged {count} message{'s' if count != 1 else ''} older than {keep} days")


@click.command("fetch-recordings")
@database_errors_in_one_line
@with_appcontext
def fetch_recordings_command() -> None:
    """Copy every recording not yet in our store from Twilio (retries failed ones)."""
    from sqlalchemy import select

    from ivr.extensions import db
    from ivr.messages.models import DRAFT, FETCHED, Message
    from ivr.messages.recordings import fetch_recording

    ids = db.session.execute(select(Message.id).where(Message.recording_url != "", Message.fetch_status != FETCHED,
                                                      Message.status != DRAFT, Message.purged_at.is_(None))).scalars().all()
    ok = sum(1 for message_id in ids if fetch_recording(message_id))
    click.echo(f"{ok} of {len(ids)} recordings copied")
    if ok < len(ids):
        raise SystemExit(1)


@click.command("import-news")
@database_errors_in_one_line
@with_appcontext
def import_news_command() -> None:
    """Fetch every feed once and add its new headlines; one line per feed; exit 1 if any failed."""
    from ivr.content.store import ensure_database
    from ivr.news.importer import import_all

    app = current_app._get_current_object()  # type: ignore[attr-defined]
    ensure_database(app)
    reports = import_all()
    if not reports:
        click.echo("no feeds yet: add one with `flask --app wsgi feeds add URL --lang ru`")
    for report in reports:
        click.echo(report.line())
    app.extensions["ivr.synth"].wait()
    if any(report.error for report in reports):
        raise SystemExit(1)


@click.command("feeds")
@database_errors_in_one_line
@click.argument("action", type=click.Choice(["list", "add", "remove"]), default="list")
@click.argument("target", required=False)
@click.option("--lang", type=click.Choice(["ru", "be", "en"]), default="ru", show_default=True)
@click.option("--name", default="", help="A short name staff recognise (default: the site's address).")
@with_appcontext
def feeds_command(action: str, target: str | None, lang: str, name: str) -> None:
    """List the news feeds, add one (URL), or remove one (its number from the list)."""
    from sqlalchemy import select

    from ivr.content.store import ensure_database
    from ivr.extensions import db
    from ivr.news.manage import NewsError, add_feed, remove_feed
    from ivr.news.models import Feed

    ensure_database(current_app._get_current_object())  # type: ignore[attr-defined]
    try:
        if action == "add":
            if not target:
                raise NewsError("give the feed's address: feeds add URL --lang ru")
            feed = add_feed(target, lang, name)
            click.echo(f"added feed {feed.id}: {feed.url} ({feed.lang})")
        elif action == "remove":
            if not target or not target.isdigit():
                raise NewsError("give the feed's number from `feeds list`")
            remove_feed(int(target))
            click.echo(f"removed feed {target}")
        else:
            for feed in db.session.execute(select(Feed).order_by(Feed.id)).scalars():
                last = feed.last_import_at.strftime("%Y-%m-%d %H:%M") if feed.last_import_at else "never"
                status = f"error: {feed.last_error}" if feed.last_error else f"{feed.last_added} new"
                click.echo(f"{feed.id}. [{feed.lang}] {feed.name} {feed.url} (last import: {last}, {status})")
    except NewsError as exc:
        raise click.ClickException(str(exc)) from exc
