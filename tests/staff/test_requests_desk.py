"""Requests on the staff pages (issue 19, items 4 and 5): statuses with a note and the body a request
went to, and the call-back worklist that follows the reception's calendar."""
from __future__ import annotations

import csv
import io
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from ivr.content.demo import DEMO_OFFICE
from ivr.content.office import office_from_dict
from ivr.extensions import db
from ivr.messages.models import CALLBACK, FORWARDED, IN_PROGRESS, NEW, Message
from ivr.schedule import Closure, callback_window
from tests.staff.conftest import post

MINSK = ZoneInfo("Europe/Minsk")
CALENDAR = office_from_dict(DEMO_OFFICE).calendar()


def moment(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=MINSK)


def add_request(app, *, asked: str, kind: str = CALLBACK, reference: str = "47012", caller: str = "+375291234567",
                status: str = NEW) -> int:
    with app.app_context():
        message = Message(kind=kind, status=status, call_sid="CA" + reference, caller=caller, lang="ru",
                          reference=reference, created_at=moment(asked).astimezone(timezone.utc))
        db.session.add(message)
        db.session.commit()
        return message.id


@pytest.mark.parametrize("asked, start, end", [
    ("2026-11-30 10:00", "2026-11-30 10:00", "2026-11-30 17:30"),  # open: now, until closing
    ("2026-11-30 13:10", "2026-11-30 14:00", "2026-11-30 17:30"),  # lunch: after lunch, not at 13:10
    ("2026-11-30 17:10", "2026-12-01 08:30", "2026-12-01 17:30"),  # 20 minutes left: the next day
    ("2026-11-28 11:00", "2026-11-30 08:30", "2026-11-30 17:30"),  # Saturday: Monday
    ("2026-07-03 10:00", "2026-07-06 08:30", "2026-07-06 17:30"),  # Independence Day (Friday): Monday
])
def test_the_call_back_window_never_falls_on_lunch_a_day_off_or_a_holiday(asked, start, end):
    assert callback_window(CALENDAR, moment(asked)) == (moment(start), moment(end))


def test_the_call_back_window_skips_a_closure():
    from dataclasses import replace
    closed = replace(CALENDAR, closures=(Closure(date(2026, 12, 1), date(2026, 12, 2)),))
    assert callback_window(closed, moment("2026-11-30 17:20")) == (moment("2026-12-03 08:30"), moment("2026-12-03 17:30"))


def test_the_worklist_lists_call_backs_oldest_first_with_their_windows(app, at, clerk, edit_office):
    at("2026-12-02 09:00")
    edit_office(closures=(Closure(date(2026, 12, 1), date(2026, 12, 1), {"ru": "санитарный день"}),))
    add_request(app, asked="2026-11-30 17:20", reference="22222")  # the next working day is the closure: Wednesday
    add_request(app, asked="2026-11-30 13:10", reference="11111")  # at lunch: after lunch, overdue by now
    add_request(app, asked="2026-11-30 12:00", reference="33333", kind="voice")  # a voice message: not here
    add_request(app, asked="2026-11-29 12:00", reference="44444", status=FORWARDED)  # dealt with: not here
    page = clerk.get("/staff/inbox/callbacks").get_data(as_text=True)
    assert page.index("11111") < page.index("22222") and "33333" not in page and "44444" not in page
    assert "30.11.2026 14:00</time> –" in page and "02.12.2026 08:30</time> –" in page
    assert page.count("срок прошёл") == 1


def test_a_clerk_forwards_a_request_with_a_note_and_must_say_where(app, clerk):
    message_id = add_request(app, asked="2026-11-30 10:00", kind="voice")
    refused = post(clerk, f"/staff/inbox/{message_id}/status", {"status": FORWARDED, "note": "ответ письмом"})
    assert refused.status_code == 422
    assert "Укажите, в какой орган передано обращение." in refused.get_data(as_text=True)
    saved = post(clerk, f"/staff/inbox/{message_id}/status",
                 {"status": FORWARDED, "forwarded_to": "Копыльский РОВД", "note": "ответ письмом", "shown": "all"})
    assert saved.status_code == 302
    page = clerk.get("/staff/inbox?status=forwarded").get_data(as_text=True)
    assert "обращение № 47012" in page and "Передано: Копыльский РОВД" in page
    assert "Пояснение для звонящего: ответ письмом" in page and "передано в другой орган: boris" in page
    post(clerk, f"/staff/inbox/{message_id}/status", {"status": IN_PROGRESS})
    with app.app_context():
        message = db.session.get(Message, message_id)
        assert (message.status, message.forwarded_to) == (IN_PROGRESS, "")


def test_the_statistics_count_requests_by_status_and_age(app, at, clerk):
    at("2026-12-02 09:00")
    add_request(app, asked="2026-12-02 08:00", reference="11111")  # received, hours old
    add_request(app, asked="2026-11-28 08:00", reference="22222")  # received, days old
    add_request(app, asked="2026-10-01 08:00", reference="33333", status=FORWARDED)  # forwarded, months old
    page = clerk.get("/staff/statistics").get_data(as_text=True)
    assert '<tr><th scope="row">получено</th><td>1</td><td>1</td><td>0</td><td>0</td><td>2</td></tr>' in page
    assert ('<tr><th scope="row">передано в другой орган</th><td>0</td><td>0</td><td>0</td><td>1</td><td>1</td></tr>'
            in page)


def test_the_statistics_csv_counts_requests_by_status_and_age(app, at, clerk):
    at("2026-12-02 09:00")
    add_request(app, asked="2026-12-02 08:00", reference="11111")  # received, hours old
    add_request(app, asked="2026-11-28 08:00", reference="22222")  # received, days old
    add_request(app, asked="2026-10-01 08:00", reference="33333", status=FORWARDED)  # forwarded, months old
    data = clerk.get("/staff/statistics.csv").data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(data)))
    table = rows[rows.index(["Обращения по статусу и давности"]):]
    assert table[1] == ["Статус", "до суток", "до недели", "до 30 дней", "старше", "всего"]
    assert ["получено", "1", "1", "0", "0", "2"] in table and ["в работе", "0", "0", "0", "0", "0"] in table
    assert ["передано в другой орган", "0", "0", "0", "1", "1"] in table
