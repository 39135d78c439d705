"""The revision history: who saved what, when and why (its note), and a readable list of what changed."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Callable, Iterable

from sqlalchemy import func, select

from ivr.clock import as_utc
from ivr.content.models import Revision, RevisionNote
from ivr.content.office import WEEKDAY_KEYS, Headline, Office
from ivr.content.procedures import Procedure
from ivr.content.prompts import DEFAULT_TEXTS, prompt_template
from ivr.extensions import db
from ivr.schedule import Closure, DayHours, ExtraWorkday
from ivr.staff.forms.fields import format_date, format_time
from ivr.staff.forms.headlines import headline_order, headline_title

Translate = Callable[..., str]


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


def _hours(hours: DayHours | None, t: Translate) -> str:
    if hours is None:
        return t("day_off")
    text = f"{format_time(hours.opens)}–{format_time(hours.closes)}"
    if hours.lunch_start and hours.lunch_end:
        text += ", " + t("lunch_short", start=format_time(hours.lunch_start), end=format_time(hours.lunch_end))
    return text


def _texts(values: dict[str, str], languages: Iterable[str]) -> str:
    return " / ".join(values.get(lang, "") for lang in languages if values.get(lang))


def _closure(closure: Closure, languages: list[str]) -> str:
    days = format_date(closure.start)
    if closure.end != closure.start:
        days += " – " + format_date(closure.end)
    reason = _texts(dict(closure.reason), languages)
    return f"{days}: {reason}" if reason else days


def _extra(extra: ExtraWorkday, t: Translate) -> str:
    hours = _hours(extra.hours, t) if extra.hours else t("usual_hours")
    return f"{format_date(extra.day)}: {hours}"


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


def _contacts(office: Office, t: Translate) -> str:
    # Each contact with its kind, so a number that became a fax shows as a change.
    return ", ".join(f"{c.value} ({t('kind_' + c.kind)})" for c in office.contacts)


def diff(before: Office | None, after: Office, t: Translate, languages: list[str],
         lang_name: Callable[[str], str], prompt_label: Callable[[str], str]) -> list[Change]:
    """What changed from ``before`` to ``after``, in words, field by field."""
    out: list[Change] = []
    if before is None:
        return [Change(t("diff_first"), "", t("diff_everything"))]
    langs = list(dict.fromkeys(list(languages) + list(after.languages)))
    for lang in langs:
        _compare(out, t("diff_name", lang=lang_name(lang)), before.name.get(lang, ""), after.name.get(lang, ""))
        _compare(out, t("diff_address", lang=lang_name(lang)), before.address.get(lang, ""), after.address.get(lang, ""))
    _compare(out, t("postal_code"), before.postal_code, after.postal_code)
    _compare(out, t("phones"), _contacts(before, t), _contacts(after, t))
    _compare(out, t("hotline"), before.hotline, after.hotline)
    _compare(out, t("transfer_number"), before.transfer_number, after.transfer_number)
    for index, key in enumerate(WEEKDAY_KEYS):
        _compare(out, t("weekday_" + key), _hours(before.week.get(index), t), _hours(after.week.get(index), t))
    _compare_sets(out, t("closures"), [_closure(c, langs) for c in before.closures],
                  [_closure(c, langs) for c in after.closures])
    _compare_sets(out, t("extra_workdays"), [_extra(e, t) for e in before.extra_workdays],
                  [_extra(e, t) for e in after.extra_workdays])
    _compare(out, t("languages"), ", ".join(before.languages), ", ".join(after.languages))
    for key in list(DEFAULT_TEXTS) + sorted(set(before.texts) | set(after.texts) - set(DEFAULT_TEXTS)):
        for lang in langs:
            if lang in DEFAULT_TEXTS.get(key, {}):
                old, new = prompt_template(before, key, lang), prompt_template(after, key, lang)
            else:
                old, new = before.texts.get(key, {}).get(lang, ""), after.texts.get(key, {}).get(lang, "")
            _compare(out, t("diff_text", prompt=prompt_label(key), lang=lang_name(lang)), old, new)
    _headlines(out, before, after, t, langs, lang_name)
    _compare_sets(out, t("diff_procedures"), [_procedure(p, langs) for p in before.procedures],
                  [_procedure(p, langs) for p in after.procedures])
    for lang in langs:
        old_table, new_table = before.pronunciations.get(lang) or {}, after.pronunciations.get(lang) or {}
        for word in sorted(set(old_table) | set(new_table)):
            _compare(out, t("diff_pron", lang=lang_name(lang), word=word), old_table.get(word, ""), new_table.get(word, ""))
    return out


def _procedure(procedure: Procedure, languages: list[str]) -> str:
    """A procedure on one line: its number, then each language's texts (a changed word shows)."""
    parts = [procedure.number, procedure.topic, procedure.source]
    for lang in languages:
        parts += [procedure.text("title", lang), "; ".join(procedure.documents_in(lang)),
                  *(procedure.text(part, lang) for part in ("fee", "term", "validity", "where"))]
    return " · ".join(part for part in parts if part)


def _headlines(out: list[Change], before: Office, after: Office, t: Translate, langs: list[str],
               lang_name: Callable[[str], str]) -> None:
    old = {h.id: h for h in before.headlines}
    new = {h.id: h for h in after.headlines}
    for headline in before.headlines:
        if headline.id not in new:
            out.append(Change(t("diff_headline_removed"), _headline_name(headline, langs), ""))
    for headline in after.headlines:
        name = _headline_name(headline, langs)
        was = old.get(headline.id)
        if was is None:
            out.append(Change(t("diff_headline_added"), "", name))
            continue
        for lang in langs:
            _compare(out, t("diff_headline_title", name=name, lang=lang_name(lang)), was.title.get(lang, ""),
                     headline.title.get(lang, ""))
            _compare(out, t("diff_headline_summary", name=name, lang=lang_name(lang)), was.summary.get(lang, ""),
                     headline.summary.get(lang, ""))
        _compare(out, t("diff_headline_hidden", name=name), t("yes") if was.hidden else t("no"),
                 t("yes") if headline.hidden else t("no"))
        _compare(out, t("diff_headline_pinned", name=name), t("yes") if was.pinned else t("no"),
                 t("yes") if headline.pinned else t("no"))
    kept_old = [h.id for h in headline_order(before) if h.id in new]
    kept_new = [h.id for h in headline_order(after) if h.id in old]
    if kept_old != kept_new:
        _compare(out, t("diff_headline_order"), " · ".join(_headline_name(old[i], langs) for i in kept_old),
                 " · ".join(_headline_name(new[i], langs) for i in kept_new))
