"""Issue 18, items 3, 4 and 8: receptions and direct lines (rrule sessions, holidays), the contacts
and receptions menu, being put through to a direct line while it is on, and where to go by topic."""
from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from ivr.callflow.catalogue import catalogue
from ivr.callflow.flow import direct_line_now
from ivr.content.demo import DEMO_OFFICE
from ivr.content.office import office_from_dict
from ivr.receptions import DIRECT_LINE, RECEPTION, Reception, next_session, sessions
from ivr.schedule import Closure, OfficeCalendar

MINSK = ZoneInfo("Europe/Minsk")
LANG_KEY = {"ru": "1", "be": "2", "en": "3"}
SATURDAY_MORNING = "2026-12-12 10:00"
MONDAY_MORNING = "2026-11-30 10:00"
BELARUS = OfficeCalendar(week={day: None for day in range(7)}, timezone="Europe/Minsk", country="BY")


def chairman(**changes) -> Reception:
    fields = dict(id="chairman", kind=RECEPTION, who={"ru": "Иванов"}, weekday=2, weeks=(2, 4),
                  starts=time(8), ends=time(13))
    return Reception(**{**fields, **changes})


def days(reception: Reception, since: datetime, count: int, calendar: OfficeCalendar = BELARUS) -> list[date]:
    found = sessions(reception, calendar, since)
    return [next(found).day for _ in range(count)]


def test_the_2nd_and_4th_wednesday_rule_runs_across_the_month_and_year_boundary():
    assert days(chairman(), datetime(2026, 12, 1), 4) == [date(2026, 12, 9), date(2026, 12, 23),
                                                          date(2027, 1, 13), date(2027, 1, 27)]
    # During a session it is still the next one; once it has ended, the one after.
    assert next_session(chairman(), BELARUS, datetime(2026, 12, 23, 12, 59)).day == date(2026, 12, 23)
    assert next_session(chairman(), BELARUS, datetime(2026, 12, 23, 13, 0)).day == date(2027, 1, 13)


def test_a_public_holiday_cancels_a_session_unless_the_reception_says_otherwise():
    every_thursday = chairman(weekday=3, weeks=())
    # 7 January 2027 (Orthodox Christmas) is a public holiday in Belarus: no reception that Thursday.
    assert days(every_thursday, datetime(2026, 12, 31, 14), 2) == [date(2027, 1, 14), date(2027, 1, 21)]
    kept = chairman(weekday=3, weeks=(), holidays_cancel=False)
    assert days(kept, datetime(2026, 12, 31, 14), 2) == [date(2027, 1, 7), date(2027, 1, 14)]


def test_an_office_closure_cancels_a_session_and_single_dates_join_the_rule():
    closed = OfficeCalendar(week=BELARUS.week, timezone="Europe/Minsk", country="BY",
                            closures=(Closure(date(2026, 12, 9), date(2026, 12, 9)),))
    extra = chairman(dates=(date(2026, 12, 17),))
    assert days(extra, datetime(2026, 12, 1), 3, closed) == [date(2026, 12, 17), date(2026, 12, 23), date(2027, 1, 13)]
    only_dates = chairman(weekday=None, weeks=(), dates=(date(2026, 12, 17),))
    assert days(only_dates, datetime(2026, 12, 1), 1) == [date(2026, 12, 17)]
    assert next_session(only_dates, BELARUS, datetime(2026, 12, 18)) is None


@pytest.mark.parametrize("changes, error", [
    ({"starts": time(13), "ends": time(8)}, "end after it starts"),
    ({"weekday": None, "weeks": ()}, "a weekday or at least one date"),
    ({"weeks": (6,)}, "weeks of the month"),
    ({"kind": "party"}, "kind of reception"),
])
def test_a_reception_that_cannot_happen_is_refused(changes, error):
    with pytest.raises(ValueError, match=error):
        chairman(**changes)


def receptions_answer(caller, lang: str):
    call = caller()
    call.start()
    call.press(LANG_KEY[lang])
    call.press("3")
    return call, call.press("2")


@pytest.mark.parametrize("lang, line_now, offer", [
    ("ru", "Сейчас идёт прямая телефонная линия, с девяти до двенадцати. Отвечает заместитель председателя "
           "райисполкома. Номер: восемь, ноль один семь один девять, двадцать восемь, два, шестьдесят.",
     "Чтобы вас соединили с прямой линией, нажмите 1."),
    ("be", "Зараз ідзе прамая тэлефонная лінія, з дзевяці да дванаццаці. Адказвае намеснік старшыні райвыканкама. "
           "Нумар: восем, нуль адзін сем адзін дзевяць, дваццаць восем, два, шэсцьдзясят.",
     "Каб вас злучылі з прамой лініяй, націсніце 1."),
    ("en", "A direct phone line is on now, from nine a.m. to noon, answered by a deputy chairman of the district "
           "executive committee. The number: eight, zero one seven one nine, two eight, two, six zero.",
     "To be put through to the direct line, press 1."),
])
def test_on_saturday_morning_the_direct_line_is_on_and_key_1_puts_the_caller_through(at, caller, lang, line_now,
                                                                                   offer):
    at(SATURDAY_MORNING)
    call, page = receptions_answer(caller, lang)
    assert page.texts[0] == line_now
    assert offer in page.texts
    through = call.press("1")
    assert through.dial is not None and through.dial["number"] == "+375171928260"


