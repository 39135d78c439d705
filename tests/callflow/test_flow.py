"""The call as a caller lives it: what is said after each key, in each language."""
from __future__ import annotations

import pytest

from ivr.schedule import Closure

MONDAY_MORNING = "2026-11-30 10:00"
MONDAY_LUNCH = "2026-11-30 13:30"
FRIDAY_EVENING = "2026-12-04 18:00"
SATURDAY = "2026-11-28 11:00"

LANG_KEY = {"ru": "1", "be": "2", "en": "3"}


def in_language(caller, lang: str):
    call = caller()
    call.start()
    call.press(LANG_KEY[lang])
    return call


def test_the_phone_rings_and_the_languages_are_offered_each_in_its_own_language(at, caller):
    at(MONDAY_MORNING)
    page = caller().start()
    assert page.texts[4:7] == ["Русский — нажмите 1.", "Беларуская — націсніце 2.", "English — press 3."]
    assert page.gather["input"] == "dtmf speech"
    assert int(page.gather["timeout"]) >= 3
    assert page.gather["numDigits"] == "1"
    assert page.redirect and "ev=noinput" in page.redirect


def test_russian_is_the_default_when_the_caller_presses_nothing(at, caller):
    at(MONDAY_MORNING)
    call = caller()
    assert call.start().texts[0] == "Копыльский райисполком, здравствуйте."
    page = call.silence()
    # Greeted in Russian at the start already: straight to the choices.
    assert page.texts[0] == "Часы работы — 1."


@pytest.mark.parametrize(
    "lang, options",
    [
        ("ru", ["Часы работы — 1", "Новости — 2", "Контакты и приёмы — 3", "Документы — 4",
                "Сотрудник 0, повтор 9, назад звёздочка"]),
        ("be", ["Час працы — 1", "Навіны — 2", "Кантакты і прыёмы — 3", "Дакументы — 4",
                "Супрацоўнік 0, паўтор 9, назад зорачка"]),
        ("en", ["Office hours — 1", "News — 2", "Contacts and receptions — 3",  # no English procedures in the demo
                "A person 0, repeat 9, back star"]),
    ],
)
def test_main_menu_in_each_language_says_the_option_before_the_key(at, caller, lang, options):
    at(MONDAY_MORNING)
    page = in_language(caller, lang).page
    menu = [text.rstrip(".") for text in page.texts]
    assert [text for text in menu if text in options] == options  # in this order
    assert page.gather["language"] == {"ru": "ru-RU", "be": "ru-RU", "en": "en-US"}[lang]
    assert page.gather["hints"]


@pytest.mark.parametrize(
    "lang, expected",
    [
        ("ru", ["с понедельника по пятницу с восьми тридцати до семнадцати тридцати",
                "Обеденный перерыв с тринадцати до четырнадцати",
                "Открыто до тринадцати часов"]),
        ("be", ["з панядзелка па пятніцу з васьмі трыццаці да сямнаццаці трыццаці",
                "Абедзенны перапынак з трынаццаці да чатырнаццаці",
                "Адчынена да трынаццатай гадзіны."]),
        ("en", ["Monday to Friday, from eight thirty a.m. to five thirty p.m.",
                "The lunch break is from one p.m. to two p.m.",
                "The office is open until one p.m."]),
    ],
)
def test_office_hours_in_each_language(at, caller, lang, expected):
    at(MONDAY_MORNING)
    call = in_language(caller, lang)
    page = call.press("1")
    for words in expected:
        assert words in page.spoken, (words, page.spoken)
    # The choices and the fixed keys' line name their keys by digit ("— 1", "повтор 9"); every other
    # sentence says times in words.
    told = [text for text in page.texts if " — " not in text and not text.startswith(("Повтор", "Паўтор", "Repeat"))]
    assert not any(ch.isdigit() for ch in " ".join(told)), "times must be spoken as words"


@pytest.mark.parametrize(
    "moment, lang, sentence",
    [
        (MONDAY_LUNCH, "ru", "Приёмная на обеде до четырнадцати часов."),
        (MONDAY_LUNCH, "en", "The office is closed for lunch until two p.m."),
        (FRIDAY_EVENING, "ru", "Приёмная закрыта и откроется в понедельник в восемь тридцать."),
        ("2026-11-30 17:00", "ru", "Открыто до семнадцати тридцати."),
        ("2026-11-30 07:15", "en", "The office opens today at eight thirty a.m."),
        ("2026-12-01 19:00", "en", "The office is closed and opens tomorrow at eight thirty a.m."),
    ],
)
def test_open_now_answer_at_moments(at, caller, moment, lang, sentence):
    at(moment)
    page = in_language(caller, lang).press("1")
    assert sentence in page.texts


