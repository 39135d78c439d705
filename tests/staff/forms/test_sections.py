"""Every validation rule of the staff forms, on the plain functions (no web requests)."""
from __future__ import annotations

from datetime import date, time

import pytest

from ivr.content.demo import DEMO_OFFICE
from ivr.content.office import office_from_dict
from ivr.content.prompts import DEFAULT_TEXTS, render
from ivr.staff.forms.contacts import ContactsSection
from ivr.staff.forms.fields import LIMITS, Invalid, check_phone, check_text, parse_date, parse_time, speakable
from ivr.staff.forms.headlines import HeadlineSection, find_headline, headline_action, headline_order, movable
from ivr.staff.forms.hours import HoursSection
from ivr.staff.forms.pronunciation import PronunciationSection
from ivr.staff.forms.texts import TextsSection

LANGS = ["ru", "be", "en"]


@pytest.fixture
def office():
    return office_from_dict(DEMO_OFFICE)


def codes(problems):
    return {name: p.code for name, p in problems.items()}


# -- single values ---------------------------------------------------------------------------------

@pytest.mark.parametrize("raw, expected", [("8:30", time(8, 30)), ("08:30", time(8, 30)), ("8.30", time(8, 30)),
                                           ("0830", time(8, 30)), ("17", time(17, 0)), (" 13 : 05 ", time(13, 5)),
                                           ("23:59", time(23, 59)), ("0:00", time(0, 0))])
def test_times_are_read_in_the_ways_clerks_write_them(raw, expected):
    assert parse_time(raw) == expected


@pytest.mark.parametrize("raw, code", [("8:3", "time_format"), ("half past eight", "time_format"), ("", "time_format"),
                                       ("24:00", "time_range"), ("12:60", "time_range"), ("8:30:00", "time_format")])
def test_impossible_times_are_refused(raw, code):
    with pytest.raises(Invalid) as caught:
        parse_time(raw)
    assert caught.value.problem.code == code


@pytest.mark.parametrize("raw, expected", [("31.12.2026", date(2026, 12, 31)), ("2026-12-31", date(2026, 12, 31)),
                                           ("1.2.2027", date(2027, 2, 1)), ("01/02/2027", date(2027, 2, 1))])
def test_dates_in_day_month_year_or_iso(raw, expected):
    assert parse_date(raw) == expected


@pytest.mark.parametrize("raw, code", [("31.02.2026", "date_invalid"), ("2026/12/31", "date_format"),
                                       ("31.12.26", "date_format"), ("01.01.1999", "date_year"), ("tomorrow", "date_format")])
def test_impossible_dates_are_refused(raw, code):
    with pytest.raises(Invalid) as caught:
        parse_date(raw)
    assert caught.value.problem.code == code


@pytest.mark.parametrize("text, ok", [("Hello", True), ("7", True), ("Ёлка", True), ("!!! ... ---", False),
                                      ("", False), ("<>&;", False), ("«»", False)])
def test_speakable_means_a_letter_or_digit(text, ok):
    assert speakable(text) is ok


def test_check_text_names_empty_long_and_unspeakable():
    assert check_text("", "title").code == "required"
    assert check_text("", "title", required=False) is None
    too_long = check_text("а" * (LIMITS["title"] + 1), "title")
    assert too_long.code == "too_long" and too_long.params == {"limit": LIMITS["title"], "length": LIMITS["title"] + 1}
    assert check_text("а" * LIMITS["title"], "title") is None
    assert check_text("?! — …", "title").code == "unspeakable"


@pytest.mark.parametrize("number, dialable, code", [
    ("+375 (1719) 28-2-60", False, None),
    ("8 01719 2-82-60", False, None),
    ("28-2-60", False, None),
    ("+375 17 123 45 67", True, None),
    ("", False, "required"),
    ("call us", False, "phone_chars"),
    ("+375 (1719 28-2-60", False, "phone_chars"),
    ("375+1719", False, "phone_chars"),
    ("1234", False, "phone_digits"),
    ("+1234567890123456", False, "phone_digits"),
    ("8 01719 2-82-60", True, "phone_international"),
    ("+" + "1" * 41, False, "too_long"),
])
def test_phone_numbers(number, dialable, code):
    found = check_phone(number, dialable=dialable)
    assert (found.code if found else None) == code


