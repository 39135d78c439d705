"""What the editing pages share: the edit-form round trip (show, save, show the problems or the
conflict) and, after a save, how far the audio of the sentences it changed is."""
from __future__ import annotations

from typing import Any, Callable, Mapping

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext

from ivr.clock import now
from ivr.content.models import RevisionNote
from ivr.content.store import CurrentOffice, current_office
from ivr.staff import audio, revisions
from ivr.staff.forms.fields import Problems, clean_text
from ivr.staff.forms.saving import Outcome, office_at, parse_base, save_section
from ivr.staff.frame import author, field_label, fmt_moment, languages_of, yes_no

PROGRESS_SHOWN = 40


def conflict_view(section: Any, form: Mapping[str, str], latest: CurrentOffice) -> dict[str, Any]:
    """Your input next to what is saved now, for every field where they differ."""
    theirs = section.values(latest.office)
    names = [n for n in dict.fromkeys(list(theirs) + list(form)) if n not in ("csrf_token", "base")]
    rows = []
    for name in names:
        mine, saved = clean_text(form.get(name)), clean_text(theirs.get(name))
        if mine != saved:
            if name.endswith(("works", "hidden", "pinned", "remove")) or name.startswith("default-"):
                mine, saved = yes_no(mine), yes_no(saved)
            rows.append((field_label(name), mine, saved))
    info = revisions.revision_info(latest.revision)
    return {"revision": latest.revision, "author": info.author if info else "", "when": fmt_moment(info.created_at) if info else "",
            "rows": rows}


def progress_view(saved: str | None) -> dict[str, Any] | None:
    """The sentences a save made new, and how far their audio is (for the page after a save)."""
    if not saved or not saved.isdigit():
        return None
    revision = int(saved)
    after = office_at(revision)
    if after is None:
        return None
    before = office_at(revision - 1)
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    moment = now()
    after_sentences = audio.cached_catalogue(app, revision, after, moment)
    before_sentences = audio.cached_catalogue(app, revision - 1, before, moment) if before else None
    lines = audio.changed_lines(app, before, before_sentences, after, after_sentences)
    order = {lang: i for i, lang in enumerate(languages_of(after))}
    lines.sort(key=lambda line: (order.get(line.lang, len(order)), line.text))
    counts = audio.summary(lines)
    return {"revision": revision, "lines": lines[:PROGRESS_SHOWN], "more": max(0, len(lines) - PROGRESS_SHOWN),
            "total": len(lines), "counts": counts,
            "done": counts[audio.PENDING] == 0 and counts[audio.MISSING] == 0,
            "off": audio.synthesis_queue(app).workers <= 0}


def edit_page(section: Any, template: str, *, endpoint: str, note: RevisionNote,
              done_endpoint: str | None = None, endpoint_args: Mapping[str, Any] | None = None,
              extra: Callable[[Mapping[str, str], CurrentOffice], dict[str, Any]] | None = None) -> Any:
    """GET: the form with the saved values. POST: save (with ``note``: why, as data), or the
    form again with the clerk's input, the problems next to their fields and, on a conflict, the newer
    saved values side by side."""
    args = dict(endpoint_args or {})
    current = current_office()
    values: Mapping[str, str] = section.values(current.office)
    problems: Problems = {}
    conflict = None
    base = current.revision
    status = 200
    if request.method == "POST":
        form = request.form.to_dict(flat=True)
        sent_base = parse_base(form.get("base"))
        outcome: Outcome = save_section(section, form, base=sent_base, author=author(), note=note)
        if outcome.revision is not None:
            flash(gettext("Saved.", revision=outcome.revision), "success")
            return redirect(url_for(done_endpoint or endpoint, saved=outcome.revision, **({} if done_endpoint else args)))
        if outcome.unchanged:
            flash(gettext("Nothing changed, so nothing was saved."), "info")
            return redirect(url_for(done_endpoint or endpoint, **({} if done_endpoint else args)))
        values, problems = form, outcome.problems
        if outcome.conflict is not None:
            conflict = conflict_view(section, form, outcome.conflict)
            base, current, status = outcome.conflict.revision, outcome.conflict, 409
        else:
            base, status = sent_base if sent_base is not None else current.revision, 422
    context = dict(values=values, problems=problems, conflict=conflict, base=base,
                   progress=progress_view(request.args.get("saved")), action=url_for(endpoint, **args))
    if extra:
        context.update(extra(values, current))
    return render_template(template, **context), status
