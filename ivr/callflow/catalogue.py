"""Every sentence a caller can hear, found by walking the call flow itself.

Synthesizing ahead of time needs the full list of sentences, including those that depend on the
moment ("the office opens on Monday at eight thirty"). Rather than keep a second list in step with
the flow, the flow is walked: every menu, every key, silence and transfer results, at a set of
moments covering the next two weeks (each opening, lunch and closing, each day off and holiday).
"""
from __future__ import annotations

import json
from collections import deque
from dataclasses import dataclass, replace
from functools import lru_cache
from datetime import datetime, time, timedelta
from typing import Iterable, Iterator

from ivr.callflow.context import CallerInput, FlowContext
from ivr.callflow.flow import (MAX_TRIES, notice_sentence, respond, services_now_sentences, special_sentences,
                               status_sentence)
from ivr.callflow.steps import CallState, Gather, Node, Redirect, Say, Turn
from ivr.content.office import RECEPTION, Office, office_to_dict
from ivr.receptions import sessions
from ivr.schedule import hours_on, status_at
from ivr.timetable import service_ids

NORMAL_RATE = 100
SLOW_RATE = 75
DAYS_AHEAD = 14
_INPUTS = [CallerInput(digits=k) for k in "0123456789*#"] + [
    CallerInput(event="noinput"),
    CallerInput(event="quiet"),  # a first silence where the provider asks again (jambonz)
    CallerInput(event="dial", dial_status="completed"),
    CallerInput(event="dial", dial_status="no-answer"),
    CallerInput(event="recorded"),
    CallerInput(event="sms", outcome="queued"),
    CallerInput(event="sms", outcome="limit"),
    # A reference number keyed in "my request" (nobody's: the walk has no requests), and the check.
    CallerInput(digits="10000"),
    CallerInput(digits="100000000"),
]
# A stand-in reference number, for the sentences around a filed request's number.
SAMPLE_REFERENCE = "10000"


@dataclass(frozen=True, order=True)
class Sentence:
    """One sentence to synthesize: its language, its text and the speech rate."""

    lang: str
    text: str
    rate: int = NORMAL_RATE


def rate_for(slow: bool) -> int:
    """The synthesis rate for the caller's chosen speed."""
    return SLOW_RATE if slow else NORMAL_RATE


# Sentences that hold the caller's own data (their number read back): never made into audio, so
# never in the public audio store or under a name anyone can compute; the call says them with
# Twilio's <Say>.
# The same for a procedure number the catalogue does not have (what the caller keyed), and a
# request's reference number, status and note (the caller's own too).
CALLER_SPECIFIC = frozenset({"callback.confirm", "procedure.not_found", "request.reference", "request.note",
                             "request.status_new", "request.status_in_progress", "request.status_done",
                             "request.status_forwarded"})
# A stand-in caller with a visible number, so the menus that need one are walked too.
SAMPLE_CALLER = "+375290000000"


def labelled_sentences(turn: Turn, skip: frozenset[str] = frozenset()) -> Iterator[tuple[Sentence, str]]:
    """The sentences one turn speaks, each at the rate it is spoken and with the prompt it comes
    from (prompts in ``skip`` left out)."""
    for step in turn.steps:
        if isinstance(step, Say) and step.key not in skip:
            yield Sentence(step.lang, step.text, rate_for(turn.slow)), step.key or ""
        elif isinstance(step, Gather):
            for prompt in step.prompts:
                if prompt.key not in skip:
                    yield Sentence(prompt.lang, prompt.text, rate_for(step.slow)), prompt.key or ""


def sentences_of(turn: Turn, skip: frozenset[str] = frozenset()) -> Iterator[Sentence]:
    """The sentences one turn speaks, each at the rate it is spoken (prompts in ``skip`` left out)."""
    return (sentence for sentence, _ in labelled_sentences(turn, skip))


def _next_states(turn: Turn) -> Iterator[CallState]:
    for step in turn.steps:
        if isinstance(step, (Gather, Redirect)):
            yield step.action