# -- hours -----------------------------------------------------------------------------------------

def hours_form(office, **changes):
    form = dict(HoursSection(LANGS).values(office))
    form.update(changes)
    return {k: v for k, v in form.items() if v is not None}


def test_hours_form_round_trips_and_changes_the_lunch(office):
    section = HoursSection(LANGS)
    same, problems = section.parse(hours_form(office), office)
    assert problems == {} and same.week == office.week
    changed, problems = section.parse(hours_form(office, mon_lunch_start="12:00", mon_lunch_end="12:45"), office)
    assert problems == {}
    assert (changed.week[0].lunch_start, changed.week[0].lunch_end) == (time(12, 0), time(12, 45))
    assert changed.week[1] == office.week[1]


def test_unchecking_a_day_makes_it_a_day_off(office):
    changed, problems = HoursSection(LANGS).parse(hours_form(office, fri_works=None), office)
    assert problems == {} and changed.week[4] is None


def test_a_day_off_can_become_a_working_day_without_lunch(office):
    changed, problems = HoursSection(LANGS).parse(
        hours_form(office, sat_works="1", sat_opens="9:00", sat_closes="13:00"), office)
    assert problems == {} and changed.week[5].opens == time(9) and changed.week[5].lunch_start is None


@pytest.mark.parametrize("changes, expected", [
    ({"mon_closes": "08:00"}, {"mon_closes": "close_after_open"}),
    ({"mon_closes": "08:30"}, {"mon_closes": "close_after_open"}),
    ({"mon_opens": ""}, {"mon_opens": "required"}),
    ({"mon_opens": "8-30am"}, {"mon_opens": "time_format"}),
    ({"tue_closes": "25:00"}, {"tue_closes": "time_range"}),
    ({"mon_lunch_end": ""}, {"mon_lunch_end": "lunch_both"}),
    ({"mon_lunch_start": ""}, {"mon_lunch_start": "lunch_both"}),
    ({"mon_lunch_start": "14:00", "mon_lunch_end": "13:00"}, {"mon_lunch_end": "lunch_order"}),
    ({"mon_lunch_start": "18:00", "mon_lunch_end": "19:00"}, {"mon_lunch_start": "lunch_inside"}),
    ({"mon_lunch_start": "07:00", "mon_lunch_end": "08:00"}, {"mon_lunch_start": "lunch_inside"}),
    ({"mon_lunch_start": "17:00", "mon_lunch_end": "18:00"}, {"mon_lunch_end": "lunch_inside"}),
    ({"sat_works": "1"}, {"sat_opens": "required", "sat_closes": "required"}),
])
def test_hours_rules(office, changes, expected):
    result, problems = HoursSection(LANGS).parse(hours_form(office, **changes), office)
    assert result is None and codes(problems) == expected


def test_every_problem_of_a_form_is_named_at_once(office):
    _, problems = HoursSection(LANGS).parse(
        hours_form(office, mon_closes="07:00", wed_lunch_end="", **{"closure-0-start": "31.02.2026"}), office)
    assert codes(problems) == {"mon_closes": "close_after_open", "wed_lunch_end": "lunch_both",
                               "closure-0-start": "date_invalid", "closure-0-reason-ru": "required",
                               "closure-0-reason-be": "required", "closure-0-reason-en": "required"}


def closure(i=0, start="31.12.2026", end="", reasons=("Санитарный день", "Санітарны дзень", "Cleaning day")):
    out = {f"closure-{i}-start": start, f"closure-{i}-end": end}
    out.update({f"closure-{i}-reason-{lang}": text for lang, text in zip(LANGS, reasons)})
    return out


