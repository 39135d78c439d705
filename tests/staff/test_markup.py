"""Every staff page: one <h1>, a skip link, a label for every field, a CSRF token in every form."""
from __future__ import annotations

from html.parser import HTMLParser

import pytest

from tests.staff.conftest import post

PAGES = ["/staff/", "/staff/hours", "/staff/contacts", "/staff/texts/ru", "/staff/texts/be", "/staff/texts/en",
         "/staff/headlines", "/staff/headlines/new", "/staff/headlines/tashkent-talks", "/staff/pronunciation",
         "/staff/history", "/staff/history/1", "/staff/test-call", "/staff/accounts", "/staff/password"]


class Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.h1 = 0
        self.ids: list[str] = []
        self.labels: set[str] = set()
        self.fields: list[dict[str, str]] = []
        self.forms: list[dict[str, object]] = []
        self.links: list[str] = []
        self.lang = ""

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if "id" in a:
            self.ids.append(a["id"])
        if tag == "html":
            self.lang = a.get("lang", "")
        elif tag == "h1":
            self.h1 += 1
        elif tag == "label" and a.get("for"):
            self.labels.add(a["for"])
        elif tag == "a":
            self.links.append(a.get("href", ""))
        elif tag == "form":
            self.forms.append({"method": a.get("method", "get"), "token": False})
        elif tag in ("input", "select", "textarea"):
            self.fields.append(dict(a, tag=tag))
            if a.get("name") == "csrf_token" and self.forms:
                self.forms[-1]["token"] = True


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    return page


@pytest.mark.parametrize("ui", ["ru", "en"])
def test_every_page_is_well_formed_for_keyboards_and_screen_readers(login, ui):
    client = login("anna")
    for url in PAGES:
        response = client.get(f"{url}?ui={ui}")
        assert response.status_code == 200, url
        page = parse(response.get_data(as_text=True))
        assert page.lang == ui, url
        assert page.h1 == 1, url
        assert page.links[0] == "#main" and "main" in page.ids, url  # the skip link comes first
        duplicates = {i for i in page.ids if page.ids.count(i) > 1}
        assert not duplicates, (url, duplicates)
        for field in page.fields:
            if field.get("type") in ("hidden", "submit", "button"):
                continue
            assert field.get("id") in page.labels or field.get("aria-label"), (url, field)
        posts = [f for f in page.forms if f["method"] == "post"]
        assert all(f["token"] for f in posts), url


def test_a_rejected_form_ties_every_error_to_its_field(clerk):
    response = post(clerk, "/staff/contacts", {"base": "1", "hotline": "x", "postal_code": "1"})
    page = parse(response.get_data(as_text=True))
    invalid = [f for f in page.fields if f.get("aria-invalid") == "true"]
    assert len(invalid) >= 5
    for field in invalid:
        described = field.get("aria-describedby", "").split()
        assert f"{field['id']}-error" in described and f"{field['id']}-error" in page.ids, field
