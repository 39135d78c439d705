"""The public "status of my request" form: a reference number and the last four digits of the phone
it was left from; the answer only when both match (``ivr.messages.requests.request_for``).

Guessing is slowed down by the staff login's own slow-down (``ivr.staff.auth``): each address gets a
few free misses, then waits longer after each; a wrong pair and a missing number look the same.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from flask import Blueprint, abort, render_template, request, url_for

from ivr.callflow.context import FiledRequest
from ivr.config import settings
from ivr.messages.lookup import request_for
from ivr.news.live import office_as_heard
from ivr.public.labels import label, labels, long_date
from ivr.public.views import PAGE_POLICY
from ivr.staff.auth import record_attempt, seconds_to_wait

# The name the lookups are counted under in the login attempts' table (no user name has a '#').
LOOKUP = "#request-status"
REFERENCE = re.compile(r"\d{5}")
LAST_FOUR = re.compile(r"\d{4}")


@dataclass(frozen=True)
class Lookup:
    """What the form answers: the request's lines, or what was wrong, and the HTTP status."""

    lines: tuple[str, ...] = ()
    problem: str = ""
    status: int = 200


def status_lines(request: FiledRequest, lang: str) -> tuple[str, ...]:
    """The request's status as the page shows it: status, date filed, the staff's note."""
    status = label(lang, f"request_status.{request.status}", body=request.forwarded_to)
    lines = [status, label(lang, "request_filed", date=long_date(request.filed, lang))]
    if request.note:
        lines.append(label(lang, "request_note", note=request.note))
    return tuple(lines)


def look_up(reference: str, last_four: str, address: str, lang: str) -> Lookup:
    """Answer the form for a client at ``address``: slowed down after several misses (429), a
    badly typed number named (422), a miss or someone else's number the same sentence, else the status."""
    wait = seconds_to_wait(LOOKUP, address)
    if wait:
        return Lookup(problem=label(lang, "request_wait", seconds=str(wait)), status=429)
    reference, last_four = reference.strip()[:20], last_four.strip()[:20]
    if not (REFERENCE.fullmatch(reference) and LAST_FOUR.fullmatch(last_four)):
        return Lookup(problem=label(lang, "request_bad"), status=422)
    found = request_for(reference, last_four)
    record_attempt(LOOKUP, address, found is not None)
    if found is None:
        return Lookup(problem=label(lang, "request_none"))
    return Lookup(lines=status_lines(found, lang))


# Its own blueprint: it reads the staff login's slow-down, which the public page itself never needs.
request_bp = Blueprint("requests", __name__, template_folder="templates")
# The form posts to itself and is never cached (its answers are personal).
REQUEST_POLICY = PAGE_POLICY.replace("form-action 'none'", "form-action 'self'")


@request_bp.route("/<any(ru, be, en):lang>/request", methods=["GET", "POST"])
def request_page(lang: str) -> tuple[str, int, dict[str, str]]:
    """The status of a request: its reference number and the last four digits of the phone it was
    left from (slowed down after several misses, like the staff login)."""
    office = office_as_heard()
    if lang not in office.offered_languages(settings().languages):
        abort(404)
    answer = Lookup()
    if request.method == "POST":
        answer = look_up(request.form.get("reference", ""), request.form.get("last_four", ""),
                         request.remote_addr or "", lang)
    html = render_template("public/request.html", lang=lang, t=labels(lang), answer=answer,
                           name=office.name.get(lang, ""), page_url=url_for("public.page", lang=lang),
                           reference=request.form.get("reference", "")[:5])
    return html, answer.status, {"Cache-Control": "no-store", "Content-Security-Policy": REQUEST_POLICY,
                                 "Content-Language": lang, "X-Content-Type-Options": "nosniff"}
