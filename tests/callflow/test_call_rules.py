"""Issue 16's rules for the call, walked as a caller lives them: the answer first, short menus, no
dead ends, time to answer, safe keys, the web page told once, one headline said as one."""
from __future__ import annotations

import re

import pytest

from ivr.callflow import menus
from ivr.callflow.context import CallerInput
from ivr.callflow.flow import respond
from ivr.callflow.menus import MENUS
from ivr.callflow.steps import CallState, Gather, Node
from ivr.messages.models import DRAFT, NEW
from tests.callflow.test_flow import in_language
from tests.callflow.test_menus import STATES
from tests.messages.test_message_flow import messages

MONDAY_MORNING = "2026-11-30 10:00"  # open, a person can answer
SATURDAY = "2026-11-28 11:00"  # closed
OPEN_NOW = {"ru": "Открыто до тринадцати часов.", "be": "Адчынена да трынаццатай гадзіны.",
            "en": "The office is open until one p.m."}
HELP_CONNECTING = {"ru": "Похоже, вам нужна помощь. Соединяю с сотрудником, оставайтесь на линии.",
                   "be": "Падобна, вам патрэбна дапамога. Злучаю з супрацоўнікам, заставайцеся на лініі.",
                   "en": "It seems you need help. Putting you through to a person, please stay on the line."}
HELP_MESSAGE = {"ru": "Похоже, вам нужна помощь. Сотрудники сейчас не отвечают, но вы можете оставить сообщение.",
                "be": "Падобна, вам патрэбна дапамога. Супрацоўнікі зараз не адказваюць, але вы можаце пакінуць "
                      "паведамленне.",
                "en": "It seems you need help. Nobody can answer now, but you can leave a message."}
NO_KEY_7 = {"ru": "Кнопки 7 в этом меню нет.", "be": "Кнопкі 7 у гэтым меню няма.", "en": "There is no key 7 in this menu."}
MORE_TIME = {"ru": "Нужно больше времени — нажмите 8.", "be": "Патрэбна больш часу — націсніце 8.",
             "en": "More time — press 8."}
GOODBYE = {"ru": "До свидания!", "be": "Да пабачэння!", "en": "Goodbye!"}


def recorded(caller, sid: str):
    """A call on Saturday that has recorded a message and is reviewing it."""
    call = in_language(caller, "ru")
    call.press("0")
    call.press("1")
    call.records(6, sid=sid)
    return call


# -- 1. the answer first -----------------------------------------------------------------------


def test_the_call_opens_with_the_greeting_and_whether_the_office_is_open_now_in_every_language(at, caller):
    at(MONDAY_MORNING)
    page = caller().start()
    assert page.texts[0] == "Копыльский райисполком, здравствуйте."
    # The answer first, for a caller who presses nothing, in each language: then the language menu.
    assert page.texts[1:4] == [OPEN_NOW["ru"], OPEN_NOW["be"], OPEN_NOW["en"]]
    assert page.texts[4] == "Русский — нажмите 1."


@pytest.mark.parametrize("lang", ["be", "en"])
def test_a_caller_choosing_another_language_goes_straight_to_the_menu_having_heard_the_answer(at, caller, lang):
    at(MONDAY_MORNING)
    call = caller()
    opening = call.start()
    assert OPEN_NOW[lang] in opening.texts  # heard in their own language before the language menu
    page = call.press({"be": "2", "en": "3"}[lang])
    assert page.texts[0] == {"be": "Час працы — 1.", "en": "Office hours — 1."}[lang]
    assert not any(t.startswith(OPEN_NOW[lang]) for t in page.texts)


def test_the_open_now_sentences_are_said_under_a_status_key_before_the_language_lines(flow_context):
    turn = respond(flow_context(), CallState(), CallerInput(event="enter"))
    prompts = next(s for s in turn.steps if isinstance(s, Gather)).prompts
    assert [(p.key.split(".")[0], p.lang) for p in prompts[:4]] == [
        ("greeting", "ru"), ("status", "ru"), ("status", "be"), ("status", "en")]
    assert prompts[4].key == "language.option"


@pytest.mark.parametrize("lang", ["ru", "be", "en"])
def test_the_hours_answer_starts_with_open_now_then_the_week(at, caller, lang):
    at(SATURDAY)
    page = in_language(caller, lang).press("1")
    assert page.texts[0] == {"ru": "Сегодня выходной, приёмная откроется в понедельник в восемь тридцать.",
                             "be": "Сёння выхадны, прыёмная адчыніцца ў панядзелак а восьмай трыццаць.",
                             "en": "Today is a day off; the office opens on Monday at eight thirty a.m."}[lang]
    assert any("пятниц" in t or "пятніц" in t or "Friday" in t for t in page.texts[1:])


