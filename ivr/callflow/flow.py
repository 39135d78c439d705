"""The call flow: a pure function from (office, moment, call state, caller input) to steps.

Menu tree (keys; a spoken word works as well; the keys, words and hints are the tables in
``ivr.callflow.menus``, the answers are here):

    (ring)      the answer first: greeting and whether the office is open now, then the language menu
    language    1 Русский, 2 Беларуская, 3 English (in the office's order); no input -> first language
    main        1 office hours, 2 news, 3 address and phones, 4 the same by SMS (when SMS is set up
                and the caller's number is known), 0 a person
    hours       whether the office is open now, then the weekly hours and the lunch break
    contacts    address and postal code, phones, hot line and fax, e-mail and web; then 1 the address
                again, 2 the numbers again, 3 e-mail and web again (when the office has them)
    news        one headline at a time: 1 more about it, 2 next, 3 previous (with several headlines)
    (0, closed or no answer) message: 1 leave a voice message, 2 ask for a call back
    recorded    1 listen to it, 2 record again, 3 send; * asks first (discard: * again deletes, 3 sends)
    callback    the caller's number read back digit by digit: 1 a voice message instead, 2 confirm
    (sent)      the reference number twice, when to expect the call-back, where to check on it, and
                that this is no formal appeal (the law) and how to file one
    request     "my request" (said in the main menu): key the 5-digit reference number; from another
                or a hidden number, the reference and the last four digits of the number it came from

Fixed keys in every menu, announced in one short line: * back (main menu; from the main menu, the
language menu), 0 a person, 9 repeat, 8 more time (slower speech and longer waits; again: normal),
# skip. Before a menu times out a warning offers 8. No dead ends: the second silence or wrong key
in a row puts the caller through to a person in office hours, else offers a message or call-back.
"""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Callable, Iterable, Sequence

from ivr import languages, phrases
from ivr.callflow import events, menus
from ivr.callflow.context import CallerInput, FiledRequest, FlowContext
from ivr.callflow.menus import Menu, Option
from ivr.callflow.steps import (CallState, Dial, Effect, Gather, Hangup, Mark, Node, PlayRecording, Record, Redirect,
                                Say, Step, Turn)
from ivr.content.office import EMAIL, FAX, HOTLINE, PHONE, WEB, Headline
from ivr.content.prompts import prompt_template, render
from ivr.schedule import OfficeStatus, Reason, State, callback_window

# The second silence or wrong key in a row in a menu leads to a person (or a message): no dead ends.
MAX_TRIES = 2
# Seconds of waiting after a menu, then after the warning that offers more time (key 8); slow mode
# (key 8) waits longer and lets a spoken answer pause longer.
TIMEOUT = 5
WARNING_TIMEOUT = 4
SLOW_TIMEOUT = 8
SLOW_WARNING_TIMEOUT = 7
SLOW_SPEECH_TIMEOUT = "3"
LANGUAGE_TIMEOUT = 3
# Seconds of silence that end a voice message.
RECORD_SILENCE = 8
SLOW_RECORD_SILENCE = 10
DIAL_TIMEOUT = 20
# The menus about the caller's own message: once the caller is in them, a message was offered.
MESSAGE_NODES = (Node.MESSAGE, Node.RECORDED, Node.DISCARD, Node.CALLBACK)
# Wrong reference numbers (or last four digits) a caller may key in one call before the main menu.
REQUEST_TRIES = 3
KEYS = set("0123456789*#")


# -- sentences ---------------------------------------------------------------------------------


def say(ctx: FlowContext, prompt: str, lang: str, /, **values: str) -> Say:
    """The prompt ``prompt`` in ``lang`` with its placeholders filled."""
    return Say(phrases.tidy(render(prompt_template(ctx.office, prompt, lang), values), lang), lang, prompt)


