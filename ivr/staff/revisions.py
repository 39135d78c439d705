"""The revision history: who saved what, when and why (its note), and a readable list of what changed."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Callable, Iterable

from flask_babel import gettext
from sqlalchemy import func, select

from ivr.clock import as_utc
from ivr.content.models import Revision, RevisionNote
from ivr.content.office import (WEEKDAY_KEYS, Headline, Notice, Office, Organisation, Service, SpecialDate,
                                office_from_dict, office_to_dict)
from ivr.content.procedures import Procedure
from ivr.content.prompts import DEFAULT_TEXTS, prompt_template
from ivr.extensions import db
from ivr.receptions import Reception
from ivr.schedule import Closure, DayHours, ExtraWorkday
from ivr.staff.forms.fields import format_date, format_time
from ivr.staff.forms.headlines import headline_order, headline_title
from ivr.staff.words import word


@dataclass(frozen=True)
class RevisionInfo:
    id: int
    created_at: datetime
    author: str
    note: RevisionNote | None  # why, as data
    old_note: str = ""  # the free-text note of a revision saved before notes were data


@dataclass(frozen=True)
class Change:
    """One changed thing: where, its old value and its new value ("" for none)."""

    label: str
    old: str
    new: str


def revisions(limit: int, offset: int = 0) -> tuple[list[RevisionInfo], int]:
    """The newest revisions first, and how many there are in all."""
    total = db.session.execute(select(func.count()).select_from(Revision)).scalar_one()
    rows = db.session.execute(
        select(Revision.id, Revision.created_at, Revision.author, Revision.note, Revision.note_data)
        .order_by(Revision.id.desc()).limit(limit).offset(offset)
    ).all()
    return [_info(r) for r in rows], total


def revision_info(revision: int) -> RevisionInfo | None:
    """Who saved ``revision``, when and why (None if there is no such revision)."""
    row = db.session.get(Revision, revision)
    return None if row is None else _info(row)


def _info(row: Any) -> RevisionInfo:
    return RevisionInfo(row.id, _utc(row.created_at), row.author or "", RevisionNote.from_json(row.note_data),
                        row.note or "")


def _utc(value: datetime | None) -> datetime:
    if value is None:
        return datetime.fromtimestamp(0, timezone.utc)
    return as_utc(value)


def _hours(hours: DayHours | None) -> str:
    if hours is None:
        return gettext("day off")
    text = f"{format_time(hours.opens)}–{format_time(hours.closes)}"
    if hours.lunch_start and hours.lunch_end:
        text += ", " + gettext("lunch %(start)s–%(end)s", start=format_time(hours.lunch_start), end=format_time(hours.lunch_end))
    return text


def _texts(values: dict[str, str], languages: Iterable[str]) -> str:
    return " / ".join(values.get(lang, "") for lang in languages if values.get(lang))


def _closure(closure: Closure, languages: list[str]) -> str:
    days = format_date(closure.start)
    if closure.end != closure.start:
        days += " – " + format_date(closure.end)
    reason = _texts(dict(closure.reason), languages)
    return f"{days}: {reason}" if reason else days


def _extra(extra: ExtraWorkday) -> str:
    hours = _hours(extra.hours) if extra.hours else gettext("usual hours")
    return f"{format_date(extra.day)}: {hours}"


def _service(service: Service, languages: list[str]) -> str:
    week = "; ".join(f"{word('weekday_' + key)} {_hours(service.week.get(i))}" for i, key in enumerate(WEEKDAY_KEYS))
    follows = gettext("Closed on public holidays, open on moved working days") if service.follows_holidays else ""
    return ", ".join(part for part in (_texts(dict(service.name), languages), service.phone, week, follows) if part)


def _special(special: SpecialDate, languages: list[str]) -> str:
    hours = _hours(special.hours) if special.hours else _texts(dict(special.reason), languages) or gettext("day off")
    whom = ", ".join(special.services) or gettext("every service")
    return f"{format_date(special.day)} ({whom}): {hours}"


def _notice(notice: Notice, languages: list[str]) -> str:
    return f"{notice.start:%Y-%m-%d %H:%M} – {notice.end:%Y-%m-%d %H:%M}: {_texts(dict(notice.text), languages)}"


def _timetable(out: list[Change], before: Office, after: Office, langs: list[str]) -> None:
    """The services, special dates, notices and the pre-holiday rule, in words (issue 18)."""
    old_services, new_services = {s.id: s for s in before.services}, {s.id: s for s in after.services}
    for service_id in dict.fromkeys([*old_services, *new_services]):
        old, new = old_services.get(service_id), new_services.get(service_id)
        _compare(out, gettext("Service %(name)s", name=service_id), _service(old, langs) if old else "",
                 _service(new, langs) if new else "")
    _compare_sets(out, gettext("Special dates"), [_special(d, langs) for d in before.special_dates],
                  [_special(d, langs) for d in after.special_dates])
    _compare_sets(out, gettext("Notices"), [_notice(n, langs) for n in before.notices],
                  [_notice(n, langs) for n in after.notices])
    _compare(out, gettext("The working day before a public holiday"), word("pre_holiday_" + before.pre_holiday), word("pre_holiday_" + after.pre_holiday))


def _compare(out: list[Change], label: str, old: str, new: str) -> None:
    if old != new:
        out.append(Change(label, old, new))


def _compare_sets(out: list[Change], label: str, old: list[str], new: list[str]) -> None:
    for item in old:
        if item not in new:
            out.append(Change(label, item, ""))
    for item in new:
        if item not in old:
            out.append(Change(label, "", item))


def _headline_name(headline: Headline, languages: list[str]) -> str:
    return headline_title(headline, languages, headline.id)


def _contacts(office: Office) -> str:
    # Each contact with its kind, so a number that became a fax shows as a change.
    return ", ".join(f"{c.value} ({word('kind_' + c.kind)})" for c in office.contacts)


def _reception(reception: Reception, languages: list[str]) -> str:
    # Everything a caller hears of it, so any edit shows as a change.
    when = [word("weekday_" + WEEKDAY_KEYS[reception.weekday])] if reception.weekday is not None else []
    when += [", ".join(str(week) for week in reception.weeks)] if reception.weeks else []
    when += [format_date(day) for day in reception.dates]
    parts = [_texts(dict(reception.post), languages), _texts(dict(reception.who), languages), " ".join(when),
             f"{format_time(reception.starts)}–{format_time(reception.ends)}", reception.phone,
             _texts(dict(reception.place), languages), _texts(dict(reception.signup), languages),
             gettext("Not held on public holidays and closures") if reception.holidays_cancel else ""]
    return f"{word('reception_kind_' + reception.kind)}: " + "; ".join(part for part in parts if part)


def _organisation(organisation: Organisation, languages: list[str]) -> str:
    parts = [_texts(dict(organisation.name), languages), organisation.phone, _texts(dict(organisation.handles), languages),
             _texts(dict(organisation.hours), languages)]
    return f"{word('topic_' + organisation.topic)}: " + "; ".join(part for part in parts if part)


SECTIONS = ("section_office", "section_hours", "section_languages", "section_texts", "section_headlines",
            "section_procedures", "section_pronunciation")


def diff_sections(before: Office | None, after: Office, languages: list[str],
                  lang_name: Callable[[str], str], prompt_label: Callable[[str], str]) -> list[tuple[str, list[Change]]]:
    """What changed from ``before`` to ``after``, in words, field by field, grouped by the page that edits it:
    (message key of the section, its changes) for each section with changes."""
    if before is None:
        return [("section_office", [Change(gettext("The first content"), "", gettext("all content"))])]
    parts: dict[str, list[Change]] = {key: [] for key in SECTIONS}
    langs = list(dict.fromkeys(list(languages) + list(after.languages)))
    out = parts["section_office"]
    for lang in langs:
        _compare(out, gettext("Name (%(lang)s)", lang=lang_name(lang)), before.name.get(lang, ""), after.name.get(lang, ""))
        _compare(out, gettext("Address (%(lang)s)", lang=lang_name(lang)), before.address.get(lang, ""), after.address.get(lang, ""))
    _compare(out, gettext("Postal code"), before.postal_code, after.postal_code)
    _compare(out, gettext("Office phone numbers"), _contacts(before), _contacts(after))
    _compare(out, gettext("Hot line number"), before.hotline, after.hotline)
    _compare(out, gettext("Number calls are put through to"), before.transfer_number, after.transfer_number)
    out = parts["section_hours"]
    for index, key in enumerate(WEEKDAY_KEYS):
        _compare(out, word("weekday_" + key), _hours(before.week.get(index)), _hours(after.week.get(index)))
    _compare_sets(out, gettext("Days the office is closed"), [_closure(c, langs) for c in before.closures],
                  [_closure(c, langs) for c in after.closures])
    _compare_sets(out, gettext("Extra working days"), [_extra(e) for e in before.extra_workdays],
                  [_extra(e) for e in after.extra_workdays])
    _timetable(out, before, after, langs)
    out = parts["section_office"]  # receptions, direct lines and the directory: the office's other facts
    _compare_sets(out, gettext("Receptions, direct lines and other services"), [_reception(r, langs) for r in before.receptions],
                  [_reception(r, langs) for r in after.receptions])
    _compare_sets(out, gettext("Where to go: other services and organisations"), [_organisation(o, langs) for o in before.organisations],
                  [_organisation(o, langs) for o in after.organisations])
    _compare(parts["section_languages"], gettext("Languages"), ", ".join(before.languages), ", ".join(after.languages))
    out = parts["section_texts"]
    for key in list(DEFAULT_TEXTS) + sorted(set(before.texts) | set(after.texts) - set(DEFAULT_TEXTS)):
        for lang in langs:
            if lang in DEFAULT_TEXTS.get(key, {}):
                old, new = prompt_template(before, key, lang), prompt_template(after, key, lang)
            else:
                old, new = before.texts.get(key, {}).get(lang, ""), after.texts.get(key, {}).get(lang, "")
            _compare(out, gettext("Text “%(prompt)s” (%(lang)s)", prompt=prompt_label(key), lang=lang_name(lang)), old, new)
    for key in sorted(set(before.recordings) | set(after.recordings)):
        for lang in langs:
            _compare(out, gettext("Recording: %(prompt)s (%(lang)s)", prompt=prompt_label(key), lang=lang_name(lang)),
                     _recording(before, key, lang), _recording(after, key, lang))
    _headlines(parts["section_headlines"], before, after, langs, lang_name)
    _compare_sets(parts["section_procedures"], gettext("Procedures"), [_procedure(p, langs) for p in before.procedures],
                  [_procedure(p, langs) for p in after.procedures])
    out = parts["section_pronunciation"]
    for lang in langs:
        old_table, new_table = before.pronunciations.get(lang) or {}, after.pronunciations.get(lang) or {}
        for spelt in sorted(set(old_table) | set(new_table)):
            _compare(out, gettext("Pronunciation (%(lang)s): %(word)s", lang=lang_name(lang), word=spelt),
                     old_table.get(spelt, ""), new_table.get(spelt, ""))
    return [(key, changes) for key, changes in parts.items() if changes]


def diff(before: Office | None, after: Office, languages: list[str],
         lang_name: Callable[[str], str], prompt_label: Callable[[str], str]) -> list[Change]:
    """What changed from ``before`` to ``after``, in words, field by field."""
    return [change for _key, changes in diff_sections(before, after, languages, lang_name, prompt_label)
            for change in changes]


def _recording(office: Office, key: str, lang: str) -> str:
    found = office.recordings.get(key, {}).get(lang)
    return gettext("recording of %(seconds)s s, file %(name)s…", seconds=format(found.seconds, ".1f"), name=found.file[:12]) if found else ""


def _procedure(procedure: Procedure, languages: list[str]) -> str:
    """A procedure on one line: its number, then each language's texts (a changed word shows)."""
    parts = [procedure.number, procedure.topic, procedure.source]
    for lang in languages:
        parts += [procedure.text("title", lang), "; ".join(procedure.documents_in(lang)),
                  *(procedure.text(part, lang) for part in ("fee", "term", "validity", "where"))]
    return " · ".join(part for part in parts if part)


