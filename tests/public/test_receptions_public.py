"""Issue 18, items 3, 4 and 7: receptions, direct lines and where to go on the public page, in
/info.json, as timed events in /calendar.ics, and in the SMS text asked for in the contacts menu."""
from __future__ import annotations

import json

from icalendar import Calendar

from ivr.messages.sms import send_sms
from tests.public.test_calendar import parse
from tests.public.test_page import outline
from tests.test_sms import caller_in, requests_of, sms_app  # noqa: F401 (a fixture)

MONDAY_MORNING = "2026-11-30 10:00"


def test_the_page_lists_each_next_session_and_the_directory_by_topic(client, at):
    at(MONDAY_MORNING)
    page = outline(client.get("/ru"))
    receptions = page.by_id["receptions-heading"]
    assert receptions == "Личный приём и прямые линии"
    body = client.get("/ru").get_data(as_text=True)
    assert '<time datetime="2026-12-09T08:00">Среда, 9 декабря 2026, 08:00–13:00</time>' in body
    assert '<time datetime="2026-12-05T09:00">Суббота, 5 декабря 2026, 09:00–12:00</time>' in body
    assert ("h3", "Экстренные службы") in page.headings and ("h3", "Социальная помощь") not in page.headings
    tel = [(a["href"], text) for a, text in page.links if a.get("href", "").startswith("tel:")]
    assert ("tel:104", "104") in tel
    english = client.get("/en").get_data(as_text=True)
    assert "Gas emergency</strong> — a smell or leak of gas" in english


def test_info_json_lists_the_receptions_with_their_next_session_and_the_directory(client, at):
    at(MONDAY_MORNING)
    info = json.loads(client.get("/info.json").data)
    chairman = next(r for r in info["receptions"] if r["id"] == "chairman-reception")
    assert chairman["weekday"] == 2 and chairman["weeks"] == [2, 4]
    assert chairman["next"] == {"start": "2026-12-09T08:00", "end": "2026-12-09T13:00"}
    assert chairman["post"]["be"] == "старшыня райвыканкама"
    gas = next(o for o in info["organisations"] if o["phone"] == "104")
    assert gas["topic"] == "emergency" and gas["name"]["en"] == "Gas emergency" and gas["source"]


def test_the_calendar_feed_has_each_session_as_a_timed_event_in_the_office_zone(client, at):
    at(MONDAY_MORNING)
    text = client.get("/calendar.ics?lang=ru").get_data(as_text=True)
    calendar, events = parse(text)
    sessions = {str(e["UID"]).split("@")[0]: e for e in events if str(e["UID"]).startswith("chairman-reception-")}
    event = sessions["chairman-reception-20261223"]
    assert event["DTSTART"].dt.isoformat() == "2026-12-23T08:00:00+03:00"
    assert event["DTEND"].dt.isoformat() == "2026-12-23T13:00:00+03:00"
    assert str(event["SUMMARY"]) == "Личный приём: председатель райисполкома"
    # 2nd and 4th Wednesdays only; 2027's January runs on from December.
    assert "chairman-reception-20261216" not in sessions
    assert "chairman-reception-20270113" in sessions
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Minsk"]
    assert isinstance(calendar, Calendar)


def test_the_sms_asked_for_in_the_contacts_menu_has_the_next_reception(sms_app, at):  # noqa: F811
    app, api = sms_app
    at(MONDAY_MORNING)
    call = caller_in(app, "ru")
    contacts = call.press("3")
    assert "Адрес, телефоны и ближайший приём в СМС — нажмите 4." in contacts.texts
    sent = call.press("4")
    assert sent.texts[0] == "Мы отправляем вам СМС с часами работы и адресом."
    assert "Адрес, телефоны и ближайший приём в СМС — нажмите 4." in sent.texts  # the contacts menu again
    [request] = requests_of(app)
    with app.test_request_context():
        assert send_sms(request.id) is True
    body = api.sent[0]["Body"]
    assert "Личный приём: председатель райисполкома, Среда, 9 декабря 2026, 08:00–13:00." in body
    assert "Прямая телефонная линия: заместитель председателя райисполкома, Суббота, 5 декабря 2026, 09:00–12:00, " \
           "+375 (1719) 28-2-60." in body
