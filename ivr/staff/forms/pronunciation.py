"""The pronunciation page's form: per language, words and how the voice should read them."""
from __future__ import annotations

from typing import Any

from ivr.content.office import Office
from ivr.staff.forms.fields import (
    BLANK_WORDS,
    MAX_ROWS,
    Form,
    Problems,
    check_text,
    clean_text,
    problem,
    row_count,
)

# -- pronunciation ---------------------------------------------------------------------------------

class PronunciationSection:
    """Per language, words a voice reads badly and how to write them so it reads them right."""

    name = "pronunciation"

    def __init__(self, languages: list[str]):
        self.languages = languages

    def data(self, office: Office) -> Any:
        return {lang: dict(table) for lang, table in office.pronunciations.items() if table}

    def values(self, office: Office) -> dict[str, str]:
        out = {}
        for lang in self.languages:
            for i, (word, spoken) in enumerate(sorted((office.pronunciations.get(lang) or {}).items())):
                out[f"pron-{lang}-{i}-word"] = word
                out[f"pron-{lang}-{i}-spoken"] = spoken
        return out

    @staticmethod
    def rows(values: Form, lang: str) -> int:
        return min(row_count(values, f"pron-{lang}") + BLANK_WORDS, MAX_ROWS)

    def parse(self, form: Form, office: Office) -> tuple[Office | None, Problems]:
        problems: Problems = {}
        tables = {lang: dict(table) for lang, table in office.pronunciations.items()}
        for lang in self.languages:
            table: dict[str, str] = {}
            seen: set[str] = set()
            prefix = f"pron-{lang}"
            for i in range(row_count(form, prefix)):
                w_name, s_name = f"{prefix}-{i}-word", f"{prefix}-{i}-spoken"
                word, spoken = clean_text(form.get(w_name)), clean_text(form.get(s_name))
                if form.get(f"{prefix}-{i}-remove") or (not word and not spoken):
                    continue
                if found := check_text(word, "word"):
                    problems[w_name] = found
                elif word.casefold() in seen:
                    problems[w_name] = problem("word_twice")
                if found := check_text(spoken, "spoken"):
                    problems[s_name] = found
                seen.add(word.casefold())
                table[word] = spoken
            tables[lang] = table
        if problems:
            return None, problems
        return office.with_changes(pronunciations={k: v for k, v in tables.items() if v}), problems


TRIAL_LIMIT = 200  # characters of a tried word or phrase


def trial_request(args: Form, languages: list[str]) -> tuple[str, str]:
    """The text and language a clerk asked to try ("try", "lang"): the text cleaned and cut to
    ``TRIAL_LIMIT`` ("" for none), the language one of ``languages`` (the first by default)."""
    text = clean_text(args.get("try"))[:TRIAL_LIMIT]
    lang = args.get("lang") or ""
    return text, lang if lang in languages else languages[0]
