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


class CallSidFilter(logging.Filter):
    """Adds ``call_sid`` to each record (the CallSid of the webhook request being answered, or '-')
    and escapes control characters in the message, so one record is always one line."""

    def filter(self, record: logging.LogRecord) -> bool:
        # Set by the webhooks once a request's signature checked out: an unsigned request's
        # CallSid is never logged as a call, and logging never parses a request's body.
        sid = g.get("call_sid") if has_app_context() else None
        record.call_sid = escape_controls(sid or "-")
        record.msg, record.args = escape_controls(record.getMessage()), None
        return True


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
