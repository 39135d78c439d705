"""The public page, /info.json and /calendar.ics show every service's hours, the days that differ and
the urgent notice (issue 18, items 5, 6, 7)."""
from __future__ import annotations

import json
from datetime import date, datetime, time

from icalendar import Calendar

from ivr.content.office import Notice, SpecialDate
from ivr.schedule import DayHours
from tests.public.test_page import outline

WEDNESDAY_EVENING = "2026-12-09 19:00"
NOTICE = Notice("heating", {"ru": "Приём в кабинете 5 переносится.", "be": "Прыём у кабінеце 5 пераносіцца.",
                            "en": "Receptions in room 5 move."},
                datetime(2026, 12, 9, 8, 0), datetime(2026, 12, 10, 8, 0))


def test_the_page_shows_every_service_with_its_state_and_week(client, at):
    at(WEDNESDAY_EVENING)
    page = outline(client.get("/ru"))
    assert ("h3", "Служба «одно окно»") in page.headings
    section = page.by_id["service-one-stop"]
    assert "Служба «одно окно»: открыто до двадцати часов." in section
    assert "Суббота 09:00–13:00" in section and "Среда 08:00–20:00" in section
    assert "142" in page.by_id["service-142"]
    english = outline(client.get("/en"))
    assert "The one-stop shop: open until eight p.m." in english.by_id["service-one-stop"]


def test_the_notice_heads_the_page_and_is_gone_after_its_end(client, at, edit_office):
    edit_office(notices=(NOTICE,))
    at(WEDNESDAY_EVENING)
    body = client.get("/be").get_data(as_text=True)
    main = body.index('<main id="main"')
    assert body.index('id="notice"') < body.index('id="now-heading"')
    assert main < body.index("Прыём у кабінеце 5 пераносіцца.") < body.index('id="now-heading"')
    at("2026-12-10 08:00")
    assert "кабінеце 5" not in client.get("/be").get_data(as_text=True)


def test_a_short_day_is_shown_on_the_page_the_days_before(client, at, edit_office):
    edit_office(special_dates=(SpecialDate(date(2026, 12, 11), DayHours(time(8, 30), time(15, 0))),))
    at(WEDNESDAY_EVENING)
    body = client.get("/ru").get_data(as_text=True)
    assert "В пятницу приёмная работает с восьми тридцати до пятнадцати." in body
    assert "В пятницу служба «одно окно» работает с восьми тридцати до пятнадцати." in body


def test_info_json_has_the_notice_first_and_every_service(client, at, edit_office):
    edit_office(notices=(NOTICE,))
    at(WEDNESDAY_EVENING)
    doc = json.loads(client.get("/info.json").get_data(as_text=True))
    assert list(doc)[0] == "notices"
    assert doc["notices"][0]["text"]["en"] == "Receptions in room 5 move."
    one_stop = next(s for s in doc["services"] if s["id"] == "one-stop")
    assert one_stop["status"]["open"] is True and one_stop["status"]["next_change"] == "2026-12-09T20:00+03:00"
    assert one_stop["week"]["sat"] == {"opens": "09:00", "closes": "13:00", "lunch_start": None, "lunch_end": None}
    assert doc["status"]["open"] is False  # the reception
    at("2026-12-30 10:00")
    doc = json.loads(client.get("/info.json").get_data(as_text=True))
    assert doc["notices"] == []
    assert "Завтра приёмная работает с восьми тридцати до шестнадцати тридцати." in doc["days_that_differ"]["ru"]


def test_each_service_has_its_own_calendar(client, at, edit_office):
    reason = {"ru": "учёба", "be": "вучоба", "en": "training"}
    edit_office(special_dates=(SpecialDate(date(2026, 12, 15), None, reason, ("one-stop",)),))
    at(WEDNESDAY_EVENING)
    one_stop = Calendar.from_ical(client.get("/calendar.ics?lang=en&service=one-stop").data)
    summaries = {str(e["SUMMARY"]) for e in one_stop.walk("VEVENT")}
    assert any("training" in s for s in summaries)
    reception = Calendar.from_ical(client.get("/calendar.ics?lang=en").data)
    assert not any("training" in str(e["SUMMARY"]) for e in reception.walk("VEVENT"))
    assert client.get("/calendar.ics?service=no-such").status_code == 404
    assert "calendar.ics?lang=ru&amp;service=one-stop" in client.get("/ru").get_data(as_text=True)
