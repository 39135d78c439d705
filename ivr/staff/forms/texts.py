"""The texts page's form: the fixed prompts of one language, with their required placeholders."""
from __future__ import annotations

import string
from typing import Any

from ivr.content.office import Office
from ivr.content.prompts import DEFAULT_TEXTS, bare_placeholders, placeholders
from ivr.staff.forms.fields import (
    Form,
    Problem,
    Problems,
    check_text,
    clean_text,
    problem,
    speakable,
)

# -- fixed prompts ---------------------------------------------------------------------------------

def required_placeholders(key: str, lang: str) -> list[str]:
    """The {names} a prompt's text must keep (those of its standard wording), in order."""
    template = DEFAULT_TEXTS[key][lang]
    return [name for _, name, _, _ in string.Formatter().parse(template) if name]


def check_template(text: str, key: str, lang: str) -> Problem | None:
    """The problem with a clerk's wording of prompt ``key``, if any."""
    if found := check_text(text, "text"):
        return found
    try:
        used = placeholders(text)
        bare = bare_placeholders(text)
    except ValueError:
        return problem("braces")
    if not bare:
        return problem("placeholder_plain")
    allowed = set(required_placeholders(key, lang))
    unknown = sorted(used - allowed)
    if unknown:
        return problem("placeholder_unknown", names=", ".join("{" + n + "}" for n in unknown))
    missing = [n for n in required_placeholders(key, lang) if n not in used]
    if missing:
        return problem("placeholder_missing", names=", ".join("{" + n + "}" for n in missing))
    if not used and not speakable(text):
        return problem("unspeakable")  # (the filled-in names are words: "{position}. {title}." reads fine)
    return None


def prompt_keys(lang: str) -> list[str]:
    """The fixed prompts that have a standard wording in ``lang``, in their order."""
    return [key for key, defaults in DEFAULT_TEXTS.items() if defaults.get(lang)]


class TextsSection:
    """Every fixed prompt in one language: the office's own wording or the standard one."""

    name = "texts"

    def __init__(self, lang: str):
        self.lang = lang

    def data(self, office: Office) -> Any:
        return {key: office.texts.get(key, {}).get(self.lang) for key in prompt_keys(self.lang)}

    def values(self, office: Office) -> dict[str, str]:
        out = {}
        for key in prompt_keys(self.lang):
            defaults = DEFAULT_TEXTS[key]
            own = office.texts.get(key, {}).get(self.lang)
            out[f"text-{key}"] = own or defaults[self.lang]
        return out

    def parse(self, form: Form, office: Office) -> tuple[Office | None, Problems]:
        problems: Problems = {}
        texts = {key: dict(by_lang) for key, by_lang in office.texts.items()}
        for key in prompt_keys(self.lang):
            defaults = DEFAULT_TEXTS[key]
            field_name = f"text-{key}"
            own = texts.setdefault(key, {})
            if form.get(f"default-{key}"):
                own.pop(self.lang, None)
                continue
            text = clean_text(form.get(field_name))
            if found := check_template(text, key, self.lang):
                problems[field_name] = found
            elif text == defaults[self.lang]:
                own.pop(self.lang, None)
            else:
                own[self.lang] = text
        if problems:
            return None, problems
        return office.with_changes(texts={k: v for k, v in texts.items() if v}), problems
