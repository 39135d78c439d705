"""Clerks edit the procedures catalogue (issue 19, item 1): a new revision per save, the problems
next to their fields, delete and restore through the history."""
from __future__ import annotations

from ivr.content.store import current_office
from tests.staff.conftest import form_values, post


def procedures(app):
    with app.app_context():
        return current_office().office.procedures


def test_the_list_shows_every_topic_and_links_each_procedure(app, clerk):
    page = clerk.get("/staff/procedures").get_data(as_text=True)
    assert "Жильё" in page and "Земля и строительство" in page
    assert 'href="/staff/procedures/1.1.5"' in page and 'href="/staff/procedures/1.15.3"' in page
    values = form_values(clerk.get("/staff/procedures/1.15.3").get_data(as_text=True))
    assert post(clerk, "/staff/procedures/1.15.3", {**values, "remove": "1"}).status_code == 302
    assert "В этой теме процедур нет." in clerk.get("/staff/procedures").get_data(as_text=True)


def test_editing_a_procedure_saves_a_revision_that_callers_hear(app, clerk, caller, at):
    values = form_values(clerk.get("/staff/procedures/1.3.1").get_data(as_text=True))
    assert values["fee-ru"] == "бесплатно" and values["documents-ru"] == "паспорт или иной документ, удостоверяющий личность"
    values.update({"documents-ru": "заявление\nпаспорт", "term-ru": "3 дня"})
    response = post(clerk, "/staff/procedures/1.3.1", values)
    assert response.status_code == 302 and response.headers["Location"] == "/staff/procedures?saved=2"
    changed = next(p for p in procedures(app) if p.number == "1.3.1")
    assert changed.documents_in("ru") == ("заявление", "паспорт") and changed.text("term", "ru") == "3 дня"
    at("2026-11-30 10:00")
    call = caller()
    call.start()
    call.press("1")
    call.press("4")
    call.press("1")
    assert call.press("1*3*1").texts[1] == "Документ номер один из двух: заявление."
    history = clerk.get("/staff/history").get_data(as_text=True)
    assert "Процедура 1.3.1 изменена" in history


def test_a_wrong_number_topic_or_source_is_shown_at_its_field_and_nothing_is_saved(app, clerk):
    values = form_values(clerk.get("/staff/procedures/new").get_data(as_text=True))
    values.update({"number": "1.1.5", "topic": "weather", "source": "pravo.by", "title-ru": "Новая"})
    response = post(clerk, "/staff/procedures/new", values)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Процедура 1.1.5 уже есть." in page and "Заполните это поле" in page
    assert "Адрес начинается с https:// или http://." in page
    values.update({"number": "1.1"})
    page = post(clerk, "/staff/procedures/new", {**values, "number": "один"}).get_data(as_text=True)
    assert "Номер — цифры через точку, например 1.1.5." in page
    assert len(procedures(app)) == 11


def test_a_new_procedure_and_a_deleted_one_come_back_from_the_history(app, clerk):
    values = form_values(clerk.get("/staff/procedures/new").get_data(as_text=True))
    values.update({"number": "16.1", "topic": "land", "title-ru": "Земельный участок", "documents-ru": "заявление"})
    assert post(clerk, "/staff/procedures/new", values).status_code == 302
    assert procedures(app)[-1].number == "16.1" and procedures(app)[-1].topic == "land"
    values = form_values(clerk.get("/staff/procedures/1.1.5").get_data(as_text=True))
    assert post(clerk, "/staff/procedures/1.1.5", {**values, "remove": "1"}).status_code == 302
    assert "1.1.5" not in [p.number for p in procedures(app)]
    assert clerk.get("/staff/procedures/1.1.5").status_code == 404
    page = form_values(clerk.get("/staff/history/2").get_data(as_text=True))
    restored = post(clerk, "/staff/history/2/restore", {"base": page.get("base", "3")})
    assert restored.status_code == 302
    assert "1.1.5" in [p.number for p in procedures(app)]


def test_the_statistics_page_charts_the_procedures_asked_for(app, clerk, caller, at):
    at("2026-11-30 10:00")
    for number in ("2*1", "2*1", "5*1", "8*8"):
        call = caller()
        call.start()
        call.press("1")
        call.press("4")
        call.press("1")
        call.press(number)
    page = clerk.get("/staff/statistics?from=2026-11-30&to=2026-11-30").get_data(as_text=True)
    assert "Процедуры, о которых спрашивали (по номеру)" in page
    assert '<span class="hbar-label">2.1<' in page and '<span class="hbar-label">5.1<' in page and "2 (67%)" in page
    assert "Номера, которых нет в перечне" in page and '<span class="hbar-label">8.8<' in page
