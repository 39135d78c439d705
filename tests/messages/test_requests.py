"""Reference numbers (issue 19, item 4): every message and call-back gets one, read back twice and
texted; the caller learns its status by phone, only from the same number or with the last four
digits of it; staff move it through statuses; the law's sentence (item 6)."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from ivr.callflow.catalogue import CALLER_SPECIFIC
from ivr.config import change, settings
from ivr.content.prompts import DEFAULT_TEXTS
from ivr.extensions import db
from ivr.messages.models import CALLBACK, DONE, FORWARDED, IN_PROGRESS, NEW
from ivr.clock import as_utc
from ivr.messages.lookup import request_for
from ivr.messages.requests import change_status
from ivr.messages.retention import purge
from ivr.messages.sms import SmsRequest
from ivr.ops.events import CallEvent, event_log
from ivr.speech.synthesis import caller_specific_starts
from ivr.voice.walk import CallWalker, Page
from tests.messages.test_message_flow import messages as stored
from tests.test_sms import TwilioApi

MONDAY_MORNING = "2026-11-30 10:00"
MONDAY_LUNCH = "2026-11-30 13:30"
SATURDAY = "2026-11-28 11:00"
CALLER = "+375291234567"
STRANGER = "+375447654321"
DIGIT_WORDS = {"ru": "ноль один два три четыре пять шесть семь восемь девять".split(),
               "be": "нуль адзін два тры чатыры пяць шэсць сем восем дзевяць".split()}
LAW = {"ru": "Сообщение по телефону не является обращением по Закону «Об обращениях граждан и юридических лиц».",
       "be": "Паведамленне па тэлефоне не з'яўляецца зваротам паводле Закона «Аб зваротах грамадзян і юрыдычных асоб»."}


def call_from(app, number: str = CALLER, lang: str = "ru") -> CallWalker:
    """A call from ``number``, past the language menu."""
    call = CallWalker(app.test_client(), settings(app).twilio_auth_token, settings(app).public_url, caller=number)
    call.start()
    call.press({"ru": "1", "be": "2", "en": "3"}[lang])
    return call


def to_my_request(call: CallWalker, lang: str = "ru") -> Page:
    """From the main menu to "my request": documents and procedures (4), then 3; where the catalogue has
    nothing in the caller's language (English in the demo) key 4 is not offered, and the words reach it."""
    if lang == "en":
        return call.say("my request")
    call.press("4")
    return call.press("3")


def test_my_request_is_reached_by_words_from_the_main_menu_too(app):
    call = call_from(app, CALLER, "ru")
    page = call.say("мой запрос")
    assert page.texts[0] == "Введите пятизначный номер вашего обращения."


def leave_message(app, number: str = CALLER, lang: str = "ru", sid: str = "RE" + "1" * 32) -> Page:
    call = call_from(app, number, lang)
    call.press("0")
    call.press("1")
    call.records(6, sid=sid)
    return call.press("3")


def heard_reference(page: Page, lang: str = "ru") -> str:
    """The reference number as the caller heard it (digit words back to digits), checking it is said twice."""
    [sentence] = [text for text in page.texts if text.startswith(("Номер вашего обращения", "Нумар вашага звароту"))]
    numbers = re.findall(r":\s*([^.]+)\.", sentence)
    assert len(numbers) == 2 and numbers[0] == numbers[1], sentence
    return "".join(str(DIGIT_WORDS[lang].index(word)) for word in numbers[0].split(", "))


@pytest.fixture
def sms_api(app):
    change(app, IVR_SMS_FROM="+375171900000", IVR_SMS_PER_DAY=5)
    api = TwilioApi()
    app.extensions["ivr.twilio_http"] = api
    return api


@pytest.mark.parametrize("lang", ["ru", "be"])
def test_a_sent_message_gets_its_number_read_back_twice_with_the_law_and_where_to_check(app, at, lang):
    at(SATURDAY)
    page = leave_message(app, lang=lang)
    reference = heard_reference(page, lang)
    [message] = stored(app)
    assert message.reference == reference and re.fullmatch(r"[1-9]\d{4}", reference)
    assert any(text.startswith(LAW[lang]) for text in page.texts)
    assert any("обращения точка бел" in text or "абращэння кропка бел" in text for text in page.texts)
    assert any("«моё обращение»" in text or "«мой зварот»" in text for text in page.texts)
    assert page.hangup


