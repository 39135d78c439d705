"""The overview is a summary in plain words (issue 21, item 3): what callers hear now and what needs
attention (new messages, audio not ready, words without a known stress, feeds failing), with the
players on a page of their own; no jargon on any staff page."""
from __future__ import annotations

import html
import re

from ivr.extensions import db
from ivr.news.models import Feed
from tests.staff.test_desk import add_message
from tests.staff.test_history_undo import three_changes
from tests.staff.test_pages import load, post, text
from tests.staff.test_small_screens import staff_pages

JARGON = ("Twilio", "{key}", "версия", "Версия", "Новая новость", "делается")


def visible(page: str) -> str:
    """The words a clerk reads: no tags, and not what the form fields hold (the clerk's own texts)."""
    page = re.sub(r"<textarea.*?</textarea>|<script.*?</script>", " ", page, flags=re.S)
    page = re.sub(r"<[^>]+>", " ", page)
    return " ".join(html.unescape(page).split())


def attention(page: str) -> list[str]:
    found = re.search(r'<section aria-labelledby="attention-title" class="attention">(.*?)</section>', page, re.S)
    return [visible(item) for item in re.findall(r"<li>(.*?)</li>", found.group(1), re.S)] if found else []


def test_the_overview_is_a_summary_not_a_wall_of_players(app, clerk):
    page = text(clerk.get("/staff/"))
    assert "<audio" not in page and page.count("<tr") == 0
    assert "Звонящие слышат" in page and len(re.findall(r'<q lang="(ru|be|en)">[^<]+</q>', page)) == 3
    assert '<a href="/staff/audio">' in page
    assert text(clerk.get("/staff/audio")).count('class="audio-state"') > 40  # the players are on their own page


def test_the_overview_lists_what_needs_attention(app, clerk):
    add_message(app)
    with app.app_context():
        db.session.add(Feed(url="https://example.org/rss", lang="ru", name="Сайт области", last_error="unreachable"))
        db.session.commit()
    values = load(clerk, "/staff/headlines/new")
    values.update({"title-ru": "Приём", "title-be": "Шчупакабрыца ў Капылі", "title-en": "Reception"})
    post(clerk, "/staff/headlines/new", values)
    items = attention(text(clerk.get("/staff/")))
    assert "Новых сообщений и просьб перезвонить: 1. Открыть входящие" in items
    assert "Лента «Сайт области» не загружается: ленту не удалось получить. Ленты новостей" in items
    assert any(item.startswith("Звук ещё готовится для фраз:") for item in items)  # the new headline's audio
    assert any(re.fullmatch(r"Слов, ударение в которых голос может поставить неверно \(be\): \d+\. Произношение", item)
               for item in items)


def test_no_staff_page_speaks_jargon(app, login, client):
    three_changes(app, login, client)
    login("anna")
    found = {}
    for url in staff_pages(app):
        response = client.get(url, follow_redirects=True)
        words = visible(response.get_data(as_text=True))
        if url.startswith("/staff/texts") and "/recording/" not in url:  # the texts keep their {names}; each is said
            # in words where it is asked for
            assert "Должно остаться: {key} (номер клавиши)." in words
            words = words.replace("{key}", "")
        found.update({f"{url}: {word}": True for word in JARGON if word in words})
    assert found == {}


def test_pinned_is_not_ticked_for_a_new_headline(app, clerk):
    values = load(clerk, "/staff/headlines/new")
    assert "pinned" not in values and "hidden" not in values