def _headlines(out: list[Change], before: Office, after: Office, langs: list[str],
               lang_name: Callable[[str], str]) -> None:
    old = {h.id: h for h in before.headlines}
    new = {h.id: h for h in after.headlines}
    for headline in before.headlines:
        if headline.id not in new:
            out.append(Change(gettext("Headline deleted"), _headline_name(headline, langs), ""))
    for headline in after.headlines:
        name = _headline_name(headline, langs)
        was = old.get(headline.id)
        if was is None:
            out.append(Change(gettext("Headline added"), "", name))
            continue
        for lang in langs:
            _compare(out, gettext("Headline “%(name)s”: title (%(lang)s)", name=name, lang=lang_name(lang)), was.title.get(lang, ""),
                     headline.title.get(lang, ""))
            _compare(out, gettext("Headline “%(name)s”: short text (%(lang)s)", name=name, lang=lang_name(lang)), was.summary.get(lang, ""),
                     headline.summary.get(lang, ""))
        _compare(out, gettext("Headline “%(name)s”: hidden", name=name), gettext("yes") if was.hidden else gettext("no"),
                 gettext("yes") if headline.hidden else gettext("no"))
        _compare(out, gettext("Headline “%(name)s”: pinned", name=name), gettext("yes") if was.pinned else gettext("no"),
                 gettext("yes") if headline.pinned else gettext("no"))
    kept_old = [h.id for h in headline_order(before) if h.id in new]
    kept_new = [h.id for h in headline_order(after) if h.id in old]
    if kept_old != kept_new:
        _compare(out, gettext("Order of the headlines"), " · ".join(_headline_name(old[i], langs) for i in kept_old),
                 " · ".join(_headline_name(new[i], langs) for i in kept_new))


