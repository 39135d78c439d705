"""Issue 16, item 7 (and item 2's contacts parts): the contacts answer in short parts a caller can
hear again, the fax read as a fax, numbers read as they are dialled from a Belarusian phone."""
from __future__ import annotations

import pytest

from ivr.content.office import Contact

MONDAY_MORNING = "2026-11-30 10:00"
LANG_KEY = {"ru": "1", "be": "2", "en": "3"}


def contacts_of(caller, lang: str):
    # Issue 18, item 8: main key 3 is «contacts and receptions»; the office's own address and
    # numbers are its key 1.
    call = caller()
    call.start()
    call.press(LANG_KEY[lang])
    call.press("3")
    return call, call.press("1")


def test_the_contacts_answer_is_short_sentences_with_the_fax_as_a_fax(at, caller):
    at(MONDAY_MORNING)
    _, page = contacts_of(caller, "ru")
    assert page.texts[:4] == [
        "Адрес: Минская область, город Копыль, площадь Ленина, дом шесть.",
        "Индекс: двести двадцать три, девятьсот двадцать семь.",
        "Телефон приёмной и горячей линии: восемь, ноль один семь один девять, двадцать восемь, два, шестьдесят.",
        "Факс: восемь, ноль один семь один девять, пятьдесят пять, два, сорок один.",
    ]
    assert "тысяча семьсот девятнадцать" not in page.spoken
    assert "Адрес ещё раз — нажмите 1." in page.texts and "Телефоны ещё раз — нажмите 2." in page.texts


@pytest.mark.parametrize(
    "lang, key, part, other",
    [
        ("ru", "1", ["Адрес: Минская область, город Копыль, площадь Ленина, дом шесть.",
                     "Индекс: двести двадцать три, девятьсот двадцать семь."], "Факс"),
        ("be", "2", ["Тэлефон прыёмнай і гарачай лініі: восем, нуль адзін сем адзін дзевяць, дваццаць восем, два, "
                     "шэсцьдзясят.",
                     "Факс: восем, нуль адзін сем адзін дзевяць, пяцьдзясят пяць, два, сорак адзін."], "Адрас:"),
        ("en", "1", ["The address: six Lenin Square, Kopyl, Minsk region.",
                     "Postal code: two two three, nine two seven."], "Fax"),
    ],
)
def test_each_part_can_be_heard_again_alone(at, caller, lang, key, part, other):
    at(MONDAY_MORNING)
    call, _ = contacts_of(caller, lang)
    page = call.press(key)
    assert page.texts[:len(part)] == part
    assert other not in page.spoken
    assert page.gather is not None  # the contacts menu again, not the end of the call


def test_a_separate_hot_line_e_mail_and_web_site_are_told_and_offered_again(edit_office, at, caller):
    edit_office(hotline="+375 (1719) 99-9-99", contacts=(
        Contact("phone", "+375 (1719) 28-2-60", "local"),
        Contact("fax", "+375 (1719) 55-2-41"),
        Contact("email", "kopyl@mail.by"),
        Contact("web", "https://kopyl.gov.by/"),
    ))
    at(MONDAY_MORNING)
    call, page = contacts_of(caller, "ru")
    assert "Телефон приёмной: двадцать восемь, два, шестьдесят." in page.texts
    assert "Горячая линия: восемь, ноль один семь один девять, девяносто девять, девять, девяносто девять." in page.texts
    assert "Электронная почта: kopyl собака mail точка by." in page.texts
    assert "Сайт: kopyl точка gov точка by." in page.texts
    assert "Почта и сайт ещё раз — нажмите 3." in page.texts
    again = call.press("3")
    assert again.texts[:2] == ["Электронная почта: kopyl собака mail точка by.", "Сайт: kopyl точка gov точка by."]


def test_without_e_mail_or_web_key_3_is_neither_offered_nor_accepted(at, caller):
    at(MONDAY_MORNING)
    call, page = contacts_of(caller, "ru")
    assert "Почта и сайт" not in page.spoken
    assert "Электронная почта" not in call.press("3").spoken


def test_the_contacts_menu_has_at_most_four_options_each_option_before_its_key(at, caller):
    at(MONDAY_MORNING)
    _, page = contacts_of(caller, "ru")
    offers = [text for text in page.texts if "нажмите" in text]
    assert len(offers) <= 4
    assert all(text.index("нажмите") > 0 for text in offers)
