"""The test call: the clerk's keypad, a real call's steps at any moment they choose (see ivr.staff.testcall)."""
from __future__ import annotations

from datetime import datetime
from typing import Any, Mapping

from flask import jsonify, render_template, request, url_for
from flask_babel import gettext

from ivr.clock import now
from ivr.content.store import current_office
from ivr.staff import testcall
from ivr.staff.forms.fields import Problems, clean_text, read_moment
from ivr.staff.frame import Route, languages_of, office_tz, problem_text, word


def _did(next_url: str | None, digits: str, speech: str, dial_status: str) -> str:
    """What the caller did at this step, in words."""
    if next_url is None:
        return gettext("The phone rings")
    if dial_status:
        return gettext("The transfer ended: %(status)s", status=word("dial_" + dial_status) if dial_status in testcall.DIAL_STATUSES else dial_status)
    if digits:
        return gettext("You pressed %(key)s", key=digits)
    if speech:
        return gettext("You said “%(words)s”", words=speech)
    return gettext("You pressed nothing")


def _described(turn: dict[str, Any], moment: datetime) -> dict[str, Any]:
    """A step with the words the page shows next to it."""
    turn["at"] = gettext("Call at %(moment)s", moment=moment.strftime("%d.%m.%Y %H:%M"))
    notes = []
    if turn["dial"]:
        notes.append(gettext("The call is put through to %(number)s", number=turn["dial"]["number"]))
    if turn["gather_url"]:
        notes.append(gettext("Waits %(seconds)s s for a key.", seconds=turn["wait"]))
    if turn["record"]:
        notes.append(gettext("Here the caller records a message; a test call records nothing: press “Press nothing”."))
    if turn["hangup"]:
        notes.append(gettext("The call has ended."))
    turn["notes"] = notes
    for heard in turn["heard"]:
        heard["note"] = gettext("fallback voice: no audio yet") if heard["kind"] == "say" else gettext("a staff recording") if heard.get("recorded") else ""
    return turn


def _test_call_turns(form: Mapping[str, str], next_url: str | None) -> tuple[list[dict[str, Any]], Problems]:
    """One step of the test call (the start also answers the language menu when asked to)."""
    moment, problems = read_moment(form, now(), office_tz())
    if moment is None:
        return [], problems
    digits = clean_text(form.get("digits"))[:1]
    speech = clean_text(form.get("speech"))[:200] if form.get("say") else ""
    dial_status = clean_text(form.get("dial_status"))
    result = testcall.step(next_url, moment, digits=digits, speech=speech, dial_status=dial_status)
    turns = [dict(did=_did(next_url, digits, speech, dial_status), **result.as_json())]
    answer = form.get("answer_lang", "")
    offered = languages_of(current_office().office)
    if next_url is None and answer in offered and result.node == "language" and result.gather_url:
        key = str(offered.index(answer) + 1)
        second = testcall.step(result.gather_url, moment, digits=key)
        turns.append(dict(did=gettext("You pressed %(key)s", key=key), **second.as_json()))
    return [_described(turn, moment) for turn in turns], problems


def _next_url(form: Mapping[str, str]) -> str | None:
    """Which of the call's next URLs the clerk's action follows (none: the phone rings)."""
    if form.get("start"):
        return None
    if form.get("dial_status"):
        return form.get("dial_url") or None
    if form.get("digits") or form.get("say"):
        return form.get("gather_url") or None
    return form.get("redirect_url") or None


def test_call() -> Any:
    """The keypad page; without a script, each key press posts the form and the page shows the step."""
    current = now()
    values = {"date": current.strftime("%d.%m.%Y"), "time": current.strftime("%H:%M"),
              "answer_lang": ""}
    turns: list[dict[str, Any]] = []
    problems: Problems = {}
    status = 200
    if request.method == "POST":
        values = {**values, **{k: request.form.get(k, "") for k in ("date", "time", "answer_lang")}}
        next_url = _next_url(request.form)
        if next_url is not None and not next_url.startswith(url_for("staff.test_call_step")):
            next_url = None
        turns, problems = _test_call_turns(request.form, next_url)
        status = 422 if problems else 200
    last = turns[-1] if turns else None
    return render_template("staff/test_call.html", values=values, turns=turns, last=last, problems=problems,
                           langs=languages_of(current_office().office),
                           step_url=url_for("staff.test_call_step"), dial_statuses=testcall.DIAL_STATUSES), status


def test_call_step() -> Any:
    """For the keypad's script: one step as JSON; the call's state is in the query string."""
    form = request.form
    next_url = None if form.get("start") or not request.query_string else request.full_path
    turns, problems = _test_call_turns(form, next_url)
    if problems:
        return jsonify(problems={name: problem_text(p) for name, p in problems.items()}), 422
    return jsonify(turns=turns)


ROUTES = (
    Route("/test-call", test_call, methods=("GET", "POST")),
    Route("/test-call/step", test_call_step, methods=("POST",), json=True),
)
