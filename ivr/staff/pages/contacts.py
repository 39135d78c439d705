"""Contacts: the office's names and addresses in every language, its contacts by kind, hot line and transfer number."""
from __future__ import annotations

from typing import Any

from ivr.content.models import RevisionNote
from ivr.content.office import CONTACT_KINDS, READINGS
from ivr.content.store import current_office
from ivr.staff.editor import edit_page
from ivr.staff.forms.contacts import ContactsSection
from ivr.staff.forms.fields import MAX_PHONES
from ivr.staff.frame import Route, languages_of, word


def contacts() -> Any:
    """The contacts form."""
    section = ContactsSection(languages_of(current_office().office))
    return edit_page(section, "staff/contacts.html", endpoint="staff.contacts", note=RevisionNote("contacts"),
                     extra=lambda values, current: dict(langs=section.languages, phone_count=MAX_PHONES,
                                                       kinds=[(kind, word("kind_" + kind)) for kind in CONTACT_KINDS],
                                                       readings=[(r, word("reading_" + r)) for r in READINGS]))


ROUTES = (Route("/contacts", contacts, methods=("GET", "POST")),)
