"""What a caller hears and does next, as plain data: the call flow's output (and where a call can be).

The Twilio adapter turns these into TwiML; the `call` command prints them as text. Nothing here
knows about HTTP or XML.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Mapping, Union

from ivr import languages
from ivr.content.procedures import NUMBER, TOPICS


class Node(StrEnum):
    """Where in the call a caller is. A name outside this list cannot be written in code (the
    attribute does not exist) nor arrive in a URL (it becomes START)."""

    START = "start"
    LANGUAGE = "language"
    NOTICE = "notice"  # an urgent notice opening the call: a language key chooses, '#' skips it
    MAIN = "main"
    HOURS = "hours"
    CONTACTS = "contacts"
    OWN_CONTACTS = "own_contacts"  # the office's own address and numbers (contacts, key 1)
    RECEPTIONS = "receptions"  # personal receptions and direct lines (contacts, key 2)
    DIRECTORY = "directory"  # where to go: other bodies by topic (contacts, key 3)
    NEWS = "news"
    PERSON = "person"
    MESSAGE = "message"
    RECORDED = "recorded"
    DISCARD = "discard"
    CALLBACK = "callback"
    PROCEDURES = "procedures"  # documents and administrative procedures: by number or by topic
    PROCEDURE_NUMBER = "procedure_number"  # keying a procedure's number (1*1*5#)
    TOPICS = "topics"  # the topics, four at a time (item: the page)
    TOPIC = "topic"  # one topic's procedures, four at a time (topic; item: the page)
    DOCUMENT = "document"  # one procedure's documents, one at a time (proc; item: the document)
    PROCEDURE = "procedure"  # one procedure's fee, term, validity and where to go (proc)
    REQUEST = "request"  # "my request": the caller keys a reference number
    REQUEST_CHECK = "request_check"  # the same, with the last four digits of the number it came from

    @classmethod
    def parse(cls, raw: object) -> "Node":
        """The node named ``raw``, or START for anything else (a URL is outside input)."""
        try:
            return cls(str(raw or ""))
        except ValueError:
            return cls.START


@dataclass(frozen=True)
class CallState:
    """Everything the call remembers between steps; it travels in the webhook URLs.

    Any web worker on any host can answer any step, because nothing about the call lives in a
    process or a session.
    """

    node: Node = Node.START
    lang: str = languages.DEFAULT
    slow: bool = False
    tries: int = 0
    item: int = 0
    msg: int = 0  # the caller's recorded message being reviewed (its id), 0 for none
    topic: str = ""  # the procedures topic being browsed ('' for none)
    proc: str = ""  # the procedure being heard, by its number ("1.1.5"; '' for none)

    MAX_ITEM = 999
    MAX_MSG = 10**12

    def to_query(self) -> dict[str, str]:
        """The state as URL query parameters."""
        return {
            "node": self.node.value,
            "lang": self.lang,
            "slow": "1" if self.slow else "0",
            "tries": str(self.tries),
            "item": str(self.item),
            "msg": str(self.msg),
            "topic": self.topic,
            "proc": self.proc,
        }

    @classmethod
    def from_query(cls, args: Mapping[str, str]) -> "CallState":
        """Read the state back from a URL, tolerating anything: unknown values become defaults."""

        def small_int(name: str, upper: int) -> int:
            raw = str(args.get(name, "") or "")[:13]
            return min(int(raw), upper) if raw.isascii() and raw.isdigit() else 0

        return cls(
            node=Node.parse(args.get("node")),
            lang=languages.or_default(str(args.get("lang", "") or "")),
            slow=str(args.get("slow", "")) == "1",
            tries=small_int("tries", 9),
            item=small_int("item", cls.MAX_ITEM),
            msg=small_int("msg", cls.MAX_MSG),
            topic=topic if (topic := str(args.get("topic", "") or "")) in TOPICS else "",
            proc=proc if NUMBER.fullmatch(proc := str(args.get("proc", "") or "")[:20]) else "",
        )

    def __post_init__(self) -> None:
        if not isinstance(self.node, Node):
            # A typo'd node name fails here, where it is written, not as a caller sent to the start.
            object.__setattr__(self, "node", Node(self.node))

    def to(self, node: Node, **changes: object) -> "CallState":
        """The same call, at another node (the retry count starts again unless given; the topic and
        the procedure are kept only where they are heard, so a menu has one URL however it was reached)."""
        changes.setdefault("topic", self.topic if node == Node.TOPIC else "")
        changes.setdefault("proc", self.proc if node in (Node.DOCUMENT, Node.PROCEDURE) else "")
        return replace(self, node=node, tries=changes.pop("tries", 0), **changes)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Say:
    """A sentence in one language; ``key`` names the prompt it comes from (for stored audio)."""

    text: str
    lang: str
    key: str = ""


@dataclass(frozen=True)
class Gather:
    """Speak ``prompts`` while listening for one key or a spoken word (barge-in), then go on."""

    prompts: tuple[Say, ...]
    action: CallState
    lang: str
    timeout: int
    hints: tuple[str, ...] = ()
    slow: bool = False
    speech_timeout: str = "auto"  # seconds of quiet that end a spoken answer ("auto": Twilio decides)
    # The event silence brings: "noinput", or "quiet" where a short warning follows first. Twilio gets
    # there by the verbs after the <Gather>; jambonz sends every silence to the gather's hook.
    silence: str = "noinput"
    finish_on_key: str = ""  # '' for one key; else several keys, ended by this one (a procedure's number)
    digits: int = 1  # keys taken at once (a reference number: several, '#' ends them early)


@dataclass(frozen=True)
class Dial:
    """Put the caller through to ``number``; the result comes back to ``action``."""

    number: str
    action: CallState
    timeout: int = 20
    caller_id: str = ""


@dataclass(frozen=True)
class Redirect:
    """Go on at another step without waiting for the caller."""

    action: CallState
    event: str = ""


@dataclass(frozen=True)
class Record:
    """Record the caller's message after a beep; '#' or ``timeout`` seconds of silence end it; the
    result goes to ``action``."""

    action: CallState
    max_seconds: int
    timeout: int = 8


@dataclass(frozen=True)
class PlayRecording:
    """Play back what the caller recorded (``url`` is the recording's address)."""

    url: str


@dataclass(frozen=True)
class Effect:
    """Something the adapter must do before the caller hears the rest: save, confirm or discard a
    message, or file a call-back request. The flow itself stays a pure function."""

    name: str  # "confirm_message", "discard_message", "request_callback", "send_sms"
    message_id: int = 0
    number: str = ""
    procedure: str = ""  # "send_sms": the procedure whose list the text carries ('' for the office's facts)


@dataclass(frozen=True)
class Hangup:
    """End the call."""


Step = Union[Say, Gather, Dial, Redirect, Record, PlayRecording, Effect, Hangup]


@dataclass(frozen=True)
class Mark:
    """Something worth counting that happened in this turn, said by the flow itself: a menu choice,
    a wrong key, silence, a headline heard… (kinds in ``ivr.callflow.events``). Analytics read
    these instead of guessing from what was said."""

    kind: str
    detail: str = ""
    node: str = ""  # "" for the node the caller was at
    lang: str = ""  # "" for the caller's language


@dataclass(frozen=True)
class Turn:
    """The flow's answer to one webhook: what to do, in order, how slowly to speak, and what
    happened (its marks, in the order they happened)."""

    steps: tuple[Step, ...]
    slow: bool = False
    marks: tuple[Mark, ...] = ()

    def marked(self, *marks: Mark) -> "Turn":
        """The same turn with ``marks`` happening before its own."""
        return replace(self, marks=(*marks, *self.marks))
