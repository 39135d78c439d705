"""The procedures catalogue: the list, and the form for one procedure (add, change, delete)."""
from __future__ import annotations

from typing import Any

from flask import abort, render_template, request
from flask_babel import gettext

from ivr.content.models import RevisionNote
from ivr.content.procedures import TOPICS, by_number
from ivr.content.store import current_office
from ivr.staff.editor import edit_page, progress_view
from ivr.staff.forms.procedures import ProcedureSection
from ivr.staff.frame import Route, languages_of, word


def procedures() -> str:
    """Every procedure, by topic, in the order callers hear them."""
    current = current_office()
    langs = languages_of(current.office)
    by_topic = [(topic, [p for p in current.office.procedures if p.topic == topic]) for topic in TOPICS]
    return render_template("staff/procedures.html", by_topic=by_topic, langs=langs,
                           progress=progress_view(request.args.get("saved")))


def _form_page(number: str | None) -> Any:
    office = current_office().office
    section = ProcedureSection(languages_of(office), number)
    heading = gettext("Procedure %(number)s", number=number) if number else gettext("New procedure")
    topics = [(topic, word("topic_" + topic)) for topic in TOPICS]
    extra = dict(langs=section.languages, heading=heading, topics=topics, number=number)
    if number is None:
        return edit_page(section, "staff/procedure.html", endpoint="staff.procedure_new",
                         done_endpoint="staff.procedures", note=RevisionNote("procedure_added"),
                         extra=lambda values, current: extra)
    return edit_page(section, "staff/procedure.html", endpoint="staff.procedure_edit", endpoint_args={"number": number},
                     done_endpoint="staff.procedures", note=RevisionNote("procedure_edited", {"number": number}),
                     extra=lambda values, current: extra)


def procedure_new() -> Any:
    """A new procedure."""
    return _form_page(None)


def procedure_edit(number: str) -> Any:
    """One procedure: its number, topic, source and texts in every language; or delete it."""
    if by_number(current_office().office.procedures, number) is None:
        abort(404)
    return _form_page(number)


ROUTES = (
    Route("/procedures", procedures),
    Route("/procedures/new", procedure_new, methods=("GET", "POST"), menu="procedures"),
    Route("/procedures/<number>", procedure_edit, methods=("GET", "POST"), menu="procedures"),
)
