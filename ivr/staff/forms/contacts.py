"""The contacts page's form: the office's names, addresses, contacts (each with its kind and, for a
number, how the call reads it), the hot line and the transfer number."""
from __future__ import annotations

import re
from typing import Any

from ivr.content.office import CONTACT_KINDS, EMAIL, NUMBER_KINDS, PHONE, READINGS, Contact, Office, office_to_dict
from ivr.staff.forms.fields import (
    MAX_PHONES,
    Form,
    Problem,
    Problems,
    check_phone,
    check_text,
    clean_text,
    problem,
)

# -- contacts --------------------------------------------------------------------------------------

def check_address(value: str, kind: str) -> Problem | None:
    """The problem with an e-mail or web address, if any: one word, with a dot (and an @ for e-mail)."""
    if re.search(r"\s", value) or "." not in value or (kind == EMAIL) != ("@" in value):
        return problem("email" if kind == EMAIL else "web")
    return None


class ContactsSection:
    """The office's name and address per language, postal code, phones, hot line, transfer number."""

    name = "contacts"

    def __init__(self, languages: list[str]):
        self.languages = languages

    def data(self, office: Office) -> Any:
        raw = office_to_dict(office)
        return {k: raw[k] for k in ("name", "address", "postal_code", "contacts", "hotline", "transfer_number")}

    def values(self, office: Office) -> dict[str, str]:
        out = {"postal_code": office.postal_code, "hotline": office.hotline, "transfer_number": office.transfer_number}
        for lang in self.languages:
            out[f"name-{lang}"] = office.name.get(lang, "")
            out[f"address-{lang}"] = office.address.get(lang, "")
        for i in range(MAX_PHONES):
            contact = office.contacts[i] if i < len(office.contacts) else Contact(PHONE, "")
            row = i + 1
            out[f"phone-{row}"], out[f"kind-{row}"] = contact.value, contact.kind
            out[f"reading-{row}"] = contact.reading
        return out

    def parse(self, form: Form, office: Office) -> tuple[Office | None, Problems]:
        problems: Problems = {}
        name, address = dict(office.name), dict(office.address)
        for lang in self.languages:
            for kind, target in (("name", name), ("address", address)):
                field_name = f"{kind}-{lang}"
                text = clean_text(form.get(field_name))
                if found := check_text(text, kind):
                    problems[field_name] = found
                target[lang] = text
        postal = clean_text(form.get("postal_code"))
        if postal and not re.fullmatch(r"\d{6}", postal.replace(" ", "")):
            problems["postal_code"] = problem("postal_code")
        contacts = []
        for i in range(MAX_PHONES):
            field_name = f"phone-{i + 1}"
            text = clean_text(form.get(field_name))
            if not text:
                continue
            kind = form.get(f"kind-{i + 1}") or PHONE
            reading = form.get(f"reading-{i + 1}") or READINGS[0]
            if kind not in CONTACT_KINDS or reading not in READINGS:
                problems[field_name] = problem("contact_kind")
            elif found := (check_phone(text) if kind in NUMBER_KINDS else check_address(text, kind)):
                problems[field_name] = found
            contacts.append(Contact(kind, text, reading))
        if not any(c.kind == PHONE for c in contacts):
            problems["phone-1"] = problem("phone_one")
        for field_name, dialable in (("hotline", False), ("transfer_number", True)):
            if found := check_phone(clean_text(form.get(field_name)), dialable=dialable):
                problems[field_name] = found
        if problems:
            return None, problems
        return office.with_changes(
            name=name, address=address, postal_code=postal.replace(" ", ""), contacts=tuple(contacts),
            hotline=clean_text(form.get("hotline")), transfer_number=clean_text(form.get("transfer_number")),
        ), problems
