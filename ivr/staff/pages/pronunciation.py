"""Pronunciation: per language, words and how the voice should read them; a word can be tried
first: its phonemes as eSpeak says them (with the stress) and its sound."""
from __future__ import annotations

from typing import Any

from flask import Response, abort, current_app, request, url_for

from ivr.content.models import RevisionNote
from ivr.content.office import Office
from ivr.content.store import current_office
from ivr.speech.clips import spoken_text
from ivr.speech.engines import SpeechError
from ivr.speech.engines.espeak import word_phonemes
from ivr.speech.synthesis import synthesizer
from ivr.staff.editor import edit_page
from ivr.staff.forms.pronunciation import PronunciationSection, trial_request
from ivr.staff.frame import Route, languages_of


def trial_view(office: Office, languages: list[str]) -> dict[str, Any] | None:
    """The word (or words) the clerk is trying, as the voice will say them: each word spoken with
    its IPA phonemes, and the address of its sound; None when nothing is being tried."""
    text, lang = trial_request(request.args, languages)
    if not text:
        return None
    spoken = spoken_text(text, lang, office)
    try:
        words = word_phonemes(spoken, lang)
    except SpeechError as exc:
        return dict(text=text, lang=lang, words=[], error=str(exc), url="")
    return dict(text=text, lang=lang, words=words, error="", url=url_for("staff.pronunciation_hear", lang=lang, **{"try": text}))


def pronunciation() -> Any:
    """The pronunciation tables of the office's languages, and a word being tried."""
    office = current_office().office
    section = PronunciationSection(languages_of(office))
    trial = trial_view(office, section.languages)
    return edit_page(section, "staff/pronunciation.html", endpoint="staff.pronunciation",
                     note=RevisionNote("pronunciation"),
                     extra=lambda values, current: dict(
                         langs=section.languages, trial=trial,
                         rows={lang: PronunciationSection.rows(values, lang) for lang in section.languages}))


def pronunciation_hear() -> Any:
    """The tried word spoken as the hotline would say it (saved table and stress applied), made
    now for the clerk: a staff page, not a call, so it may synthesize."""
    office = current_office().office
    text, lang = trial_request(request.args, languages_of(office))
    if not text:
        abort(400)
    try:
        audio = synthesizer(current_app).engine.synthesize(spoken_text(text, lang, office), lang)
    except SpeechError:
        abort(503)
    return Response(audio.data, mimetype=audio.mime, headers={"Cache-Control": "no-store"})


ROUTES = (Route("/pronunciation", pronunciation, methods=("GET", "POST")),
          Route("/pronunciation/hear", pronunciation_hear, menu="pronunciation"))