# -- 2. short menus, the fixed keys announced once in every menu -----------------------------




@pytest.mark.parametrize("lang", ["ru", "be", "en"])
@pytest.mark.parametrize("node", [node for node in STATES if node != Node.DISCARD], ids=str)
def test_every_menu_offers_at_most_four_options_and_one_short_line_for_the_fixed_keys(flow_context, node, lang):
    state = CallState(node=node, lang=lang, msg=STATES[node].msg)
    turn = respond(flow_context(), state, CallerInput(digits="9"))
    prompts = next(s for s in turn.steps if isinstance(s, Gather)).prompts
    # Content options: the menu's own rows.
    own = {row.prompt for row in MENUS[node].options if row.prompt} | {"language.option"}
    assert len([p for p in prompts if p.key in own]) <= 4
    key_lines = [p for p in prompts if p.key.startswith("keys")]
    assert len(key_lines) == 1
    # 9 and 0 by their digits, * by its name, in each language.
    assert re.search(r"\b9\b", key_lines[0].text)
    assert re.search(r"\b0\b", key_lines[0].text)
    assert re.search("звёздочк|зорачк|star", key_lines[0].text)


def test_the_main_menu_lines_say_the_option_before_the_key(at, caller):
    at(MONDAY_MORNING)
    page = caller().start()
    main = caller()
    main.start()
    texts = main.silence().texts
    # The language menu set the pattern ("Русский — нажмите 1"); the main menu keeps it short.
    assert texts == ["Часы работы — 1.", "Новости — 2.", "Контакты и приёмы — 3.", "Документы — 4.",
                     "Сотрудник 0, повтор 9, назад звёздочка.", "Нужно больше времени — нажмите 8."]
    assert page.texts[-1] == "Повтор 9 или звёздочка, сотрудник 0."


# -- 4. no dead ends ---------------------------------------------------------------------------


def _wrong(call, how: str):
    return call.silence() if how == "silence" else call.press("7")


@pytest.mark.parametrize("how", ["silence", "invalid"])
@pytest.mark.parametrize("lang", ["ru", "be", "en"])
def test_in_office_hours_the_second_mistake_puts_the_caller_through_to_a_person(at, caller, lang, how):
    at(MONDAY_MORNING)
    call = in_language(caller, lang)
    first = _wrong(call, how)
    assert first.dial is None and not first.hangup and first.gather is not None
    if how == "invalid":
        assert first.texts[0] == NO_KEY_7[lang]
    second = _wrong(call, how)
    assert second.texts == [HELP_CONNECTING[lang]]
    assert second.dial["number"] == "+375171928260" and not second.hangup


@pytest.mark.parametrize("how", ["silence", "invalid"])
@pytest.mark.parametrize("lang", ["ru", "be", "en"])
def test_outside_office_hours_a_message_is_offered_and_only_then_the_call_may_end(at, caller, lang, how):
    at(SATURDAY)
    call = in_language(caller, lang)
    _wrong(call, how)
    offered = _wrong(call, how)
    assert offered.texts[0] == HELP_MESSAGE[lang]
    assert offered.gather is not None and not offered.hangup and "node=message" in offered.gather["action"]
    assert not _wrong(call, how).hangup  # the message menu asks again first
    last = _wrong(call, how)
    assert last.hangup and last.spoken.endswith(GOODBYE[lang])
    # Never "call the hot line": that is the number the caller is on.
    assert not re.search("плюс|plus|горяч|гарач|hot line", last.spoken)


@pytest.mark.parametrize("lang", ["ru", "be", "en"])
def test_silence_in_a_sub_menu_asks_there_again_first(at, caller, lang):
    at(MONDAY_MORNING)
    call = in_language(caller, lang)
    call.press("3")
    page = call.silence()
    assert page.texts[0] == {"ru": "Мы не услышали вашего выбора.", "be": "Мы не пачулі вашага выбару.",
                             "en": "We did not hear a choice."}[lang]
    assert "node=contacts" in page.gather["action"] and page.dial is None


@pytest.mark.parametrize("lang, words", [("ru", "помощь"), ("ru", "оператор"), ("ru", "мне нужен человек"),
                                         ("en", "help"), ("en", "agent please"), ("be", "дапамога")])
