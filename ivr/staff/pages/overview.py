"""The overview: open now and why, what callers hear, the inbox count, and the audio of every prompt."""
from __future__ import annotations

import re

from flask import Response, current_app, jsonify, render_template, request, url_for

from ivr.callflow.flow import status_sentence
from ivr.clock import now
from ivr.content.prompts import DEFAULT_TEXTS
from ivr.content.store import current_office
from ivr.messages import service
from ivr.news.live import call_context
from ivr.staff import audio
from ivr.staff.editor import progress_view
from ivr.staff.frame import Route, languages_of, ui_lang


def overview() -> str:
    """Open now and why, the hot line, and the audio state of every prompt in every language."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    current = current_office()
    office = current.office
    moment = now()
    langs = languages_of(office)
    ctx = call_context(office, moment)
    status = ctx.status
    found = audio.cached_prompt_map(app, current.revision, office, moment)
    rows = audio.prompt_rows(app, office, found, langs)
    order = {key: i for i, key in enumerate(DEFAULT_TEXTS)}
    rows.sort(key=lambda row: order.get(row.key, len(order)))
    lines = {(line.lang, line.text): line for row in rows for by_lang in row.by_lang.values() for line in by_lang}
    counts = audio.summary(lines.values())
    ui = ui_lang()  # the holiday's or closure's name in the page's language when there is one
    reason_name = ""
    if status.holiday_names:
        reason_name = status.holiday_names.get(ui) or next(iter(status.holiday_names.values()), "")
    elif status.closure is not None:
        reason_name = status.closure.reason.get(ui) or next(iter(status.closure.reason.values()), "")
    return render_template(
        "staff/overview.html", status=status, reason_name=reason_name, moment=moment, office=office,
        callers_hear=[(lang, status_sentence(ctx, lang).text) for lang in langs], langs=langs, rows=rows,
        counts=counts, total=len(lines), synth_off=audio.synthesis_queue(app).workers <= 0,
        progress=progress_view(request.args.get("saved")), inbox_new=service.count_new(),
    )


def audio_status() -> Response:
    """For the pages' script: the audio state of the clip keys it asks about."""
    body = request.get_json(silent=True) or {}
    keys = [k for k in body.get("keys", []) if isinstance(k, str) and re.fullmatch(r"[0-9a-f]{64}", k)][:2000]
    states = audio.clip_states(current_app._get_current_object(), keys)  # type: ignore[attr-defined]
    return jsonify(states={
        key: {"status": clip.status, "url": url_for("audio.serve", name=clip.filename) if clip.filename else None}
        for key, clip in states.items()
    })


ROUTES = (
    Route("/", overview),
    Route("/audio/status", audio_status, methods=("POST",), json=True),
)
