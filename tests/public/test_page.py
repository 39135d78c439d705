"""The public page at /: the same answers as the call, as server-rendered text."""
from __future__ import annotations

import re
from datetime import date, time
from html.parser import HTMLParser

import pytest
from flask import template_rendered
from sqlalchemy import event

from ivr.content.office import Headline
from ivr.extensions import db
from ivr.schedule import Closure, DayHours

MONDAY_MORNING = "2026-11-30 10:00"
MONDAY_LUNCH = "2026-11-30 13:30"
SATURDAY = "2026-11-28 11:00"
HOLIDAY = "2026-07-03 10:00"
LANG_KEY = {"ru": "1", "be": "2", "en": "3"}


class Outline(HTMLParser):
    """The parts of a page the tests look at: <html lang>, headings, landmarks, links, element text."""

    def __init__(self) -> None:
        super().__init__()
        self.html_lang = ""
        self.tags: list[str] = []
        self.headings: list[tuple[str, str]] = []
        self.links: list[tuple[dict[str, str], str]] = []
        self.by_id: dict[str, str] = {}
        self._open: list[tuple[str, dict[str, str], list[str]]] = []

    def handle_starttag(self, tag, attrs):
        attributes = {k: v or "" for k, v in attrs}
        self.tags.append(tag)
        if tag == "html":
            self.html_lang = attributes.get("lang", "")
        if tag in ("meta", "link", "br", "img", "input"):
            return
        self._open.append((tag, attributes, []))

    def handle_endtag(self, tag):
        while self._open:
            name, attributes, text = self._open.pop()
            content = re.sub(r"\s+", " ", "".join(text)).strip()
            if self._open:
                self._open[-1][2].append("".join(text))
            if name in ("h1", "h2", "h3"):
                self.headings.append((name, content))
            if name == "a":
                self.links.append((attributes, content))
            if "id" in attributes:
                self.by_id[attributes["id"]] = content
            if name == tag:
                break

    def handle_data(self, data):
        if self._open:
            self._open[-1][2].append(data)


def outline(response) -> Outline:
    parser = Outline()
    parser.feed(response.get_data(as_text=True))
    return parser


def call_status(caller, lang: str) -> list[str]:
    """What a caller hears after choosing the language and pressing 1 (office hours)."""
    call = caller()
    call.start()
    call.press(LANG_KEY[lang])
    return call.press("1").texts


@pytest.mark.parametrize("moment", [MONDAY_MORNING, MONDAY_LUNCH, SATURDAY, HOLIDAY, "2026-11-30 18:00"])
@pytest.mark.parametrize("lang", ["ru", "be", "en"])
def test_the_open_now_sentence_is_the_one_the_caller_hears(client, caller, at, moment, lang):
    at(moment)
    page = outline(client.get(f"/{lang}"))
    heard = call_status(caller, lang)
    assert page.by_id["status-sentence"] in heard


@pytest.mark.parametrize(
    "lang, short, sentence",
    [
        ("ru", "Открыто до 13:00", "Открыто до тринадцати часов."),
        ("be", "Адчынена да 13:00", "Адчынена да трынаццатай гадзіны."),
        ("en", "Open until 13:00", "The office is open until one p.m."),
    ],
)
def test_open_now_in_words_and_in_digits(client, at, lang, short, sentence):
    at(MONDAY_MORNING)
    page = outline(client.get(f"/{lang}"))
    assert page.by_id["state"] == short
    assert page.by_id["status-sentence"] == sentence


def test_closed_says_when_it_opens_in_digits(client, at):
    at(SATURDAY)
    assert outline(client.get("/ru")).by_id["state"] == "Закрыто, откроется в понедельник (30 ноября 2026) в 08:30"
    assert outline(client.get("/be")).by_id["state"] == "Зачынена, адчыніцца ў панядзелак (30 лістапада 2026) а 08:30"
    at("2026-11-30 18:00")
    assert outline(client.get("/en")).by_id["state"] == "Closed, opens tomorrow at 08:30"
    at(MONDAY_LUNCH)
    assert outline(client.get("/en")).by_id["state"] == "Lunch break until 14:00"


