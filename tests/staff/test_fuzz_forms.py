"""Random staff form input (Hypothesis): never a server error, never a partial save.

Each form page is fetched as a clerk sees it; its field names are read from the HTML, and random
values (empty, huge, symbols, markup, times, numbers, other scripts, NUL and CR/LF, dates in year 1
and 9999) are posted for a random choice of them, and of field names with 5,000-digit row indexes.
Whatever happens, the answer is below 500, and the content is either saved whole as one new revision
that reads back as a valid office, or not at all. On SQLite and on PostgreSQL (issue 15, item 11).
"""
from __future__ import annotations

import json
import os
from html.parser import HTMLParser

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from ivr.content.models import Revision
from ivr.content.office import office_from_dict
from ivr.extensions import db
from tests.databases import DATABASES, app_on_each_database, postgres  # noqa: F401  (the fixture)
from tests.staff.conftest import post

FORMS = ["/staff/hours", "/staff/contacts", "/staff/texts/ru", "/staff/texts/be", "/staff/headlines/new",
         "/staff/pronunciation", "/staff/feeds"]
EXAMPLES = int(os.environ.get("HOTLINE_FUZZ_EXAMPLES", "25"))


class FieldNames(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag in ("input", "textarea", "select") and found.get("name") and found.get("type") != "submit":
            self.fields.setdefault(found["name"], found.get("value") or "")


values = st.one_of(
    st.just(""), st.text(max_size=30), st.text(min_size=2000, max_size=5000),
    st.sampled_from(["08:30", "25:99", "17:30", "13:00", "-1", "0", "1", "on", "2026-02-30", "2026-07-03",
                     "+375 (1719) 28-2-60", "<script>alert(1)</script>", "{hotline}", "{", "}}", "&amp;", "\x00",
                     "ёЁ ўЎ іІ", "   ", "!!!", "1" * 500, "ru", "be", "en", "xx", "https://kopyl.example/rss",
                     "0001-01-01", "9999-12-31", "\r\n", "a\r\nb", "x\x00y", "9" * 5000, str(2**63), "-" + "9" * 40]),
)
HUGE_ROW = "9" * 5000
# Field names a hand-made request may add: rows far past any the page shows.
ODD_NAMES = [f"closure-{HUGE_ROW}-start", f"extra-{HUGE_ROW}-day", f"pron-ru-{HUGE_ROW}-word", f"closure-{2**63}-end",
             f"phone-{HUGE_ROW}", "\x00", "a" * 5000]


@pytest.fixture(params=DATABASES)
def app(request, tmp_path):
    """The app on SQLite, then on a fresh database of the private PostgreSQL."""
    yield from app_on_each_database(request, tmp_path, "fuzz")


def revisions(app) -> int:
    with app.app_context():
        return db.session.execute(select(func.count()).select_from(Revision)).scalar_one()


@pytest.mark.parametrize("url", FORMS)
def test_random_form_input_never_breaks_or_half_saves(app, clerk, url):
    parser = FieldNames()
    parser.feed(clerk.get(url).get_data(as_text=True))
    names = sorted(name for name in parser.fields if name != "csrf_token")
    assert names, f"no form fields found on {url}"

    # data_too_large: a form with a kind and a reading for every contact has many fields, and a
    # dictionary over all of them is large by design.
    @settings(max_examples=EXAMPLES, deadline=None, derandomize=bool(os.environ.get("CI")),
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                     HealthCheck.data_too_large])
    @given(chosen=st.dictionaries(st.sampled_from(names + ODD_NAMES), values, max_size=len(names)))
    def run(chosen):
        form = dict(parser.fields)  # start from what the page showed (incl. the base revision)
        form.update(chosen)
        form.pop("csrf_token", None)
        before = revisions(app)
        response = post(clerk, url, form)
        assert response.status_code < 500, (url, form, response.status_code)
        after = revisions(app)
        assert after in (before, before + 1)
        if after == before + 1:
            with app.app_context():
                newest = db.session.execute(select(Revision).order_by(Revision.id.desc())).scalars().first()
                office_from_dict(json.loads(newest.data))  # whole and valid

    run()