def join_words(items: Sequence[str], lang: str) -> str:
    """'a', 'a и b', 'a, b и c' in the language's own conjunction."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {phrases.language_module(lang).AND} {items[-1]}"


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def hours_sentences(ctx: FlowContext, lang: str) -> list[Say]:
    """The weekly hours: groups of days with the same hours, the lunch break, the days off."""
    week = ctx.office.week
    groups: list[tuple[int, int]] = []
    for day in range(7):
        if week.get(day) is None:
            continue
        if groups and groups[-1][1] == day - 1 and week.get(groups[-1][0]) == week.get(day):
            groups[-1] = (groups[-1][0], day)
        else:
            groups.append((day, day))
    lunches = {(week[first].lunch_start, week[first].lunch_end) for first, _ in groups}  # type: ignore[union-attr]
    one_lunch = len(lunches) == 1
    out: list[Say] = []
    for first, last in groups:
        hours = week[first]
        assert hours is not None
        out.append(say(ctx, "hours.days", lang, days=phrases.weekday_range(first, last, lang),
                       hours=phrases.time_range(hours.opens, hours.closes, lang)))
        if not one_lunch and hours.lunch_start and hours.lunch_end:
            lunch = phrases.time_range(hours.lunch_start, hours.lunch_end, lang)
            out.append(say(ctx, "hours.lunch", lang, hours=lunch))
    if one_lunch and groups:
        start, end = next(iter(lunches))
        if start and end:
            out.append(say(ctx, "hours.lunch", lang, hours=phrases.time_range(start, end, lang)))
    closed = [day for day in range(7) if week.get(day) is None]
    if closed:
        sentence = say(ctx, "hours.closed_days", lang, days=phrases.weekday_list(closed, lang))
        out.append(Say(_capitalised(sentence.text), lang, sentence.key))
    return out


def _when(day: date, today: date, lang: str) -> str:
    """'today', 'tomorrow', 'on Monday' within a week, else the date."""
    if day - today <= timedelta(days=1):
        return phrases.date_words(day, lang, today=today)
    if day - today < timedelta(days=7):
        return phrases.weekday_name(day.weekday(), lang, "on")
    return phrases.on_date(day, lang, today=today)


def _holiday_name(status: OfficeStatus, lang: str) -> str:
    """The holiday's name as said aloud: «День Независимости Республики Беларусь, День Республики»;
    several names joined with «и»; a bracketed date (for calendars, not for the ear) left out."""
    name = status.holiday_names.get(lang) or ""
    names = []
    for part in name.split(";"):
        part = re.sub(r"\s*\([^)]*\d[^)]*\)", "", part)
        names.append(re.sub(r"\s*\(([^)]*)\)", r", \1", part).strip(" ,"))
    return join_words(names, lang)


def _status_now(ctx: FlowContext, lang: str) -> Say:
    st = ctx.status
    change: datetime | None = st.next_change
    if st.state == State.OPEN and change is not None:
        key = "status.open_until_lunch" if st.next_state == State.LUNCH else "status.open_until_close"
        return say(ctx, key, lang, at=phrases.at_time(change.time(), lang))
    if st.state == State.LUNCH and change is not None:
        return say(ctx, "status.lunch", lang, at=phrases.at_time(change.time(), lang))
    if change is None:
        return say(ctx, "status.closed_indefinitely", lang)
    values = {"when": _when(change.date(), ctx.today, lang), "at": phrases.at_time(change.time(), lang)}
    if st.reason == Reason.HOLIDAY and st.worked_instead is not None:
        worked = phrases.on_weekday_date(st.worked_instead, lang, today=ctx.today)
        return say(ctx, "status.moved_day_off", lang, worked=worked, **values)
    if st.reason == Reason.HOLIDAY:
        return say(ctx, "status.holiday", lang, holiday=_holiday_name(st, lang), **values)
    if st.reason == Reason.CLOSURE:
        reason = (st.closure.reason.get(lang) if st.closure else "") or ""
        return say(ctx, "status.closure", lang, reason=phrases.spell_out_numbers(reason, lang), **values)
    key = {
        Reason.BEFORE_OPENING: "status.before_opening",
        Reason.WEEKEND: "status.weekend",
    }.get(st.reason, "status.after_hours")
    return say(ctx, key, lang, **values)


def status_sentence(ctx: FlowContext, lang: str) -> Say:
    """Whether the office is open right now and when that changes; on a weekend day that is a
    working day, first that it is one."""
    now = _status_now(ctx, lang)
    if not ctx.status.moved_workday:
        return now
    day = phrases.weekday_name(ctx.today.weekday(), lang, "on")
    workday = say(ctx, "status.weekend_workday", lang, day=day)
    return Say(f"{workday.text} {now.text}", lang, now.key)


def hotline_words(ctx: FlowContext, lang: str) -> str:
    """The hot line number as a caller dials it (or as the office chose to read it)."""
    office = ctx.office
    return phrases.phone_number(office.hotline, lang, office.reading_of(office.hotline))


def _digits(number: str) -> str:
    return re.sub(r"\D", "", number)


def _number_sentences(ctx: FlowContext, lang: str) -> list[Say]:
    """The office's phones and hot line (said once when the office phone is the hot line), then the fax."""
    office = ctx.office
    hotline = _digits(office.hotline)
    out: list[Say] = []
    told_hotline = False
    for contact in office.of_kind(PHONE, HOTLINE):
        is_hotline = bool(hotline) and _digits(contact.value) == hotline
        if is_hotline and told_hotline:
            continue
        key = "contacts.phone_and_hotline" if is_hotline and contact.kind == PHONE else f"contacts.{contact.kind}"
        told_hotline = told_hotline or is_hotline
        out.append(say(ctx, key, lang, number=phrases.phone_number(contact.value, lang, contact.reading)))
    if hotline and not told_hotline:
        out.append(say(ctx, "contacts.hotline", lang, number=hotline_words(ctx, lang)))
    return out + [say(ctx, "contacts.fax", lang, number=phrases.phone_number(fax.value, lang, fax.reading))
                  for fax in office.of_kind(FAX)]


