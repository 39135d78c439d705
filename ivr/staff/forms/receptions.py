"""The receptions page's form: personal receptions and direct lines (who, when by weekday and weeks
of the month or by dates, hours, where or which number, how to sign up, whether a holiday cancels
it) and the directory of other organisations (topic, name, what they handle, phone, hours)."""
from __future__ import annotations

import re
from typing import Any

from ivr.content.office import TOPICS, Office, Organisation, organisation_to_dict, reception_to_dict
from ivr.receptions import KINDS, RECEPTION, WEEKS, Reception, ReceptionError
from ivr.staff.forms.fields import (
    Form,
    Invalid,
    Problems,
    check_phone,
    check_text,
    clean_text,
    format_date,
    parse_date,
    parse_time,
    problem,
)

MAX_RECEPTIONS = 20
MAX_ORGANISATIONS = 40
MAX_DATES = 60
RECEPTION_TEXTS = ("post", "who", "place", "signup")
ORGANISATION_TEXTS = ("name", "handles", "hours")
_LIST = re.compile(r"[,;\s]+")


def _weeks_text(weeks: tuple[int, ...]) -> str:
    return ", ".join(str(week) for week in weeks)


class ReceptionsSection:
    """The office's receptions and direct lines and its directory of other organisations; one blank
    row of each is offered for adding one."""

    name = "receptions"

    def __init__(self, languages: list[str]):
        self.languages = languages

    def data(self, office: Office) -> Any:
        return {"receptions": [reception_to_dict(r) for r in office.receptions],
                "organisations": [organisation_to_dict(o) for o in office.organisations]}

    def reception_rows(self, office: Office) -> int:
        return min(len(office.receptions) + 1, MAX_RECEPTIONS)

    def organisation_rows(self, office: Office) -> int:
        return min(len(office.organisations) + 1, MAX_ORGANISATIONS)

    def values(self, office: Office) -> dict[str, str]:
        out: dict[str, str] = {}
        for n, r in enumerate(office.receptions, start=1):
            out |= {f"reception-{n}-id": r.id, f"reception-{n}-kind": r.kind,
                    f"reception-{n}-weekday": "" if r.weekday is None else str(r.weekday),
                    f"reception-{n}-weeks": _weeks_text(r.weeks),
                    f"reception-{n}-dates": ", ".join(format_date(d) for d in r.dates),
                    f"reception-{n}-starts": r.starts.strftime("%H:%M"), f"reception-{n}-ends": r.ends.strftime("%H:%M"),
                    f"reception-{n}-phone": r.phone, f"reception-{n}-holidays": "1" if r.holidays_cancel else "",
                    f"reception-{n}-source": r.source}
            for part in RECEPTION_TEXTS:
                out |= {f"reception-{n}-{part}-{lang}": getattr(r, part).get(lang, "") for lang in self.languages}
        blank = len(office.receptions) + 1
        out |= {f"reception-{blank}-kind": RECEPTION, f"reception-{blank}-holidays": "1"}
        for n, o in enumerate(office.organisations, start=1):
            out |= {f"org-{n}-topic": o.topic, f"org-{n}-phone": o.phone, f"org-{n}-source": o.source}
            for part in ORGANISATION_TEXTS:
                out |= {f"org-{n}-{part}-{lang}": getattr(o, part).get(lang, "") for lang in self.languages}
        return out

    def _texts(self, form: Form, prefix: str, part: str, problems: Problems, limit: str = "name") -> dict[str, str]:
        out = {}
        for lang in self.languages:
            name = f"{prefix}-{part}-{lang}"
            text = clean_text(form.get(name))
            if found := check_text(text, limit, required=False):
                problems[name] = found
            if text:
                out[lang] = text
        return out

    def _reception(self, form: Form, n: int, used_ids: set[str], problems: Problems) -> Reception | None:
        prefix = f"reception-{n}"
        texts = {part: self._texts(form, prefix, part, problems) for part in RECEPTION_TEXTS}
        when = [clean_text(form.get(f"{prefix}-{f}")) for f in ("weekday", "weeks", "dates", "starts", "ends", "phone")]
        if not any(texts.values()) and not any(when):
            return None  # a blank row
        if form.get(f"{prefix}-remove"):
            return None
        first = self.languages[0]
        if not (texts["post"].get(first) or texts["who"].get(first)):
            problems[f"{prefix}-post-{first}"] = problem("reception_who")
        kind = form.get(f"{prefix}-kind") or RECEPTION
        if kind not in KINDS:
            problems[f"{prefix}-kind"] = problem("reception_kind")
            kind = RECEPTION
        weekday_text, weeks_text, dates_text, starts_text, ends_text, phone = when
        weekday = int(weekday_text) if weekday_text.isdigit() and int(weekday_text) < 7 else None
        if weekday_text and weekday is None:
            problems[f"{prefix}-weekday"] = problem("reception_weekday")
        weeks: list[int] = []
        for part in filter(None, _LIST.split(weeks_text)):
            if not re.fullmatch(r"-?\d", part) or int(part) not in WEEKS:
                problems[f"{prefix}-weeks"] = problem("reception_weeks")
                break
            weeks.append(int(part))
        dates = []
        for part in [part for part in _LIST.split(dates_text) if part][:MAX_DATES]:
            try:
                dates.append(parse_date(part))
            except Invalid as exc:
                problems[f"{prefix}-dates"] = exc.problem
                break
        if weekday is None and not dates and f"{prefix}-weekday" not in problems and f"{prefix}-dates" not in problems:
            problems[f"{prefix}-weekday"] = problem("reception_when")
        times = {}
        for name, text in (("starts", starts_text), ("ends", ends_text)):
            try:
                times[name] = parse_time(text) if text else None
            except Invalid as exc:
                problems[f"{prefix}-{name}"] = exc.problem
        if not times.get("starts") and f"{prefix}-starts" not in problems:
            problems[f"{prefix}-starts"] = problem("required")
        if not times.get("ends") and f"{prefix}-ends" not in problems:
            problems[f"{prefix}-ends"] = problem("required")
        elif times.get("starts") and not times["starts"] < times["ends"]:
            problems[f"{prefix}-ends"] = problem("close_after_open", opens=times["starts"].strftime("%H:%M"))
        # A direct line is a number callers are put through to: an international one.
        if phone or kind != RECEPTION:
            if found := check_phone(phone, dialable=kind != RECEPTION):
                problems[f"{prefix}-phone"] = found
        if any(name.startswith(prefix + "-") for name in problems):
            return None
        given_id = clean_text(form.get(f"{prefix}-id"))
        reception_id = given_id if re.fullmatch(r"[\w-]{1,60}", given_id) and given_id not in used_ids else ""
        reception_id = reception_id or next(f"{kind}-{i}" for i in range(1, 10**6) if f"{kind}-{i}" not in used_ids)
        used_ids.add(reception_id)
        try:
            return Reception(id=reception_id, kind=kind, who=texts["who"], post=texts["post"], weekday=weekday,
                             weeks=tuple(weeks), dates=tuple(sorted(set(dates))), starts=times["starts"],
                             ends=times["ends"], place=texts["place"], phone=phone, signup=texts["signup"],
                             holidays_cancel=bool(form.get(f"{prefix}-holidays")),
                             source=clean_text(form.get(f"{prefix}-source"))[:200])
        except ReceptionError:  # checked above field by field; a safety net, never a crash
            problems[f"{prefix}-weekday"] = problem("reception_when")
            return None

    def _organisation(self, form: Form, n: int, problems: Problems) -> Organisation | None:
        prefix = f"org-{n}"
        texts = {part: self._texts(form, prefix, part, problems) for part in ORGANISATION_TEXTS}
        phone = clean_text(form.get(f"{prefix}-phone"))
        if not any(texts.values()) and not phone or form.get(f"{prefix}-remove"):
            return None
        first = self.languages[0]
        if not texts["name"].get(first):
            problems[f"{prefix}-name-{first}"] = problem("required")
        topic = form.get(f"{prefix}-topic") or ""
        if topic not in TOPICS:
            problems[f"{prefix}-topic"] = problem("organisation_topic")
        # Short national numbers (101, 104) are numbers too: 3 digits and up.
        if not re.fullmatch(r"\d{3,4}", phone) and (found := check_phone(phone)):
            problems[f"{prefix}-phone"] = found
        if any(name.startswith(prefix + "-") for name in problems):
            return None
        return Organisation(topic=topic, name=texts["name"], handles=texts["handles"], phone=phone,
                            hours=texts["hours"], source=clean_text(form.get(f"{prefix}-source"))[:200])

    def parse(self, form: Form, office: Office) -> tuple[Office | None, Problems]:
        problems: Problems = {}
        used: set[str] = set()
        receptions = [self._reception(form, n, used, problems) for n in range(1, MAX_RECEPTIONS + 1)]
        organisations = [self._organisation(form, n, problems) for n in range(1, MAX_ORGANISATIONS + 1)]
        if problems:
            return None, problems
        return office.with_changes(receptions=tuple(r for r in receptions if r is not None),
                                   organisations=tuple(o for o in organisations if o is not None)), problems
