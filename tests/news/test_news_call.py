"""The news in a call: five imported headlines, one at a time, forwards, backwards and back."""
from __future__ import annotations

from datetime import date

import pytest

from ivr.extensions import db
from ivr.news.models import Feed, ImportedHeadline

TITLES = {
    "ru": ["Открыт новый центр услуг", "Ремонт дороги на улице Ленина", "Ярмарка в субботу",
           "Приём граждан перенесён", "Конкурс юных талантов"],
    "be": ["Адкрыты новы цэнтр паслуг", "Рамонт дарогі на вуліцы Леніна", "Кірмаш у суботу",
           "Прыём грамадзян перанесены", "Конкурс юных талентаў"],
    "en": ["A new service centre opens", "Road repairs on Lenin Street", "A fair on Saturday",
           "Office hours for citizens moved", "A young talent contest"],
}
FIRST = {"ru": "Новость номер один из шести, вчера. Открыт новый центр услуг.",
         "be": "Навіна нумар адзін з шасці, учора. Адкрыты новы цэнтр паслуг.",
         "en": "Headline one of six, yesterday. A new service centre opens."}
LAST_WORDS = {"ru": "Это была последняя новость.", "be": "Гэта была апошняя навіна.", "en": "That was the last headline."}


@pytest.fixture
def five_headlines(app):
    with app.app_context():
        for lang, titles in TITLES.items():
            feed = Feed(url=f"https://kopyl.example/{lang}.rss", lang=lang, name=f"kopyl-{lang}")
            db.session.add(feed)
            db.session.flush()
            for n, title in enumerate(titles):
                db.session.add(ImportedHeadline(feed_id=feed.id, guid=f"{lang}-{n}", lang=lang, title=title,
                                                summary=f"{title}: {n + 1}.", published=date(2026, 11, 27 - n)))
        db.session.commit()


@pytest.mark.parametrize("lang", ["ru", "be", "en"])
def test_through_five_headlines_and_back(five_headlines, at, caller, lang):
    at("2026-11-28 10:00")
    call = caller()
    call.start()
    call.press({"ru": "1", "be": "2", "en": "3"}[lang])
    page = call.press("2")
    assert page.texts[0] == FIRST[lang]
    heard = [page.texts[0]]
    for _ in range(5):
        page = call.press("2")
        heard.append(page.texts[0])
    # Five imported headlines, newest first, then the demo office's own (undated) one.
    for n, title in enumerate(TITLES[lang]):
        assert title in heard[n]
    assert "Ташкен" in heard[5] or "Tashkent" in heard[5]
    assert call.press("2").texts[0] == LAST_WORDS[lang]  # and the main menu follows
    call.press("2")  # the news again, from the first
    for _ in range(4):
        call.press("2")
    for n in range(3, -1, -1):
        assert TITLES[lang][n] in call.press("3").texts[0]
    assert call.press("3").texts[0] in ("Это первая новость.", "Гэта першая навіна.", "This is the first headline.")
    summary = call.press("1")
    assert summary.texts[0].startswith(TITLES[lang][0] + ":")
    back = call.press("*")
    assert any("2" in text for text in back.texts)  # the main menu's choices again


def test_dates_are_spoken(five_headlines, at, caller):
    at("2026-11-28 10:00")
    call = caller()
    call.start()
    call.press("1")
    call.press("2")
    call.press("2")
    third = call.press("2")
    assert third.texts[0] == "Новость номер три из шести, двадцать пятое ноября. Ярмарка в субботу."


def test_news_transcript_from_the_call_command(five_headlines, runner):
    result = runner.invoke(args=["call", "2", "2", "3", "1", "*", "--at", "2026-11-28 10:00"])
    assert result.exit_code == 0, result.output
    assert "says: Новость номер один из шести, вчера. Открыт новый центр услуг." in result.output
    assert "says: Новость номер два из шести, двадцать шестое ноября. Ремонт дороги на улице Ленина." in result.output