def contacts_sentences(ctx: FlowContext, lang: str, part: str = "") -> list[Say]:
    """The contacts answer in short sentences, or one part of it (``menus.CONTACT_PARTS``): the
    address with its postal code («индекс»), the numbers (only phones and the hot line as numbers to
    call; the fax as a fax), the e-mail and web addresses."""
    office = ctx.office
    out: list[Say] = []
    if part in ("", menus.ADDRESS):
        address = phrases.spell_out_numbers(office.address.get(lang, ""), lang)
        out.append(say(ctx, "contacts.address", lang, address=address))
        if office.postal_code:
            postal_code = phrases.postal_code(office.postal_code, lang)
            out.append(say(ctx, "contacts.postal_code", lang, postal_code=postal_code))
    if part in ("", menus.NUMBERS):
        out += _number_sentences(ctx, lang)
    if part in ("", menus.ONLINE):
        out += [say(ctx, f"contacts.{c.kind}", lang, address=phrases.web_address(c.value, lang))
                for c in office.of_kind(EMAIL, WEB)]
    return out


# -- menus -------------------------------------------------------------------------------------


def interpret(node: Node, inp: CallerInput) -> str | None:
    """One key from the caller's input: the first key pressed, else the spoken word's key."""
    if inp.digits:
        first = inp.digits[0]
        return first if first in KEYS else None
    return menus.key_from_speech(node, inp.speech)


def _gather(ctx: FlowContext, state: CallState, prompts: Iterable[Say], timeout: int) -> Gather:
    # Before a language is chosen, the language names and number words are heard in the first one.
    heard_in = languages.DEFAULT if state.node == Node.LANGUAGE else state.lang
    return Gather(
        prompts=tuple(prompts),
        action=state,
        lang=languages.language(heard_in).recogniser,
        timeout=timeout,
        hints=menus.hints(state.node, state.lang),
        digits=menus.menu(state.node).digits,
        slow=state.slow,
        speech_timeout=SLOW_SPEECH_TIMEOUT if state.slow else "auto",
    )


def _turn(state: CallState, *steps: Step) -> Turn:
    return Turn(steps=tuple(steps), slow=state.slow)


def _after(steps: Sequence[Step], turn: Turn) -> Turn:
    """``turn`` with ``steps`` done first (its marks kept)."""
    return Turn(steps=(*steps, *turn.steps), slow=turn.slow, marks=turn.marks)


def _menu_turn(ctx: FlowContext, state: CallState, prompts: Sequence[Say]) -> Turn:
    """Say ``prompts`` while listening; before silence counts, a short warning offers more time
    (key 8: slower speech and longer waits; in slow mode it offers the normal speed back). Silence
    after that comes back as "noinput"."""
    wait, warning_wait = (SLOW_TIMEOUT, SLOW_WARNING_TIMEOUT) if state.slow else (TIMEOUT, WARNING_TIMEOUT)
    if state.node == Node.LANGUAGE:  # silence there is no mistake: it chooses the first language
        return _turn(state, _gather(ctx, state, prompts, LANGUAGE_TIMEOUT), Redirect(state, "noinput"))
    steps: list[Step] = [_gather(ctx, state, prompts, wait)]
    more_time = menus.FIXED_BY_KEY["8"]
    if more_time.key in menus.menu(state.node).fixed:
        warning = say(ctx, menus.FASTER_PROMPT if state.slow else more_time.prompt, state.lang, key=more_time.key)
        steps.append(_gather(ctx, state, [warning], warning_wait))
    return _turn(state, *steps, Redirect(state, "noinput"))


def sms_possible(ctx: FlowContext) -> bool:
    """The SMS choice is offered only when texts can be sent and the caller's number is known."""
    return ctx.sms_available and bool(ctx.callback_number)


def current_headline(ctx: FlowContext, state: CallState) -> Headline | None:
    """The headline the caller is hearing (None when there is no news)."""
    items = ctx.office.visible_headlines(state.lang)
    return items[min(state.item, len(items) - 1)] if items else None


def holds(ctx: FlowContext, state: CallState, condition: str) -> bool:
    """Whether a menu row's condition (``menus.SMS``…) holds for this call now ('' always does)."""
    if not condition:
        return True
    if condition == menus.SMS:
        return sms_possible(ctx)
    if condition == menus.CALLER_NUMBER:
        return bool(ctx.callback_number)
    if condition == menus.SEVERAL_HEADLINES:
        return len(ctx.office.visible_headlines(state.lang)) > 1
    if condition == menus.ONLINE:
        return bool(ctx.office.of_kind(EMAIL, WEB))
    if condition == menus.SUMMARY:
        headline = current_headline(ctx, state)
        return headline is not None and bool(headline.text("summary", state.lang))
    raise ValueError(f"unknown menu condition {condition!r}")


def options(ctx: FlowContext, state: CallState, extra: Sequence[Say] = (), **values: dict[str, str]) -> list[Say]:
    """The choices the menu at ``state`` reads out, in its order, option before key; only those
    offered now; then ``extra`` and the one short line for the fixed keys. ``values``: extra
    placeholder values by prompt key."""
    here = menus.menu(state.node)
    out = []
    for key in here.read:
        row = here.option(key)
        if row is None or not row.prompt or not holds(ctx, state, row.when):
            continue
        out.append(say(ctx, row.prompt, state.lang, key=row.key, **values.get(row.prompt, {})))
    return out + list(extra) + ([say(ctx, here.keys, state.lang)] if here.keys else [])


