"""Every turn the call flow can answer, over the states and inputs the synthesis catalogue walks, for
an open and a closed office, a known and a hidden caller's number, with a line that can record a
message and one that cannot (jambonz): the documents a provider can be sent come from these."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Iterator
from zoneinfo import ZoneInfo

from ivr.callflow.catalogue import SAMPLE_CALLER, walk_turns
from ivr.callflow.steps import Effect, Turn
from ivr.news.live import call_context, heard

MOMENTS = (datetime(2026, 11, 30, 10, 0, tzinfo=ZoneInfo("Europe/Minsk")),  # open
           datetime(2026, 12, 6, 11, 0, tzinfo=ZoneInfo("Europe/Minsk")))  # Sunday: closed


def every_turn(app, *, voice_messages: bool) -> Iterator[Turn]:
    """Each turn as an adapter renders it (its effects carried out, so left out)."""
    with app.app_context():
        office = heard(app).office
        for moment in MOMENTS:
            for number in (SAMPLE_CALLER, ""):
                ctx = replace(call_context(office, moment, caller_number=number, app=app),
                              voice_messages=voice_messages)
                for turn in walk_turns(ctx):
                    yield replace(turn, steps=tuple(step for step in turn.steps if not isinstance(step, Effect)))