def test_on_saturday_it_is_a_day_off(at, caller):
    at(SATURDAY)
    page = in_language(caller, "be").press("1")
    assert "Сёння выхадны, прыёмная адчыніцца ў панядзелак а восьмай трыццаць." in page.spoken


def test_public_holiday_is_named(at, caller):
    at("2026-07-03 10:00")
    page = in_language(caller, "ru").press("1")
    assert "Сегодня праздник, День Независимости Республики Беларусь" in page.spoken
    assert "приёмная откроется в понедельник в восемь тридцать." in page.spoken


def test_moved_working_saturday_is_open(at, caller):
    at("2026-04-25 10:00")
    page = in_language(caller, "ru").press("1")
    assert "Открыто до тринадцати часов." in page.spoken


def test_office_closure_gives_its_reason(edit_office, at, caller):
    from datetime import date

    edit_office(closures=(Closure(date(2026, 12, 1), date(2026, 12, 2), {"ru": "санитарный день"}),))
    at("2026-12-01 10:00")
    page = in_language(caller, "ru").press("1")
    assert "Сегодня приёмная не работает, санитарный день; она откроется в четверг в восемь тридцать." in page.texts


@pytest.mark.parametrize(
    "lang, words",
    [
        ("ru", ["Индекс: двести двадцать три, девятьсот двадцать семь", "Копыль", "восемь, ноль один семь один девять"]),
        ("be", ["Індэкс: дзвесце дваццаць тры, дзевяцьсот дваццаць сем", "Капыль", "восем, нуль адзін сем адзін дзевяць"]),
        ("en", ["Lenin Square", "Postal code: two two three, nine two seven", "eight, zero one seven one nine"]),
    ],
)
def test_address_and_phones_in_each_language(at, caller, lang, words):
    at(MONDAY_MORNING)
    call = in_language(caller, lang)
    call.press("3")  # contacts and receptions (issue 18, item 8), then the office's own address and phones
    page = call.press("1")
    for word in words:
        assert word in page.spoken
    contacts = page.texts[0]
    assert not any(ch.isdigit() for ch in contacts), contacts


@pytest.mark.parametrize(
    "lang, first",
    [
        ("ru", "Сейчас одна новость. Лукашенко: переговоры в Ташкенте помогли наметить планы сотрудничества."),
        ("be", "Зараз адна навіна. Лукашэнка: перамовы ў Ташкенце дапамаглі акрэсліць планы супрацоўніцтва."),
        ("en", "There is one headline. Lukashenko: Tashkent talks helped thrash out cooperation plans."),
    ],
)
def test_news_reads_the_headline_with_its_position(at, caller, lang, first):
    at(MONDAY_MORNING)
    page = in_language(caller, lang).press("2")
    assert page.texts[0] == first


def test_news_summary_next_and_back(at, caller):
    at(MONDAY_MORNING)
    call = in_language(caller, "ru")
    call.press("2")
    summary = call.press("1")
    assert "пригласил узбекского коллегу" in summary.texts[0]
    last = call.press("2")
    assert last.texts[0] == "Это была последняя новость."
    assert "Новости — 2." in last.texts


def test_news_repeat_and_star_goes_back(at, caller):
    at(MONDAY_MORNING)
    call = in_language(caller, "en")
    first = call.press("2")
    again = call.press("9")
    assert again.texts[0] == first.texts[0]
    back = call.press("*")
    assert "News — 2." in back.texts


def test_no_news_says_so_and_goes_back_to_the_menu(edit_office, at, caller):
    edit_office(headlines=())
    at(MONDAY_MORNING)
    page = in_language(caller, "ru").press("2")
    assert page.texts[0] == "Сейчас новостей нет."
    assert "Новости — 2." in page.texts


def test_person_in_office_hours_is_put_through(at, caller):
    at(MONDAY_MORNING)
    call = in_language(caller, "ru")
    page = call.press("0")
    assert page.texts == ["Соединяю с сотрудником. Пожалуйста, оставайтесь на линии."]
    assert page.dial["number"] == "+375171928260"
    assert int(page.dial["timeout"]) >= 15
    after = call.dial_ends("completed")
    assert after.hangup and "До свидания!" in after.spoken


@pytest.mark.parametrize("status", ["busy", "no-answer", "failed", "canceled"])
def test_transfer_nobody_answers_goes_back_to_the_menu(at, caller, status):
    at(MONDAY_MORNING)
    call = in_language(caller, "en")
    call.press("0")
    page = call.dial_ends(status)
    assert page.texts[0].startswith("Sorry, nobody could answer")
    assert page.gather is not None and not page.hangup


