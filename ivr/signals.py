"""Every signal of the service. Receivers are connected in one place: ``ivr.wire_signals``.

- ``content_saved(app, revision=…)``: a clerk saved the office's content, or imported headlines
  changed. Sent by ivr.content.store and ivr.news; received by the speech queue, which makes the
  audio of every sentence that changed, so the next caller hears the new text.
"""
from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

content_saved = _signals.signal("content-saved")
