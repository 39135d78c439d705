"""`flask recordings add|list|remove`: prompts recorded in a studio, for offices that record there."""
from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from ivr.cli.common import DEFAULT_LANGUAGE, LANGUAGE, database_errors_in_one_line, ready_app
from ivr.content.office import Office
from ivr.content.prompts import DEFAULT_TEXTS
from ivr.content.recordings import CURRENT, NONE, OUTDATED, prompt_number, recordable, recording_state
from ivr.content.store import EditConflict, current_office
from ivr.speech.recorded import RecordingError, drop_recording, keep_recording, unrecordable

AUTHOR = "command line"


@click.group("recordings")
def recordings_group() -> None:
    """Recorded prompts: add a studio recording, list them, remove one."""


def _known(key: str) -> str:
    if key not in DEFAULT_TEXTS:
        raise click.ClickException(f"there is no prompt {key!r} (the staff texts page lists them)")
    return key


@recordings_group.command("add")
@database_errors_in_one_line
@click.argument("prompt_key")
@click.option("--lang", type=LANGUAGE, default=DEFAULT_LANGUAGE, show_default=True)
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def add_command(prompt_key: str, lang: str, file: Path) -> None:
    """Make FILE (WAV, MP3, OGG/Opus, M4A, FLAC) the recording of PROMPT_KEY for its current text."""
    app = ready_app()
    if not recordable(_known(prompt_key), lang):
        raise click.ClickException(unrecordable(prompt_key, lang))
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise click.ClickException(f"cannot read {file}: {exc.strerror}") from None
    try:
        revision = keep_recording(app, prompt_key, lang, data, author=AUTHOR)
    except RecordingError as exc:
        raise click.ClickException(f"{file.name}: {exc}") from None
    except EditConflict:
        raise click.ClickException("someone saved the content at the same moment; nothing was saved, try again") from None
    seconds = current_office().office.recordings[prompt_key][lang].seconds
    click.echo(f"recorded {prompt_key} ({lang}): {seconds:.1f} s, revision {revision}")


def _rows(office: Office) -> list[tuple[str, str, str]]:
    return [(key, lang, recording_state(office, key, lang))
            for key, by_lang in office.recordings.items() for lang in by_lang]


@recordings_group.command("list")
@database_errors_in_one_line
@with_appcontext
def list_command() -> None:
    """Every recorded prompt, and whether callers hear it (current) or its text changed since (out of date)."""
    ready_app()
    office = current_office().office
    rows = sorted(_rows(office), key=lambda row: (prompt_number(row[0]), row[1]))
    if not rows:
        click.echo("no prompt is recorded: callers hear synthesized speech everywhere")
        return
    words = {CURRENT: "current", OUTDATED: "out of date (the text changed: record it again)", NONE: ""}
    for key, lang, state in rows:
        seconds = office.recordings[key][lang].seconds
        click.echo(f"{prompt_number(key):3d}  {key} ({lang})  {seconds:.1f} s  {words.get(state, state)}")


@recordings_group.command("remove")
@database_errors_in_one_line
@click.argument("prompt_key")
@click.option("--lang", type=LANGUAGE, default=DEFAULT_LANGUAGE, show_default=True)
@with_appcontext
def remove_command(prompt_key: str, lang: str) -> None:
    """Remove the recording of PROMPT_KEY: callers hear the synthesized text again."""
    ready_app()
    _known(prompt_key)
    try:
        revision = drop_recording(prompt_key, lang, author=AUTHOR)
    except EditConflict:
        raise click.ClickException("someone saved the content at the same moment; nothing was saved, try again") from None
    if revision is None:
        raise click.ClickException(f"{prompt_key} ({lang}) has no recording")
    click.echo(f"removed the recording of {prompt_key} ({lang}), revision {revision}")


COMMANDS = (recordings_group,)
