"""Issue 18, item 7: the receptions page (receptions, direct lines, the directory): saved as a
revision the call hears at once, checked field by field, in the history and restorable."""
from __future__ import annotations

from datetime import time

from ivr.content.models import RevisionNote
from tests.staff.conftest import post
from tests.staff.test_pages import load, office, revisions, text

SATURDAY_MORNING = "2026-12-19 10:00"


def test_a_new_direct_line_is_saved_and_the_caller_is_put_through_while_it_is_on(app, clerk, caller, at):
    values = load(clerk, "/staff/receptions")
    assert values["reception-1-post-ru"] == "председатель райисполкома" and values["reception-2-weekday"] == "5"
    values.update({"reception-3-kind": "direct_line", "reception-3-post-ru": "начальник отдела образования",
                   "reception-3-weekday": "5", "reception-3-weeks": "3", "reception-3-starts": "10:00",
                   "reception-3-ends": "11:30", "reception-3-phone": "+375 (1719) 22-2-22", "reception-3-holidays": "1"})
    response = post(clerk, "/staff/receptions", values)
    assert response.status_code == 302
    saved = office(app)
    line = saved.office.receptions[-1]
    assert (line.kind, line.weekday, line.weeks, line.starts, line.ends) == ("direct_line", 5, (3,), time(10), time(11, 30))
    assert revisions(app)[-1].author == "boris" and RevisionNote.from_json(revisions(app)[-1].note_data) == RevisionNote("receptions")
    at(SATURDAY_MORNING)  # the 3rd Saturday of December: both Saturday lines are on
    call = caller()
    call.start()
    call.press("1")
    call.press("3")
    page = call.press("2")
    assert "Прямая телефонная линия: начальник отдела образования." in page.spoken
    assert "Ближайшая — сегодня, с десяти до одиннадцати тридцати" in page.spoken


def test_a_wrong_reception_is_shown_again_with_each_problem_at_its_field(app, clerk):
    values = load(clerk, "/staff/receptions")
    before = office(app).revision
    values.update({"reception-1-starts": "13:00", "reception-1-ends": "08:00", "reception-1-weeks": "2, 7",
                   "reception-2-phone": "28-2-60", "org-1-topic": "weather", "org-2-phone": "1"})
    response = post(clerk, "/staff/receptions", values)
    assert response.status_code == 422
    page = text(response)
    assert "Конец рабочего дня должен быть позже начала (13:00)." in page
    assert "Недели месяца — числа от 1 до 5 или −1 (последняя), через запятую." in page
    assert "Нужен международный номер, начиная с + (например +375 17 …)." in page
    assert "Выберите тему из списка." in page
    assert "В номере должно быть от 5 до 15 цифр." in page
    assert 'value="2, 7"' in page  # the clerk's input is kept
    assert "Приём или прямая линия 1: Конец" in page  # the error summary names the field
    assert office(app).revision == before


def test_a_reception_needs_a_weekday_or_a_date(app, clerk):
    values = load(clerk, "/staff/receptions")
    values.update({"reception-1-weekday": "", "reception-1-weeks": "", "reception-1-dates": ""})
    page = text(post(clerk, "/staff/receptions", values))
    assert "Укажите день недели или хотя бы одну дату." in page
    values["reception-1-dates"] = "17.12.2026, 2026-12-30"
    assert post(clerk, "/staff/receptions", values).status_code == 302
    chairman = office(app).office.receptions[0]
    assert chairman.weekday is None and [d.isoformat() for d in chairman.dates] == ["2026-12-17", "2026-12-30"]


def test_removing_an_organisation_shows_in_the_history_and_a_restore_brings_it_back(app, clerk):
    values = load(clerk, "/staff/receptions")
    assert values["org-3-name-ru"] == "Аварийная газовая служба"
    values["org-3-remove"] = "1"
    post(clerk, "/staff/receptions", values)
    assert "104" not in [o.phone for o in office(app).office.organisations]
    latest = office(app).revision
    page = text(clerk.get(f"/staff/history/{latest}"))
    assert "Куда обратиться: другие службы и организации" in page and "<del>Экстренные службы: Аварийная газовая служба" in page
    post(clerk, f"/staff/history/{latest - 1}/restore", {"base": str(latest)})
    assert "104" in [o.phone for o in office(app).office.organisations]