@pytest.mark.parametrize("moment", [MONDAY_LUNCH, FRIDAY_EVENING, SATURDAY])
def test_person_outside_hours_hears_when_they_answer_and_may_leave_a_message(at, caller, moment):
    at(moment)
    page = in_language(caller, "ru").press("0")
    assert page.dial is None
    assert "откроется" in page.texts[0] or "на обеде до" in page.texts[0]
    assert page.texts[1] == "Сотрудники отвечают в рабочее время."
    # Never "call the hot line": it is the number the caller is on; and no "Сейчас… Сейчас…".
    assert "ноль один семь один девять" not in page.spoken and " ".join(page.texts[:2]).count("Сейчас") <= 1
    assert "Чтобы оставить голосовое сообщение, нажмите 1." in page.texts and page.gather is not None


def test_repeat_key_repeats_the_answer(at, caller):
    at(MONDAY_MORNING)
    call = in_language(caller, "ru")
    hours = call.press("1")
    again = call.press("9")
    assert again.texts == hours.texts


def test_skip_key_goes_straight_to_the_choices(at, caller):
    at(MONDAY_MORNING)
    call = in_language(caller, "ru")
    hours = call.press("1")
    skipped = call.press("#")
    # The choices: one per service besides the reception, then the fixed keys' two lines.
    assert skipped.texts == hours.texts[-5:]


def test_star_in_main_menu_goes_back_to_languages(at, caller):
    at(MONDAY_MORNING)
    call = in_language(caller, "en")
    page = call.press("*")
    assert page.texts[0] == "Русский — нажмите 1."


def test_slower_speech_is_kept_for_the_rest_of_the_call(at, caller):
    at(MONDAY_MORNING)
    call = in_language(caller, "ru")
    normal_timeout = int(call.page.gather["timeout"])
    slow = call.press("8")
    assert slow.texts[0].startswith("Хорошо, теперь я буду говорить медленнее")
    assert int(slow.gather["timeout"]) > normal_timeout
    assert {h.rate for h in slow.heard} == {"80%"}
    hours = call.press("1")
    assert int(hours.gather["timeout"]) > normal_timeout and {h.rate for h in hours.heard} == {"80%"}
    assert "Обычная скорость — нажмите 8." in call.press("*").texts
    normal = call.press("8")
    assert int(normal.gather["timeout"]) == normal_timeout and {h.rate for h in normal.heard} == {""}


@pytest.mark.parametrize(
    "lang, words, expect",
    [
        ("ru", "часы работы", "с восьми тридцати"),
        ("ru", "Новости", "Ташкент"),
        ("ru", "какой у вас адрес", "Адрес и телефоны райисполкома — нажмите 1"),
        ("be", "навіны", "Ташкенце"),
        ("be", "адрас", "Адрас і тэлефоны райвыканкама — націсніце 1"),
        ("en", "office hours please", "eight thirty"),
        ("en", "news", "Tashkent"),
        ("en", "phone number", "The office's address and phones — press 1"),
    ],
)
def test_speech_works_as_well_as_keys(at, caller, lang, words, expect):
    at(MONDAY_MORNING)
    page = in_language(caller, lang).say(words)
    assert expect in page.spoken


def test_language_by_speech(at, caller):
    at(MONDAY_MORNING)
    call = caller()
    call.start()
    page = call.say("English")
    assert page.texts[0] == "Office hours — 1." and "lang=en" in page.gather["action"]


def test_invalid_key_is_named_then_the_menu_again(at, caller):
    at(MONDAY_MORNING)
    call = in_language(caller, "ru")
    page = call.press("5")
    assert page.texts[0] == "Кнопки 5 в этом меню нет."
    assert "Новости — 2." in page.texts


def test_unrecognised_speech_is_an_invalid_choice(at, caller):
    at(MONDAY_MORNING)
    page = in_language(caller, "en").say("banana split")
    assert page.texts[0] == "That is not one of the choices here."


def test_office_with_one_language_skips_the_language_menu(edit_office, at, caller):
    edit_office(languages=("be",))
    at(MONDAY_MORNING)
    page = caller().start()
    # The greeting and the answer, then straight to the main menu: no language lines.
    assert page.texts[:3] == ["Капыльскі райвыканкам, добры дзень.", "Адчынена да трынаццатай гадзіны.",
                              "Час працы — 1."]
    assert not any(t.startswith(("Русский", "English")) for t in page.texts)


def test_staff_wording_is_heard_on_the_next_call(edit_office, at, caller):
    at(MONDAY_MORNING)
    before = caller().start().texts[0]
    edit_office(texts={"greeting": {"ru": "Добрый день! Это горячая линия Копыльского райисполкома."}})
    after = caller().start().texts[0]
    assert before == "Копыльский райисполком, здравствуйте."
    assert after == "Добрый день! Это горячая линия Копыльского райисполкома."