def test_a_closure_of_one_day_and_of_several(office):
    changed, problems = HoursSection(LANGS).parse(
        hours_form(office, **closure(0), **closure(1, "2027-01-05", "09.01.2027")), office)
    assert problems == {}
    assert [(c.start, c.end) for c in changed.closures] == [(date(2026, 12, 31), date(2026, 12, 31)),
                                                           (date(2027, 1, 5), date(2027, 1, 9))]
    assert changed.closures[0].reason["be"] == "Санітарны дзень"


@pytest.mark.parametrize("row, expected", [
    (closure(end="30.12.2026"), {"closure-0-end": "end_before_start"}),
    (closure(start="", end="31.12.2026"), {"closure-0-start": "required"}),
    (closure(end="01.01.2028"), {"closure-0-end": "closure_too_long"}),
    (closure(reasons=("!!!", "Санітарны дзень", "Cleaning day")), {"closure-0-reason-ru": "unspeakable"}),
    (closure(reasons=("а" * 151, "б", "c")), {"closure-0-reason-ru": "too_long"}),
    (closure(reasons=("Санитарный день", "", "Cleaning day")), {"closure-0-reason-be": "required"}),
])
def test_closure_rules(office, row, expected):
    result, problems = HoursSection(LANGS).parse(hours_form(office, **row), office)
    assert result is None and codes(problems) == expected


def test_blank_and_removed_rows_are_ignored(office):
    form = hours_form(office, **closure(0), **{"closure-0-remove": "1", "closure-1-start": "", "closure-1-reason-ru": " "})
    changed, problems = HoursSection(LANGS).parse(form, office)
    assert problems == {} and changed.closures == ()


def test_extra_working_days(office):
    form = hours_form(office, **{"extra-0-day": "26.12.2026", "extra-1-day": "02.01.2027", "extra-1-opens": "9:00",
                                 "extra-1-closes": "13:00"})
    changed, problems = HoursSection(LANGS).parse(form, office)
    assert problems == {}
    assert changed.extra_workdays[0].hours is None and changed.extra_workdays[1].hours.closes == time(13)


@pytest.mark.parametrize("row, expected", [
    ({"extra-0-day": "26.12.2026", "extra-1-day": "2026-12-26"}, {"extra-1-day": "day_twice"}),
    ({"extra-0-day": "26.12.2026", "extra-0-opens": "9:00"}, {"extra-0-closes": "required"}),
    ({"extra-0-day": "26.12.2026", "extra-0-opens": "14:00", "extra-0-closes": "13:00"}, {"extra-0-closes": "close_after_open"}),
    ({"extra-0-opens": "9:00", "extra-0-closes": "13:00"}, {"extra-0-day": "required"}),
])
def test_extra_working_day_rules(office, row, expected):
    result, problems = HoursSection(LANGS).parse(hours_form(office, **row), office)
    assert result is None and codes(problems) == expected


def test_an_extra_working_day_needs_hours_when_there_are_no_usual_ones(office):
    no_weekdays = {f"{d}_works": None for d in ("mon", "tue", "wed", "thu", "fri")}
    _, problems = HoursSection(LANGS).parse(hours_form(office, **no_weekdays, **{"extra-0-day": "26.12.2026"}), office)
    assert codes(problems) == {"extra-0-opens": "extra_needs_hours"}


# -- contacts --------------------------------------------------------------------------------------

def contacts_form(office, **changes):
    form = dict(ContactsSection(LANGS).values(office))
    form.update(changes)
    return form


def test_contacts_round_trip_and_change(office):
    section = ContactsSection(LANGS)
    changed, problems = section.parse(contacts_form(office, **{"phone-2": "", "phone-3": "+375 17 555-12-34",
                                                               "address-en": "  6 Lenin Square,\n Kopyl "}), office)
    assert problems == {}
    assert changed.phones == ("+375 (1719) 28-2-60", "+375 17 555-12-34")
    assert changed.address["en"] == "6 Lenin Square, Kopyl"


