"""The office's whole timetable as a caller hears it (issue 18): every service open now or not, a
service's own week, dates that differ, the pre-holiday rule, urgent notices."""
from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from ivr import config
from ivr.callflow.catalogue import catalogue
from ivr.content.demo import DEMO_OFFICE
from ivr.callflow.context import CallerInput, FlowContext
from ivr.callflow.flow import respond
from ivr.callflow.steps import CallState, Gather
from ivr.content.office import Notice, SpecialDate, office_from_dict
from ivr.schedule import DayHours, status_at
from ivr.timetable import is_open

LANG_KEY = {"ru": "1", "be": "2", "en": "3"}
WEDNESDAY_EVENING = "2026-12-09 19:00"
SATURDAY_MORNING = "2026-12-12 10:00"
SHORT = DayHours(time(8, 30), time(15, 0), time(12, 0), time(12, 30))


def hours_answer(caller, lang: str):
    """A call in ``lang`` that pressed 1 (hours) in the main menu: the call and what it heard."""
    call = caller()
    call.start()
    call.press(LANG_KEY[lang])
    return call, call.press("1")


@pytest.mark.parametrize("lang, reception, one_stop", [
    ("ru", "Приёмная закрыта и откроется завтра в восемь тридцать.",
     "Служба «одно окно»: открыто до двадцати часов."),
    ("be", "Прыёмная зачынена і адчыніцца заўтра а восьмай трыццаць.",
     "Служба «адно акно»: адчынена да дваццатай гадзіны."),
    ("en", "The office is closed and opens tomorrow at eight thirty a.m.",
     "The one-stop shop: open until eight p.m."),
])
def test_on_wednesday_evening_the_one_stop_shop_is_open_until_eight_while_the_reception_is_closed(
        at, caller, lang, reception, one_stop):
    at(WEDNESDAY_EVENING)
    _call, page = hours_answer(caller, lang)
    assert page.texts[:2] == [reception, one_stop]
    national = [text for text in page.texts if text.startswith(("Единый", "Адзіны", "The national"))]
    assert len(national) == 2  # the number 142, then its option in the hours menu


@pytest.mark.parametrize("lang, now, saturday", [
    ("ru", "Служба «одно окно»: открыто до тринадцати часов.",
     "Служба «одно окно» работает в субботу с девяти до тринадцати."),
    ("be", "Служба «адно акно»: адчынена да трынаццатай гадзіны.",
     "Служба «адно акно» працуе ў суботу з дзевяці да трынаццаці."),
    ("en", "The one-stop shop: open until one p.m.",
     "The one-stop shop is open on Saturday, from nine a.m. to one p.m."),
])
def test_on_saturday_the_one_stop_shop_gives_its_saturday_hours(at, caller, lang, now, saturday):
    at(SATURDAY_MORNING)
    call, page = hours_answer(caller, lang)
    assert now in page.texts  # in the answer of all services
    week = call.press("1")  # the hours menu's first service: the one-stop shop
    assert week.texts[0] == now
    assert saturday in week.texts
    assert week.gather is not None  # then the hours menu again


@pytest.mark.parametrize("lang, tomorrow, today", [
    ("ru", "Завтра приёмная работает с восьми тридцати до пятнадцати.",
     "Сегодня приёмная работает с восьми тридцати до пятнадцати."),
    ("be", "Заўтра прыёмная працуе з васьмі трыццаці да пятнаццаці.",
     "Сёння прыёмная працуе з васьмі трыццаці да пятнаццаці."),
    ("en", "Tomorrow the reception is open from eight thirty a.m. to three p.m.",
     "Today the reception is open from eight thirty a.m. to three p.m."),
])
def test_a_date_with_special_hours_is_spoken_the_day_before_and_on_the_day(at, caller, edit_office, lang, tomorrow,
                                                                         today):
    edit_office(special_dates=(SpecialDate(date(2026, 12, 11), SHORT, services=("reception",)),))
    at("2026-12-10 10:00")
    _call, before = hours_answer(caller, lang)
    assert tomorrow in before.texts
    at("2026-12-11 14:00")
    _call, on_the_day = hours_answer(caller, lang)
    assert today in on_the_day.texts
    assert not any("одно окно» работает с" in t or "адно акно» працуе з" in t for t in on_the_day.texts)
    at("2026-12-12 10:00")
    _call, after = hours_answer(caller, lang)
    assert tomorrow not in after.texts and today not in after.texts


