"""/info.json: the page's facts for machines, in stable keys with ISO dates and times."""
from __future__ import annotations

import json
from datetime import date

from ivr.content.office import Headline
from ivr.schedule import Closure

MONDAY_MORNING = "2026-11-30 10:00"


def test_keys_are_stable_and_the_body_is_utf8_json(client, at):
    at(MONDAY_MORNING)
    response = client.get("/info.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert "Копыльский".encode() in response.data  # UTF-8, not \\u escapes
    doc = json.loads(response.data.decode("utf-8"))
    assert list(doc) == ["notices", "office", "revision", "as_of", "status", "hours", "services", "days_that_differ",
                         "special_dates", "holidays", "moved_workdays", "closures", "extra_workdays", "contacts",
                         "headlines", "procedures", "links", "receptions", "organisations"]
    assert list(doc["status"]) == ["state", "reason", "open", "next_change", "next_state", "holiday", "closure", "text"]
    assert list(doc["hours"]["week"]) == ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    assert doc["office"]["languages"] == ["ru", "be", "en"]
    assert doc["office"]["timezone"] == "Europe/Minsk"
    assert doc["revision"] == 1


def test_status_at_a_fixed_moment_matches_the_call(client, at, caller):
    at(MONDAY_MORNING)
    doc = client.get("/info.json").get_json()
    assert doc["as_of"] == "2026-11-30T10:00+03:00"
    assert doc["status"]["state"] == "open"
    assert doc["status"]["reason"] == "open"
    assert doc["status"]["open"] is True
    assert doc["status"]["next_change"] == "2026-11-30T13:00+03:00"
    assert doc["status"]["next_state"] == "lunch"
    assert doc["status"]["text"]["en"] == "The office is open until one p.m."
    call = caller()
    call.start()
    call.press("1")
    assert doc["status"]["text"]["ru"] in call.press("1").texts


def test_a_holiday_and_a_closure_are_named(client, at, edit_office):
    at("2026-07-03 10:00")
    doc = client.get("/info.json").get_json()
    assert doc["status"]["reason"] == "holiday"
    assert doc["status"]["holiday"]["en"].startswith("Independence Day")
    assert doc["status"]["next_change"] == "2026-07-06T08:30+03:00"
    edit_office(closures=(Closure(date(2026, 7, 6), date(2026, 7, 6), {"ru": "санитарный день"}),))
    at("2026-07-06 10:00")
    doc = client.get("/info.json").get_json()
    assert doc["status"]["reason"] == "closure"
    assert doc["status"]["closure"] == {"start": "2026-07-06", "end": "2026-07-06",
                                        "reason": {"ru": "санитарный день", "be": "", "en": ""}}
    assert doc["closures"] == [doc["status"]["closure"]]


def test_hours_holidays_and_moved_workdays(client, at):
    at(MONDAY_MORNING)
    doc = client.get("/info.json").get_json()
    assert doc["hours"]["week"]["mon"] == {"opens": "08:30", "closes": "17:30", "lunch_start": "13:00", "lunch_end": "14:00"}
    assert doc["hours"]["week"]["sat"] is None
    assert doc["hours"]["text"]["ru"][1] == "Обеденный перерыв с тринадцати до четырнадцати."
    days = [h["date"] for h in doc["holidays"]]
    assert days == sorted(days)
    assert days[0] == "2026-01-01" and days[-1] == "2027-12-25"  # this year and next
    new_year = doc["holidays"][0]["name"]
    assert new_year == {"ru": "Новый год", "be": "Новы год", "en": "New Year's Day"}
    assert "2026-04-25" in doc["moved_workdays"]


def test_contacts_in_e164_and_as_written(client, at):
    at(MONDAY_MORNING)
    contacts = client.get("/info.json").get_json()["contacts"]
    assert contacts["hotline"] == {"display": "+375 (1719) 28-2-60", "e164": "+375171928260", "uri": "tel:+375171928260"}
    assert [p["e164"] for p in contacts["phones"]] == ["+375171928260"]
    assert contacts["faxes"] == ["+375 (1719) 55-2-41"]  # the fax is not a number to call
    assert contacts["postal_code"] == "223927"
    assert contacts["address"]["be"] == "Мінская вобласць, горад Капыль, плошча Леніна, дом 6"


def test_headlines_per_language_as_the_caller_hears_them(client, at, edit_office):
    at(MONDAY_MORNING)
    edit_office(headlines=(
        Headline("a", {"ru": "Первая", "en": "First"}, {"ru": "Текст."}, date(2026, 11, 2)),
        Headline("b", {"ru": "Вторая"}, {}, date(2026, 11, 20)),
        Headline("c", {"ru": "Скрытая"}, {}, None, hidden=True),
    ))
    headlines = client.get("/info.json").get_json()["headlines"]
    assert [h["id"] for h in headlines["ru"]] == ["b", "a"]
    assert headlines["ru"][1] == {"id": "a", "published": "2026-11-02", "title": "Первая", "summary": "Текст."}
    assert headlines["be"] == []
    assert [h["title"] for h in headlines["en"]] == ["First"]


def test_links_are_absolute_on_the_public_url(client, at):
    at(MONDAY_MORNING)
    links = client.get("/info.json").get_json()["links"]
    assert links["page"]["be"] == "https://hotline.test/be"
    assert links["calendar"]["en"] == "https://hotline.test/calendar.ics?lang=en"


def test_cached_with_an_etag(client, at):
    at(MONDAY_MORNING)
    first = client.get("/info.json")
    assert "max-age=60" in first.headers["Cache-Control"]
    assert client.get("/info.json", headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
    at("2026-11-30 10:01")
    assert client.get("/info.json").headers["ETag"] != first.headers["ETag"]
