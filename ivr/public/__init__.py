"""The public, text-only side of the hotline: the same answers without hearing.

A page at / (Russian, Belarusian, English), /info.json and an iCalendar feed at /calendar.ics; see
``ivr.public.views``.
"""
from ivr.public.views import public_bp

__all__ = ["public_bp"]
