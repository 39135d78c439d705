"""No server error on odd input, on SQLite and on PostgreSQL (issue 15, item 11): ids of 2**63 and
more on every <int:> route, statistics dates in year 1 or 9999, 5,000-digit row indexes in form field
names, CR/LF in next=, NUL bytes and over-long values (login name, feed URL and name, headline edits).
Each answers 404, or 422 (409 for an edit of an old revision) with the form again."""
from __future__ import annotations

import pytest
from werkzeug.routing import IntegerConverter
from sqlalchemy import func, select

from ivr.content.models import Revision
from ivr.extensions import db
from ivr.news.models import PENDING, Feed, ImportedHeadline
from ivr.staff.models import LoginAttempt
from tests.databases import DATABASES, app_on_each_database, postgres  # noqa: F401  (the fixture)
from tests.staff.conftest import PASSWORD, TOKEN, form_values, post

HUGE_IDS = [str(2**63), str(2**64 + 1), str(2**31), "9" * 30, "9" * 5000, "0" * 5000 + "1"]
LONG = "x" * 5000


@pytest.fixture(params=DATABASES)
def app(request, tmp_path):
    """The app on SQLite, then on a fresh database of the private PostgreSQL."""
    yield from app_on_each_database(request, tmp_path, "odd")


def revisions(app):
    with app.app_context():
        return db.session.execute(select(func.count()).select_from(Revision)).scalar_one()


def int_rules(app):
    return [rule for rule in app.url_map.iter_rules()
            if any(isinstance(rule._converters[name], IntegerConverter) for name in rule.arguments)]


def test_huge_ids_on_every_int_route_are_not_found(app, login):
    client = login("anna")
    rules = int_rules(app)
    assert len(rules) >= 8
    for rule in rules:
        for huge in HUGE_IDS:
            url = rule.rule.replace("<", "{").replace(">", "}")
            url = url.split("{")[0] + huge + url.split("}", 1)[1]
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                response = post(client, url, {"status": "done"}) if method == "POST" else client.get(url)
                assert response.status_code == 404, (method, url[:80], response.status_code)
    assert revisions(app) == 1


@pytest.mark.parametrize("start, end", [("0001-01-01", "0001-01-31"), ("9999-12-01", "9999-12-31"),
                                        ("0001-01-01", "9999-12-31"), ("2026-11-30", "9999-12-31")])
def test_statistics_dates_at_the_ends_of_the_calendar(clerk, start, end):
    for url in ("/staff/statistics", "/staff/statistics.csv"):
        response = clerk.get(f"{url}?from={start}&to={end}")
        assert response.status_code == 422, (url, response.status_code)
        page = response.get_data(as_text=True)
        assert 'name="from"' in page and "Даты — в виде ГГГГ-ММ-ДД" in page


@pytest.mark.parametrize("url, name", [("/staff/hours", "closure-{n}-start"), ("/staff/hours", "extra-{n}-day"),
                                       ("/staff/pronunciation", "pron-ru-{n}-word"), ("/staff/hours", "closure-{n}-reason-ru"),
                                       ("/staff/texts/ru", "closure-{n}-start")])
def test_five_thousand_digit_row_indexes_in_field_names(app, clerk, url, name):
    form = form_values(clerk.get(url).get_data(as_text=True))
    form[name.format(n="9" * 5000)] = "2026-12-31"
    form["base"] = "0"  # an old revision: the conflict page lists every field sent, by its name
    response = post(clerk, url, form)
    assert response.status_code in (302, 409, 422), response.status_code  # saved, or the form again
    assert revisions(app) in (1, 2)


@pytest.mark.parametrize("target", ["/staff/\r\nSet-Cookie: x=1", "/staff/%0d%0aLocation: https://evil.example",
                                    "/staff/\nhttps://evil.example", "/staff/" + "a" * 5000, "/staff/\x00"],
                         ids=["crlf", "encoded-crlf", "lf", "5000-letters", "nul"])
def test_odd_next_addresses_go_to_the_overview(app, client, staff, target):
    with client.session_transaction() as session:
        session["staff_csrf"] = TOKEN
    response = client.post("/staff/login", data={"csrf_token": TOKEN, "username": "boris", "password": PASSWORD,
                                                  "next": target})
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location.startswith("/staff/") and not any(ch in location for ch in "\r\n\x00")
    assert client.get("/staff/login?next=" + target.replace("\r", "%0d").replace("\n", "%0a")).status_code in (200, 302)


@pytest.mark.parametrize("username", ["bo\x00ris", "\x00", LONG, "boris" + "\x00" * 3, "b\x00" * 3000],
                         ids=["nul-inside", "nul", "5000-letters", "nul-after", "nul-5000"])
def test_nul_bytes_and_long_login_names_are_a_failed_login(app, client, staff, username):
    with client.session_transaction() as session:
        session["staff_csrf"] = TOKEN
    response = client.post("/staff/login", data={"csrf_token": TOKEN, "username": username, "password": "x\x00y"})
    assert response.status_code == 401
    assert 'name="username"' in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.execute(select(func.count()).select_from(LoginAttempt)).scalar_one() == 1


@pytest.mark.parametrize("field, value", [("url", "https://kopyl.example/rss\x00"), ("url", "https://kopyl.example/" + LONG),
                                          ("name", "Ка\x00пыль"), ("name", LONG)],
                         ids=["url-nul", "url-long", "name-nul", "name-long"])
def test_nul_bytes_and_long_values_in_a_new_feed(app, clerk, field, value):
    data = {"url": "https://kopyl.example/rss", "lang": "ru", "name": "Капыль", field: value}
    response = post(clerk, "/staff/feeds", data)
    assert response.status_code == 422, response.status_code
    assert 'name="url"' in response.get_data(as_text=True)


@pytest.mark.parametrize("field, value", [("title-ru", "Новость\x00"), ("title-ru", LONG), ("summary-ru", "a\x00b"),
                                          ("summary-ru", LONG * 4)],
                         ids=["title-nul", "title-long", "summary-nul", "summary-long"])
def test_nul_bytes_and_long_values_in_a_headline(app, clerk, field, value):
    form = form_values(clerk.get("/staff/headlines/new").get_data(as_text=True))
    form.update({"title-ru": "Новость", field: value})
    response = post(clerk, "/staff/headlines/new", form)
    assert response.status_code == 422, response.status_code
    assert 'name="title-ru"' in response.get_data(as_text=True)
    assert revisions(app) == 1


@pytest.mark.parametrize("field, value", [("title", "Ярмарка\x00"), ("title", LONG), ("summary", "a\x00b"), ("summary", LONG)],
                         ids=["title-nul", "title-long", "summary-nul", "summary-long"])
def test_nul_bytes_and_long_values_in_an_imported_headline_edit(app, clerk, field, value):
    with app.app_context():
        feed = Feed(url="https://kopyl.example/rss", lang="ru", name="kopyl")
        db.session.add(feed)
        db.session.flush()
        row = ImportedHeadline(feed_id=feed.id, guid="1", lang="ru", title="Ярмарка", summary="", status=PENDING)
        db.session.add(row)
        db.session.commit()
        row_id = row.id
    data = {"action": "edit", "title": "Ярмарка в субботу", "summary": "", field: value}
    response = post(clerk, f"/staff/feeds/headline/{row_id}", data)
    assert response.status_code == 422, response.status_code
    assert f'id="headline-{row_id}"' in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(ImportedHeadline, row_id).edited_title == ""