# -- undoing one revision's own change -------------------------------------------------------------

_ABSENT = object()  # a key or list item that is not there


def undo_change(before: Office, after: Office, now: Office) -> Office:
    """``now`` without the change one revision made from ``before`` to ``after`` (a revert, not a rollback).

    Every part that revision changed goes back to how it was before it, unless a later revision changed
    that part again: then the later value stays. What later revisions changed elsewhere stays too. Parts
    are the smallest the content has: a text in one language, one weekday, one headline's title, one
    pronunciation; closures, extra working days and contacts are items of a list.
    """
    merged = _undo(office_to_dict(before), office_to_dict(after), office_to_dict(now))
    return office_from_dict(merged)


def _undo(before: Any, after: Any, now: Any) -> Any:
    if before == after or now == before:
        return now  # this part was not changed by the revision, or is already back
    if now == after:
        return before  # nobody changed it since: undo
    if all(isinstance(v, dict) or v is _ABSENT for v in (before, after, now)) and now is not _ABSENT:
        old, new = before if before is not _ABSENT else {}, after if after is not _ABSENT else {}
        out = {}
        for key in dict.fromkeys([*now, *old]):
            value = _undo(old.get(key, _ABSENT), new.get(key, _ABSENT), now.get(key, _ABSENT))
            if value is not _ABSENT:
                out[key] = value
        return out
    if all(isinstance(v, list) for v in (before, after, now)):
        if all(isinstance(item, dict) and "id" in item for item in [*before, *after, *now]):
            return _undo_by_id(before, after, now)
        return _undo_items(before, after, now)
    return now  # changed again later: the later value stays


