"""The menus are tables: every row answers to its key and its words, and the speech hints, the
analytics choices and the statistics chart are read from the tables."""
from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from ivr.callflow import menus
from ivr.callflow.context import CallerInput
from ivr.callflow.events import CHOICE, INVALID, step_events
from ivr.callflow.flow import respond
from ivr.callflow.menus import MENUS, Menu, Option
from ivr.callflow.steps import CallState, Gather, Node, Say
from ivr.content.office import Contact, Organisation
from ivr.ops.analytics import Analytics, grouped_choices

# Where each menu is met, with what it needs (a recording under review has its message id).
STATES = {
    Node.LANGUAGE: CallState(node=Node.LANGUAGE),
    Node.MAIN: CallState(node=Node.MAIN),
    Node.HOURS: CallState(node=Node.HOURS),
    Node.CONTACTS: CallState(node=Node.CONTACTS),
    Node.OWN_CONTACTS: CallState(node=Node.OWN_CONTACTS),
    Node.RECEPTIONS: CallState(node=Node.RECEPTIONS),
    Node.DIRECTORY: CallState(node=Node.DIRECTORY),
    Node.NEWS: CallState(node=Node.NEWS),
    Node.MESSAGE: CallState(node=Node.MESSAGE),
    Node.RECORDED: CallState(node=Node.RECORDED, msg=7),
    Node.DISCARD: CallState(node=Node.DISCARD, msg=7),
    Node.CALLBACK: CallState(node=Node.CALLBACK),
    Node.PROCEDURES: CallState(node=Node.PROCEDURES),
    Node.PROCEDURE_NUMBER: CallState(node=Node.PROCEDURE_NUMBER),
    Node.TOPICS: CallState(node=Node.TOPICS),
    Node.TOPIC: CallState(node=Node.TOPIC, topic="documents"),
    Node.DOCUMENT: CallState(node=Node.DOCUMENT, proc="1.1.5"),
    Node.PROCEDURE: CallState(node=Node.PROCEDURE, proc="1.1.5"),
    Node.REQUEST: CallState(node=Node.REQUEST),
    Node.REQUEST_CHECK: CallState(node=Node.REQUEST_CHECK),
}


def pressed(row: Option) -> CallerInput:
    """The row's key pressed; a row no phone key reaches ("my request" in the main menu) is said."""
    return CallerInput(digits=row.key) if len(row.key) == 1 else CallerInput(speech=row.words[0])


ROWS = [(node, row) for node, menu in MENUS.items() for row in menu.rows()]


def _id(param):
    return f"{param[0]}-{param[1].key}" if isinstance(param, tuple) else None


def test_every_menu_has_a_state_here():
    assert set(STATES) == set(MENUS)


def kinds(turn):
    return [mark.kind for mark in turn.marks]


def gather(turn) -> Gather:
    return next(step for step in turn.steps if isinstance(step, Gather))


def context_for(flow_context, row):
    """A context where ``row`` is offered."""
    if row.when == menus.DIRECT_LINE_ON:  # only while a direct line is on: the demo's, on Saturday 9–12
        return flow_context("2026-12-12 10:00")
    ctx = flow_context()
    if row.when == menus.ONLINE:  # offered only to an office with an e-mail or web address
        ctx = replace(ctx, office=ctx.office.with_changes(contacts=(*ctx.office.contacts, Contact("web", "kopyl.by"))))
    if row.when.startswith(menus.SERVICE):  # offered only to an office with that many services
        more = ctx.office.services + tuple(replace(ctx.office.services[0], id=f"s{n}") for n in range(4))
        ctx = replace(ctx, office=ctx.office.with_changes(services=more))
    if row.when.startswith(menus.DIRECTORY_TOPIC):  # only when the directory lists an organisation of the topic
        listed = Organisation(row.when.removeprefix(menus.DIRECTORY_TOPIC), {"ru": "Служба"}, phone="101")
        ctx = replace(ctx, office=ctx.office.with_changes(organisations=(listed,)))
    return ctx


@pytest.mark.parametrize("node, row", ROWS, ids=[f"{n}-{r.key}" for n, r in ROWS])
def test_every_row_answers_to_its_key(flow_context, node, row):
    ctx = context_for(flow_context, row)
    turn = respond(ctx, STATES[node], pressed(row))
    assert INVALID not in kinds(turn)
    assert turn.steps


@pytest.mark.parametrize("node, row", [(n, r) for n, r in ROWS if r.words],
                         ids=[f"{n}-{r.key}" for n, r in ROWS if r.words])
def test_every_row_answers_to_a_spoken_word_as_to_its_key(flow_context, node, row):
    ctx, state = context_for(flow_context, row), STATES[node]
    by_key = respond(ctx, state, pressed(row))
    own = row in MENUS[node].options
    # A menu's own words all reach their row; a fixed key's words at least once (a menu's own row
    # may use the same word: "again" records again when reviewing a message).
    heard = [word for word in row.words if menus.key_from_speech(node, f"ну {word}, пожалуйста") == row.key]
    assert heard == list(row.words) if own else heard, row.words
    for word in heard:
        assert respond(ctx, state, CallerInput(speech=word)) == by_key


