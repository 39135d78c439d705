"""The overview: a summary (open now and why, what callers hear, and what needs attention: new
messages, audio not ready, words without a known stress, feeds failing), and the audio of every
prompt on a page of its own."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from flask import Flask, Response, current_app, jsonify, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from ivr.callflow.flow import status_sentence
from ivr.clock import now
from ivr.content.office import Office
from ivr.content.prompts import DEFAULT_TEXTS
from ivr.content.store import current_office
from ivr.extensions import db
from ivr.messages import service
from ivr.news.live import call_context
from ivr.news.models import Feed
from ivr.phrases.stress import unknown_words
from ivr.staff import audio
from ivr.staff.editor import progress_view
from ivr.staff.frame import Route, languages_of, ui_lang
from ivr.staff.pages.feeds import feed_problem

STRESSED_LANGUAGES = ("ru", "be")  # the languages whose words are given their stress (ivr/phrases/stress.py)


@dataclass(frozen=True)
class Attention:
    """One thing on the overview's "needs attention" list: what (a message key and its values) and where to act."""

    key: str
    values: dict[str, object]
    endpoint: str
    link_key: str


def _audio_lines(app: Flask, revision: int, office: Office, moment: datetime
                 ) -> tuple[list[str], list[audio.PromptRow], dict[tuple[str, str], audio.SpokenLine]]:
    # Every prompt's sentences in every language, in the order of the standard texts, and each line once.
    langs = languages_of(office)
    found = audio.cached_prompt_map(app, revision, office, moment)
    rows = audio.prompt_rows(app, office, found, langs)
    order = {key: i for i, key in enumerate(DEFAULT_TEXTS)}
    rows.sort(key=lambda row: order.get(row.key, len(order)))
    lines = {(line.lang, line.text): line for row in rows for by_lang in row.by_lang.values() for line in by_lang}
    return langs, rows, lines


def needs_attention(sees_inbox: bool, counts: dict[str, int], unknown: dict[str, int]) -> list[Attention]:
    """What a clerk should look at now, most urgent first (empty when all is well)."""
    items = []
    new = service.count_new() if sees_inbox else 0
    if new:
        items.append(Attention("attention_inbox", {"n": new}, "staff.inbox", "attention_inbox_link"))
    if counts["failed"]:
        items.append(Attention("attention_audio_failed", {"n": counts["failed"]}, "staff.audio_page", "attention_audio_link"))
    if counts["pending"] + counts["missing"]:
        items.append(Attention("attention_audio_pending", {"n": counts["pending"] + counts["missing"]}, "staff.audio_page",
                               "attention_audio_link"))
    for feed in db.session.execute(select(Feed).where(Feed.last_error != "").order_by(Feed.id)).scalars():
        items.append(Attention("attention_feed", {"name": feed.name, "problem": feed_problem(feed.last_error)}, "staff.feeds",
                               "attention_feed_link"))
    for lang, n in unknown.items():
        if n:
            items.append(Attention("attention_unknown", {"n": n, "lang": lang}, "staff.pronunciation",
                                   "attention_unknown_link"))
    return items


def overview() -> str:
    """Open now and why, what callers hear now, and what needs attention."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    current = current_office()
    office = current.office
    moment = now()
    langs, _rows, lines = _audio_lines(app, current.revision, office, moment)
    ctx = call_context(office, moment)
    status = ctx.status
    counts = audio.summary(lines.values())
    heard = audio.cached_catalogue(app, current.revision, office, moment)
    unknown = {lang: len(unknown_words({s.text for s in heard if s.lang == lang}, lang, office.pronunciations.get(lang)))
               for lang in langs if lang in STRESSED_LANGUAGES}
    ui = ui_lang()  # the holiday's or closure's name in the page's language when there is one
    reason_name = ""
    if status.holiday_names:
        reason_name = status.holiday_names.get(ui) or next(iter(status.holiday_names.values()), "")
    elif status.closure is not None:
        reason_name = status.closure.reason.get(ui) or next(iter(status.closure.reason.values()), "")
    return render_template(
        "staff/overview.html", status=status, reason_name=reason_name, moment=moment, office=office,
        callers_hear=[(lang, status_sentence(ctx, lang).text) for lang in langs], counts=counts, total=len(lines),
        synth_off=audio.synthesis_queue(app).workers <= 0, progress=progress_view(request.args.get("saved")),
        attention=needs_attention(bool(current_user.sees_inbox), counts, unknown),
    )


def audio_page() -> str:
    """The audio of every prompt in every language, each with its state and a player."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    current = current_office()
    langs, rows, lines = _audio_lines(app, current.revision, current.office, now())
    counts = audio.summary(lines.values())
    return render_template("staff/audio.html", langs=langs, rows=rows, counts=counts, total=len(lines),
                           synth_off=audio.synthesis_queue(app).workers <= 0)


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
    Route("/audio", audio_page, menu="overview"),
    Route("/audio/status", audio_status, methods=("POST",), json=True),
)