def _undo_by_id(before: list[dict[str, Any]], after: list[dict[str, Any]], now: list[dict[str, Any]]) -> list[Any]:
    # Items with an id (headlines): each one undone on its own; one the revision deleted comes back at its place.
    old, new = {item["id"]: item for item in before}, {item["id"]: item for item in after}
    out = [value for item in now
           if (value := _undo(old.get(item["id"], _ABSENT), new.get(item["id"], _ABSENT), item)) is not _ABSENT]
    present = {item["id"] for item in now}
    for index, item in enumerate(before):
        if item["id"] not in new and item["id"] not in present:
            out.insert(min(index, len(out)), item)
    if [item["id"] for item in now] == [item["id"] for item in after]:  # the revision's own reordering
        place = {item["id"]: index for index, item in enumerate(before)}
        out.sort(key=lambda item: place.get(item["id"], len(place)))
    return out


def _undo_items(before: list[Any], after: list[Any], now: list[Any]) -> list[Any]:
    # Items without an id (closures, extra days, contacts): what the revision added goes, what it removed
    # comes back; an item it replaced comes back in the place of its replacement.
    added = [item for item in after if item not in before]
    removed = [item for item in before if item not in after]
    out: list[Any] = []
    for item in now:
        if item not in added:
            out.append(item)
        elif added.index(item) < len(removed):
            out.append(removed[added.index(item)])
    return out + [item for item in removed if item not in out]