@pytest.mark.parametrize("lang, keys", [
    ("ru", "Узнать, что с ним, можно по этой же линии: в главном меню нажмите 4, затем 3."),
    ("be", "Даведацца, што з ім, можна па гэтай жа лініі: у галоўным меню націсніце 4, потым 3."),
    ("en", None),  # the demo has no procedures in English: no key 4, and no words on this line
])
def test_a_line_without_speech_input_tells_the_keys_that_check_on_a_request(app, at, lang, keys):
    change(app, IVR_PROVIDER="somleng")
    at(SATURDAY)
    call = call_from(app, CALLER, lang)
    call.press("0")  # outside office hours: a message or a call-back
    call.press("2")
    page = call.press("2")  # the call-back on this number, confirmed
    assert heard_reference(page, lang) if lang != "en" else page.hangup
    assert not any("«моё обращение»" in text or "«мой зварот»" in text or "my request" in text for text in page.texts)
    if keys is None:
        assert not any("check on it" in text for text in page.texts)
        return
    assert keys in page.texts
    again = call_from(app, CALLER, lang)
    again.press("4")
    assert again.press("3").texts[0] in ("Введите пятизначный номер вашего обращения.",
                                         "Увядзіце пяцізначны нумар вашага звароту.")


def test_the_number_is_texted_when_sms_is_set_up(app, at, sms_api):
    at(SATURDAY)
    page = leave_message(app)
    reference = heard_reference(page)
    assert "Этот номер придёт вам и в СМС." in page.texts
    with app.app_context():
        [text] = db.session.execute(select(SmsRequest)).scalars().all()
        assert reference in text.body and text.number == CALLER


def test_reference_numbers_are_random_and_unique(app, at):
    at(SATURDAY)
    for n in range(30):  # the same caller, the same minute: still different numbers
        call = call_from(app)
        call.press("0")
        call.press("2")
        call.press("2")
    references = [message.reference for message in stored(app)]
    assert len(set(references)) == 30 and all(re.fullmatch(r"[1-9]\d{4}", r) for r in references)
    assert CALLER[-5:] not in references


def test_a_call_back_hears_its_number_and_when_to_expect_the_call(app, at):
    at(MONDAY_LUNCH)
    call = call_from(app)
    call.press("0")
    call.press("2")
    page = call.press("2")
    assert page.texts[0] == "Мы перезвоним вам сегодня, до конца рабочего дня: приёмная закрывается в семнадцать тридцать."
    [message] = stored(app)
    assert message.kind == CALLBACK and heard_reference(page) == message.reference
    assert any(text.startswith(LAW["ru"]) for text in page.texts)


def test_on_a_saturday_the_call_back_is_promised_for_monday(app, at):
    at(SATURDAY)
    call = call_from(app, lang="be")
    call.press("0")
    call.press("2")
    page = call.press("2")
    assert page.texts[0] == ("Мы ператэлефануем вам у панядзелак, да канца працоўнага дня: "
                             "прыёмная зачыняецца а сямнаццатай трыццаць.")


@pytest.mark.parametrize("lang", ["ru", "be"])
def test_the_same_caller_keys_the_number_and_hears_the_status(app, at, lang):
    at(SATURDAY)
    reference = heard_reference(leave_message(app, lang=lang), lang)
    call = call_from(app, lang=lang)
    page = to_my_request(call, lang)
    assert page.gather["numDigits"] == "5" and page.gather["finishOnKey"] == "#"
    page = call.press(reference)
    assert page.texts[0].startswith(("Обращение ", "Зварот ")) and page.texts[0].endswith(
        ("ждёт рассмотрения.", "чакае разгляду."))
    assert reference not in page.gather["action"]  # the keys are in no URL (nor in the access log)
    [message] = stored(app)
    with app.app_context():
        change_status(message.id, FORWARDED, "clerk", note="Ответ придёт письмом", forwarded_to="Копыльский РОВД")
    page = call_from(app, lang=lang)
    to_my_request(page, lang)
    heard = page.press(reference).texts
    assert heard[0].endswith(("передано для рассмотрения: Копыльский РОВД.", "перададзены для разгляду: Копыльский РОВД."))
    assert heard[1].endswith("Ответ придёт письмом")


def test_a_stranger_needs_the_last_four_digits_and_cannot_tell_a_wrong_guess_from_no_request(app, at):
    at(SATURDAY)
    reference = heard_reference(leave_message(app))
    call = call_from(app, STRANGER)
    to_my_request(call)
    page = call.press(reference)
    assert page.texts[:2] == ["Статус сообщаем только по телефону, с которого оставлено обращение.",
                              "Введите номер обращения, а сразу за ним — последние четыре цифры телефона, "
                              "с которого его оставили."]
    assert page.gather["numDigits"] == "9"
    wrong_digits = call.press(reference + "0000").texts
    other = "10000" if reference != "10000" else "10001"
    no_such_request = call_from(app, STRANGER)
    to_my_request(no_such_request)
    no_such_request.press(other)
    nobody = no_such_request.press(other + CALLER[-4:]).texts
    assert wrong_digits == nobody
    assert wrong_digits[0] == "Не нашли обращение с такими номерами. Проверьте цифры и попробуйте ещё раз."
    right = call.press(reference + CALLER[-4:]).texts
    assert right[0].endswith("ждёт рассмотрения.")


