"""The timetable staff page (issue 18, item 7): services with their weeks, special dates, notices, the
pre-holiday rule; what is wrong is named at its field; history shows it and a restore brings it back."""
from __future__ import annotations

import re
from datetime import date, datetime, time

from ivr.content.store import current_office
from tests.staff.conftest import form_values, post


def office(app):
    with app.test_request_context():
        return current_office()


def load(client, url="/staff/timetable"):
    response = client.get(url)
    assert response.status_code == 200
    return form_values(response.get_data(as_text=True))


def test_the_one_stop_shops_saturday_is_edited_and_the_caller_hears_it(app, login, at, caller):
    at("2026-12-09 10:00")  # the clerk logs in on the office's clock
    clerk = login("boris")
    values = load(clerk)
    assert values["service-0-id"] == "one-stop" and values["service-0-sat_opens"] == "09:00"
    values.update({"service-0-sat_closes": "14:00"})
    response = post(clerk, "/staff/timetable", values)
    assert response.status_code == 302
    assert office(app).office.services[0].week[5].closes == time(14)
    at("2026-12-12 10:00")
    call = caller()
    call.start()
    call.press("1")
    assert "Служба «одно окно»: открыто до четырнадцати часов." in call.press("1").texts


def test_a_special_date_and_a_notice_are_added(app, login, at):
    at("2026-12-09 10:00")  # the clerk logs in on the office's clock
    clerk = login("boris")
    values = load(clerk)
    values.update({"special-0-day": "11.12.2026", "special-0-opens": "08:30", "special-0-closes": "15:00",
                   "special-0-service": "reception",
                   "notice-0-start": "2026-12-09 08:00", "notice-0-end": "2026-12-10 18:00",
                   "notice-0-text-ru": "Приём переносится.", "pre_holiday": "off"})
    assert post(clerk, "/staff/timetable", values).status_code == 302
    saved = office(app).office
    assert saved.special_dates[0].day == date(2026, 12, 11) and saved.special_dates[0].services == ("reception",)
    assert saved.notices[0].end == datetime(2026, 12, 10, 18, 0) and saved.notices[0].text["ru"] == "Приём переносится."
    assert saved.pre_holiday == "off"
    again = load(clerk)  # the saved notice is kept as it is on the next save
    assert post(clerk, "/staff/timetable", again).status_code == 302


def test_wrong_input_is_named_at_its_field(app, login, at):
    at("2026-12-09 10:00")  # the clerk logs in on the office's clock
    clerk = login("boris")
    values = load(clerk)
    values.update({"service-0-wed_lunch_start": "20:30", "service-0-wed_lunch_end": "21:00",
                   "notice-0-start": "2026-12-09 08:00", "notice-0-end": "2026-12-08 18:00",
                   "notice-0-text-ru": "Старое.",
                   "notice-1-start": "2026-12-01 08:00", "notice-1-end": "2026-12-02 18:00",
                   "notice-1-text-ru": "Прошло."})
    response = post(clerk, "/staff/timetable", values)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    inside = r'id="service-0-wed_lunch_start-error">.*Обед должен быть внутри рабочего дня \(08:00–20:00\)'
    assert re.search(inside, page)
    assert re.search(r'id="notice-0-end-error">.*Конец должен быть позже начала \(09.12.2026 08:00\)', page)
    assert re.search(r'id="notice-1-end-error">.*Это время уже прошло', page)
    assert 'value="Прошло."' in page  # the clerk's input is kept
    assert office(app).revision == 1


def test_history_names_the_change_and_a_restore_brings_the_old_week_back(app, login, at):
    at("2026-12-09 10:00")  # the clerk logs in on the office's clock
    clerk = login("boris")
    values = load(clerk)
    values.update({"service-0-sat_works": ""})
    assert post(clerk, "/staff/timetable", values).status_code == 302
    assert office(app).office.services[0].week[5] is None
    history = clerk.get("/staff/history/2").get_data(as_text=True)
    assert "Служба one-stop" in history
    assert post(clerk, "/staff/history/1/restore", {"base": "2"}).status_code == 302
    assert office(app).office.services[0].week[5].closes == time(13)