def walk_turns(ctx: FlowContext) -> Iterator[Turn]:
    """Every turn the flow can give at ctx's moment, over every reachable menu state and input."""
    first = respond(ctx, CallState(), CallerInput(event="enter"))
    yield first
    queue = deque(_next_states(first))
    seen: set[CallState] = set()
    inputs = [i for i in _INPUTS if ctx.sms_available or i.event != "sms"]
    while queue:
        state = queue.popleft()
        if state in seen or state.tries > MAX_TRIES:
            continue
        seen.add(state)
        for inp in inputs:
            turn = respond(ctx, state, inp)
            yield turn
            queue.extend(s for s in _next_states(turn) if s not in seen)


def walk_flow(ctx: FlowContext) -> dict[Sentence, str]:
    """Everything the flow can say at ctx's moment (leaving out caller-specific sentences), each
    with its prompt, in the order a call meets them."""
    return _labelled(labelled for turn in walk_turns(ctx) for labelled in labelled_sentences(turn, CALLER_SPECIFIC))


def _labelled(found: Iterable[tuple[Sentence, str]], into: dict[Sentence, str] | None = None) -> dict[Sentence, str]:
    """``into`` (default: a new dict) with each sentence not in it yet added, with its prompt."""
    into = {} if into is None else into
    for sentence, key in found:
        into.setdefault(sentence, key)
    return into


def moments(office: Office, start: datetime, days: int = DAYS_AHEAD, timezone: str = "Europe/Minsk") -> list[datetime]:
    """Moments that together produce every "open now" sentence of the coming days."""
    calendars = [office.service_calendar(sid, timezone) for sid in service_ids(office)]
    out = [start]
    for offset in range(days):
        day = (start + timedelta(days=offset)).date()
        points = {time(6, 0)}
        for calendar in calendars:  # every service's changes, for its own "open now" sentence
            hours, _reason = hours_on(calendar, day)
            if hours is not None:
                points |= {hours.opens, hours.closes}
                if hours.lunch_start and hours.lunch_end:
                    points |= {hours.lunch_start, hours.lunch_end}
        for point in sorted(points):
            moment = datetime.combine(day, point, tzinfo=start.tzinfo) + timedelta(minutes=1)
            if moment >= start:
                out.append(moment)
    return out


def reception_moments(office: Office, start: datetime, days: int = DAYS_AHEAD,
                      timezone: str = "Europe/Minsk") -> list[datetime]:
    """Moments just after each midnight and each start and end of a reception or direct line of the
    coming days: the receptions answer changes then ("tomorrow" becomes "today", a direct line is on,
    the next session moves on)."""
    calendar = office.calendar(timezone=timezone)
    midnight = datetime.combine(start.date(), time(0, 0), tzinfo=start.tzinfo)
    out = [start] + [midnight + timedelta(days=offset, minutes=1) for offset in range(1, days + 1)]
    for reception in office.receptions:
        for session in sessions(reception, calendar, start, start + timedelta(days=days)):
            out += [point.replace(tzinfo=start.tzinfo) + timedelta(minutes=1) for point in (session.starts, session.ends)]
    return sorted(moment for moment in out if moment >= start)


# The answers that depend on the receptions' moment: the receptions answer, and being put through.
_RECEPTION_ANSWERS = ((Node.CONTACTS, "2"), (Node.RECEPTIONS, "1"))


class _SameOffice:
    """An office compared by its whole document, so that a walk already made can be found again."""

    def __init__(self, office: Office):
        self.office = office
        self.document = json.dumps(office_to_dict(office), sort_keys=True, default=str)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _SameOffice) and other.document == self.document

    def __hash__(self) -> int:
        return hash(self.document)


def catalogue(office: Office, languages: Iterable[str], now: datetime, timezone: str = "Europe/Minsk",
              caller_id: str = "", sms_available: bool = False, web_address: str = "",
              main_service: str = RECEPTION) -> dict[Sentence, str]:
    """All sentences a caller may hear from now over the next days, in every offered language,
    each with the prompt it comes from ("" for none), in the order a call meets them."""
    # The walk takes seconds and is a function of these arguments alone; synthesis after a save
    # and the staff pages' "audio not ready" ask for the same one.
    return dict(_walked(_SameOffice(office), tuple(languages), now, timezone, caller_id, sms_available, web_address,
                        main_service))


