"""The history: every revision (who, when, why, what changed), one revision in full, and restoring it."""
from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for

from ivr.content.office import Office
from ivr.content.store import current_office
from ivr.staff import revisions
from ivr.staff.editor import progress_view
from ivr.staff.forms.saving import office_at, parse_base, restore
from ivr.staff.frame import Route, author, lang_name, languages_of, prompt_label, t

HISTORY_PAGE = 50


def note_text(info: revisions.RevisionInfo) -> str:
    """Why the revision was saved, in the staff language (an old free-text note as it was written)."""
    if info.note is None:
        return info.old_note
    fields = dict(info.note.fields)
    if "lang" in fields:
        fields["lang"] = lang_name(fields["lang"])
    if "prompt" in fields:
        fields["prompt"] = prompt_label(fields["prompt"])
    key = "note_" + info.note.kind
    words = t(key, **fields)
    return info.note.kind if words == key else words  # a kind these pages do not know yet


def _diff(before: Office | None, after: Office) -> list[revisions.Change]:
    return revisions.diff(before, after, t, languages_of(after), lang_name, prompt_label)


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
    """One revision: what it changed from the one before, and a button to restore it."""
    info = revisions.revision_info(revision)
    after = office_at(revision)
    if info is None or after is None:
        abort(404)
    current = current_office()
    before = office_at(revision - 1)
    return render_template("staff/revision.html", info=info, changes=_diff(before, after), previous=revision - 1 if before else None,
                           current=current.revision, base=current.revision,
                           progress=progress_view(request.args.get("saved")), note_text=note_text)


def history_restore(revision: int) -> Any:
    """Save an earlier revision's content as a new revision (nothing in the history is rewritten)."""
    outcome = restore(revision, base=parse_base(request.form.get("base")), author=author())
    if outcome.revision is not None:
        flash(t("restored", old=revision, new=outcome.revision), "success")
        return redirect(url_for("staff.history_revision", revision=outcome.revision, saved=outcome.revision))
    if outcome.unchanged:
        flash(t("unchanged"), "info")
    elif outcome.conflict is not None:
        flash(t("conflict_restore", revision=outcome.conflict.revision), "error")
    else:
        abort(404)
    return redirect(url_for("staff.history_revision", revision=revision))


ROUTES = (
    Route("/history", history),
    Route("/history/<int:revision>", history_revision, menu="history"),
    Route("/history/<int:revision>/restore", history_restore, methods=("POST",), menu="history"),
)