def test_russian_is_the_default_and_the_browser_language_is_followed(client, at):
    at(MONDAY_MORNING)
    plain = client.get("/")
    assert outline(plain).html_lang == "ru"
    assert plain.headers["Content-Language"] == "ru"
    assert "Accept-Language" in plain.headers["Vary"]
    assert outline(client.get("/", headers={"Accept-Language": "be-BY,be;q=0.9,ru;q=0.5"})).html_lang == "be"
    assert outline(client.get("/", headers={"Accept-Language": "en-GB,en;q=0.8"})).html_lang == "en"
    assert outline(client.get("/", headers={"Accept-Language": "de-DE,de;q=0.9"})).html_lang == "ru"
    explicit = client.get("/en", headers={"Accept-Language": "be"})
    assert outline(explicit).html_lang == "en"
    assert "Vary" not in explicit.headers


def test_a_language_the_office_does_not_offer_is_not_found(client, at, edit_office):
    at(MONDAY_MORNING)
    edit_office(languages=("ru", "be"))
    assert client.get("/en").status_code == 404
    assert client.get("/xx").status_code == 404
    page = outline(client.get("/", headers={"Accept-Language": "en"}))
    assert page.html_lang == "ru"
    assert [a.get("hreflang") for a, _ in page.links if a.get("hreflang")] == ["ru", "be"]


@pytest.mark.parametrize(
    "lang, h1, headings",
    [
        ("ru", "Копыльский районный исполнительный комитет",
         ["Работает ли приёмная сейчас?", "Часы работы", "Службы и их часы работы", "Праздники и особые дни",
          "Адрес и телефоны", "Личный приём и прямые линии", "Куда обратиться", "Новости"]),
        ("be", "Капыльскі раённы выканаўчы камітэт",
         ["Ці працуе прыёмная зараз?", "Час працы", "Службы і іх час працы", "Святы і асаблівыя дні",
          "Адрас і тэлефоны", "Асабісты прыём і прамыя лініі", "Куды звярнуцца", "Навіны"]),
        ("en", "Kopyl District Executive Committee",
         ["Is the office open now?", "Opening hours", "Services and their hours", "Public holidays and special days",
          "Address and phone numbers", "Personal receptions and direct lines", "Where to go", "News"]),
    ],
)
def test_one_h1_landmarks_and_a_heading_per_part(client, at, lang, h1, headings):
    at(MONDAY_MORNING)
    page = outline(client.get(f"/{lang}"))
    assert page.html_lang == lang
    assert [text for level, text in page.headings if level == "h1"] == [h1]
    assert [text for level, text in page.headings if level == "h2"] == headings
    for landmark in ("header", "nav", "main", "footer"):
        assert landmark in page.tags
    assert "script" not in page.tags  # nothing needs JavaScript


def test_the_language_switch_is_plain_links_each_in_its_own_language(client, at):
    at(MONDAY_MORNING)
    page = outline(client.get("/be"))
    switch = [(a["href"], a["lang"], a.get("aria-current"), text) for a, text in page.links if a.get("hreflang")]
    assert switch == [("/ru", "ru", None, "Русский"), ("/be", "be", "page", "Беларуская"), ("/en", "en", None, "English")]


def test_phone_numbers_are_tel_links_in_e164_with_the_written_number_as_text(client, at):
    at(MONDAY_MORNING)
    page = outline(client.get("/ru"))
    tel = [(a["href"], text) for a, text in page.links if a.get("href", "").startswith("tel:")]
    assert ("tel:+375171928260", "+375 (1719) 28-2-60") in tel
    assert not any(href == "tel:+375171955241" for href, _ in tel)  # the fax: shown, not a link
    body = client.get("/ru").get_data(as_text=True)
    assert "223927, Минская область, город Копыль, площадь Ленина, дом 6" in body
    assert "6 Lenin Square, Kopyl, Minsk region, 223927" in client.get("/en").get_data(as_text=True)


