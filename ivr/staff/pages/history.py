"""The history: every change (who, when, why, what changed), one change in full, and undoing it.

Two ways back, each previewed against the current content and confirmed: undo one change (a revert:
only what that change did goes back, later work stays; the default) and return everything to how it
was after a change (a rollback: later changes go too).
"""
from __future__ import annotations

from typing import Any, Callable

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext

from ivr.content.office import Office
from ivr.content.store import current_office
from ivr.staff import revisions
from ivr.staff.editor import progress_view
from ivr.staff.forms.saving import Outcome, office_at, parse_base, restore, revert
from ivr.staff.frame import Route, author, fmt_moment, lang_name, languages_of, prompt_label, word

HISTORY_PAGE = 50


def revision_moment(revision: int) -> str:
    """When ``revision`` was saved, as clerks write it: how the pages name a change (no numbers)."""
    info = revisions.revision_info(revision)
    return fmt_moment(info.created_at) if info else gettext("—")


def note_text(info: revisions.RevisionInfo) -> str:
    """Why the revision was saved, in the staff language (an old free-text note as it was written)."""
    if info.note is None:
        return info.old_note
    fields = dict(info.note.fields)
    if "lang" in fields:
        fields["lang"] = lang_name(fields["lang"])
    if "prompt" in fields:
        fields["prompt"] = prompt_label(fields["prompt"])
    if fields.get("revision", "").isdigit():
        fields["when"] = revision_moment(int(fields["revision"]))
    key = "note_" + info.note.kind
    words = word(key, **fields)
    return info.note.kind if words == key else words  # a kind these pages do not know yet


def _sections(before: Office | None, after: Office) -> list[tuple[str, list[revisions.Change]]]:
    return revisions.diff_sections(before, after, languages_of(after), lang_name, prompt_label)


def _diff(before: Office | None, after: Office) -> list[revisions.Change]:
    return [change for _key, changes in _sections(before, after) for change in changes]


def history() -> str:
    """The revisions, newest first, HISTORY_PAGE at a time, each with what it changed."""
    page = request.args.get("page", "1")
    number = int(page) if page.isdigit() and 0 < int(page) < 100000 else 1
    items, total = revisions.revisions(HISTORY_PAGE, (number - 1) * HISTORY_PAGE)
    summaries = {}
    for info in items:
        after, before = office_at(info.id), office_at(info.id - 1)
        summaries[info.id] = _diff(before, after) if after is not None else []
    latest = items[0].id if items and number == 1 else None
    return render_template("staff/history.html", items=items, summaries=summaries, page=number, latest=latest,
                           has_older=number * HISTORY_PAGE < total, note_text=note_text)


def history_revision(revision: int) -> Any:
    """One change: what it changed from the one before, and the two ways back (each previewed first)."""
    info = revisions.revision_info(revision)
    after = office_at(revision)
    if info is None or after is None:
        abort(404)
    current = current_office()
    before = office_at(revision - 1)
    return render_template("staff/revision.html", info=info, sections=_sections(before, after),
                           first=before is None, current=current.revision,
                           progress=progress_view(request.args.get("saved")), note_text=note_text)


def _preview(revision: int, kind: str, result: Callable[[Office], Office], kept: list[str]) -> str:
    info = revisions.revision_info(revision)
    if info is None:
        abort(404)
    current = current_office()
    return render_template("staff/undo_preview.html", info=info, kind=kind,
                           sections=_sections(current.office, result(current.office)), kept=kept,
                           base=current.revision, note_text=note_text)


def history_undo(revision: int) -> Any:
    """GET: what undoing this one change would change in the current content, and what stays because it
    was changed again later; its button confirms. POST: undo only this change's own edits, as a new change."""
    if request.method == "POST":
        return _done(revision, "undo", revert(revision, base=parse_base(request.form.get("base")), author=author()))
    before, after = office_at(revision - 1), office_at(revision)
    if before is None or after is None:
        abort(404)
    undone = revisions.undo_change(before, after, current_office().office)
    own = {change.label for change in _diff(before, after)}
    kept = list(dict.fromkeys(change.label for change in _diff(before, undone) if change.label in own))
    return _preview(revision, "undo", lambda _now: undone, kept)


def history_restore(revision: int) -> Any:
    """GET: what returning everything to this change would change in the current content (later changes
    included, shown as what goes); its button confirms. POST: save that revision's content as a new
    revision (nothing in the history is rewritten)."""
    if request.method == "POST":
        return _done(revision, "restore", restore(revision, base=parse_base(request.form.get("base")), author=author()))
    old = office_at(revision)
    if old is None:
        abort(404)
    return _preview(revision, "restore", lambda _now: old, [])


def _done(revision: int, kind: str, outcome: Outcome) -> Any:
    if outcome.revision is not None:
        flash(word(kind + "_done", when=revision_moment(revision)), "success")
        return redirect(url_for("staff.history_revision", revision=outcome.revision, saved=outcome.revision))
    if outcome.unchanged:
        flash(gettext("Nothing changed, so nothing was saved."), "info")
    elif outcome.conflict is not None:
        flash(gettext("A change was saved while you were looking (%(when)s). Nothing was done: look again and decide.", when=revision_moment(outcome.conflict.revision)), "error")
    else:
        abort(404)
    return redirect(url_for("staff.history_revision", revision=revision))


ROUTES = (
    Route("/history", history),
    Route("/history/<int:revision>", history_revision, menu="history"),
    # One rule per URL (GET previews, POST does it): a huge id is then "no page" for both methods.
    Route("/history/<int:revision>/undo", history_undo, methods=("GET", "POST"), menu="history"),
    Route("/history/<int:revision>/restore", history_restore, methods=("GET", "POST"), menu="history"),
)