def test_asking_for_help_reaches_a_person_like_0(at, caller, lang, words):
    at(MONDAY_MORNING)
    page = in_language(caller, lang).say(words)
    assert page.dial is not None and page.dial["number"] == "+375171928260"


# -- 5. time -----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["ru", "be", "en"])
def test_before_a_menu_times_out_a_warning_offers_more_time_with_8(at, caller, lang):
    at(MONDAY_MORNING)
    call = in_language(caller, lang)
    page = call.press("1")
    assert page.texts[-1] == MORE_TIME[lang]  # said in its own <Gather>, after the menu's wait
    assert "ev=noinput" in page.redirect
    slow = call.press("8")  # pressed during the warning: slower speech and longer waits
    assert int(slow.gather["timeout"]) > int(page.gather["timeout"])
    assert slow.gather["speechTimeout"] != "auto" and page.gather["speechTimeout"] == "auto"


def test_a_voice_message_ends_after_8_seconds_of_silence_10_in_slow_mode(at, caller):
    at(SATURDAY)
    call = in_language(caller, "ru")
    call.press("0")
    assert int(call.press("1").record["timeout"]) >= 8
    slow = in_language(caller, "ru")
    slow.press("8")
    slow.press("0")
    assert int(slow.press("1").record["timeout"]) >= 10


# -- 6. safe keys ------------------------------------------------------------------------------


def test_star_while_reviewing_a_recording_asks_before_it_is_thrown_away(app, at, caller):
    at(SATURDAY)
    call = recorded(caller, "RE" + "7" * 32)
    asked = call.press("*")
    assert asked.texts[:3] == ["Ваше сообщение ещё не отправлено.", "Удалить его — нажмите звёздочку ещё раз.",
                               "Чтобы отправить сообщение, нажмите 3."]
    assert [m.status for m in messages(app)] == [DRAFT]  # nothing thrown away yet
    sent = call.press("3")
    assert sent.hangup and [m.status for m in messages(app)] == [NEW]


def test_star_twice_throws_the_recording_away_and_goes_to_the_main_menu(app, at, caller):
    at(SATURDAY)
    call = recorded(caller, "RE" + "8" * 32)
    call.press("*")
    page = call.press("*")
    assert "Часы работы — 1." in page.texts and messages(app) == []


def test_2_means_a_call_back_in_both_message_menus():
    assert menus.MESSAGE.option("2").does == "offer_callback"
    assert menus.CALLBACK.option("2").does == "request_callback"
    assert menus.MESSAGE.option("1").does == menus.CALLBACK.option("1").does == "record"


def test_0_9_and_star_work_in_the_language_menu(at, caller):
    at(MONDAY_MORNING)
    call = caller()
    start = call.start()
    menu = start.texts[4:]  # the menu again, without the greeting and the three open-now sentences
    assert menu[0] == "Русский — нажмите 1."
    assert call.press("9").texts == menu
    assert call.press("*").texts == menu
    assert call.press("0").dial is not None


# -- 7 (part) and 8 ----------------------------------------------------------------------------


def test_one_headline_is_said_as_one_without_next_or_previous(at, caller):
    at(MONDAY_MORNING)
    page = in_language(caller, "ru").press("2")
    assert page.texts[0].startswith("Сейчас одна новость.")
    assert not any("следующ" in t or "предыдущ" in t for t in page.texts)


def test_thanks_are_said_once_after_a_message_is_sent(at, caller):
    at(SATURDAY)
    page = recorded(caller, "RE" + "9" * 32).press("3")
    assert page.spoken.count("Спасибо") == 1 and page.hangup


def test_a_call_back_request_ends_with_one_thank_you(at, caller):
    at(SATURDAY)
    call = in_language(caller, "ru")
    call.press("0")
    call.press("2")
    page = call.press("2")
    assert page.spoken.count("Спасибо") == 1 and page.hangup


def test_the_web_page_is_told_once_with_the_hours_and_not_in_the_menus(at, caller):
    at(MONDAY_MORNING)
    call = in_language(caller, "en")
    menu, hours, back = call.page, call.press("1"), call.press("*")
    assert [t for t in hours.texts if "on the web" in t] == ["All this is also on the web at hotline.test."]
    # After the week, before the three services' choices and the fixed keys' two lines.
    assert hours.texts.index("All this is also on the web at hotline.test.") == len(hours.texts) - 6
    assert not any("on the web" in t for t in menu.texts + back.texts)
