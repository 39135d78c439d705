"""What a caller hears and does next, as plain data: the call flow's output.

The Twilio adapter turns these into TwiML; the `call` command prints them as text. Nothing here
knows about HTTP or XML.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Mapping, Union

LANGS = ("ru", "be", "en")
NODES = ("start", "language", "main", "hours", "contacts", "news", "person", "message", "recorded", "callback")


@dataclass(frozen=True)
class CallState:
    """Everything the call remembers between steps; it travels in the webhook URLs.

    Any web worker on any host can answer any step, because nothing about the call lives in a
    process or a session.
    """

    node: str = "start"
    lang: str = "ru"
    slow: bool = False
    tries: int = 0
    item: int = 0
    msg: int = 0  # the caller's recorded message being reviewed (its id), 0 for none

    MAX_ITEM = 999
    MAX_MSG = 10**12

    def to_query(self) -> dict[str, str]:
        """The state as URL query parameters."""
        return {
            "node": self.node,
            "lang": self.lang,
            "slow": "1" if self.slow else "0",
            "tries": str(self.tries),
            "item": str(self.item),
            "msg": str(self.msg),
        }

    @classmethod
    def from_query(cls, args: Mapping[str, str]) -> "CallState":
        """Read the state back from a URL, tolerating anything: unknown values become defaults."""

        def small_int(name: str, upper: int) -> int:
            raw = str(args.get(name, "") or "")[:13]
            return min(int(raw), upper) if raw.isascii() and raw.isdigit() else 0

        node = str(args.get("node", "") or "")
        lang = str(args.get("lang", "") or "")
        return cls(
            node=node if node in NODES else "start",
            lang=lang if lang in LANGS else "ru",
            slow=str(args.get("slow", "")) == "1",
            tries=small_int("tries", 9),
            item=small_int("item", cls.MAX_ITEM),
            msg=small_int("msg", cls.MAX_MSG),
        )

    def to(self, node: str, **changes: object) -> "CallState":
        """The same call, at another node (the retry count starts again unless given)."""
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
    """Record the caller's message after a beep; '#' or silence ends it; the result goes to ``action``."""

    action: CallState
    max_seconds: int
    timeout: int = 5


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


@dataclass(frozen=True)
class Hangup:
    """End the call."""


Step = Union[Say, Gather, Dial, Redirect, Record, PlayRecording, Effect, Hangup]


@dataclass(frozen=True)
class Turn:
    """The flow's answer to one webhook: what to do, in order, and how slowly to speak."""

    steps: tuple[Step, ...]
    slow: bool = False