def language_options(ctx: FlowContext) -> list[Say]:
    """One line per language, each in its own language."""
    return [say(ctx, "language.option", lang, key=str(i)) for i, lang in enumerate(ctx.languages, start=1)]


def welcome_sentences(ctx: FlowContext, lang: str, greeting: str) -> list[Say]:
    """The answer first: the greeting (prompt ``greeting``), then whether the office is open now."""
    return [say(ctx, greeting, lang), status_sentence(ctx, lang)]


def after_sms(ctx: FlowContext, state: CallState, outcome: str) -> Turn:
    """Whether the text is on its way, then the main menu's choices."""
    key = {"queued": "sms.sent", "limit": "sms.limit"}.get(outcome, "sms.unavailable")
    return node_turn(ctx, state.to(Node.MAIN), [say(ctx, key, state.lang)], full=False)


def news_item(ctx: FlowContext, state: CallState) -> tuple[list[Say], Headline | None]:
    """The headline at ``state.item`` with its position, or the no-news sentence."""
    items = ctx.office.visible_headlines(state.lang)
    if not items:
        return [say(ctx, "news.none", state.lang)], None
    index = min(state.item, len(items) - 1)
    headline = items[index]
    if len(items) == 1:  # "There is one headline", not "headline one of one"
        position = say(ctx, "news.only", state.lang).text.rstrip(".!? ")
    else:
        position = phrases.item_of("headline", index + 1, len(items), state.lang)
    title = phrases.spell_out_numbers(headline.text("title", state.lang), state.lang).rstrip(".!? ")
    if headline.published is not None:
        when = phrases.date_words(headline.published, state.lang, today=ctx.today)
        return [say(ctx, "news.item_dated", state.lang, position=position, date=when, title=title)], headline
    return [say(ctx, "news.item", state.lang, position=position, title=title)], headline


def node_turn(ctx: FlowContext, state: CallState, before: Sequence[Say] = (), *, full: bool = True,
              greeting: str = "", detailed: bool = False) -> Turn:
    """The node's menu, after ``before``; ``full`` includes the node's information, not just choices;
    ``greeting``: the prompt that greets the caller first, with whether the office is open now."""
    lead = list(before)
    lang = state.lang
    intro = welcome_sentences(ctx, lang, greeting) if greeting else []
    if state.node == Node.LANGUAGE:
        return _menu_turn(ctx, state, lead + intro + language_options(ctx) + [say(ctx, menus.LANGUAGE.keys, lang)])
    if state.node == Node.MAIN:
        hint = [say(ctx, "hint.speech", lang)] if detailed else []
        return _menu_turn(ctx, state, lead + intro + options(ctx, state, hint))
    if state.node == Node.HOURS:
        # The answer first: open or not right now, then the week; and, once, where to read it all
        # (the web page; by text: the main menu's option 4).
        web = [say(ctx, "info.web", lang, web=ctx.web_address)] if ctx.web_address else []
        info = [status_sentence(ctx, lang)] + hours_sentences(ctx, lang) + web if full else []
        return _menu_turn(ctx, state, lead + info + options(ctx, state))
    if state.node == Node.CONTACTS:
        info = contacts_sentences(ctx, lang) if full else []
        return _menu_turn(ctx, state, lead + info + options(ctx, state))
    if state.node == Node.NEWS:
        item, headline = news_item(ctx, state)
        if headline is None:
            main = state.to(Node.MAIN)
            return _menu_turn(ctx, main, lead + item + options(ctx, main))
        if not full:
            return _menu_turn(ctx, state, lead + options(ctx, state))
        heard = Mark(events.HEADLINE, item[0].text[:200], node=Node.NEWS, lang=item[0].lang)
        return _menu_turn(ctx, state, lead + item + options(ctx, state)).marked(heard)
    if state.node in (Node.MESSAGE, Node.RECORDED):
        return _menu_turn(ctx, state, lead + options(ctx, state))
    if state.node == Node.DISCARD:
        return _menu_turn(ctx, state, lead + [say(ctx, "discard.ask", lang)] + options(ctx, state))
    if state.node == Node.CALLBACK:
        number = ctx.callback_number
        if not number:  # a hidden number (or a stale URL): offer the voice message instead
            return node_turn(ctx, state.to(Node.MESSAGE), lead + [say(ctx, "callback.unknown", lang)])
        spoken = {"callback.confirm": {"number": read_back(number, lang)}}
        return _menu_turn(ctx, state, lead + options(ctx, state, **spoken))
    if state.node == Node.REQUEST and not ctx.callback_number:  # a hidden number: the check at once
        return node_turn(ctx, state.to(Node.REQUEST_CHECK, tries=state.tries), before)
    if state.node in (Node.REQUEST, Node.REQUEST_CHECK):
        ask = "request.ask" if state.node == Node.REQUEST else "request.ask_check"
        return _menu_turn(ctx, state, lead + [say(ctx, ask, lang), say(ctx, menus.menu(state.node).keys, lang)])
    # "start" and "person" are not menus; a caller there is shown the main menu.
    return node_turn(ctx, state.to(Node.MAIN), before, greeting=greeting, detailed=detailed)


