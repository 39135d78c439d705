"""Receptions and where to go: personal receptions, direct lines and the directory of other organisations."""
from __future__ import annotations

from typing import Any, Mapping

from flask_babel import gettext

from ivr.content.models import RevisionNote
from ivr.content.office import TOPICS, WEEKDAY_KEYS
from ivr.content.store import CurrentOffice, current_office
from ivr.receptions import KINDS
from ivr.staff.editor import edit_page
from ivr.staff.forms.receptions import MAX_ORGANISATIONS, MAX_RECEPTIONS, ReceptionsSection
from ivr.staff.frame import Route, languages_of, word


def _rows(values: Mapping[str, str], prefix: str, saved: int, limit: int) -> int:
    """As many rows as are saved (with a blank one), or as the clerk sent back."""
    sent = [int(part) for name in values if name.startswith(prefix) and (part := name.split("-")[1]).isdigit()]
    return min(max([saved, *sent]), limit)


def receptions() -> Any:
    """The receptions and directory form."""
    section = ReceptionsSection(languages_of(current_office().office))

    def extra(values: Mapping[str, str], current: CurrentOffice) -> dict[str, Any]:
        return dict(langs=section.languages,
                    reception_rows=_rows(values, "reception-", section.reception_rows(current.office), MAX_RECEPTIONS),
                    org_rows=_rows(values, "org-", section.organisation_rows(current.office), MAX_ORGANISATIONS),
                    kinds=[(kind, word("reception_kind_" + kind)) for kind in KINDS],
                    weekdays=[("", gettext("— on the dates only —"))]
                    + [(str(i), word("weekday_" + key)) for i, key in enumerate(WEEKDAY_KEYS)],
                    topics=[(topic, word("topic_" + topic)) for topic in TOPICS])

    return edit_page(section, "staff/receptions.html", endpoint="staff.receptions", note=RevisionNote("receptions"),
                     extra=extra)


ROUTES = (Route("/receptions", receptions, methods=("GET", "POST")),)