@pytest.mark.parametrize("changes, expected", [
    ({"address-ru": ""}, {"address-ru": "required"}),
    ({"address-be": "—"}, {"address-be": "unspeakable"}),
    ({"name-en": "x" * 201}, {"name-en": "too_long"}),
    ({"postal_code": "22392"}, {"postal_code": "postal_code"}),
    ({"postal_code": "abc123"}, {"postal_code": "postal_code"}),
    ({"phone-1": "", "phone-2": ""}, {"phone-1": "phone_one"}),
    ({"phone-2": "ask at the desk"}, {"phone-2": "phone_chars"}),
    ({"hotline": "123"}, {"hotline": "phone_digits"}),
    ({"transfer_number": "8 01719 2-82-60"}, {"transfer_number": "phone_international"}),
    ({"transfer_number": ""}, {"transfer_number": "required"}),
])
def test_contact_rules(office, changes, expected):
    result, problems = ContactsSection(LANGS).parse(contacts_form(office, **changes), office)
    assert result is None and codes(problems) == expected


def test_each_contact_has_a_kind_and_a_reading(office):
    form = contacts_form(office, **{"phone-3": "kopyl@mail.by", "kind-3": "email",
                                    "phone-4": "+375 (1719) 55-2-42", "kind-4": "fax", "reading-4": "local"})
    changed, problems = ContactsSection(LANGS).parse(form, office)
    assert problems == {}
    assert [(c.kind, c.value, c.reading) for c in changed.contacts] == [
        ("phone", "+375 (1719) 28-2-60", "dialled"), ("fax", "+375 (1719) 55-2-41", "dialled"),
        ("email", "kopyl@mail.by", "dialled"), ("fax", "+375 (1719) 55-2-42", "local")]


@pytest.mark.parametrize("changes, expected", [
    ({"phone-3": "kopyl at mail", "kind-3": "email"}, {"phone-3": "email"}),
    ({"phone-3": "kopyl@mail.by", "kind-3": "web"}, {"phone-3": "web"}),
    ({"phone-3": "+375 (1719) 55-2-42", "kind-3": "pager"}, {"phone-3": "contact_kind"}),
    ({"phone-3": "+375 (1719) 55-2-42", "reading-3": "backwards"}, {"phone-3": "contact_kind"}),
    ({"phone-3": "ask at the desk", "kind-3": "fax"}, {"phone-3": "phone_chars"}),
    ({"kind-1": "fax"}, {"phone-1": "phone_one"}),  # only a fax is no phone to call
])
def test_contact_kind_rules(office, changes, expected):
    result, problems = ContactsSection(LANGS).parse(contacts_form(office, **changes), office)
    assert result is None and codes(problems) == expected


def test_an_empty_postal_code_is_allowed(office):
    changed, problems = ContactsSection(LANGS).parse(contacts_form(office, postal_code=""), office)
    assert problems == {} and changed.postal_code == ""


# -- texts -----------------------------------------------------------------------------------------

def texts_form(office, lang, **changes):
    form = dict(TextsSection(lang).values(office))
    form.update({f"text-{k}": v for k, v in changes.items()})
    return form


def test_unchanged_texts_store_no_override(office):
    changed, problems = TextsSection("ru").parse(texts_form(office, "ru"), office)
    assert problems == {} and changed.texts == {}


def test_a_new_wording_is_kept_and_the_standard_one_restored(office):
    section = TextsSection("be")
    changed, problems = section.parse(texts_form(office, "be", greeting="Добры дзень! Гэта гарачая лінія."), office)
    assert problems == {} and changed.texts == {"greeting": {"be": "Добры дзень! Гэта гарачая лінія."}}
    form = texts_form(changed, "be")
    form["default-greeting"] = "1"
    back, problems = section.parse(form, changed)
    assert problems == {} and back.texts == {}