def test_a_hidden_number_is_asked_for_both_at_once(app, at):
    at(SATURDAY)
    reference = heard_reference(leave_message(app))
    call = call_from(app, "anonymous")
    page = to_my_request(call)
    assert page.gather["numDigits"] == "9" and "последние четыре цифры" in page.spoken
    assert call.press(reference + CALLER[-4:]).texts[0].endswith("ждёт рассмотрения.")


def test_bad_numbers_are_explained_and_after_three_the_caller_is_back_in_the_main_menu(app, at):
    at(MONDAY_MORNING)
    call = call_from(app)
    to_my_request(call)
    first = call.press("123")
    assert first.texts[0] == "Номер обращения — это пять цифр. Попробуйте ещё раз."
    assert first.gather["numDigits"] == "5"
    call.press("12345")  # nobody's: now the check with the last four digits
    call.press("12")
    last = call.press("123451234")
    assert last.texts[:2] == ["Не нашли обращение с такими номерами. Проверьте цифры и попробуйте ещё раз.",
                              "Номер обращения есть в СМС, которое мы присылали. Можно также спросить сотрудника."]
    assert "Часы работы — 1." in last.texts and last.gather["numDigits"] == "1"


def test_star_leaves_my_request_for_the_main_menu(app, at):
    at(MONDAY_MORNING)
    call = call_from(app)
    to_my_request(call)
    assert "Часы работы — 1." in call.press("*").texts


def test_staff_statuses_keep_who_and_when_and_forwarding_needs_the_body(app, at):
    at(SATURDAY)
    leave_message(app)
    [message] = stored(app)
    with app.app_context():
        with pytest.raises(ValueError):
            change_status(message.id, FORWARDED, "clerk")
        taken = change_status(message.id, IN_PROGRESS, "Мария")
        assert (taken.status, taken.handled_by, taken.handled_at is not None) == (IN_PROGRESS, "Мария", True)
        back = change_status(message.id, NEW, "Мария")
        assert (back.handled_by, back.handled_at) == ("", None)


def test_answered_requests_are_texted_to_the_caller(app, at, sms_api):
    at(SATURDAY)
    reference = heard_reference(leave_message(app))
    [message] = stored(app)
    with app.app_context():
        change_status(message.id, DONE, "clerk")
        bodies = [r.body for r in db.session.execute(select(SmsRequest).order_by(SmsRequest.id)).scalars()]
    assert len(bodies) == 2 and reference in bodies[1] and "дан ответ" in bodies[1]


def test_after_the_purge_the_number_leads_nowhere(app, at):
    at(SATURDAY)
    reference = heard_reference(leave_message(app))
    filed = as_utc(stored(app)[0].created_at)
    with app.app_context():
        assert request_for(reference, CALLER[-4:]) is not None
        purge(settings(app).retention_days, now=filed + timedelta(days=settings(app).retention_days + 1))
        assert request_for(reference, CALLER[-4:]) is None
    assert stored(app)[0].reference is None


@pytest.mark.parametrize("lang, words, status", [
    ("ru", "say:моё обращение", "ждёт рассмотрения."),
    ("be", "say:мой зварот", "чакае разгляду."),
])
def test_the_call_command_leaves_a_message_then_a_second_call_hears_its_status(runner, lang, words, status):
    first = runner.invoke(args=["call", "--lang", lang, "--from", CALLER, "--at", SATURDAY, "013"])
    assert first.exit_code == 0, first.output
    spoken = re.search(r"says: (?:Номер вашего обращения|Нумар вашага звароту): ([^.]+)\.", first.output).group(1)
    reference = "".join(str(DIGIT_WORDS[lang].index(word)) for word in spoken.split(", "))
    second = runner.invoke(args=["call", "--lang", lang, "--from", CALLER, "--at", MONDAY_MORNING, words, reference])
    assert second.exit_code == 0, second.output
    assert f"── the caller keys {reference}" in second.output
    assert re.search(rf"says: .*{status}", second.output)


def test_the_keys_of_a_reference_number_reach_no_statistics(app, at):
    at(SATURDAY)
    reference = heard_reference(leave_message(app))
    call = call_from(app, STRANGER)
    to_my_request(call)
    call.press("4701")
    call.press(reference)
    call.press(reference + "0000")
    call.say("сорок семь")
    with app.app_context():
        event_log(app).flush()
        details = [row.detail for row in db.session.execute(select(CallEvent)).scalars()]
    assert details.count("keyed number") == 3
    assert not [detail for detail in details if reference in detail or "4701" in detail or "сорок" in detail]


def test_no_stored_sentence_begins_like_a_request_sentence_the_purge_deletes():
    # The purge deletes stored audio opening like a caller-specific prompt (its words before the
    # first placeholder): no other prompt may open the same way, or its audio would be deleted daily.
    starts = caller_specific_starts(None)
    clashes = [(key, lang) for key, texts in DEFAULT_TEXTS.items() if key not in CALLER_SPECIFIC
               for lang, text in texts.items() for start_lang, opening in starts
               if lang == start_lang and text.startswith(opening)]
    assert clashes == []