def test_number_words_work_in_every_menu(flow_context):
    for node in MENUS:
        assert menus.key_from_speech(node, "два") == "2"
        assert menus.key_from_speech(node, "zero") == "0"
    assert menus.key_from_speech(Node.MAIN, "двадцать") is None


def test_the_main_menus_gather_hints_come_from_its_rows():
    assert menus.hints(Node.MAIN, "ru") == ("часы работы", "новости", "адрес", "телефон", "документы", "сотрудник")
    assert menus.hints(Node.NEWS, "en") == ("more", "next", "previous")
    assert menus.hints(Node.LANGUAGE, "en") == ("русский", "беларуская", "English")
    assert menus.hints(Node.HOURS, "ru") == ()


def test_the_chart_order_and_the_analytics_names_come_from_the_main_menu():
    assert menus.choice_names() == ("hours", "news", "contacts", "procedures", "person")
    assert menus.choice_labels()["contacts"] == "address and phones"  # a msgid: the staff catalogues translate it


# -- a new row in the main table shows up everywhere without other edits -------------------------

WEATHER = Option("5", Node.CONTACTS, "main.contacts", ("погод", "weather"),
                 {"ru": ("погода",), "be": ("надвор'е",), "en": ("weather",)},
                 statistic="weather", label="weather")


@pytest.fixture
def weather_row(monkeypatch):
    main = MENUS[Node.MAIN]
    read = main.read[:4] + ("5",) + main.read[4:]
    monkeypatch.setitem(MENUS, Node.MAIN, replace(main, options=main.options + (WEATHER,), read=read))
    return WEATHER


def test_a_new_main_row_is_offered_heard_hinted_and_counted(flow_context, weather_row):
    ctx, main = flow_context(), CallState(node=Node.MAIN)
    menu = respond(ctx, main, CallerInput(digits="9"))
    said = [prompt.text for prompt in gather(menu).prompts]
    assert "Контакты и приёмы — 5." in said
    assert "погода" in gather(menu).hints
    assert menus.key_from_speech(Node.MAIN, "какая погода") == "5"
    pressed = respond(ctx, main, CallerInput(digits="5"))
    assert gather(pressed).action.node is Node.CONTACTS
    assert respond(ctx, main, CallerInput(speech="погода")) == pressed
    events = step_events(main, CallerInput(digits="5"), pressed, "CA1")
    assert [(e.kind, e.detail) for e in events] == [(CHOICE, "weather")]
    assert menus.choice_names() == ("hours", "news", "contacts", "procedures", "weather", "person")
    assert menus.choice_labels()["weather"] == "weather"


def test_a_new_main_row_has_its_place_in_the_chart(weather_row):
    from collections import Counter

    analytics = Analytics(date(2026, 11, 30), date(2026, 11, 30), [], [], Counter({"weather": 2, "news": 1}),
                          Counter(), Counter(), [[0] * 24 for _ in range(7)], 0)
    assert list(grouped_choices(analytics).items()) == [
        ("hours", 0), ("news", 1), ("contacts", 0), ("procedures", 0), ("weather", 2), ("person", 0)]


def test_a_condition_keeps_a_row_out_of_the_menu_and_its_key_invalid(flow_context):
    ctx = flow_context()
    ctx = replace(ctx, office=ctx.office.with_changes(procedures=()))  # no procedures to offer
    turn = respond(ctx, CallState(node=Node.MAIN), CallerInput(digits="9"))
    assert not any(prompt.key == "main.procedures" for prompt in gather(turn).prompts)
    assert INVALID in kinds(respond(ctx, CallState(node=Node.MAIN), CallerInput(digits="4")))


def test_a_menu_without_a_table_has_only_the_fixed_keys():
    assert isinstance(menus.menu(Node.PERSON), Menu)
    assert menus.menu(Node.PERSON).options == ()


def test_the_language_lines_are_read_each_in_its_own_language(flow_context):
    turn = respond(flow_context(), CallState(), CallerInput(event="enter"))
    prompts = [p for p in gather(turn).prompts if p.key == "language.option"]
    assert [p.lang for p in prompts] == ["ru", "be", "en"]
    assert all(isinstance(p, Say) for p in prompts)


def test_skip_words_mean_the_menus_own_hash_key(flow_context):
    ctx = flow_context()
    for node in (Node.LANGUAGE, Node.NEWS, Node.MAIN, Node.HOURS):
        assert menus.key_from_speech(node, "дальше") == "#"
        state = STATES[node]
        assert respond(ctx, state, CallerInput(speech="дальше")) == respond(ctx, state, CallerInput(digits="#"))
    # Nothing to skip while leaving a message: the word is not understood there.
    assert menus.key_from_speech(Node.MESSAGE, "дальше") is None


def test_a_stem_of_several_words_is_heard(flow_context):
    assert menus.key_from_speech(Node.RECORDED, "re-record please") == "2"
    assert menus.key_from_speech(Node.MESSAGE, "please call me back") == "2"
