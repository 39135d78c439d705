"""A prompt's recording: record it in the browser or upload a file, hear it, remove it.

The form is a plain file upload (it works without scripts); staff.js adds a recorder (MediaRecorder
with a level meter, listen back, record again) that puts its recording into the same form.
"""
from __future__ import annotations

from typing import Any

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext

from ivr.config import settings
from ivr.content.prompts import DEFAULT_TEXTS, prompt_template
from ivr.content.recordings import prompt_number, recording_state
from ivr.content.store import EditConflict, current_office
from ivr.speech.recorded import RecordingError, drop_recording, keep_recording
from ivr.staff.frame import Route, author, word


def recording(lang: str, key: str) -> Any:
    """GET: the prompt's text and recording, with the recorder and the upload form. POST: keep the
    uploaded (or recorded) file, or remove the recording; a file that is not usable audio comes
    back with what was wrong."""
    if lang not in settings().languages or not DEFAULT_TEXTS.get(key, {}).get(lang):
        abort(404)
    problem, status = "", 200
    if request.method == "POST":
        try:
            if request.form.get("remove"):
                drop_recording(key, lang, author=author())
                flash(gettext("Recording removed: callers hear synthesized speech."), "success")
            else:
                upload = request.files.get("audio")
                keep_recording(current_app._get_current_object(), key, lang,  # type: ignore[attr-defined]
                               upload.read() if upload else b"", author=author())
                flash(gettext("Recording saved: callers hear it."), "success")
            return redirect(url_for("staff.recording", lang=lang, key=key))
        except RecordingError as exc:
            problem, status = word("recording_error_" + exc.reason), 422
        except EditConflict:
            problem, status = gettext("Someone saved a change at the same moment. Please try again."), 409
    office = current_office().office
    found = office.recordings.get(key, {}).get(lang)
    return render_template("staff/recording.html", lang=lang, key=key, number=prompt_number(key),
                           text=prompt_template(office, key, lang), state=recording_state(office, key, lang),
                           recording=found, problem=problem), status


ROUTES = (
    Route("/texts/<lang>/recording/<key>", recording, methods=("GET", "POST"), menu="texts_index"),
)
