"""Texts: every fixed prompt of one language, its default, its placeholders and how it sounds."""
from __future__ import annotations

from typing import Any, Mapping

from flask import Response, abort, current_app, redirect, url_for
from flask_babel import gettext

from ivr.config import settings
from ivr.clock import now
from ivr.content.models import RevisionNote
from ivr.content.prompts import DEFAULT_TEXTS
from ivr.content.recordings import prompt_number, recording_state
from ivr.content.store import CurrentOffice, current_office
from ivr.staff import audio, words
from ivr.staff.editor import edit_page
from ivr.staff.forms.texts import TextsSection, prompt_keys, required_placeholders
from ivr.staff.frame import Route, languages_of, word


def placeholder_named(name: str) -> str:
    """A {name} a text must keep, with what it stands for in words ("{key} (номер клавиши)")."""
    meaning = word("ph_" + name)
    braced = "{" + name + "}"
    return braced if meaning == "ph_" + name else gettext("%(name)s (%(meaning)s)", name=braced, meaning=meaning)


def texts_index() -> Response:
    """The texts of the office's first language."""
    return redirect(url_for("staff.texts", lang=languages_of(current_office().office)[0]))


def texts(lang: str) -> Any:
    """The prompts of ``lang`` in groups, each with its default and up to three of its sentences' audio."""
    if lang not in settings().languages:
        abort(404)
    section = TextsSection(lang)

    def extra(values: Mapping[str, str], current: CurrentOffice) -> dict[str, Any]:
        app = current_app._get_current_object()  # type: ignore[attr-defined]
        found = audio.cached_prompt_map(app, current.revision, current.office, now())
        keys = prompt_keys(lang)
        sentences = [s for key in keys for s in found.get(key, {}).get(lang, [])]
        lines = {line.text: line for line in audio.lines_for(app, current.office, sentences)}
        sounds = {key: [lines[text] for text in dict.fromkeys(s.text for s in found.get(key, {}).get(lang, []))][:3]
                  for key in keys}
        groups: dict[int, list[str]] = {}
        for key in keys:
            groups.setdefault(words.group_of(key), []).append(key)
        return dict(lang=lang, langs=languages_of(current.office), all_langs=settings().languages,
                    groups=[(words.group_heading(i), keys) for i, keys in sorted(groups.items())],
                    defaults={key: DEFAULT_TEXTS[key][lang] for key in keys},
                    own={key: bool(current.office.texts.get(key, {}).get(lang)) for key in keys},
                    needs={key: ", ".join(placeholder_named(n) for n in required_placeholders(key, lang)) for key in keys},
                    sounds=sounds, numbers={key: prompt_number(key) for key in keys},
                    recorded={key: recording_state(current.office, key, lang) for key in keys})

    return edit_page(section, "staff/texts.html", endpoint="staff.texts", endpoint_args={"lang": lang},
                     note=RevisionNote("texts", {"lang": lang}), extra=extra)


ROUTES = (
    Route("/texts", texts_index),
    Route("/texts/<lang>", texts, methods=("GET", "POST"), menu="texts_index"),
)
