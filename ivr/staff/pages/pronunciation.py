"""Pronunciation: per language, words and how the voice should read them."""
from __future__ import annotations

from typing import Any

from ivr.content.models import RevisionNote
from ivr.content.store import current_office
from ivr.staff.editor import edit_page
from ivr.staff.forms.pronunciation import PronunciationSection
from ivr.staff.frame import Route, languages_of


def pronunciation() -> Any:
    """The pronunciation tables of the office's languages."""
    section = PronunciationSection(languages_of(current_office().office))
    return edit_page(section, "staff/pronunciation.html", endpoint="staff.pronunciation",
                     note=RevisionNote("pronunciation"),
                     extra=lambda values, current: dict(
                         langs=section.languages,
                         rows={lang: PronunciationSection.rows(values, lang) for lang in section.languages}))


ROUTES = (Route("/pronunciation", pronunciation, methods=("GET", "POST")),)