@pytest.mark.parametrize("key, text, code", [
    ("greeting", "", "required"),
    ("greeting", "  ", "required"),
    ("greeting", "*** !!! ***", "unspeakable"),
    ("greeting", "а" * 401, "too_long"),
    ("main.news", "Новости: нажмите {key", "braces"),
    ("main.news", "Новости: нажмите {клавиша}", "placeholder_unknown"),
    ("main.news", "Новости: нажмите {key:>5000000}", "placeholder_plain"),
    ("main.news", "Новости: нажмите {key!r}", "placeholder_plain"),
    ("main.news", "Чтобы послушать новости, нажмите два.", "placeholder_missing"),
    ("hours.days", "Приёмная работает.", "placeholder_missing"),
])
def test_text_rules(office, key, text, code):
    result, problems = TextsSection("ru").parse(texts_form(office, "ru", **{key: text}), office)
    assert result is None and codes(problems) == {f"text-{key}": code}


def test_a_format_spec_stored_before_is_ignored_when_spoken():
    # A wording saved before format specs were refused can never make a sentence megabytes long.
    assert render("Нажмите {key:>5000000}.", {"key": "2"}) == "Нажмите 2."
    assert render("Нажмите {key!r}.", {"key": "2"}) == "Нажмите 2."


def test_every_standard_wording_passes_its_own_rules(office):
    for lang in LANGS:
        _, problems = TextsSection(lang).parse(texts_form(office, lang), office)
        assert problems == {}, lang
    assert all(f"text-{key}" in TextsSection("en").values(office) for key in DEFAULT_TEXTS)


# -- headlines -------------------------------------------------------------------------------------

def test_a_new_headline_comes_first(office):
    section = HeadlineSection(LANGS, None)
    changed, problems = section.parse({"title-ru": "Приём граждан 5 декабря", "summary-ru": "С 9 до 12.",
                                       "title-en": "Open day"}, office)
    assert problems == {}
    first = changed.headlines[0]
    assert first.title == {"ru": "Приём граждан 5 декабря", "en": "Open day"} and first.summary == {"ru": "С 9 до 12."}
    assert first.id.startswith("h-") and len(changed.headlines) == 2 and not first.hidden


@pytest.mark.parametrize("form, expected", [
    ({}, {"title-ru": "title_one"}),
    ({"title-ru": "—", "title-en": "News"}, {"title-ru": "unspeakable"}),
    ({"title-ru": "а" * 151}, {"title-ru": "too_long"}),
    ({"title-ru": "Новость", "summary-ru": "б" * 601}, {"summary-ru": "too_long"}),
    ({"title-ru": "Новость", "summary-en": "Only a summary"}, {"summary-en": "summary_needs_title"}),
])
def test_headline_rules(office, form, expected):
    result, problems = HeadlineSection(LANGS, None).parse(form, office)
    assert result is None and codes(problems) == expected


def test_editing_a_deleted_headline_is_refused(office):
    _, problems = HeadlineSection(LANGS, "gone").parse({"title-ru": "x"}, office)
    assert codes(problems) == {"_form": "headline_gone"}


def test_hide_show_move_and_delete(office):
    two, _ = HeadlineSection(LANGS, None).parse({"title-ru": "Вторая"}, office)  # not pinned: like the demo's
    new_id = two.headlines[0].id
    assert [h.id for h in headline_order(two)] == [new_id, "tashkent-talks"]
    assert movable(two) == {new_id: (False, True), "tashkent-talks": (True, False)}
    moved = headline_action(two, new_id, "down")
    assert [h.id for h in headline_order(moved)] == ["tashkent-talks", new_id]
    assert headline_action(moved, new_id, "down") == moved  # already last
    hidden = headline_action(moved, "tashkent-talks", "hide")
    assert hidden.visible_headlines("ru")[0].id == new_id
    assert headline_action(hidden, "tashkent-talks", "show").visible_headlines("ru")[0].id == "tashkent-talks"
    assert [h.id for h in headline_action(hidden, new_id, "delete").headlines] == ["tashkent-talks"]
    assert headline_action(hidden, "nope", "hide") is None