@pytest.mark.parametrize("lang, closed", [
    ("ru", "Завтра служба «одно окно» не работает: учёба."),
    ("be", "Заўтра служба «адно акно» не працуе: вучоба."),
    ("en", "Tomorrow the one-stop shop is closed: a training day."),
])
def test_a_closure_of_one_service_is_spoken_with_its_reason(at, caller, edit_office, lang, closed):
    reason = {"ru": "учёба", "be": "вучоба", "en": "a training day"}
    edit_office(special_dates=(SpecialDate(date(2026, 12, 10), None, reason, ("one-stop",)),))
    at(WEDNESDAY_EVENING)
    _call, page = hours_answer(caller, lang)
    assert closed in page.texts
    assert sum("не работает:" in t or "не працуе:" in t or "is closed:" in t for t in page.texts) == 1


@pytest.mark.parametrize("lang, shorter, closed_now", [
    ("ru", "Завтра приёмная работает с восьми тридцати до шестнадцати тридцати.",
     "Приёмная закрыта и откроется"),
    ("be", "Заўтра прыёмная працуе з васьмі трыццаці да шаснаццаці трыццаці.", "Прыёмная зачынена і адчыніцца"),
    ("en", "Tomorrow the reception is open from eight thirty a.m. to four thirty p.m.", "The office is closed and opens"),
])
def test_the_pre_holiday_rule_shortens_the_day_before_new_year_and_can_be_turned_off(
        at, caller, edit_office, lang, shorter, closed_now):
    # The demo office follows Belarusian labour law: 31 December closes an hour early.
    at("2026-12-30 10:00")
    assert shorter in hours_answer(caller, lang)[1].texts
    at("2026-12-31 17:00")
    assert hours_answer(caller, lang)[1].texts[0].startswith(closed_now)
    edit_office(pre_holiday="off")
    at("2026-12-30 10:00")
    assert shorter not in hours_answer(caller, lang)[1].texts
    at("2026-12-31 17:00")
    assert not hours_answer(caller, lang)[1].texts[0].startswith(closed_now)


NOTICE = Notice("water", {"ru": "Пятого января приём переносится.", "be": "Пятага студзеня прыём пераносіцца.",
                          "en": "On 5 January the reception moves."},
                datetime(2026, 12, 9, 8, 0), datetime(2026, 12, 9, 18, 0))


@pytest.mark.parametrize("lang, heard", [
    ("ru", "Важное объявление. Пятого января приём переносится."),
    ("be", "Важнае паведамленне. Пятага студзеня прыём пераносіцца."),
    ("en", "An urgent notice. On the fifth of January the reception moves."),
])
def test_a_notice_is_heard_first_and_is_gone_after_its_end(at, caller, edit_office, lang, heard):
    edit_office(notices=(NOTICE,))
    at("2026-12-09 17:59")
    call = caller()
    first = call.start()
    assert first.texts[0] == "Важное объявление. Пятого января приём переносится."  # the office's first language
    menu = call.press(LANG_KEY[lang])
    if lang == "ru":  # heard already
        assert not any(text.startswith("Важное") for text in menu.texts)
    else:
        assert menu.texts[0] == heard
    at("2026-12-09 18:00")
    call = caller()
    assert not any("объявление" in text for text in call.start().texts)
    assert not any(heard in text for text in call.press(LANG_KEY[lang]).texts)


def test_the_hash_key_skips_the_notice_without_choosing_a_language(at, caller, edit_office):
    edit_office(notices=(NOTICE,))
    at("2026-12-09 10:00")
    call = caller()
    opening = call.start()
    assert opening.texts[0].startswith("Важное объявление")
    # The notice listens on its own, before the greeting and the language menu.
    assert len(opening.gathers) == 2 and opening.gathers[0]["action"] != opening.gathers[1]["action"]
    skipped = call.press("#", during=0)
    assert not any("объявление" in text for text in skipped.texts)
    assert skipped.texts[0] == "Копыльский райисполком, здравствуйте."
    assert "Русский — нажмите 1." in skipped.texts and "English — press 3." in skipped.texts
    assert "Часы работы — 1." not in skipped.texts  # no language was chosen
    chosen = call.press("2")  # the language menu as always
    assert "Час працы — 1." in chosen.texts and chosen.texts[0].startswith("Важнае паведамленне")
    said = caller()
    said.start()
    assert said.post(said.page.gathers[0]["action"], {"SpeechResult": "дальше"}).texts == skipped.texts


def test_a_language_key_during_the_notice_chooses_and_hash_after_it_is_the_first_language(at, caller, edit_office):
    edit_office(notices=(NOTICE,))
    at("2026-12-09 10:00")
    call = caller()
    call.start()
    assert "English — press 3." not in call.press("3", during=0).texts  # English's main menu
    after = caller()
    after.start()
    assert "Часы работы — 1." in after.press("#").texts  # '#' in the language menu: the first language