# -- reference numbers, "my request" ------------------------------------------------------------


def reference_words(reference: str, lang: str) -> str:
    """A reference number read digit by digit: «четыре, семь, ноль, один, два»."""
    return ", ".join(phrases.digits(digit, lang) for digit in reference)


def next_personal_reception(ctx: FlowContext) -> date | None:
    """The date of the next personal reception of citizens, for the law's sentence; None while the
    office's content has no reception timetable (the timetable work fills this in)."""
    return None


def law_sentences(ctx: FlowContext, lang: str) -> list[Say]:
    """A phone message is no formal appeal (Закон «Об обращениях граждан и юридических лиц»): how
    to file one, and when the next personal reception is, if known."""
    out = [say(ctx, "request.law", lang)]
    reception = next_personal_reception(ctx)
    if reception is not None:
        out.append(say(ctx, "request.law_reception", lang, date=phrases.on_date(reception, lang, today=ctx.today)))
    return out


def callback_when(ctx: FlowContext, lang: str) -> Say:
    """When a caller who asks now will be called back: today or on the next working day, before
    that day's closing time (never in a lunch break, a closure or a holiday)."""
    window = callback_window(ctx.calendar, ctx.status.moment)
    if window is None:
        return say(ctx, "callback.saved", lang)
    start, end = window
    return say(ctx, "callback.when", lang, when=_when(start.date(), ctx.today, lang),
               at=phrases.at_time(end.time(), lang))


def filed_turn(ctx: FlowContext, state: CallState, reference: str) -> Turn:
    """The message was sent (or the call-back filed): its reference number twice, by text too
    where possible, when to expect the call-back, where to check on it, the law, goodbye."""
    lang = state.lang
    first = callback_when(ctx, lang) if state.node == Node.CALLBACK else say(ctx, "recorded.sent", lang)
    steps = [first]
    if reference:  # a test call from the staff pages files nothing and has no number
        steps.append(say(ctx, "request.reference", lang, reference=reference_words(reference, lang)))
        if sms_possible(ctx):
            steps.append(say(ctx, "request.reference_sms", lang))
        steps.append(say(ctx, "request.check_later", lang))
    return _turn(state, *steps, *law_sentences(ctx, lang), say(ctx, "goodbye", lang), Hangup())


def request_status_sentences(ctx: FlowContext, request: FiledRequest, lang: str) -> list[Say]:
    """What became of a request: its status with its number and date, and the staff's note."""
    status = say(ctx, f"request.status_{request.status}", lang, reference=reference_words(request.reference, lang),
                 date=phrases.on_date(request.filed, lang, today=ctx.today),
                 body=phrases.spell_out_numbers(request.forwarded_to, lang))
    note = phrases.spell_out_numbers(request.note, lang)
    return [status] + ([say(ctx, "request.note", lang, note=note)] if note else [])


def keyed_digits(inp: CallerInput) -> str:
    """The keys pressed, or the digits of a spoken number ("4 7 0 1 2"); '' for anything else."""
    if inp.digits:
        return inp.digits
    spoken = re.sub(r"[\s,.\-]", "", inp.speech)
    return spoken if spoken.isdigit() else ""


# What a wrong answer in "my request" is counted as: never the keys themselves (a reference number
# and the last digits of a phone are the caller's own).
KEYED_NUMBER = "keyed number"


def on_request_input(ctx: FlowContext, state: CallState, inp: CallerInput) -> Turn:
    """A reference number keyed (with the last four digits of the number it came from at the
    check). The status is told only to the number that filed it, or to a caller who keys that
    number's last four digits; a wrong number and someone else's sound the same, so no caller learns
    whether a reference exists. The statistics never see the keys."""
    turn = _request_turn(ctx, state, inp)
    return replace(turn, marks=tuple(replace(mark, detail=mark.detail or KEYED_NUMBER) if mark.kind == events.INVALID
                                     else mark for mark in turn.marks))


def _request_turn(ctx: FlowContext, state: CallState, inp: CallerInput) -> Turn:
    keyed = keyed_digits(inp)
    if len(keyed) <= 1:  # one key (or a word): the fixed keys
        key = keyed or menus.key_from_speech(state.node, inp.speech)
        return on_invalid(ctx, state) if key is None else on_key(ctx, state, key)
    lang = state.lang
    if state.node == Node.REQUEST and len(keyed) == menus.REFERENCE_DIGITS and keyed.isdigit():
        request = ctx.find_request(keyed)
        if request is not None and request.filed_from(ctx.caller_number):
            return _request_answer(ctx, state, request)
        return node_turn(ctx, state.to(Node.REQUEST_CHECK, tries=state.tries), [say(ctx, "request.check_needed", lang)])
    if state.node == Node.REQUEST_CHECK and len(keyed) == menus.CHECK_DIGITS and keyed.isdigit():
        reference, last_four = keyed[:menus.REFERENCE_DIGITS], keyed[menus.REFERENCE_DIGITS:]
        request = ctx.find_request(reference)
        if request is not None and request.last_four() == last_four:
            return _request_answer(ctx, state, request)
        wrong = "request.not_found"
    else:
        wrong = "request.bad_number" if state.node == Node.REQUEST else "request.bad_check"
    tries = state.tries + 1
    if tries >= REQUEST_TRIES:
        return node_turn(ctx, state.to(Node.MAIN), [say(ctx, wrong, lang), say(ctx, "request.give_up", lang)],
                         full=False).marked(Mark(events.INVALID))
    return node_turn(ctx, state.to(state.node, tries=tries), [say(ctx, wrong, lang)]).marked(Mark(events.INVALID))


