"""The analytics events of a step are the marks the flow put in its turn."""
from __future__ import annotations

from dataclasses import replace

from ivr.callflow.context import CallerInput
from ivr.callflow.events import step_events
from ivr.callflow.flow import respond
from ivr.callflow.steps import CallState, Node


def events(ctx, state, inp):
    return [(e.kind, e.node, e.detail, e.lang) for e in step_events(state, inp, respond(ctx, state, inp), "CA1")]


def test_the_phone_rings(flow_context):
    assert events(flow_context(), CallState(), CallerInput(event="enter")) == [("started", "", "", "")]


def test_one_language_is_chosen_at_once(flow_context):
    ctx = flow_context(languages=("en",))
    assert events(ctx, CallState(), CallerInput(event="enter")) == [("started", "", "", ""),
                                                                    ("language", "start", "en", "en")]


def test_a_language_chosen_by_key_or_by_silence(flow_context):
    ctx, menu = flow_context(), CallState(node=Node.LANGUAGE)
    assert events(ctx, menu, CallerInput(digits="3")) == [("language", "language", "en", "en")]
    assert events(ctx, menu, CallerInput(speech="беларуская")) == [("language", "language", "be", "be")]
    assert events(ctx, menu, CallerInput(event="noinput")) == [("noinput", "language", "", "ru"),
                                                               ("language", "language", "ru", "ru")]


def test_a_main_menu_choice_and_the_headline_it_leads_to(flow_context):
    ctx = flow_context()
    found = events(ctx, CallState(node=Node.MAIN, lang="en"), CallerInput(digits="2"))
    assert found[0] == ("choice", "main", "news", "en")
    kind, node, detail, lang = found[1]
    assert (kind, node, lang) == ("headline", "news", "en") and "Tashkent" in detail
    assert len(found) == 2


def test_a_choice_that_is_not_offered_is_a_wrong_key(flow_context):
    ctx = flow_context()
    ctx = replace(ctx, office=ctx.office.with_changes(procedures=()))  # no procedures: key 4 is not offered
    assert events(ctx, CallState(node=Node.MAIN), CallerInput(digits="4")) == [("invalid", "main", "4", "ru")]
    assert events(ctx, CallState(node=Node.MAIN), CallerInput(speech="э-э-э")) == [("invalid", "main", "э-э-э", "ru")]


def test_a_person_in_office_hours_is_a_choice_and_a_transfer(flow_context):
    ctx, main = flow_context(), CallState(node=Node.MAIN)
    assert events(ctx, main, CallerInput(digits="0")) == [("choice", "main", "person", "ru"),
                                                          ("transfer", "main", "", "ru")]
    assert events(ctx, CallState(node=Node.PERSON), CallerInput(event="dial", dial_status="no-answer")) == [
        ("transfer_result", "person", "no-answer", "ru")]


def test_silence_until_goodbye(flow_context):
    # Only a caller who was offered a message already is said goodbye to.
    assert events(flow_context(), CallState(node=Node.MESSAGE, tries=1), CallerInput(event="noinput")) == [
        ("noinput", "message", "", "ru"), ("gave_up", "message", "", "ru")]


def test_a_message_sent_a_call_back_asked_for_a_text_requested(flow_context):
    ctx = flow_context()
    reviewing = CallState(node=Node.RECORDED, msg=7)
    assert events(ctx, reviewing, CallerInput(digits="3")) == [("message", "recorded", "", "ru")]
    assert events(ctx, CallState(node=Node.CALLBACK), CallerInput(digits="2")) == [("callback", "callback", "", "ru")]
    summary = CallState(node=Node.PROCEDURE, proc="1.3.1")
    assert events(ctx, summary, CallerInput(digits="1")) == [("sms", "procedure", "1.3.1", "ru")]


def test_repeating_a_menu_is_no_event(flow_context):
    assert events(flow_context(), CallState(node=Node.HOURS), CallerInput(digits="9")) == []
