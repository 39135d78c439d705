"""Analytics events of a call: their kinds, the Event record, and the events of one step, read
from the marks the flow put in its turn (ivr.ops.events stores and writes them)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ivr.callflow.context import CallerInput
from ivr.callflow.steps import CallState, Turn

# Kinds of event. "choice" carries the menu choice in ``detail`` (the main menu table's statistics
# names: hours, news, contacts, sms, person).
STARTED, LANGUAGE, CHOICE, HEADLINE, NOINPUT, INVALID, TRANSFER, TRANSFER_RESULT = (
    "started", "language", "choice", "headline", "noinput", "invalid", "transfer", "transfer_result")
MESSAGE, CALLBACK, SMS, GAVE_UP, ENDED = "message", "callback", "sms", "gave_up", "ended"
# A procedure heard, and a number keyed that the catalogue does not have: ``detail`` is the number.
PROCEDURE, PROCEDURE_MISSING = "procedure", "procedure_missing"


@dataclass(frozen=True)
class Event:
    """An event before it is written."""

    call_sid: str
    kind: str
    node: str = ""
    detail: str = ""
    lang: str = ""
    caller_hash: str = ""
    seconds: float | None = None
    at: datetime | None = None


def step_events(state: CallState, inp: CallerInput, turn: Turn, call_sid: str, caller_hash: str = "") -> list[Event]:
    """The events of one webhook step: one per mark of ``turn``, at the node and in the language the
    caller was in unless the mark says otherwise."""
    events = []
    for mark in turn.marks:
        if mark.kind == STARTED:
            events.append(Event(call_sid, STARTED, caller_hash=caller_hash))
            continue
        # A wrong answer's detail is what the caller pressed or said: the input, not the flow, knows it.
        detail = mark.detail or ((inp.digits or inp.speech)[:40] if mark.kind == INVALID else "")
        events.append(Event(call_sid, mark.kind, node=mark.node or state.node.value, detail=detail[:200],
                            lang=mark.lang or state.lang))
    return events