def _request_answer(ctx: FlowContext, state: CallState, request: FiledRequest) -> Turn:
    return node_turn(ctx, state.to(Node.MAIN), request_status_sentences(ctx, request, state.lang), full=False)


# -- answers -----------------------------------------------------------------------------------


def person_turn(ctx: FlowContext, state: CallState) -> Turn:
    """Key 0: put the caller through in office hours, else say when to call."""
    lang = state.lang
    number = dialable(ctx.office.transfer_number)
    if ctx.status.is_open and number:
        return _turn(state, say(ctx, "person.connecting", lang),
                     Dial(number=number, action=state.to(Node.PERSON), timeout=DIAL_TIMEOUT,
                          caller_id=ctx.caller_id)).marked(Mark(events.TRANSFER))
    lead = [status_sentence(ctx, lang), say(ctx, "person.closed", lang)]
    return node_turn(ctx, state.to(Node.MESSAGE), lead)


def dead_end_turn(ctx: FlowContext, state: CallState) -> Turn:
    """The second silence or wrong key in a row: a caller who is stuck is offered, and then put
    through to, a person in office hours, else offered a message or call-back; only a caller who
    was offered those already is said goodbye to."""
    lang = state.lang
    if state.node in MESSAGE_NODES:
        return goodbye_turn(ctx, state)
    number = dialable(ctx.office.transfer_number)
    if ctx.status.is_open and number:
        return _turn(state, say(ctx, "help.connecting", lang),
                     Dial(number=number, action=state.to(Node.PERSON), timeout=DIAL_TIMEOUT,
                          caller_id=ctx.caller_id)).marked(Mark(events.TRANSFER))
    return node_turn(ctx, state.to(Node.MESSAGE), [say(ctx, "help.message", lang)])


def read_back(number: str, lang: str) -> str:
    """A number read digit by digit, in the groups a person would pause at."""
    plus, groups = phrases.phone_groups(number)
    spoken = [phrases.digits(group, lang) for group in groups]
    return ", ".join(([phrases.language_module(lang).PLUS] if plus else []) + spoken)


def record_turn(ctx: FlowContext, state: CallState, before: Sequence[Step] = ()) -> Turn:
    """Ask for the message, record it, and go on to reviewing it."""
    recorded = state.to(Node.RECORDED, msg=0)
    return _turn(state, *before, say(ctx, "message.record_intro", state.lang),
                 Record(action=recorded, max_seconds=ctx.max_message_seconds,
                        timeout=SLOW_RECORD_SILENCE if state.slow else RECORD_SILENCE),
                 # Twilio goes on to the next verb, not to the action, when nothing was recorded.
                 Redirect(recorded, "recorded"))


def after_recording(ctx: FlowContext, state: CallState) -> Turn:
    """The recording ended: review it, or say nothing was heard and offer the choices again."""
    if state.msg and ctx.recording_url:
        return node_turn(ctx, state.to(Node.RECORDED, msg=state.msg), [say(ctx, "recorded.done", state.lang)])
    return node_turn(ctx, state.to(Node.MESSAGE), [say(ctx, "message.nothing_heard", state.lang)])


def dialable(number: str) -> str:
    """A number as Twilio dials it: '+' and digits only ('' if it has no digits)."""
    digits = re.sub(r"\D", "", number)
    if not digits:
        return ""
    return ("+" if number.strip().startswith("+") else "") + digits


def goodbye_turn(ctx: FlowContext, state: CallState) -> Turn:
    """The polite end of a call that got no answer after a message was offered (never "call the
    hot line": that is the number the caller is on)."""
    return _turn(state, say(ctx, "goodbye.noinput", state.lang), Hangup()).marked(Mark(events.GAVE_UP))


def after_dial(ctx: FlowContext, state: CallState, dial_status: str) -> Turn:
    """The transfer ended: goodbye after a conversation, else an apology and the message menu."""
    if dial_status == "completed":
        return _turn(state, say(ctx, "goodbye", state.lang), Hangup())
    return node_turn(ctx, state.to(Node.MESSAGE), [say(ctx, "person.no_answer", state.lang)])


