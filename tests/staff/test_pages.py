"""The staff pages through HTTP: saving, rejected forms, conflicts, history, headlines, the test call."""
from __future__ import annotations

import html
import re
from datetime import time

import pytest

from ivr.content.models import Revision, RevisionNote
from ivr.content.store import current_office
from ivr.extensions import db
from tests.staff.conftest import TOKEN, form_values, post


def office(app):
    with app.test_request_context():
        return current_office()


def revisions(app):
    with app.app_context():
        return db.session.query(Revision).order_by(Revision.id).all()


def load(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return form_values(response.get_data(as_text=True))


def text(response):
    return response.get_data(as_text=True)


def squash(page):
    """The page with the white space between tags removed."""
    return re.sub(r">\s+<", "><", page)


# -- saving ----------------------------------------------------------------------------------------

def test_changing_the_lunch_break_saves_a_revision_by_the_clerk(app, clerk):
    values = load(clerk, "/staff/hours")
    assert values["mon_lunch_start"] == "13:00" and values["base"] == "1"
    values.update(mon_lunch_start="12:00", mon_lunch_end="12:45")
    response = post(clerk, "/staff/hours", values)
    assert response.status_code == 302 and response.headers["Location"] == "/staff/hours?saved=2"
    now = office(app)
    assert now.revision == 2 and now.office.week[0].lunch_start == time(12) and now.office.week[1].lunch_start == time(13)
    assert revisions(app)[-1].author == "boris"
    page = text(clerk.get(response.headers["Location"]))
    assert "Сохранено." in page and "версия" not in page
    assert 'value="12:45"' in page


def test_a_rejected_form_keeps_the_input_and_names_each_problem_at_its_field(app, clerk):
    values = load(clerk, "/staff/hours")
    values.update(mon_lunch_start="18:00", mon_lunch_end="19:00", tue_closes="07:00", wed_opens="8 утра",
                  **{"closure-0-start": "31.12.2026", "closure-0-reason-ru": "Санитарный день"})
    response = post(clerk, "/staff/hours", values)
    page = text(response)
    assert response.status_code == 422
    # The clerk's input is all still there...
    assert 'value="18:00"' in page and 'value="19:00"' in page and 'value="8 утра"' in page
    assert 'value="Санитарный день"' in page and 'value="31.12.2026"' in page
    # ...each problem next to its field, tied to it for screen readers...
    assert re.search(r'<p class="error" id="mon_lunch_start-error">.*Обед должен быть внутри рабочего дня \(08:30–17:30\)', page)
    assert 'aria-describedby="mon_lunch_start-error" aria-invalid="true"' in page
    assert "Конец рабочего дня должен быть позже начала (08:30)" in page
    assert "Время пишется как ЧЧ:ММ" in page
    assert 'id="closure-0-reason-be-error"' in page
    # ...listed at the top with links to the fields...
    assert '<a href="#tue_closes">Вторник: Конец: ' in page
    # ...and nothing is saved, not even the parts that were right.
    assert len(revisions(app)) == 1


def test_saving_without_changes_makes_no_revision(app, clerk):
    response = post(clerk, "/staff/contacts", load(clerk, "/staff/contacts"))
    assert response.status_code == 302 and len(revisions(app)) == 1
    assert "Изменений нет" in text(clerk.get(response.headers["Location"]))


def test_contacts_are_saved_and_checked(app, clerk):
    values = load(clerk, "/staff/contacts")
    values.update({"transfer_number": "8 01719 2-82-60", "phone-2": "28-2-61 доб. 5"})
    page = text(post(clerk, "/staff/contacts", values))
    assert "Нужен международный номер" in page and "только цифры, пробелы" in page
    values.update({"transfer_number": "+375 1719 282 61", "phone-2": "+375 (1719) 28-2-61"})
    assert post(clerk, "/staff/contacts", values).status_code == 302
    assert office(app).office.transfer_number == "+375 1719 282 61"


def test_the_contacts_form_offers_each_number_a_kind_and_a_fax_is_saved_as_one(app, clerk):
    page = text(clerk.get("/staff/contacts"))
    assert re.search(r'<label for="kind-2">Что это \(2\)</label>\s*<select id="kind-2" name="kind-2">', page)
    assert '<option value="fax" selected>факс</option>' in page  # the office's 55-2-41
    values = load(clerk, "/staff/contacts")
    values.update({"phone-3": "+375 (1719) 55-2-42", "kind-3": "fax", "reading-3": "local"})
    assert post(clerk, "/staff/contacts", values).status_code == 302
    saved = office(app).office.contacts
    assert [(c.kind, c.value, c.reading) for c in saved][1:] == [("fax", "+375 (1719) 55-2-41", "dialled"),
                                                                  ("fax", "+375 (1719) 55-2-42", "local")]
    assert office(app).office.phones == ("+375 (1719) 28-2-60",)


def test_texts_per_language_and_back_to_the_standard_wording(app, clerk):
    values = load(clerk, "/staff/texts/be")
    assert values["text-greeting"] == "Капыльскі райвыканкам, добры дзень."
    values["text-greeting"] = "Добры дзень! Гэта гарачая лінія Капыльскага райвыканкама."
    assert post(clerk, "/staff/texts/be", values).status_code == 302
    assert office(app).office.texts["greeting"] == {"be": "Добры дзень! Гэта гарачая лінія Капыльскага райвыканкама."}
    page = text(clerk.get("/staff/texts/be"))
    assert "Стандартный текст: «Капыльскі райвыканкам, добры дзень." in page
    values = load(clerk, "/staff/texts/be")
    values["default-greeting"] = "1"
    assert post(clerk, "/staff/texts/be", values).status_code == 302
    assert office(app).office.texts == {}


def test_a_text_with_a_lost_placeholder_is_refused(app, clerk):
    values = load(clerk, "/staff/texts/ru")
    values["text-main.news"] = "Чтобы послушать новости, нажмите два."
    page = text(post(clerk, "/staff/texts/ru", values))
    assert "Не хватает: {key}" in page
    assert re.search(r'<textarea[^>]*id="text-main\.news"[^>]*aria-invalid="true"|<textarea[^>]*aria-invalid="true"[^>]*id="text-main\.news"', page)
    assert "Чтобы послушать новости, нажмите два.</textarea>" in page
    assert len(revisions(app)) == 1


def test_pronunciation_table(app, clerk):
    values = load(clerk, "/staff/pronunciation")
    shown = {values[k]: values[k[:-4] + "spoken"] for k in values if k.startswith("pron-be-") and k.endswith("-word") and values[k]}
    assert shown == dict(office(app).office.pronunciations["be"])
    values.update({"pron-en-0-word": "Kopyl", "pron-en-0-spoken": "Koh-pill"})
    assert post(clerk, "/staff/pronunciation", values).status_code == 302
    assert office(app).office.pronunciations["en"] == {"Kopyl": "Koh-pill"}


# -- two clerks at once ----------------------------------------------------------------------------

def test_the_second_save_of_the_same_thing_is_told_and_sees_both(app, login, client):
    anna_form = load(login("anna"), "/staff/hours")  # both open the hours page at revision 1
    boris_form = dict(anna_form)
    anna_form.update(mon_lunch_start="12:00", mon_lunch_end="13:00")
    assert post(client, "/staff/hours", anna_form).status_code == 302
    login("boris")
    boris_form.update(mon_lunch_start="13:30", mon_lunch_end="14:30")
    response = post(client, "/staff/hours", boris_form)
    page = text(response)
    assert response.status_code == 409
    assert "anna сохранил(а) изменения (" in page and "Ваши изменения не сохранены" in page
    # Both values side by side: his input and what anna saved.
    row = re.search(r"<tr><th scope=\"row\">Понедельник: Начало обеда</th><td class=\"mine\">(.*?)</td><td class=\"theirs\">(.*?)</td>", page)
    assert row.groups() == ("13:30", "12:00")
    assert 'value="13:30"' in page  # the form still holds his input
    now = office(app)
    assert now.revision == 2 and now.office.week[0].lunch_start == time(12)  # nothing overwritten
    # Having seen both, he saves again on top of revision 2: a deliberate choice, now saved.
    again = form_values(page)
    assert again["base"] == "2"
    assert post(client, "/staff/hours", again).status_code == 302
    assert office(app).office.week[0].lunch_start == time(13, 30)


def test_edits_of_different_things_at_once_both_succeed(app, login, client):
    hours = load(login("anna"), "/staff/hours")
    contacts = load(client, "/staff/contacts")
    contacts["hotline"] = "+375 1719 5-55-55"
    assert post(client, "/staff/contacts", contacts).status_code == 302
    hours["fri_closes"] = "16:30"
    assert post(client, "/staff/hours", hours).status_code == 302  # made at revision 1, saved on top of 2
    now = office(app)
    assert now.revision == 3 and now.office.hotline == "+375 1719 5-55-55" and now.office.week[4].closes == time(16, 30)


def test_a_conflict_on_one_headline_leaves_the_others_free(app, login, client):
    login("anna")
    first = load(client, "/staff/headlines/tashkent-talks")
    second = dict(first)
    first["title-en"] = "Talks in Tashkent"
    assert post(client, "/staff/headlines/tashkent-talks", first).status_code == 302
    second["title-en"] = "Tashkent talks"
    response = post(client, "/staff/headlines/tashkent-talks", second)
    assert response.status_code == 409 and "Talks in Tashkent" in text(response)
    new = load(client, "/staff/headlines/new")
    new["base"] = "1"  # an old page: adding a headline never collides with anyone
    new["title-ru"] = "Приём граждан"
    assert post(client, "/staff/headlines/new", new).status_code == 302


# -- history ---------------------------------------------------------------------------------------

def test_history_shows_who_changed_what_and_restores_as_a_new_revision(app, login, client):
    login("anna")
    values = load(client, "/staff/hours")
    values.update(mon_lunch_start="12:00", mon_lunch_end="13:00")
    post(client, "/staff/hours", values)
    login("boris")
    values = load(client, "/staff/contacts")
    values["address-ru"] = "город Копыль, площадь Ленина, 6"
    post(client, "/staff/contacts", values)
    page = text(client.get("/staff/history"))
    assert page.index('href="/staff/history/3"') < page.index('href="/staff/history/2"') < page.index('href="/staff/history/1"')
    assert "boris" in page and "anna" in page and "Понедельник" in page and "Адрес (русский)" in page
    page = squash(text(client.get("/staff/history/2")))
    assert "<th scope=\"row\">Понедельник</th><td><del>08:30–17:30, обед 13:00–14:00</del></td><td><ins>08:30–17:30, обед 12:00–13:00</ins></td>" in page
    # Return everything to revision 1: a new revision 4 with revision 1's content; 2 and 3 stay in the history.
    response = post(client, "/staff/history/1/restore", {"base": "3"})
    assert response.headers["Location"].startswith("/staff/history/4")
    now = office(app)
    assert now.revision == 4 and now.office.week[0].lunch_start == time(13)
    assert now.office.address["ru"].startswith("Минская область")
    rows = revisions(app)
    assert [r.id for r in rows] == [1, 2, 3, 4] and rows[-1].author == "boris" and rows[-1].note_data is not None and RevisionNote.from_json(rows[-1].note_data) == RevisionNote("restored", {"revision": "1"})
    page = text(client.get("/staff/history/4"))
    assert "Возвращено всё как было" in page
    assert "<del>город Копыль, площадь Ленина, 6</del>" in page  # what the restore changed


def test_restoring_from_a_stale_page_is_refused(app, clerk):
    values = load(clerk, "/staff/hours")
    values["thu_closes"] = "16:00"
    post(clerk, "/staff/hours", values)
    response = post(clerk, "/staff/history/1/restore", {"base": "1"})  # the page was loaded at revision 1
    assert response.status_code == 302
    assert "Ничего не сделано" in text(clerk.get(response.headers["Location"]))
    assert office(app).revision == 2


# -- headlines -------------------------------------------------------------------------------------

EVIL = '<script>alert("x")</script> Приём & «AT&T» <b>5</b> ]]> \'q\''


def test_a_headline_with_markup_is_shown_and_spoken_as_text(app, clerk, caller, at):
    values = load(clerk, "/staff/headlines/new")
    values.update({"title-ru": EVIL, "summary-ru": "Текст <i>с</i> </Say><Hangup/> & ещё"})
    assert post(clerk, "/staff/headlines/new", values).status_code == 302
    stored = office(app).office.headlines[0]
    assert stored.title["ru"] == " ".join(EVIL.split())
    # Staff pages: escaped, never markup.
    for url in ("/staff/headlines", f"/staff/headlines/{stored.id}", "/staff/history/2"):
        page = text(clerk.get(url))
        assert "<script>alert" not in page and "<b>5</b>" not in page and "</Say><Hangup/>" not in page, url
        assert html.escape('<script>alert("x")</script>', quote=False) in page.replace("&#34;", '"').replace("&quot;", '"'), url
    # The call: valid TwiML whose words are the text itself, and no extra verbs.
    at("2026-11-30 10:00")
    call = caller()
    call.start()
    call.press("1")
    page = call.press("2")
    assert "<script>" in page.spoken and "AT&T" in page.spoken and "]]>" in page.spoken
    assert page.hangup is False and page.gather is not None
    summary = call.press("1")
    assert "</Say><Hangup/>" in summary.spoken and not summary.hangup
    # The staff test call reads it out the same way.
    turns = post(clerk, "/staff/test-call/step", {"start": "1", "date": "30.11.2026", "time": "10:00", "answer_lang": "ru"},
                 headers={"X-CSRF-Token": TOKEN}).get_json()["turns"]
    news = post(clerk, turns[-1]["gather_url"], {"digits": "2", "date": "30.11.2026", "time": "10:00"}).get_json()["turns"][0]
    assert any("<script>" in heard["text"] and "AT&T" in heard["text"] for heard in news["heard"])


def test_headline_list_hide_move_delete(app, clerk):
    values = load(clerk, "/staff/headlines/new")
    assert "pinned" not in values  # nothing is ticked for the clerk
    values["title-ru"] = "Вторая новость"
    post(clerk, "/staff/headlines/new", values)
    new_id = office(app).office.headlines[0].id
    page = text(clerk.get("/staff/headlines"))
    assert page.index("Вторая новость") < page.index("Лукашенко")
    assert f"/staff/headlines/{new_id}/down" in page and f"/staff/headlines/{new_id}/up" not in page
    post(clerk, f"/staff/headlines/{new_id}/down", {"base": "2"})
    assert [h.id for h in office(app).office.visible_headlines("ru")] == ["tashkent-talks", new_id]
    post(clerk, "/staff/headlines/tashkent-talks/hide", {"base": "3"})
    assert [h.id for h in office(app).office.visible_headlines("ru")] == [new_id]
    assert "скрыта" in text(clerk.get("/staff/headlines"))
    response = post(clerk, f"/staff/headlines/{new_id}/delete", {"base": "4"})
    assert "Новость удалена" in text(clerk.get(response.headers["Location"]))
    assert [h.id for h in office(app).office.headlines] == ["tashkent-talks"]
    assert clerk.get(f"/staff/headlines/{new_id}").status_code == 404


def test_a_rejected_headline_keeps_its_input(app, clerk):
    values = load(clerk, "/staff/headlines/new")
    values.update({"title-en": "!!!", "summary-be": "Толькі кароткі тэкст"})
    page = text(post(clerk, "/staff/headlines/new", values))
    assert 'value="!!!"' in page and "Толькі кароткі тэкст</textarea>" in page
    assert "Здесь нечего прочитать вслух" in page and "краткий текст не прозвучит" in page
    assert len(office(app).office.headlines) == 1


# -- audio -----------------------------------------------------------------------------------------

def test_the_overview_shows_open_now_why_the_hot_line_and_the_audio_page_every_prompts_audio(app, clerk, at):
    at("2026-07-03 10:00")  # Independence Day
    page = text(clerk.get("/staff/"))
    assert "Приёмная закрыта." in page and "Государственный праздник: День Независимости" in page
    assert "+375 (1719) 28-2-60" in page
    assert "Сегодня праздник, День Независимости" in page  # what callers hear right now
    page = text(clerk.get("/staff/audio"))
    for label in ("Приветствие", "Меню: новости (2)", "Часы: обед", "Новость: заголовок"):
        assert f'<th scope="row">{label}</th>' in page
    assert page.count('class="audio-state"') > 40 and "не сделано" in page
    at("2026-11-30 13:30")
    page = text(clerk.get("/staff/?ui=en"))
    assert "It is the lunch break." in page and "Audio of the prompts" in page


# -- the test call ---------------------------------------------------------------------------------

def step(client, url, **form):
    response = post(client, url, {"date": "30.11.2026", "time": "13:30", **form}, headers={"Accept": "application/json"})
    assert response.status_code == 200, text(response)
    return response.get_json()["turns"]


def test_the_test_call_walks_the_real_flow_at_the_chosen_moment(app, clerk):
    turns = step(clerk, "/staff/test-call/step", start="1")
    assert len(turns) == 1 and turns[0]["node"] == "language"
    assert [h["text"] for h in turns[0]["heard"]][:1] == ["Копыльский райисполком, здравствуйте."]
    assert turns[0]["gather_url"].startswith("/staff/test-call/step?")
    main = step(clerk, turns[0]["gather_url"], digits="1")[0]
    assert main["did"] == "Вы нажали 1" and main["node"] == "main" and main["lang"] == "ru"
    hours = step(clerk, main["gather_url"], digits="1")[0]
    said = " ".join(h["text"] for h in hours["heard"])
    assert "Обеденный перерыв с тринадцати до четырнадцати." in said
    assert "Приёмная на обеде до четырнадцати часов." in said
    assert all(h["kind"] == "say" and h["note"] for h in hours["heard"])  # no audio made in this app
    silent = step(clerk, hours["redirect_url"])[0]
    assert silent["did"] == "Вы ничего не нажали" and silent["node"] == "hours"  # asked again there first


def test_the_test_call_answers_the_language_menu_when_asked(clerk):
    turns = step(clerk, "/staff/test-call/step", start="1", answer_lang="en", time="10:00")
    assert [t["node"] for t in turns] == ["language", "main"] and turns[1]["lang"] == "en"
    assert turns[1]["heard"][0]["text"] == "Office hours — 1."


def test_the_test_call_puts_through_and_ends(clerk):
    main = step(clerk, "/staff/test-call/step", start="1", answer_lang="ru", time="10:00")[-1]
    person = step(clerk, main["gather_url"], digits="0", time="10:00")[0]
    assert person["dial"]["number"] == "+375171928260" and "Звонок переводится на +375171928260" in person["notes"]
    ended = step(clerk, person["dial"]["url"], dial_status="completed", time="10:00")[0]
    assert ended["hangup"] and "Звонок окончен." in ended["notes"]


def test_the_test_call_works_without_a_script(clerk):
    page = text(post(clerk, "/staff/test-call", {"start": "1", "date": "30.11.2026", "time": "13:30", "answer_lang": "ru"}))
    assert "Копыльский райисполком, здравствуйте." in page
    values = form_values(page)
    assert values["gather_url"].startswith("/staff/test-call/step?")
    page = text(post(clerk, "/staff/test-call", {**values, "digits": "1"}))
    assert "Приёмная на обеде до четырнадцати часов." in page and "Вы нажали 1" in page
    # A URL that is not the test call's is never followed.
    page = text(post(clerk, "/staff/test-call", {**values, "digits": "1", "gather_url": "https://evil.example/x",
                                                 "answer_lang": ""}))  # the phone rings: the language menu
    assert "<h3>Телефон звонит <span" in page and "Вы нажали 1" not in page  # the call starts again instead


def test_the_test_call_checks_the_moment(clerk):
    response = post(clerk, "/staff/test-call/step", {"start": "1", "date": "31.02.2026", "time": "25:00"})
    assert response.status_code == 422
    assert response.get_json()["problems"] == {"date": "Такой даты нет.", "time": "Такого времени нет: часы 0–23, минуты 0–59."}


@pytest.mark.parametrize("url", ["/staff/texts/xx", "/staff/headlines/nope", "/staff/history/99"])
def test_unknown_things_are_404(clerk, url):
    assert clerk.get(url).status_code == 404


# -- the menu --------------------------------------------------------------------------------------

def menu(client, url: str) -> tuple[list[str], list[str]]:
    """The main menu's entries, and the one marked as the current section."""
    page = client.get(url).get_data(as_text=True)
    block = re.search(r'<nav class="main-nav".*?</nav>', page, re.S).group(0)
    entries = [html.unescape(label) for label in re.findall(r"<a [^>]*>([^<]+)</a>", block)]
    here = [html.unescape(label) for label in re.findall(r'<a [^>]*aria-current="page"[^>]*>([^<]+)</a>', block)]
    return entries, here


def test_the_menu_lists_every_section_in_order_and_marks_where_the_clerk_is(login):
    editor = login("boris")
    entries, here = menu(editor, "/staff/")
    assert entries == ["Обзор", "Часы работы", "Службы и объявления", "Контакты", "Приёмы и службы", "Тексты", "Новости",
                       "Ленты новостей", "Процедуры", "Произношение", "История", "Входящие", "Статистика",
                       "Пробный звонок"] and here == ["Обзор"]
    assert menu(editor, "/staff/texts/be")[1] == ["Тексты"]  # a sub-page marks its section
    assert menu(editor, "/staff/history/1")[1] == ["История"]
    assert menu(editor, "/staff/headlines/new?ui=en")[1] == ["Headlines"]
    admin = login("anna")
    entries, here = menu(admin, "/staff/accounts")
    assert entries[-1] == "Accounts" and here == ["Accounts"]  # the page language chosen above stays
