"""Which analytics events one step of a call makes: a pure function of the step."""
from __future__ import annotations

from ivr.ops.events import (CALLBACK, CHOICE, GAVE_UP, HEADLINE, INVALID, LANGUAGE, MESSAGE, NOINPUT, SMS, STARTED,
                            TRANSFER, TRANSFER_RESULT, Event)
from ivr.voice.flow import CallerInput, interpret
from ivr.voice.steps import CallState, Dial, Effect, Gather, Say, Turn

MAIN_CHOICES = {"1": "hours", "2": "news", "3": "contacts", "4": "sms", "0": "person"}
_EFFECTS = {"confirm_message": MESSAGE, "request_callback": CALLBACK, "send_sms": SMS}


def _next_node(turn: Turn) -> tuple[str, str]:
    for step in turn.steps:
        if isinstance(step, Gather):
            return step.action.node, step.action.lang
    return "", ""


def step_events(state: CallState, inp: CallerInput, turn: Turn, call_sid: str, caller_hash: str = "") -> list[Event]:
    """The events of one webhook step (``turn`` still holding its effects)."""
    lang = state.lang
    node = state.node
    events: list[Event] = []
    next_node, next_lang = _next_node(turn)
    if inp.event == "enter":
        events.append(Event(call_sid, STARTED, caller_hash=caller_hash))
    elif inp.event == "noinput":
        events.append(Event(call_sid, NOINPUT, node=node, lang=lang))
    elif inp.event == "dial":
        events.append(Event(call_sid, TRANSFER_RESULT, node=node, detail=inp.dial_status[:40], lang=lang))
    elif inp.event == "":
        key = interpret(node, inp)
        first = next((s for s in turn.steps if isinstance(s, Say)), None)
        first = first or next((s.prompts[0] for s in turn.steps if isinstance(s, Gather) and s.prompts), None)
        if key is None or (first is not None and first.key == "invalid"):
            events.append(Event(call_sid, INVALID, node=node, detail=(inp.digits or inp.speech)[:40], lang=lang))
        elif node == "main" and key in MAIN_CHOICES:
            events.append(Event(call_sid, CHOICE, node=node, detail=MAIN_CHOICES[key], lang=lang))
    if node in ("language", "start") and next_node == "main" and inp.event != "enter":
        events.append(Event(call_sid, LANGUAGE, node=node, lang=next_lang, detail=next_lang))
    elif inp.event == "enter" and next_node == "main":
        events.append(Event(call_sid, LANGUAGE, node="start", lang=next_lang, detail=next_lang))
    for step in turn.steps:
        prompts = step.prompts if isinstance(step, Gather) else (step,)
        for prompt in prompts:
            if isinstance(prompt, Say) and prompt.key in ("news.item", "news.item_dated"):
                events.append(Event(call_sid, HEADLINE, node="news", detail=prompt.text[:200], lang=prompt.lang))
            elif isinstance(prompt, Say) and prompt.key == "goodbye.noinput":
                events.append(Event(call_sid, GAVE_UP, node=node, lang=lang))
        if isinstance(step, Dial):
            events.append(Event(call_sid, TRANSFER, node=node, lang=lang))
        elif isinstance(step, Effect) and step.name in _EFFECTS:
            events.append(Event(call_sid, _EFFECTS[step.name], node=node, lang=lang))
    return events