def on_no_input(ctx: FlowContext, state: CallState) -> Turn:
    """Silence: the first language by default; elsewhere the same menu's choices again, and the
    second time a person (or a message)."""
    if state.node == Node.LANGUAGE:
        return language_chosen(ctx, state, ctx.languages[0])
    tries = state.tries + 1
    if tries >= MAX_TRIES:
        return dead_end_turn(ctx, state)
    return node_turn(ctx, state.to(state.node, tries=tries), [say(ctx, "noinput", state.lang)], full=False,
                     detailed=True)


def on_invalid(ctx: FlowContext, state: CallState, key: str = "") -> Turn:
    """A key or word the menu does not have: name it, then the same menu's choices; the second
    time a person (or a message)."""
    tries = state.tries + 1
    if tries >= MAX_TRIES:
        return dead_end_turn(ctx, state).marked(Mark(events.INVALID))
    named = say(ctx, "invalid", state.lang, key=key) if key.isdigit() else say(ctx, "invalid.other", state.lang)
    return node_turn(ctx, state.to(state.node, tries=tries), [named], full=False,
                     detailed=True).marked(Mark(events.INVALID))


def language_chosen(ctx: FlowContext, state: CallState, lang: str, node: Node | None = None) -> Turn:
    """The caller has a language: the main menu, greeted in that language with whether the office
    is open now, unless the call began in it (the caller heard both already)."""
    if len(ctx.languages) == 1:
        greeting = "greeting"
    else:
        greeting = "greeting.short" if lang != ctx.languages[0] else ""
    return node_turn(ctx, CallState(node=Node.MAIN, lang=lang, slow=state.slow), greeting=greeting).marked(
        Mark(events.LANGUAGE, lang, node=node or state.node, lang=lang))


def start_turn(ctx: FlowContext, state: CallState) -> Turn:
    """The phone rings: the answer first (greeting, open now or not), then the language menu, or
    the main menu when there is one language only."""
    if len(ctx.languages) > 1:
        return node_turn(ctx, CallState(node=Node.LANGUAGE, lang=ctx.languages[0]), greeting="greeting")
    return language_chosen(ctx, CallState(), ctx.languages[0], Node.START)


# The answers to menu rows, by ``Option.does`` (a row that names a Node goes to that node's menu).
Answer = Callable[[FlowContext, CallState, str], Turn]


def _language_key(ctx: FlowContext, state: CallState, key: str) -> Turn:
    index = int(key) - 1
    if index >= len(ctx.languages):
        return on_invalid(ctx, state, key)
    return language_chosen(ctx, state, ctx.languages[index])


def _back(ctx: FlowContext, state: CallState, key: str) -> Turn:
    node = state.node
    if node == Node.RECORDED and state.msg:  # an unsent message is thrown away only when the caller says so
        return node_turn(ctx, state.to(Node.DISCARD, msg=state.msg))
    if node == Node.MAIN and len(ctx.languages) > 1:
        return node_turn(ctx, CallState(node=Node.LANGUAGE, lang=state.lang, slow=state.slow))
    if node != Node.LANGUAGE:
        return node_turn(ctx, state.to(Node.MAIN), full=node != Node.MAIN)
    return node_turn(ctx, state.to(Node.LANGUAGE))


def _discard(ctx: FlowContext, state: CallState, key: str) -> Turn:
    main = node_turn(ctx, state.to(Node.MAIN, msg=0), full=False)
    return _after([Effect("discard_message", message_id=state.msg)], main) if state.msg else main


def _skip(ctx: FlowContext, state: CallState, key: str) -> Turn:
    # The main menu starts again; elsewhere (hours, contacts) the information is left out.
    return node_turn(ctx, state.to(state.node), full=state.node == Node.MAIN)


def _slower(ctx: FlowContext, state: CallState, key: str) -> Turn:
    slower = state.to(state.node, slow=not state.slow)
    return node_turn(ctx, slower, [say(ctx, "slower.on" if slower.slow else "slower.off", state.lang)])


def _offer_callback(ctx: FlowContext, state: CallState, key: str) -> Turn:
    if not ctx.callback_number:
        return record_turn(ctx, state, [say(ctx, "callback.unknown", state.lang)])
    return node_turn(ctx, state.to(Node.CALLBACK))


def _listen(ctx: FlowContext, state: CallState, key: str) -> Turn:
    if not (state.msg and ctx.recording_url):
        return on_invalid(ctx, state, key)
    review = node_turn(ctx, state.to(Node.RECORDED, msg=state.msg), full=False)
    return _after([PlayRecording(ctx.recording_url)], review)


def _record_again(ctx: FlowContext, state: CallState, key: str) -> Turn:
    if not state.msg:
        return on_invalid(ctx, state, key)
    return record_turn(ctx, state, [Effect("discard_message", message_id=state.msg)])


def _send(ctx: FlowContext, state: CallState, key: str) -> Turn:
    if not state.msg:
        return on_invalid(ctx, state, key)
    # The adapter sends it and asks again with its reference number (event "filed": ``filed_turn``).
    return _turn(state, Effect("confirm_message", message_id=state.msg)).marked(Mark(events.MESSAGE))


