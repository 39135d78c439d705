"""A call flow context without an app: the demo office at a fixed moment."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Callable
from zoneinfo import ZoneInfo

import pytest

from ivr.callflow.context import FlowContext
from ivr.content.demo import DEMO_OFFICE
from ivr.content.office import office_from_dict
from ivr.schedule import status_at

MINSK = ZoneInfo("Europe/Minsk")
MONDAY_MORNING = "2026-11-30 10:00"


@pytest.fixture
def flow_context() -> Callable[..., FlowContext]:
    """flow_context(moment=…, **fields): the demo office, open on a Monday morning, three languages,
    a caller whose number is known, texts available and a recording under review."""

    def build(moment: str = MONDAY_MORNING, **changes: object) -> FlowContext:
        office = office_from_dict(DEMO_OFFICE)
        when = datetime.strptime(moment, "%Y-%m-%d %H:%M").replace(tzinfo=MINSK)
        ctx = FlowContext(office=office, status=status_at(office.calendar(timezone="Europe/Minsk"), when),
                          languages=("ru", "be", "en"), caller_number="+375291234567", sms_available=True,
                          recording_url="https://api.twilio.com/recording")
        return replace(ctx, **changes)

    return build