def test_the_weekly_hours_with_the_lunch_break_in_digits(client, at):
    at(MONDAY_MORNING)
    body = client.get("/ru").get_data(as_text=True)
    assert re.search(r'Понедельник–пятница</th>\s*<td><span class="times">08:30–17:30</span>, перерыв <span class="times">13:00–14:00</span>', body)
    assert re.search(r"Суббота, воскресенье</th>\s*<td class=\"off\">выходной</td>", body)
    english = client.get("/en").get_data(as_text=True)
    assert re.search(r'Monday–Friday</th>\s*<td><span class="times">08:30–17:30</span>, lunch break <span class="times">13:00–14:00</span>', english)


def test_days_with_other_hours_get_their_own_rows(client, at, edit_office):
    at(MONDAY_MORNING)
    short = DayHours(time(8, 30), time(16, 15), time(13, 0), time(14, 0))
    usual = DayHours(time(8, 30), time(17, 30), time(13, 0), time(14, 0))
    edit_office(week={0: usual, 1: usual, 2: usual, 3: usual, 4: short, 5: DayHours(time(9), time(12)), 6: None})
    body = client.get("/ru").get_data(as_text=True)
    assert re.search(r'Понедельник–четверг</th>\s*<td><span class="times">08:30–17:30</span>, перерыв', body)
    assert re.search(r'Пятница</th>\s*<td><span class="times">08:30–16:15</span>, перерыв <span class="times">13:00–14:00', body)
    assert re.search(r'Суббота</th>\s*<td><span class="times">09:00–12:00</span></td>', body)
    assert re.search(r"Воскресенье</th>\s*<td class=\"off\">выходной", body)


def test_the_next_public_holiday_and_closures_are_listed(client, at, edit_office):
    at(MONDAY_MORNING)
    edit_office(closures=(Closure(date(2026, 12, 1), date(2026, 12, 2), {"ru": "санитарный день", "en": "cleaning day"}),
                          Closure(date(2027, 6, 1), date(2027, 6, 1), {"ru": "переезд"})))
    body = client.get("/ru").get_data(as_text=True)
    assert re.search(r'<time datetime="2026-12-01">1 декабря 2026</time> – <time datetime="2026-12-02">2 декабря 2026</time></strong>:\s*санитарный день — приёмная закрыта', body)
    assert re.search(r'<time datetime="2026-12-25">Пятница, 25 декабря 2026</time></strong>:\s*Рождество Христово \(католическое Рождество\) — праздник, приёмная закрыта', body)
    # New Year is two days, one entry.
    assert re.search(r'1 января 2027</time> – <time datetime="2027-01-02">2 января 2027', body)
    # A closure far ahead is listed too: people plan for it.
    assert "переезд — приёмная закрыта" in body
    assert 'href="/calendar.ics?lang=ru"' in body


def test_a_far_holiday_is_still_named_and_a_moved_working_saturday_is_shown(client, at):
    at("2026-04-10 10:00")
    body = client.get("/en").get_data(as_text=True)
    assert "Saturday, 25 April 2026</time></strong>:\n        working day, 08:30–17:30" in body
    at("2026-07-10 10:00")  # the next holiday (7 November) is more than 60 days away
    body = client.get("/en").get_data(as_text=True)
    assert "October Revolution Day — public holiday, the office is closed" in body


def test_headlines_with_summaries_newest_first_and_hidden_ones_left_out(client, at, edit_office):
    at(MONDAY_MORNING)
    edit_office(services=(), headlines=(
        Headline("old", {"ru": "Старая новость", "en": "Old news"}, {"ru": "Подробности старой."}, date(2026, 11, 1)),
        Headline("new", {"ru": "Свежая новость"}, {"ru": "Подробности <b>свежей</b>."}, date(2026, 11, 29)),
        Headline("secret", {"ru": "Скрытая"}, {}, date(2026, 11, 30), hidden=True),
    ))
    page = outline(client.get("/ru"))
    # The news is the page's last part (the directory's topics are h3 headings before it).
    assert [text for level, text in page.headings if level == "h3"][-2:] == ["Свежая новость", "Старая новость"]
    assert ("h3", "Скрытая") not in page.headings
    body = client.get("/ru").get_data(as_text=True)
    assert "Подробности &lt;b&gt;свежей&lt;/b&gt;." in body  # a clerk's text is text, never markup
    assert '<time datetime="2026-11-29">29 ноября 2026</time>' in body
    assert "Скрытая" not in body
    english = outline(client.get("/en"))
    assert [text for level, text in english.headings if level == "h3"][-2:] == ["Medical care", "Old news"]
    edit_office(headlines=())
    assert "Сейчас новостей нет." in client.get("/ru").get_data(as_text=True)


