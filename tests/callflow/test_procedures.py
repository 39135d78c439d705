"""Documents and administrative procedures by phone (issue 19, item 2): main-menu key 4, a procedure
keyed by its number (1*1*5#) or found by topic, its documents one at a time, then the fee, the term
and where to go, and the list by SMS."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

from ivr.callflow.catalogue import catalogue
from ivr.callflow.context import CallerInput
from ivr.callflow.events import PROCEDURE, PROCEDURE_MISSING, step_events
from ivr.callflow.flow import respond
from ivr.callflow.steps import CallState, Gather, Node
from ivr.content.procedures import Procedure

MONDAY_MORNING = "2026-11-30 10:00"


def in_procedures(call, lang="ru"):
    call.start()
    call.press({"ru": "1", "be": "2"}[lang])
    return call.press("4")


def state_of(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.gather["action"]).query)


def test_key_4_offers_a_number_a_topic_or_the_status_of_my_request(at, caller):
    at(MONDAY_MORNING)
    page = in_procedures(caller())
    assert page.texts[:3] == ["Если знаете номер процедуры — нажмите 1.", "Выбрать процедуру по теме — нажмите 2.",
                              "Узнать, что с вашим обращением, — нажмите 3."]
    call = caller()
    in_procedures(call)
    assert call.press("3").texts[0] == "Введите пятизначный номер вашего обращения."


def test_a_keyed_number_is_heard_document_by_document_then_fee_term_and_where(at, caller):
    at(MONDAY_MORNING)
    call = caller()
    in_procedures(call)
    asked = call.press("1")
    assert asked.texts[0].startswith("Наберите номер процедуры: вместо точки нажимайте звёздочку")
    # The whole number arrives at once: the <Gather> ends on '#' instead of after one key.
    assert asked.gather["finishOnKey"] == "#" and "numDigits" not in asked.gather
    first = call.press("1*1*5")
    assert first.texts[:2] == [
        "Процедура один точка один точка пять: Постановка на учёт граждан, нуждающихся в улучшении жилищных условий.",
        "Документ номер один из шести: заявление."]
    assert state_of(first)["proc"] == ["1.1.5"] and state_of(first)["item"] == ["0"]
    assert "Следующий документ — решётка, ещё раз — 9." in first.texts
    again = call.press("9")
    assert "Документ номер один из шести: заявление." in again.texts
    second = call.press("#")
    assert second.texts[0] == ("Документ номер два из шести: паспорта или иные документы, удостоверяющие личность "
                               "всех совершеннолетних граждан.")
    assert state_of(second)["item"] == ["1"]
    assert call.press("9").texts[0] == second.texts[0]  # 9 repeats the current document
    for _ in range(4):
        call.press("#")
    assert call.page.texts[0] == ("Документ номер шесть из шести: домовая книга, если она есть, — для живущих в "
                                  "одноквартирном или блокированном жилом доме.")
    summary = call.press("#")
    # What the source page states is said; what it does not is to be checked there, never guessed.
    assert summary.texts[:4] == [
        "Плата: уточняйте по источнику или в службе «одно окно».",
        "Срок: один месяц со дня подачи заявления.",
        "Срок действия: уточняйте по источнику или в службе «одно окно».",
        "Куда обращаться: служба «одно окно» райисполкома, площадь Ленина, шесть."]
    assert "Документы ещё раз — нажмите 2." in summary.texts
    assert call.press("2").texts[1] == "Документ номер один из шести: заявление."


def test_a_procedure_with_checked_details_reads_them_in_words(at, caller):
    at(MONDAY_MORNING)
    call = caller()
    in_procedures(call, "be")
    call.press("1")
    page = call.press("1*3*1")
    assert page.texts[:2] == [
        "Працэдура адзін кропка тры кропка адзін: Даведка аб знаходжанні на ўліку тых, хто мае патрэбу ў паляпшэнні "
        "жыллёвых умоў.", "Дакумент нумар адзін з аднаго: пашпарт або іншы дакумент, які сведчыць асобу."]
    summary = call.press("#")
    assert summary.texts[:4] == ["Плата: бясплатна.", "Тэрмін: у дзень звароту.", "Тэрмін дзеяння: шэсць месяцаў.",
                                 "Куды звяртацца: служба «адно акно» райвыканкама, плошча Леніна, шэсць."]


def test_a_number_that_does_not_exist_is_named_and_the_caller_can_try_again_or_browse(at, caller):
    at(MONDAY_MORNING)
    call = caller()
    in_procedures(call)
    call.press("1")
    page = call.press("9*9*9")
    assert page.texts[:3] == ["Процедуры девять точка девять точка девять в нашем перечне нет.",
                              "Если знаете номер процедуры — нажмите 1.", "Выбрать процедуру по теме — нажмите 2."]
    call.press("1")
    assert call.press("2*1").texts[0].startswith("Процедура два точка один: Выписка (копия) из трудовой книжки.")


def test_keys_that_are_no_number_are_explained_and_asked_again(at, caller):
    at(MONDAY_MORNING)
    call = caller()
    in_procedures(call)
    call.press("1")
    page = call.press("1**5")
    assert page.texts[0] == "Такого варианта в этом меню нет."
    assert page.texts[1].startswith("Наберите номер процедуры") and page.gather["finishOnKey"] == "#"
    assert call.press("*").gather is not None  # * alone is back, to the main menu
    assert "Часы работы — 1." in call.page.texts


def test_browsing_a_topic_and_hearing_a_procedure(at, caller):
    at(MONDAY_MORNING)
    call = caller()
    in_procedures(call)
    topics = call.press("2")
    # The topics the catalogue has procedures in, in the order of the list (four at most, then '#').
    assert topics.texts[:4] == ["Жильё — нажмите 1.", "Семья и дети — нажмите 2.", "Социальная поддержка — нажмите 3.",
                                "Земля и строительство — нажмите 4."]
    housing = call.press("1")
    assert housing.texts[:2] == [
        "Процедура один точка один точка пять, Постановка на учёт граждан, нуждающихся в улучшении жилищных условий "
        "— нажмите 1.",
        "Процедура один точка три точка один, Справка о состоянии на учёте нуждающихся в улучшении жилищных условий "
        "— нажмите 2."]
    assert state_of(housing)["topic"] == ["housing"]
    assert call.press("2").texts[0].startswith("Процедура один точка три точка один: Справка о состоянии")


def test_the_land_and_building_topic_offers_its_checked_procedure(at, caller):
    at(MONDAY_MORNING)
    call = caller()
    in_procedures(call, "be")
    call.press("2")
    land = call.press("4")
    assert state_of(land)["topic"] == ["land"]
    assert land.texts[0] == ("Працэдура адзін кропка пятнаццаць кропка тры, Узгадненне праектнай дакументацыі на "
                             "пераабсталяванне або перапланіроўку жылых і нежылых памяшканняў у жылых дамах — націсніце 1.")
    page = call.press("1")
    assert page.texts[1] == "Дакумент нумар адзін з аднаго: заява."
    summary = call.press("#")
    assert summary.texts[:4] == [
        "Плата: бясплатна.", "Тэрмін: пятнаццаць дзён з дня падачы заявы.",
        "Тэрмін дзеяння: удакладняйце па крыніцы або ў службе «адно акно».",
        "Куды звяртацца: служба «адно акно» райвыканкама, плошча Леніна, шэсць; разглядае аддзел архітэктуры і "
        "будаўніцтва."]


def test_the_fifth_topic_comes_after_the_hash_key(at, caller):
    at(MONDAY_MORNING)
    call = caller()
    in_procedures(call)
    call.press("2")
    more = call.press("#")
    assert more.texts[0] == "Документы и регистрация — нажмите 1."
    documents = call.press("1")
    assert documents.texts[0].startswith("Процедура два точка один, Выписка (копия) из трудовой книжки — нажмите 1.")
    assert documents.texts[1].startswith("Процедура два точка два, Справка о месте работы")


def test_more_than_four_are_offered_four_at_a_time_then_more(flow_context):
    ctx = flow_context()
    many = tuple(Procedure(number=f"7.{i}", topic="land", title={"ru": f"Процедура номер {i}"}) for i in range(1, 7))
    ctx = replace(ctx, office=ctx.office.with_changes(procedures=many))
    topic = CallState(node=Node.TOPIC, topic="land")
    first = respond(ctx, topic, CallerInput(digits="9"))
    said = [p.text for p in next(s for s in first.steps if isinstance(s, Gather)).prompts]
    assert said[0] == "Процедура семь точка один, Процедура номер один — нажмите 1."
    assert len([s for s in said if s.startswith("Процедура ")]) == 4 and "Другие процедуры — нажмите решётку." in said
    more = respond(ctx, topic, CallerInput(digits="#"))
    gather = next(s for s in more.steps if isinstance(s, Gather))
    assert gather.action.item == 1
    assert [p.text for p in gather.prompts][:2] == ["Процедура семь точка пять, Процедура номер пять — нажмите 1.",
                                                    "Процедура семь точка шесть, Процедура номер шесть — нажмите 2."]
    chosen = respond(ctx, gather.action, CallerInput(digits="2"))
    assert chosen.marks[0].kind == PROCEDURE and chosen.marks[0].detail == "7.6"
    assert "нажмите 3" not in " ".join(p.text for p in gather.prompts)
    assert respond(ctx, gather.action, CallerInput(digits="3")).marks[-1].kind == "invalid"


def test_the_procedures_heard_and_missing_are_counted_by_number(flow_context):
    ctx = flow_context()
    keyed = CallState(node=Node.PROCEDURE_NUMBER)
    heard = step_events(keyed, CallerInput(digits="1*1*5"), respond(ctx, keyed, CallerInput(digits="1*1*5")), "CA1")
    missing = step_events(keyed, CallerInput(digits="9*9"), respond(ctx, keyed, CallerInput(digits="9*9")), "CA1")
    assert [(e.kind, e.detail) for e in heard] == [(PROCEDURE, "1.1.5")]
    assert [(e.kind, e.detail) for e in missing] == [(PROCEDURE_MISSING, "9.9")]


def test_every_procedure_sentence_is_in_the_synthesis_catalogue_but_not_a_keyed_number(flow_context):
    ctx = flow_context()
    found = {s.text for s in catalogue(ctx.office, ("ru", "be"), datetime(2026, 11, 30, 10, tzinfo=ZoneInfo("Europe/Minsk")),
                                       sms_available=True)}
    assert "Документ номер два из трёх: паспорт или иной документ, удостоверяющий личность." in found
    assert "Тэрмін дзеяння: шэсць месяцаў." in found
    assert "Процедура пять точка два: Регистрация заключения брака." in found
    assert "Чтобы получить этот перечень по СМС, нажмите 1." in found
    assert not any(text.startswith("Процедуры ") and "нет" in text for text in found)


def test_a_procedure_gone_since_the_url_was_made_leads_back_to_the_procedures_menu(at, caller):
    at(MONDAY_MORNING)
    call = caller()
    page = call.post("/voice/step?node=document&lang=ru&proc=4.4.4&item=2", {"Digits": "9"})
    assert page.texts[0] == "Если знаете номер процедуры — нажмите 1."
