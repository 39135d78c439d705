"""A safe history: going back is previewed against the current content and confirmed; undoing one
change (a revert) is the default and keeps later work; a wrong undo is undone by the next one
(issue 21, item 1)."""
from __future__ import annotations

import html
import re
from datetime import date, time

from ivr.content.office import Contact
from ivr.schedule import Closure
from ivr.staff.revisions import undo_change
from tests.staff.conftest import form_values, post
from tests.staff.test_pages import load, office, squash, text


def words(response) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text(response))).split())


def section(page: str, title: str) -> str:
    """The rows of the preview's section called ``title`` ('' if the preview has no such section)."""
    found = re.search(r'<div class="diff-section"><h3 id="diff-\w+">' + re.escape(title) + r"</h3>(.*?)</table>",
                      squash(page), re.S)
    return html.unescape(found.group(1)) if found else ""


def three_changes(app, login, client):
    """anna moves Monday's lunch (2), boris adds a headline (3) and a pronunciation fix (4)."""
    login("anna")
    values = load(client, "/staff/hours")
    values.update(mon_lunch_start="12:00", mon_lunch_end="13:00")
    post(client, "/staff/hours", values)
    login("boris")
    values = load(client, "/staff/headlines/new")
    values.update({"title-ru": "Приём граждан в субботу", "title-be": "Прыём грамадзян у суботу",
                   "title-en": "Reception on Saturday"})
    post(client, "/staff/headlines/new", values)
    values = load(client, "/staff/pronunciation")
    values.update({"pron-en-0-word": "Kopyl", "pron-en-0-spoken": "Koh-pill"})
    post(client, "/staff/pronunciation", values)
    assert office(app).revision == 4


def test_a_change_offers_undo_first_and_each_way_back_is_a_preview_against_now(app, login, client):
    three_changes(app, login, client)
    page = text(client.get("/staff/history/2"))
    undo, restore = page.index("/staff/history/2/undo"), page.index("/staff/history/2/restore")
    assert undo < restore and 'class="button" href="/staff/history/2/undo"' in page  # undo is the main way
    assert "<form" not in page.split("<main", 1)[1]  # nothing happens from this page: each way is previewed first
    # Undo previews only Monday's lunch going back; the later headline and fix are not touched.
    preview = text(client.get("/staff/history/2/undo"))
    assert "Понедельник" in section(preview, "Часы работы") and "обед 12:00–13:00" in section(preview, "Часы работы")
    assert section(preview, "Новости") == "" and section(preview, "Произношение") == ""
    assert 'name="base" value="4"' in preview and "Да, отменить это изменение" in preview
    # Returning everything to how it was after change 1 shows that it also removes the later work.
    preview = text(client.get("/staff/history/1/restore"))
    assert "Приём граждан в субботу" in section(preview, "Новости")
    assert "Kopyl" in section(preview, "Произношение")
    assert "Понедельник" in section(preview, "Часы работы")
    assert "будет отменено" in words(client.get("/staff/history/1/restore"))
    assert office(app).revision == 4  # looking changes nothing


def test_undoing_one_change_keeps_later_work_and_a_wrong_undo_is_undone_by_the_next(app, login, client):
    three_changes(app, login, client)
    preview = form_values(text(client.get("/staff/history/2/undo")))
    response = post(client, "/staff/history/2/undo", preview)
    assert response.status_code == 302 and response.headers["Location"].startswith("/staff/history/5")
    now = office(app).office
    assert now.week[0].lunch_start == time(13) and now.week[0].lunch_end == time(14)
    assert [h.title["ru"] for h in now.headlines if not h.source][0] == "Приём граждан в субботу"
    assert now.pronunciations["en"] == {"Kopyl": "Koh-pill"}
    assert "Изменение от" in words(client.get(response.headers["Location"]))
    assert "Отменено изменение от" in words(client.get("/staff/history"))
    # That was the wrong one: undoing the undo brings the lunch change back, and still nothing else moves.
    response = post(client, "/staff/history/5/undo", form_values(text(client.get("/staff/history/5/undo"))))
    assert response.headers["Location"].startswith("/staff/history/6")
    now = office(app).office
    assert now.week[0].lunch_start == time(12) and now.pronunciations["en"] == {"Kopyl": "Koh-pill"}
    assert [h.title["ru"] for h in now.headlines if not h.source][0] == "Приём граждан в субботу"


def test_a_part_changed_again_later_stays_and_the_preview_says_so(app, clerk):
    values = load(clerk, "/staff/hours")
    values.update(mon_lunch_start="12:00", mon_lunch_end="13:00", tue_closes="16:00")
    post(clerk, "/staff/hours", values)
    values = load(clerk, "/staff/hours")
    values.update(mon_lunch_start="12:30", mon_lunch_end="13:30")
    post(clerk, "/staff/hours", values)
    page = text(clerk.get("/staff/history/2/undo"))
    kept = re.search(r'<section class="notice" aria-labelledby="kept-title">(.*?)</section>', page, re.S)
    assert kept and "Понедельник" in kept.group(1) and "Вторник" not in kept.group(1)
    assert "Вторник" in section(page, "Часы работы") and "Понедельник" not in section(page, "Часы работы")
    post(clerk, "/staff/history/2/undo", form_values(page))
    now = office(app).office
    assert now.week[1].closes == time(17, 30) and now.week[0].lunch_start == time(12, 30)


def test_an_undo_from_a_stale_preview_saves_nothing(app, clerk):
    values = load(clerk, "/staff/hours")
    values["thu_closes"] = "16:00"
    post(clerk, "/staff/hours", values)
    stale = form_values(text(clerk.get("/staff/history/2/undo")))
    values = load(clerk, "/staff/hours")
    values["fri_closes"] = "16:00"
    post(clerk, "/staff/hours", values)
    response = post(clerk, "/staff/history/2/undo", stale)
    assert "Ничего не сделано" in words(clerk.get(response.headers["Location"]))
    assert office(app).revision == 3


def test_undo_puts_list_items_back_in_their_place(app):
    with app.test_request_context():
        before = office(app).office
    closure = Closure(date(2026, 12, 31), date(2026, 12, 31), {"ru": "Санитарный день"})
    phones = list(before.contacts)
    # The change replaced the first phone and added a closure; later someone added another phone.
    after = before.with_changes(contacts=(Contact(phones[0].kind, "+375 17 000-00-00"), *phones[1:]),
                                closures=(*before.closures, closure))
    later = after.with_changes(contacts=(*after.contacts, Contact("phone", "+375 17 111-11-11")))
    undone = undo_change(before, after, later)
    assert [c.value for c in undone.contacts] == [c.value for c in before.contacts] + ["+375 17 111-11-11"]
    assert undone.closures == before.closures
