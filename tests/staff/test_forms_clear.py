"""Forms a clerk gets right the first time (issue 21, items 2 and 4): hours on a single date is its
own form; deleting asks first, without a script; long forms keep their Save button in view."""
from __future__ import annotations

import re
from datetime import date, time

from ivr.extensions import db
from ivr.news.models import Feed
from ivr.schedule import Closure, ExtraWorkday, hours_on
from tests.staff.test_pages import load, office, post, text


def hours_that_day(app, day: date):
    with app.test_request_context():
        return hours_on(office(app).office.calendar(), day)[0]


def test_a_short_day_before_a_holiday_is_its_own_form_and_callers_hear_it(app, clerk, caller, at):
    values = load(clerk, "/staff/hours/date")
    assert "kind" not in values  # nothing chosen for the clerk
    values.update(day="30.12.2026", kind="hours", opens="08:30", closes="16:30", lunch_start="13:00", lunch_end="14:00")
    response = post(clerk, "/staff/hours/date", values)
    assert response.status_code == 302
    assert office(app).office.extra_workdays == (ExtraWorkday(date(2026, 12, 30), hours_that_day(app, date(2026, 12, 30))),)
    assert hours_that_day(app, date(2026, 12, 30)).closes == time(16, 30)
    assert hours_that_day(app, date(2026, 12, 29)).closes == time(17, 30)  # the day before is as usual
    page = text(clerk.get(response.headers["Location"]))
    assert "30.12.2026</time>: 08:30–16:30, обед 13:00–14:00" in page
    at("2026-12-30 16:00")
    call = caller()
    call.start()
    heard = call.press("1").spoken + " " + call.press("1").spoken  # Russian, then the hours
    assert "до шестнадцати тридцати" in heard  # it closes at 16:30 that day


def test_a_day_closed_replaces_what_the_date_had(app, clerk):
    values = load(clerk, "/staff/hours/date")
    values.update(day="30.12.2026", kind="hours", opens="08:30", closes="16:30")
    post(clerk, "/staff/hours/date", values)
    values = load(clerk, "/staff/hours/date")
    values.update({"day": "30.12.2026", "kind": "closed", "reason-ru": "Санитарный день", "reason-be": "Санітарны дзень",
                   "reason-en": "Cleaning day"})
    post(clerk, "/staff/hours/date", values)
    now = office(app).office
    assert now.extra_workdays == ()
    assert now.closures == (Closure(date(2026, 12, 30), date(2026, 12, 30),
                                    {"ru": "Санитарный день", "be": "Санітарны дзень", "en": "Cleaning day"}),)
    assert hours_that_day(app, date(2026, 12, 30)) is None


def test_the_single_date_form_says_what_is_missing(app, clerk):
    values = load(clerk, "/staff/hours/date")
    values.update(day="31.02.2026", opens="9")
    response = post(clerk, "/staff/hours/date", values)
    page = text(response)
    assert response.status_code == 422
    summary = page.split('class="error-summary"')[1].split("</div>")[0]
    assert 'href="#day"' in summary and 'href="#kind"' in summary and "Выберите один из вариантов." in summary
    assert 'value="31.02.2026"' in page
    assert len(office(app).office.extra_workdays) == 0


def test_deleting_a_headline_asks_first_without_a_script(app, clerk):
    headline = office(app).office.headlines[0].id
    page = text(clerk.get("/staff/headlines"))
    delete = f"/staff/headlines/{headline}/delete"
    assert f'<a class="button small danger" href="{delete}">Удалить…' in page
    assert not re.search(rf'<form method="post" action="{delete}"', page)  # no one-click delete
    confirm = text(clerk.get(delete))
    assert "Удалить новость?" in confirm and f'<form method="post" action="{delete}"' in confirm
    assert "Её можно будет вернуть из истории изменений." in confirm
    assert [h.id for h in office(app).office.headlines] == [headline]  # asking deleted nothing
    base = re.search(r'name="base" value="(\d+)"', confirm).group(1)
    post(clerk, delete, {"base": base})
    assert office(app).office.headlines == ()


def test_removing_a_feed_asks_first_without_a_script(app, clerk):
    with app.app_context():
        db.session.add(Feed(url="https://kopyl.example/rss", lang="ru", name="Капыль"))
        db.session.commit()
        feed_id = db.session.query(Feed).one().id
    remove = f"/staff/feeds/{feed_id}/remove"
    assert f'href="{remove}"' in text(clerk.get("/staff/feeds"))
    confirm = text(clerk.get(remove))
    assert "Лента «Капыль» и все новости, загруженные из неё, будут удалены." in confirm
    with app.app_context():
        assert db.session.query(Feed).count() == 1
    post(clerk, remove)
    with app.app_context():
        assert db.session.query(Feed).count() == 0


def test_long_forms_keep_save_in_view(app, clerk):
    for url in ("/staff/texts/ru", "/staff/hours", "/staff/pronunciation"):
        page = text(clerk.get(url))
        bar = page.split('<div class="save-bar">')[1].split("</div>")[0]
        assert '<button type="submit">Сохранить</button>' in bar, url
    page = text(clerk.get("/staff/texts/ru"))
    groups = re.findall(r'<fieldset id="(group-\d+)">', page)
    assert len(groups) > 3 and all(f'href="#{group}"' in page for group in groups)  # a list of the sections first
