"""Finished call-step answers, kept per process so that a repeated step costs no flow or TwiML work.

Nearly every webhook request asks one of a few hundred questions (the main menu in Russian, the
hours after key 1, the next headline, ...). A finished answer is a function of the content
version, the audio store, the day and the office's status (open, at lunch or closed, and the next
change), a few settings, the call's state and the caller's input and nothing else, so it can be
sent again while none of those changed. The cache keeps one
*generation* of answers: when the content, the audio folder, the status or a setting changes, it
starts empty, so a stale answer cannot be served and memory stays small.

What is never kept (see ``reusable`` and ``CallStep``): a step that does something (sends,
files or drops a message, queues a text), a step about a recorded message, an answer that speaks
with Twilio's voice because some audio is not made yet (the next caller should get the audio the
moment it exists), and an answer that depends on the caller's own number.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Hashable

from ivr.callflow.context import CallerInput
from ivr.callflow.events import Event
from ivr.callflow.steps import CallState, Effect, PlayRecording, Turn

# More distinct answers than this in one generation (a flood of odd spoken phrases) are not kept.
LIMIT = 4096


@dataclass(frozen=True)
class CachedAnswer:
    """A finished answer: the turn, its TwiML and the analytics events it makes (without a call)."""

    turn: Turn
    body: str
    events: tuple[Event, ...] = ()
    data: bytes = field(init=False, repr=False)  # the TwiML as sent (UTF-8)

    def __post_init__(self) -> None:
        object.__setattr__(self, "data", self.body.encode("utf-8"))


def reusable(state: CallState, inp: CallerInput) -> bool:
    """Whether the answer to this step may come from (and go into) the cache at all.

    A recorded message under review, a recording just made and the outcome of a text request
    are about one caller's own data: those steps are always worked out afresh.
    """
    return not state.msg and inp.event not in ("recorded", "sms") and not inp.outcome


def keepable(turn: Turn, spoke_all: bool) -> bool:
    """Whether a finished answer may be kept: no effects, no recording, every sentence as audio."""
    return spoke_all and not any(isinstance(step, (Effect, PlayRecording)) for step in turn.steps)


class AnswerCache:
    """One generation of finished answers, keyed by the step (state, input, caller's number known)."""

    def __init__(self, limit: int = LIMIT) -> None:
        self.limit = limit
        self._lock = threading.Lock()
        # (generation, answers): replaced as one object, so a reader never mixes two generations.
        self._slot: tuple[Hashable, dict[Hashable, CachedAnswer]] = (None, {})

    def get(self, generation: Hashable, key: Hashable) -> CachedAnswer | None:
        """The answer kept for ``key`` in this generation, if any."""
        kept, answers = self._slot
        if kept != generation:
            return None
        return answers.get(key)

    def put(self, generation: Hashable, key: Hashable, answer: CachedAnswer) -> None:
        """Keep ``answer``; a new generation drops everything kept before."""
        with self._lock:
            kept, answers = self._slot
            if kept != generation:
                self._slot = (generation, {key: answer})
            elif len(answers) < self.limit:
                answers[key] = answer