def _request_callback(ctx: FlowContext, state: CallState, key: str) -> Turn:
    # The adapter files it and asks again with its reference number (event "filed": ``filed_turn``).
    return _turn(state, Effect("request_callback", number=ctx.callback_number)).marked(Mark(events.CALLBACK))


def _contact_part(ctx: FlowContext, state: CallState, key: str) -> Turn:
    # One part of the contacts answer again, then the contacts menu's choices.
    part = menus.CONTACTS.option(key)
    assert part is not None
    return node_turn(ctx, state.to(Node.CONTACTS), contacts_sentences(ctx, state.lang, part.does), full=False)


def _send_sms(ctx: FlowContext, state: CallState, key: str) -> Turn:
    return _turn(state, Effect("send_sms", number=ctx.callback_number)).marked(Mark(events.SMS))


ANSWERS: dict[str, Answer] = {
    "person": lambda ctx, state, key: person_turn(ctx, state),
    "repeat": lambda ctx, state, key: node_turn(ctx, state.to(state.node)),
    "slower": _slower,
    "back": _back,
    "discard": _discard,
    "skip": _skip,
    "language": _language_key,
    "first_language": lambda ctx, state, key: language_chosen(ctx, state, ctx.languages[0]),
    "send_sms": _send_sms,
    **{part: _contact_part for part in menus.CONTACT_PARTS},
    "record": lambda ctx, state, key: record_turn(ctx, state),
    "offer_callback": _offer_callback,
    "listen": _listen,
    "record_again": _record_again,
    "send": _send,
    "request_callback": _request_callback,
}


def answer_row(ctx: FlowContext, state: CallState, row: Option) -> Turn:
    """What a menu row does: its answer, or the menu of the node it leads to."""
    answer = ANSWERS.get(row.does)
    if answer is not None:
        return answer(ctx, state, row.key)
    return node_turn(ctx, state.to(Node(row.does), item=0))


def on_key(ctx: FlowContext, state: CallState, key: str) -> Turn:
    """A valid-looking key in a menu: its row in the menu's table (or the fixed keys')."""
    here: Menu = menus.menu(state.node)
    row = here.option(key)
    if state.node == Node.NEWS and (row is None or row in here.options):
        return on_news_key(ctx, state, row, key)
    if row is None or (row.strict and not holds(ctx, state, row.when)):
        return on_invalid(ctx, state, key)
    turn = answer_row(ctx, state, row)
    if here.counted and row.statistic and not any(mark.kind == events.INVALID for mark in turn.marks):
        turn = turn.marked(Mark(events.CHOICE, row.statistic))
    return turn


def on_news_key(ctx: FlowContext, state: CallState, row: Option | None, key: str) -> Turn:
    """Keys while hearing the news: more, next (or #), previous."""
    items = ctx.office.visible_headlines(state.lang)
    if not items:
        return node_turn(ctx, state)
    index = min(state.item, len(items) - 1)
    here = state.to(Node.NEWS, item=index)
    does = row.does if row is not None else ""
    if does == "more":
        summary = phrases.spell_out_numbers(items[index].text("summary", state.lang), state.lang)
        if not summary:
            return on_invalid(ctx, here, key)
        return node_turn(ctx, here, [say(ctx, "news.summary", state.lang, summary=summary)], full=False)
    if does == "next":
        if index + 1 >= len(items):
            return node_turn(ctx, state.to(Node.MAIN), [say(ctx, "news.last", state.lang)])
        return node_turn(ctx, state.to(Node.NEWS, item=index + 1))
    if does == "previous":
        if index == 0:
            return node_turn(ctx, here, [say(ctx, "news.first", state.lang)])
        return node_turn(ctx, state.to(Node.NEWS, item=index - 1))
    return on_invalid(ctx, here, key)


def respond(ctx: FlowContext, state: CallState, inp: CallerInput) -> Turn:
    """The whole call flow: what the caller hears next, where the call goes, and what happened
    (the turn's marks, which the call statistics count)."""
    if inp.event == "enter" or state.node == Node.START:
        turn = start_turn(ctx, state)
        return turn.marked(Mark(events.STARTED)) if inp.event == "enter" else turn
    if state.lang not in ctx.languages:
        state = CallState(state.node, ctx.languages[0], state.slow, state.tries, state.item)
    if inp.event == "noinput":
        return on_no_input(ctx, state).marked(Mark(events.NOINPUT))
    if inp.event == "dial":
        return after_dial(ctx, state, inp.dial_status).marked(Mark(events.TRANSFER_RESULT, inp.dial_status[:40]))
    if inp.event == "recorded":
        return after_recording(ctx, state)
    if inp.event == "sms":
        return after_sms(ctx, state, inp.outcome)
    if inp.event == "filed":
        return filed_turn(ctx, state, inp.outcome)
    if state.node == Node.PERSON:
        return node_turn(ctx, state.to(Node.MAIN))
    if state.node in (Node.REQUEST, Node.REQUEST_CHECK):
        return on_request_input(ctx, state, inp)
    key = interpret(state.node, inp)
    if key is None:
        return on_invalid(ctx, state)
    return on_key(ctx, state, key)