@pytest.mark.parametrize("lang, direct_line, reception", [
    ("ru", "Прямая телефонная линия: заместитель председателя райисполкома. Ближайшая — в субботу, пятого декабря, "
           "с девяти до двенадцати, по номеру восемь, ноль один семь один девять, двадцать восемь, два, шестьдесят.",
     "Личный приём: председатель райисполкома. Ближайший — в среду, девятого декабря, с восьми до тринадцати."),
    ("be", "Прамая тэлефонная лінія: намеснік старшыні райвыканкама. Бліжэйшая — у суботу, пятага снежня, "
           "з дзевяці да дванаццаці, па нумары восем, нуль адзін сем адзін дзевяць, дваццаць восем, два, шэсцьдзясят.",
     "Асабісты прыём: старшыня райвыканкама. Бліжэйшы — у сераду, дзявятага снежня, з васьмі да трынаццаці."),
    ("en", "Direct phone line: a deputy chairman of the district executive committee. The next one is on Saturday, "
           "December fifth, from nine a.m. to noon, on eight, zero one seven one nine, two eight, two, six zero.",
     "Personal reception: the chairman of the district executive committee. The next one is on Wednesday, "
     "December ninth, from eight a.m. to one p.m."),
])
def test_on_a_weekday_the_call_tells_the_next_direct_line_and_the_chairmans_next_reception(at, caller, lang,
                                                                                         direct_line, reception):
    at(MONDAY_MORNING)
    call, page = receptions_answer(caller, lang)
    assert page.texts[:2] == [direct_line, reception]
    assert not any(text.endswith(" 1.") for text in page.texts)  # no one to be put through to
    assert call.press("1").dial is None


def test_the_receptions_answer_is_pre_synthesized_for_the_coming_days():
    office = office_from_dict(DEMO_OFFICE)
    made_on_monday = catalogue(office, ("ru",), datetime(2026, 11, 30, 6, 0, tzinfo=MINSK))
    texts = {sentence.text for sentence in made_on_monday}
    assert any(text.startswith("Сейчас идёт прямая телефонная линия, с девяти до двенадцати.") for text in texts)
    assert "Соединяю с прямой линией." in texts
    # After Saturday's line has ended, the next one is a week on.
    assert any("Ближайшая — в субботу, двенадцатого декабря" in text for text in texts)


@pytest.mark.parametrize("lang, topic, offers, entry", [
    ("ru", "1", "Экстренные службы — нажмите 1.",
     "Аварийная газовая служба: запах газа, утечка газа. Телефон: сто четыре."),
    ("be", "2", "Жыллё і камунальныя паслугі — націсніце 2.",
     "Адзіны нумар камунальнай гаспадаркі: ацяпленне, вада, пад'езды, двары. Тэлефон: сто пятнаццаць."),
    ("en", "3", "Medical care — press 3.", "Ambulance: danger to life or health. Phone: one zero three."),
])
def test_where_to_go_is_read_by_topic(at, caller, lang, topic, offers, entry):
    at(MONDAY_MORNING)
    call = caller()
    call.start()
    call.press(LANG_KEY[lang])
    call.press("3")
    topics = call.press("3")
    assert offers in topics.texts
    assert not any(word in topics.spoken for word in ("Социальная", "Сацыяльная", "Social"))  # none listed in the demo
    heard = call.press(topic)
    assert entry in heard.texts
    assert heard.gather is not None and offers in heard.texts  # the topics again


def test_a_topic_without_organisations_is_neither_offered_nor_accepted(at, caller):
    at(MONDAY_MORNING)
    call = caller()
    call.start()
    call.press("1")
    call.press("3")
    call.press("3")
    assert call.press("4").texts[0] == "Кнопки 4 в этом меню нет."


def test_the_contacts_menu_has_four_options_and_the_office_contacts_one_level_down(at, caller):
    at(MONDAY_MORNING)
    call = caller()
    call.start()
    call.press("1")
    page = call.press("3")
    offers = [text for text in page.texts if "нажмите" in text and "—" in text and not text.endswith("8.")]
    assert offers == ["Адрес и телефоны райисполкома — нажмите 1.",
                      "Личный приём и прямые телефонные линии — нажмите 2.",
                      "Телефоны других служб и организаций — нажмите 3."]
    assert call.press("1").texts[0] == "Адрес: Минская область, город Копыль, площадь Ленина, дом шесть."


def test_a_direct_line_without_holidays_off_is_on_even_on_a_holiday(flow_context):
    office = office_from_dict(DEMO_OFFICE)
    line = next(r for r in office.receptions if r.kind == DIRECT_LINE)
    # Saturday 2 January 2027 is a public holiday (New Year) in Belarus.
    assert direct_line_now(flow_context("2027-01-02 10:00")) is None
    kept = office.with_changes(receptions=(chairman(), Reception(**{**line.__dict__, "holidays_cancel": False})))
    assert direct_line_now(flow_context("2027-01-02 10:00", office=kept)) is not None


@pytest.mark.parametrize("lang, line_now", [
    ("ru", "Сейчас идёт прямая телефонная линия, с девяти до двенадцати."),
    ("be", "Зараз ідзе прамая тэлефонная лінія, з дзевяці да дванаццаці."),
    ("en", "A direct phone line is on now, from nine a.m. to noon"),
])
def test_the_call_command_on_saturday_gives_the_direct_line_and_puts_the_caller_through(runner, lang, line_now):
    result = runner.invoke(args=["call", "3", "2", "1", "--lang", lang, "--at", SATURDAY_MORNING])
    assert result.exit_code == 0, result.output
    assert line_now in result.output
    assert "puts the caller through to +375171928260" in result.output


def test_the_call_command_reaches_the_office_contacts_and_where_to_go(runner):
    result = runner.invoke(args=["call", "3", "1", "*", "3", "3", "1", "--at", MONDAY_MORNING])
    assert result.exit_code == 0, result.output
    assert "Адрес: Минская область, город Копыль, площадь Ленина, дом шесть." in result.output
    assert "Аварийная газовая служба: запах газа, утечка газа. Телефон: сто четыре." in result.output
