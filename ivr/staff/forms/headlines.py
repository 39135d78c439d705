"""The headline forms: add or edit one headline, and hide, show, move or delete it."""
from __future__ import annotations

import secrets
from dataclasses import replace
from datetime import date
from typing import Any, Mapping

from ivr.content.office import Headline, Office, office_to_dict
from ivr.staff.forms.fields import (
    Form,
    Problems,
    check_text,
    clean_text,
    problem,
)

# -- headlines -------------------------------------------------------------------------------------

def new_headline_id(office: Office) -> str:
    taken = {h.id for h in office.headlines}
    while True:
        candidate = "h-" + secrets.token_hex(4)
        if candidate not in taken:
            return candidate


def find_headline(office: Office, headline_id: str) -> Headline | None:
    return next((h for h in office.headlines if h.id == headline_id), None)


def _order_key(headline: Headline) -> tuple[bool, date]:
    # The order callers hear (Office.visible_headlines): pinned first, then newest first.
    return headline.pinned, headline.published or date.min


def headline_order(office: Office) -> list[Headline]:
    """Every headline (hidden ones too) in the order callers hear them."""
    return sorted(office.headlines, key=_order_key, reverse=True)


class HeadlineSection:
    """One headline (``headline_id``), or a new one (None): title and summary per language."""

    name = "headline"

    def __init__(self, languages: list[str], headline_id: str | None):
        self.languages = languages
        self.headline_id = headline_id

    def data(self, office: Office) -> Any:
        if self.headline_id is None:
            return None  # adding a headline never collides with anyone's edit
        found = find_headline(office, self.headline_id)
        return None if found is None else office_to_dict(office.with_changes(headlines=(found,)))["headlines"]

    def values(self, office: Office) -> dict[str, str]:
        found = find_headline(office, self.headline_id) if self.headline_id else None
        # Nothing is ticked for the clerk: a new headline is neither hidden nor pinned until they choose.
        out = {"hidden": "1" if found and found.hidden else "",
               "pinned": "1" if found is not None and found.pinned else ""}
        for lang in self.languages:
            out[f"title-{lang}"] = found.title.get(lang, "") if found else ""
            out[f"summary-{lang}"] = found.summary.get(lang, "") if found else ""
        return out

    def parse(self, form: Form, office: Office) -> tuple[Office | None, Problems]:
        problems: Problems = {}
        existing = find_headline(office, self.headline_id) if self.headline_id else None
        if self.headline_id and existing is None:
            return None, {"_form": problem("headline_gone")}
        title = dict(existing.title) if existing else {}
        summary = dict(existing.summary) if existing else {}
        for lang in self.languages:
            t_name, s_name = f"title-{lang}", f"summary-{lang}"
            t_text, s_text = clean_text(form.get(t_name)), clean_text(form.get(s_name))
            if found := check_text(t_text, "title", required=False):
                problems[t_name] = found
            if found := check_text(s_text, "summary", required=False):
                problems[s_name] = found
            elif s_text and not t_text and t_name not in problems:
                problems[s_name] = problem("summary_needs_title")
            title[lang], summary[lang] = t_text, s_text
        if not any(title.get(lang) for lang in self.languages) and not problems:
            problems[f"title-{self.languages[0]}"] = problem("title_one")
        if problems:
            return None, problems
        changes: dict[str, Any] = {
            "title": {k: v for k, v in title.items() if v},
            "summary": {k: v for k, v in summary.items() if v},
            "hidden": bool(form.get("hidden")),
        }
        changes["pinned"] = bool(form.get("pinned"))
        headline = replace(existing if existing else Headline(id=new_headline_id(office), title={}), **changes)
        if existing:
            headlines = tuple(headline if h.id == existing.id else h for h in office.headlines)
        else:
            headlines = (headline,) + tuple(office.headlines)  # a new headline is heard first
        return office.with_changes(headlines=headlines), problems


HEADLINE_ACTIONS = ("hide", "show", "up", "down", "delete")


def movable(office: Office) -> dict[str, tuple[bool, bool]]:
    """For each headline: whether it can move up, and down, in the order callers hear them."""
    order = headline_order(office)
    keys = [_order_key(h) for h in order]
    return {h.id: (i > 0 and keys[i - 1] == keys[i], i + 1 < len(order) and keys[i + 1] == keys[i])
            for i, h in enumerate(order)}


def headline_action(office: Office, headline_id: str, action: str) -> Office | None:
    """Hide, show, move or delete one headline; None if there is no such headline or action.

    Moving swaps a headline with its neighbour in the order callers hear them. Callers hear pinned
    headlines first, then the newest (and the date is spoken), so only neighbours alike in both
    trade places: headlines written here (pinned, undated) among themselves. ``movable`` says which.
    """
    found = find_headline(office, headline_id)
    if found is None or action not in HEADLINE_ACTIONS:
        return None
    items = list(office.headlines)
    if action == "delete":
        return office.with_changes(headlines=tuple(h for h in items if h.id != headline_id))
    if action in ("hide", "show"):
        changed = replace(found, hidden=action == "hide")
        return office.with_changes(headlines=tuple(changed if h.id == headline_id else h for h in items))
    order = headline_order(office)
    at = next(i for i, h in enumerate(order) if h.id == headline_id)
    other_at = at - 1 if action == "up" else at + 1
    if not 0 <= other_at < len(order):
        return office
    other = order[other_at]
    if _order_key(found) != _order_key(other):
        return office  # pinned, then newer headlines come first: only equals can trade places
    i, j = items.index(order[at]), items.index(order[other_at])
    items[i], items[j] = other, found
    return office.with_changes(headlines=tuple(items))


class HeadlineActionSection:
    """Hide, show, move or delete a headline, as a section (its data: that headline)."""

    name = "headline-action"

    def __init__(self, headline_id: str, action: str, languages: list[str]):
        self.headline_id, self.action = headline_id, action
        self.inner = HeadlineSection(languages, headline_id)

    def data(self, office: Office) -> Any:
        return self.inner.data(office)

    def values(self, office: Office) -> dict[str, str]:
        return self.inner.values(office)

    def parse(self, form: Mapping[str, str], office: Office) -> tuple[Office | None, Problems]:
        changed = headline_action(office, self.headline_id, self.action)
        return (changed, {}) if changed is not None else (None, {"_form": problem("headline_gone")})


def headline_name(office: Office, headline_id: str, languages: list[str], untitled: str) -> str:
    """A headline's title in the first of ``languages`` that has one (``untitled`` if none; its id if it is gone)."""
    found = find_headline(office, headline_id)
    return headline_id if found is None else headline_title(found, languages, untitled)


def headline_title(headline: Headline, languages: list[str], untitled: str) -> str:
    """The headline's title in the first of ``languages`` that has one, else ``untitled``."""
    return next((headline.title[lang] for lang in languages if headline.title.get(lang)), untitled)
