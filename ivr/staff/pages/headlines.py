"""Headlines written by hand: the list (hide, show, move, delete) and the form for one headline."""
from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext

from ivr.content.models import RevisionNote
from ivr.content.office import Office
from ivr.content.store import current_office
from ivr.staff.editor import conflict_view, edit_page, progress_view
from ivr.staff.forms.headlines import (HEADLINE_ACTIONS, HeadlineActionSection, HeadlineSection, find_headline,
                                       headline_name, headline_order, movable)
from ivr.staff.forms.saving import parse_base, save_section
from ivr.staff.frame import Route, author, languages_of, problem_text


def _name(office: Office, headline_id: str) -> str:
    return headline_name(office, headline_id, languages_of(office), gettext("(no title)"))


def headlines() -> str:
    """Every headline in the order callers hear them, with its buttons."""
    current = current_office()
    items = headline_order(current.office)
    names = {item.id: _name(current.office, item.id) for item in items}
    return render_template("staff/headlines.html", items=items, names=names, base=current.revision,
                           moves=movable(current.office),
                           langs=languages_of(current.office),
                           progress=progress_view(request.args.get("saved")))


def headline_new() -> Any:
    """A new headline."""
    section = HeadlineSection(languages_of(current_office().office), None)
    return edit_page(section, "staff/headline.html", endpoint="staff.headline_new", done_endpoint="staff.headlines",
                     note=RevisionNote("headline_added"),
                     extra=lambda values, current: dict(langs=section.languages, heading=gettext("Add a headline")))


def headline_edit(headline_id: str) -> Any:
    """One headline's title and text in every language, hidden, pinned."""
    office = current_office().office
    if find_headline(office, headline_id) is None:
        abort(404)
    section = HeadlineSection(languages_of(office), headline_id)
    name = _name(office, headline_id)
    return edit_page(section, "staff/headline.html", endpoint="staff.headline_edit", endpoint_args={"headline_id": headline_id},
                     done_endpoint="staff.headlines", note=RevisionNote("headline_edited", {"headline": headline_id}),
                     extra=lambda values, current: dict(langs=section.languages, heading=gettext("Headline: %(name)s", name=name),
                                                        headline_id=headline_id))


def headline_do(headline_id: str, action: str) -> Any:
    """Hide, show, move up or down, or delete a headline (a button on the list); a GET of delete asks first."""
    current = current_office()
    office = current.office
    if find_headline(office, headline_id) is None or action not in HEADLINE_ACTIONS:
        abort(404)
    if request.method == "GET":
        if action != "delete":
            abort(404)
        return render_template("staff/confirm.html", heading=gettext("Delete the headline?"),
                               text=gettext("Callers will no longer hear “%(name)s”. It can be brought back from the history.", name=_name(office, headline_id)), button=gettext("Yes, delete the headline"),
                               action=url_for("staff.headline_do", headline_id=headline_id, action="delete"),
                               base=current.revision, cancel=url_for("staff.headlines"))
    section = HeadlineActionSection(headline_id, action, languages_of(office))
    outcome = save_section(section, request.form, base=parse_base(request.form.get("base")), author=author(),
                           note=RevisionNote("headline_" + action, {"headline": headline_id}))
    if outcome.revision is not None:
        flash(gettext("Headline deleted (it can be restored from the history).") if action == "delete" else gettext("Saved.", revision=outcome.revision), "success")
        return redirect(url_for("staff.headlines", saved=outcome.revision))
    if outcome.conflict is not None:
        info = conflict_view(section, section.values(office), outcome.conflict)
        flash(gettext("While you were editing, %(author)s saved changes (%(when)s).", author=info["author"], revision=info["revision"], when=info["when"]) + " "
              + gettext("Nothing was saved."), "error")
    elif outcome.problems:
        flash(" ".join(problem_text(p) for p in outcome.problems.values()), "error")
    return redirect(url_for("staff.headlines"))


ROUTES = (
    Route("/headlines", headlines),
    Route("/headlines/new", headline_new, methods=("GET", "POST"), menu="headlines"),
    Route("/headlines/<headline_id>", headline_edit, methods=("GET", "POST"), menu="headlines"),
    Route("/headlines/<headline_id>/<action>", headline_do, methods=("GET", "POST"), menu="headlines"),
)