def test_an_edit_shows_on_the_next_request(client, at, edit_office):
    at(MONDAY_MORNING)
    first = client.get("/ru")
    edit_office(hotline="+375 (1719) 99-9-99")
    second = client.get("/ru")
    assert 'href="tel:+375171999999"' in second.get_data(as_text=True)
    assert first.headers["ETag"] != second.headers["ETag"]


def test_cached_briefly_with_an_etag_and_never_past_a_change(app, client, at):
    at(MONDAY_MORNING)
    first = client.get("/ru")
    assert first.headers["Cache-Control"] in ("public, max-age=60", "max-age=60, public")
    again = client.get("/ru", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    before_lunch = at("2026-11-30 12:59")
    app.extensions["ivr.clock"] = lambda: before_lunch.replace(second=30)
    assert "max-age=30" in client.get("/ru").headers["Cache-Control"]  # lunch starts in 30 s
    at("2026-11-30 13:00")
    assert outline(client.get("/ru")).by_id["state"] == "Обеденный перерыв до 14:00"


def test_a_cached_page_costs_one_query_and_no_rendering(app, client, at):
    at(MONDAY_MORNING)
    client.get("/ru")  # warm: builds the page once
    queries: list[str] = []
    renders: list[str] = []

    def count_query(conn, cursor, statement, *args):
        queries.append(statement)

    def count_render(sender, template, context, **extra):
        renders.append(template.name)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count_query)
    template_rendered.connect(count_render, app)
    try:
        for _ in range(5):
            assert client.get("/ru").status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", count_query)
        template_rendered.disconnect(count_render, app)
    assert renders == []
    assert len(queries) == 5  # the content version (revision and imported news), once per request


def test_the_stylesheet_is_served(client):
    with client.get("/public/static/public.css") as response:
        assert response.status_code == 200
        assert "text/css" in response.headers["Content-Type"]


def test_imported_headlines_are_on_the_page_too(app, client, at):
    from datetime import date

    from ivr.extensions import db
    from ivr.news.models import Feed, ImportedHeadline

    at("2026-11-30 10:00")
    before = client.get("/ru").get_data(as_text=True)
    with app.app_context():
        feed = Feed(url="https://kopyl.example/rss", lang="ru", name="kopyl")
        db.session.add(feed)
        db.session.flush()
        db.session.add(ImportedHeadline(feed_id=feed.id, guid="1", lang="ru", title="Ярмарка в субботу",
                                        summary="На площади Ленина.", published=date(2026, 11, 29)))
        db.session.commit()
    after = client.get("/ru").get_data(as_text=True)
    assert "Ярмарка в субботу" not in before
    assert "Ярмарка в субботу" in after and "На площади Ленина." in after


def test_the_fax_is_shown_as_a_fax_without_a_tel_link_and_e_mail_and_web_are_links(client, at, edit_office):
    from ivr.content.office import Contact

    edit_office(contacts=(Contact("phone", "+375 (1719) 28-2-60"), Contact("fax", "+375 (1719) 55-2-41"),
                          Contact("email", "kopyl@mail.by"), Contact("web", "kopyl.gov.by")))
    at(MONDAY_MORNING)
    body = client.get("/ru").get_data(as_text=True)
    assert re.search(r'<dt>Факс</dt>\s*<dd class="fax">\+375 \(1719\) 55-2-41</dd>', body)
    links = [(a["href"], text) for a, text in outline(client.get("/ru")).links]
    assert ("mailto:kopyl@mail.by", "kopyl@mail.by") in links and ("https://kopyl.gov.by", "kopyl.gov.by") in links
    assert not any(href.endswith("55241") for href, _ in links)