def test_silence_reported_after_the_notice_goes_on_to_the_greeting():
    """jambonz sends a gather's silence to its hook: after the notice, the opening goes on."""
    office = office_from_dict(DEMO_OFFICE).with_changes(notices=(NOTICE,))
    moment = datetime(2026, 12, 9, 10, 0, tzinfo=ZoneInfo("Europe/Minsk"))
    ctx = FlowContext(office=office, status=status_at(office.calendar(), moment), languages=("ru", "be", "en"))
    first = respond(ctx, CallState(), CallerInput(event="enter"))
    notice = first.steps[0]
    assert isinstance(notice, Gather) and notice.prompts[0].text.startswith("Важное объявление")
    turn = respond(ctx, notice.action, CallerInput(event="noinput"))
    heard = [p.text for step in turn.steps if isinstance(step, Gather) for p in step.prompts]
    assert heard[0] == "Копыльский райисполком, здравствуйте." and "Русский — нажмите 1." in heard
    assert not any("объявление" in text for text in heard)


def test_the_first_sentence_speaks_of_the_service_set_as_the_main_one(app, at, caller):
    at(WEDNESDAY_EVENING)
    assert caller().start().texts[1].startswith("Приёмная закрыта и откроется")
    config.change(app, IVR_MAIN_SERVICE="one-stop")
    assert caller().start().texts[1] == "Служба «одно окно»: открыто до двадцати часов."


def test_is_open_answers_for_any_service():
    office = office_from_dict(DEMO_OFFICE)
    wednesday = datetime(2026, 12, 9, 19, 0)
    assert is_open(office, "one-stop", wednesday) and not is_open(office, "reception", wednesday)
    assert not is_open(office, "142", wednesday) and not is_open(office, "no-such-service", wednesday)
    assert is_open(office, "one-stop", datetime(2026, 12, 12, 10, 0))


@pytest.mark.parametrize("args, heard", [
    (["call", "1", "--at", WEDNESDAY_EVENING],
     ["Приёмная закрыта и откроется", "Служба «одно окно»: открыто до двадцати часов."]),
    (["call", "1", "1", "--lang", "en", "--at", SATURDAY_MORNING],
     ["The one-stop shop: open until one p.m.",
      "The one-stop shop is open on Saturday, from nine a.m. to one p.m."]),
])
def test_the_call_simulator_reaches_the_services(runner, args, heard):
    result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output
    for words in heard:
        assert f"says: {words}" in result.output


def test_the_catalogue_holds_every_services_sentences_the_days_that_differ_and_a_later_notice():
    later = Notice("later", {"ru": "Завтра приём с девяти."}, datetime(2026, 12, 10, 8, 0),
                   datetime(2026, 12, 10, 18, 0))
    office = office_from_dict(DEMO_OFFICE).with_changes(notices=(later,))
    now = datetime(2026, 12, 9, 10, 0, tzinfo=ZoneInfo("Europe/Minsk"))
    texts = {s.text for s in catalogue(office, ("ru", "en"), now)}
    assert "Служба «одно окно»: открыто до двадцати часов." in texts  # at 19:00 today
    assert "The one-stop shop: open until one p.m." in texts  # on Saturday
    assert "Важное объявление. Завтра приём с девяти." in texts  # made before it starts
    assert "Служба «одно окно» работает в субботу с девяти до тринадцати." in texts


@pytest.mark.parametrize("lang, weekdays, lunch, saturday", [
    ("ru", "Служба «одно окно» работает с четверга по пятницу с восьми до семнадцати.",
     "Обеденный перерыв с тринадцати до четырнадцати.",
     "Служба «одно окно» работает в субботу с девяти до тринадцати."),
    ("be", "Служба «адно акно» працуе з чацвярга па пятніцу з васьмі да сямнаццаці.",
     "Абедзенны перапынак з трынаццаці да чатырнаццаці.",
     "Служба «адно акно» працуе ў суботу з дзевяці да трынаццаці."),
    ("en", "The one-stop shop is open Thursday to Friday, from eight a.m. to five p.m.",
     "The lunch break is from one p.m. to two p.m.",
     "The one-stop shop is open on Saturday, from nine a.m. to one p.m."),
])
def test_a_services_lunch_break_is_said_with_its_weekdays_not_after_saturday(at, caller, lang, weekdays, lunch,
                                                                            saturday):
    at(SATURDAY_MORNING)
    call, _page = hours_answer(caller, lang)
    week = call.press("1").texts  # the one-stop shop: Mon–Tue, Wed, Thu–Fri with one lunch, Saturday without
    assert week.count(lunch) == 1
    assert week.index(lunch) == week.index(weekdays) + 1
    assert week.index(saturday) == week.index(lunch) + 1
