"""Saving a page's changes as a new revision, without ever overwriting someone else's edit."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping, Protocol

from ivr.content.models import Revision, RevisionNote
from ivr.content.office import Office, office_from_dict, office_to_dict
from ivr.content.store import CurrentOffice, EditConflict, current_office, save_office
from ivr.extensions import db
from ivr.staff.forms.fields import Problems, problem
from ivr.staff.revisions import undo_change

ATTEMPTS = 3


class Section(Protocol):
    """A part of the office a page edits (see ivr.staff.forms)."""

    name: str

    def data(self, office: Office) -> Any: ...

    def parse(self, form: Mapping[str, str], office: Office) -> tuple[Office | None, Problems]: ...


@dataclass
class Outcome:
    """What a save did: a new revision, problems with the input, a conflict, or nothing to save."""

    revision: int | None = None
    problems: Problems = field(default_factory=dict)
    conflict: CurrentOffice | None = None  # someone saved this part first; nothing was saved
    unchanged: bool = False


def office_at(revision: int) -> Office | None:
    """The office as saved in ``revision`` (None if there is no such revision)."""
    row = db.session.get(Revision, revision)
    return None if row is None else office_from_dict(json.loads(row.data))


def parse_base(raw: str | None) -> int | None:
    """The revision a form was loaded from (its hidden field); None if missing or garbled."""
    text = (raw or "").strip()
    return int(text) if text.isdigit() and len(text) < 12 else None


def save_section(section: Section, form: Mapping[str, str], *, base: int | None, author: str,
                 note: RevisionNote) -> Outcome:
    """Validate ``form`` and save it as a new revision on top of the newest one.

    The form was loaded from revision ``base``. If others saved since, but none of them touched
    this section's data, the change is applied on top of theirs. If one of them changed the same
    data, nothing is saved and the outcome carries their revision, so the clerk sees both.
    """
    for _ in range(ATTEMPTS):
        now = current_office()
        if base != now.revision:
            base_office = office_at(base) if base is not None else None
            if base_office is None or section.data(base_office) != section.data(now.office):
                _office, problems = section.parse(form, now.office)
                return Outcome(problems=problems, conflict=now)
        office, problems = section.parse(form, now.office)
        if problems or office is None:
            return Outcome(problems=problems or {"_form": problem("required")})
        if not changed(now.office, office):
            return Outcome(unchanged=True)
        try:
            return Outcome(revision=save_office(office, author=author, note=note, base=now.revision))
        except EditConflict:
            db.session.rollback()
            continue  # someone saved between our read and our write: look again
    return Outcome(conflict=current_office())


def restore(revision: int, *, base: int | None, author: str) -> Outcome:
    """Save the office of an earlier ``revision`` as a new revision (a rollback: what later revisions
    changed goes too; history is never rewritten)."""
    old = office_at(revision)
    if old is None:
        return Outcome(problems={"_form": problem("no_revision")})
    return _save_instead(lambda _now: old, base=base, author=author,
                         note=RevisionNote("restored", {"revision": str(revision)}))


def revert(revision: int, *, base: int | None, author: str) -> Outcome:
    """Undo only the change ``revision`` made, as a new revision; later changes stay (see undo_change)."""
    before, after = office_at(revision - 1), office_at(revision)
    if before is None or after is None:
        return Outcome(problems={"_form": problem("no_revision")})
    return _save_instead(lambda now: undo_change(before, after, now), base=base, author=author,
                         note=RevisionNote("reverted", {"revision": str(revision)}))


def _save_instead(make: Callable[[Office], Office], *, base: int | None, author: str, note: RevisionNote) -> Outcome:
    # The clerk confirmed a preview made from revision ``base``: if anyone saved since, nothing is saved.
    now = current_office()
    if base != now.revision:
        return Outcome(conflict=now)
    office = make(now.office)
    if not changed(now.office, office):
        return Outcome(unchanged=True)
    try:
        return Outcome(revision=save_office(office, author=author, note=note, base=base))
    except EditConflict:
        db.session.rollback()
        return Outcome(conflict=current_office())


def changed(before: Office, after: Office) -> bool:
    """Whether two offices differ in anything that is saved."""
    return office_to_dict(before) != office_to_dict(after)