def test_pinned_headlines_come_first_and_only_alike_ones_trade_places(office):
    from dataclasses import replace

    from ivr.content.office import Headline

    feed = (Headline("a", {"ru": "A"}, published=date(2026, 11, 1), source="belta"),
            Headline("b", {"ru": "B"}, published=date(2026, 11, 20), source="belta"))
    pinned, _ = HeadlineSection(LANGS, None).parse({"title-ru": "Своя", "pinned": "1"}, office.with_changes(headlines=feed))
    mine = pinned.headlines[0]
    assert mine.pinned and mine.source == ""
    assert [h.id for h in headline_order(pinned)] == [mine.id, "b", "a"]
    assert [h.id for h in pinned.visible_headlines("ru")] == [mine.id, "b", "a"]
    assert movable(pinned) == {mine.id: (False, False), "b": (False, False), "a": (False, False)}
    assert headline_action(pinned, "a", "up") == pinned  # the dated feed items keep their dates and order
    # Editing keeps what the form does not show (the feed a headline came from, its date).
    edited, _ = HeadlineSection(LANGS, "b").parse({"title-ru": "B, исправлено"}, pinned)
    b = find_headline(edited, "b")
    assert (b.source, b.published, b.title) == ("belta", date(2026, 11, 20), {"ru": "B, исправлено"})
    assert replace(b, title={"ru": "B"}) == feed[1]


# -- pronunciation ---------------------------------------------------------------------------------

def test_pronunciation_rows(office):
    section = PronunciationSection(LANGS)
    form = dict(section.values(office))
    form.update({"pron-en-0-word": "Kopyl", "pron-en-0-spoken": "KO-pill", "pron-ru-0-remove": "1"})
    changed, problems = section.parse(form, office)
    assert problems == {}
    assert "ru" not in changed.pronunciations
    assert changed.pronunciations["en"] == {"Kopyl": "KO-pill"}
    assert changed.pronunciations["be"] == office.pronunciations["be"]


@pytest.mark.parametrize("rows, expected", [
    ({"pron-ru-0-word": "Копыль", "pron-ru-0-spoken": ""}, {"pron-ru-0-spoken": "required"}),
    ({"pron-ru-0-word": "", "pron-ru-0-spoken": "Ко́пыль"}, {"pron-ru-0-word": "required"}),
    ({"pron-ru-0-word": "Копыль", "pron-ru-0-spoken": "Ко́пыль", "pron-ru-1-word": "копыль",
      "pron-ru-1-spoken": "Копы́ль"}, {"pron-ru-1-word": "word_twice"}),
    ({"pron-ru-0-word": "...", "pron-ru-0-spoken": "точки"}, {"pron-ru-0-word": "unspeakable"}),
    ({"pron-ru-0-word": "слово", "pron-ru-0-spoken": "с" * 121}, {"pron-ru-0-spoken": "too_long"}),
])
def test_pronunciation_rules(office, rows, expected):
    result, problems = PronunciationSection(LANGS).parse(rows, office)
    assert result is None and codes(problems) == expected


def test_a_moment_is_read_from_the_date_and_time_fields_in_the_offices_zone():
    from datetime import datetime, timezone
    from zoneinfo import ZoneInfo

    from ivr.staff.forms.fields import read_moment

    minsk = ZoneInfo("Europe/Minsk")
    current = datetime(2026, 11, 30, 9, 41, 17, tzinfo=minsk)
    assert read_moment({}, current, minsk) == (datetime(2026, 11, 30, 9, 41, tzinfo=minsk), {})
    assert read_moment({"date": "2026-12-31", "time": "1330"}, current, timezone.utc)[0] == datetime(
        2026, 12, 31, 13, 30, tzinfo=timezone.utc)
    moment, problems = read_moment({"date": "31.02.2026", "time": "25:00"}, current, minsk)
    assert moment is None and set(problems) == {"date", "time"}
