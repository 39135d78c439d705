"""Structured logs: every line of a call carries its CallSid (text or JSON lines)."""
from __future__ import annotations

import json
import logging
import re
import sys
from datetime import datetime, timezone
from typing import IO

from flask import Flask, g, has_app_context

from ivr.config import settings

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s call=%(call_sid)s %(message)s"


# Control characters in a logged value (a path or field from outside) would start a false log line.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def escape_controls(text: str) -> str:
    """``text`` with every control character written as an escape (\\n, \\x1b...)."""
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


# A phone number as Twilio writes it (E.164, +375291234567) or as nine or more digits alone,
# standing on their own (not inside a CallSid, a hash or a file name; byte counts stay readable).
_PHONE_NUMBER = re.compile(r"(?<![\w+])(?:\+\d{6,}|\d{9,})(?!\w)")


def mask_numbers(text: str) -> str:
    """``text`` with every phone number in it replaced by its last two digits (``+…67``): callers'
    numbers are kept in the inbox only, never in logs or stored error texts."""
    return _PHONE_NUMBER.sub(lambda m: "+…" + m.group()[-2:], text)


class CallSidFilter(logging.Filter):
    """Adds ``call_sid`` to each record (the CallSid of the webhook request being answered, or '-')
    and escapes control characters and masks phone numbers in the message, so one record is always
    one line and no caller's number is logged. It never raises: a record it cannot read is logged
    as such rather than lost (or turned into an error of the request that logged it)."""

    def filter(self, record: logging.LogRecord) -> bool:
        # Set by the webhooks once a request's signature checked out: an unsigned request's
        # CallSid is never logged as a call, and logging never parses a request's body.
        try:
            sid = g.get("call_sid") if has_app_context() else None
            record.call_sid = escape_controls(str(sid or "-"))
        except Exception:
            record.call_sid = "-"
        try:
            message = record.getMessage()
        except Exception:  # a bad format or an argument whose str() fails
            message = f"(a log record that could not be formatted: {_safe_repr(record.msg)})"
        record.msg, record.args = mask_numbers(escape_controls(message)), None
        return True


def _safe_repr(value: object) -> str:
    try:
        return repr(value)[:200]
    except Exception:
        return object.__repr__(value)


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, call_sid, message (and the traceback)."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, tz=timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "call_sid": getattr(record, "call_sid", "-"),
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def configure_logging(app: Flask, stream: IO[str] | None = None) -> logging.Handler | None:
    """Log the service's own loggers ("ivr.*") to stderr in IVR_LOG_FORMAT (text or json).

    Under tests nothing is added, so pytest's log capture sees the records as they are.
    """
    if app.testing and stream is None:
        return None
    logger = logging.getLogger("ivr")
    for handler in logger.handlers:
        if getattr(handler, "_hotline", False):
            return handler
    handler = logging.StreamHandler(stream or sys.stderr)
    handler._hotline = True  # type: ignore[attr-defined]
    handler.addFilter(CallSidFilter())
    handler.setFormatter(JsonFormatter() if settings(app).log_format == "json" else logging.Formatter(TEXT_FORMAT))
    logger.addHandler(handler)
    logger.setLevel(settings(app).log_level)
    return handler
