"""`flask synth`, `say` and `pronounce`: the hotline's audio, one sentence spoken, the pronunciation table."""
from __future__ import annotations

import click
from flask.cli import with_appcontext

from ivr.callflow.catalogue import rate_for
from ivr.cli.common import DEFAULT_LANGUAGE, LANGUAGE, database_errors_in_one_line, ready_app
from ivr.clock import now
from ivr.content.models import RevisionNote
from ivr.content.store import current_office, save_office
from ivr.news.live import office_as_heard
from ivr.phrases.stress import unknown_words
from ivr.speech.clips import spoken_text
from ivr.speech.engines import SpeechError
from ivr.speech.engines.espeak import word_phonemes
from ivr.speech.queue import synthesis_queue
from ivr.speech.synthesis import synthesizer


@click.command("synth")
@database_errors_in_one_line
@with_appcontext
def synth_command() -> None:
    """Synthesize every sentence callers can hear that has no audio yet."""
    app = ready_app()
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
@click.option("--lang", type=LANGUAGE, default=DEFAULT_LANGUAGE, show_default=True)
@click.option("--slow", is_flag=True, help="The slower speech a caller can choose.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
              help="The file to write (.wav, or .mp3 when the engine makes MP3).")
@click.option("--phonemes", is_flag=True, help="Print each word's eSpeak phonemes in IPA (ˈ: stress); no audio.")
@database_errors_in_one_line
@with_appcontext
def say_command(text: str, lang: str, slow: bool, output: str | None, phonemes: bool) -> None:
    """Speak TEXT as the hotline would (pronunciation table and stress applied) into one audio file,
    or with --phonemes print what eSpeak says for each word."""
    if not text.strip():
        raise click.ClickException("there is no text to speak")
    if not output and not phonemes:
        raise click.ClickException("say where to write the audio (-o FILE) or ask for --phonemes")
    app = ready_app()
    with app.test_request_context():
        spoken = spoken_text(text, lang, current_office().office)
    if phonemes:
        try:
            for word, ipa in word_phonemes(spoken, lang):
                click.echo(f"{word}\t{ipa}")
        except SpeechError as exc:
            raise click.ClickException(str(exc)) from exc
        return
    synth = synthesizer(app)
    try:
        audio = synth.engine.synthesize(spoken, lang, rate_for(slow))
    except SpeechError as exc:
        raise click.ClickException(str(exc)) from exc
    with open(output, "wb") as out:
        out.write(audio.data)
    click.echo(f"{output}: {len(audio.data)} bytes of {audio.mime} by {audio.engine} ({audio.voice})")


@click.command("pronounce")
@database_errors_in_one_line
@click.argument("word", required=False)
@click.argument("spoken", required=False)
@click.option("--lang", type=LANGUAGE, default=DEFAULT_LANGUAGE, show_default=True)
@click.option("--remove", is_flag=True, help="Remove WORD from the table.")
@click.option("--unknown", is_flag=True,
              help="List the words callers hear whose stress neither the lexicon nor the table knows.")
@with_appcontext
def pronounce_command(word: str | None, spoken: str | None, lang: str, remove: bool, unknown: bool) -> None:
    """Show the pronunciation table, or teach the voice how to read WORD (write SPOKEN with a
    stress mark, e.g. камітэ́та, or spelt as it sounds). Sentences with WORD are synthesized again."""
    app = ready_app()
    if unknown:
        if word is not None or remove:
            raise click.ClickException("--unknown takes no WORD and no --remove")
        with app.test_request_context():
            office = office_as_heard(app)
            texts = {s.text for s in synthesizer(app).catalogue(office, now()) if s.lang == lang}  # each once
        counted = unknown_words(texts, lang, office.pronunciations.get(lang)).most_common()
        if not counted:
            click.echo(f"no unknown words: callers hear every {lang} word of two or more syllables with a known stress")
        for found, times in counted:
            click.echo(f"{times}\t{found}")
        return
    with app.test_request_context():
        latest = current_office()
        table = dict(latest.office.pronunciations.get(lang, {}))
        if word is None:
            if not table:
                click.echo(f"the {lang} pronunciation table is empty: add a word with "
                           f"`flask --app wsgi pronounce WORD SPOKEN --lang {lang}`")
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
        elif table.get(word.strip()) == spoken.strip():
            click.echo(f"{word.strip()!r} is read as {spoken.strip()!r} already: nothing saved")
            return
        else:
            table[word.strip()] = spoken.strip()
        pronunciations = {**latest.office.pronunciations, lang: table}
        revision = save_office(latest.office.with_changes(pronunciations=pronunciations), author="cli",
                               note=RevisionNote("pronunciation_word", {"word": word.strip(), "lang": lang}),
                               base=latest.revision)
    click.echo(f"saved as revision {revision}; synthesizing the sentences with {word!r} again…")
    synthesis_queue(app).wait()
    click.echo("done")


COMMANDS = (synth_command, say_command, pronounce_command)