@lru_cache(maxsize=4)
def _walked(same: _SameOffice, langs: tuple[str, ...], now: datetime, timezone: str, caller_id: str,
            sms_available: bool, web_address: str, main_service: str) -> dict[Sentence, str]:
    office = same.office
    calendar = office.calendar(timezone=timezone)

    def context(moment: datetime) -> FlowContext:
        return FlowContext(office=office, status=status_at(calendar, moment), languages=langs, caller_id=caller_id,
                           caller_number=SAMPLE_CALLER, sms_available=sms_available, web_address=web_address,
                           main_service=main_service)

    here = context(now)
    found = _labelled(walk_flow(replace(here, caller_number="")).items(), walk_flow(here))  # and a hidden number
    for line in (replace(here, voice_messages=False), replace(here, voice_messages=False, caller_number="")):
        _labelled(walk_flow(line).items(), found)  # a line that cannot record (jambonz): the call-back instead
    contexts = [context(moment) for moment in moments(office, now, timezone=timezone)]
    # The other side of open/closed: "putting you through" versus "call us in office hours".
    other = next((ctx for ctx in contexts if ctx.status.is_open != here.status.is_open), None)
    if other is not None:
        _labelled(walk_flow(other).items(), found)
    # A caller reviewing their own recording (the flow only gets there with one in hand).
    reviewing = replace(here, recording_url="recording")
    for lang in langs:
        for slow in (False, True):
            state = CallState(node=Node.RECORDED, lang=lang, slow=slow, msg=1)
            for inp in (CallerInput(event="recorded"), CallerInput(digits="3"), CallerInput(digits="*")):
                _labelled(labelled_sentences(respond(reviewing, state, inp), CALLER_SPECIFIC), found)
            # Asked before the recording is thrown away: every answer there.
            for turn in (respond(reviewing, replace(state, node=Node.DISCARD), inp) for inp in _INPUTS):
                _labelled(labelled_sentences(turn, CALLER_SPECIFIC), found)
    for ctx in contexts:
        for lang in langs:
            # Every service's "open now" and the days that differ, as they read at each moment.
            for say in [status_sentence(ctx, lang), *services_now_sentences(ctx, lang), *special_sentences(ctx, lang)]:
                _labelled(((Sentence(lang, say.text, rate_for(slow)), say.key or "") for slow in (False, True)), found)
            # A message sent or a call-back filed: when to expect the call depends on the moment;
            # a line without speech input tells the keys that check on it.
            for node in (Node.RECORDED, Node.CALLBACK):
                for slow, line in ((slow, line) for slow in (False, True) for line in (True, False)):
                    turn = respond(replace(ctx, speech_input=line), CallState(node=node, lang=lang, slow=slow),
                                   CallerInput(event="filed", outcome=SAMPLE_REFERENCE))
                    _labelled(labelled_sentences(turn, CALLER_SPECIFIC), found)
    # Notices that start later are made now, so they play from their first minute.
    for notice in (n for n in office.notices if n.end > now.replace(tzinfo=None)):
        for lang in langs:
            say = notice_sentence(here, notice, lang)
            _labelled(((Sentence(lang, say.text, rate_for(slow)), say.key or "") for slow in (False, True)), found)
    for ctx in (context(moment) for moment in reception_moments(office, now, timezone=timezone)):
        for lang in langs:
            for node, key in _RECEPTION_ANSWERS:
                turn = respond(ctx, CallState(node=node, lang=lang), CallerInput(digits=key))
                # The same words at both speeds (a slow call's turn differs in its rate only).
                _labelled(((replace(sentence, rate=rate_for(slow)), label) for slow in (False, True)
                           for sentence, label in labelled_sentences(turn, CALLER_SPECIFIC)), found)
    return found
