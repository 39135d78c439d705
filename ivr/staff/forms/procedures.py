"""The procedure form: add, change or delete one procedure of the catalogue."""
from __future__ import annotations

from typing import Any, Mapping

from ivr.content.office import Office
from ivr.content.procedures import NUMBER, TEXT_FIELDS, TOPICS, Procedure, by_number, procedure_to_dict
from ivr.staff.forms.fields import Problems, check_text, clean_text, problem

# How many documents one procedure may list (a caller hears them one at a time).
MAX_DOCUMENTS = 20


class ProcedureSection:
    """One procedure (by its number), or a new one (None): number, topic, source and, per language,
    the title, the documents (one a line), the fee, the term, the validity and where to go."""

    name = "procedure"

    def __init__(self, languages: list[str], number: str | None):
        self.languages = languages
        self.number = number

    def data(self, office: Office) -> Any:
        found = by_number(office.procedures, self.number) if self.number else None
        return None if found is None else procedure_to_dict(found)

    def values(self, office: Office) -> dict[str, str]:
        found = by_number(office.procedures, self.number) if self.number else None
        out = {"number": found.number if found else "", "topic": found.topic if found else TOPICS[0],
               "source": found.source if found else "", "remove": ""}
        for lang in self.languages:
            for part in TEXT_FIELDS:
                out[f"{part}-{lang}"] = found.text(part, lang) if found else ""
            out[f"documents-{lang}"] = "\n".join(found.documents_in(lang)) if found else ""
        return out

    def parse(self, form: Mapping[str, str], office: Office) -> tuple[Office | None, Problems]:
        existing = by_number(office.procedures, self.number) if self.number else None
        if self.number and existing is None:
            return None, {"_form": problem("procedure_gone")}
        others = tuple(p for p in office.procedures if p is not existing)
        if existing is not None and form.get("remove"):
            return office.with_changes(procedures=others), {}
        problems: Problems = {}
        number = clean_text(form.get("number"))
        if not NUMBER.fullmatch(number):
            problems["number"] = problem("procedure_number")
        elif by_number(others, number) is not None:
            problems["number"] = problem("procedure_taken", number=number)
        topic = clean_text(form.get("topic"))
        if topic not in TOPICS:
            problems["topic"] = problem("required")
        source = clean_text(form.get("source"))
        if source and not source.startswith(("https://", "http://")):
            problems["source"] = problem("procedure_source")
        texts: dict[str, dict[str, str]] = {part: {} for part in TEXT_FIELDS}
        documents: dict[str, tuple[str, ...]] = {}
        for lang in self.languages:
            for part in TEXT_FIELDS:
                name, text = f"{part}-{lang}", clean_text(form.get(f"{part}-{lang}"))
                if found := check_text(text, "text", required=False):
                    problems[name] = found
                elif text:
                    texts[part][lang] = text
            lines = tuple(clean_text(line) for line in (form.get(f"documents-{lang}") or "").splitlines())
            lines = tuple(line for line in lines if line)
            bad = next((found for line in lines if (found := check_text(line, "text"))), None)
            if bad or len(lines) > MAX_DOCUMENTS:
                problems[f"documents-{lang}"] = bad or problem("procedure_documents", limit=MAX_DOCUMENTS)
            elif lines:
                documents[lang] = lines
        if not texts["title"] and not problems:
            problems[f"title-{self.languages[0]}"] = problem("title_one")
        if problems:
            return None, problems
        procedure = Procedure(number=number, topic=topic, documents=documents, source=source, **texts)
        if existing is None:
            return office.with_changes(procedures=(*office.procedures, procedure)), {}
        procedures = tuple(procedure if p is existing else p for p in office.procedures)
        return office.with_changes(procedures=procedures), {}
