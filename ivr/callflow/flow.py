"""The call flow: a pure function from (office, moment, call state, caller input) to steps.

Menu tree (keys; a spoken word works as well; the keys, words and hints are the tables in
``ivr.callflow.menus``, the answers are here):

    (ring)      the answer first: greeting and whether the office is open now, then the language menu
    language    1 Русский, 2 Беларуская, 3 English (in the office's order); no input -> first language
    main        1 office hours, 2 news, 3 contacts and receptions, 4 the same by SMS (when SMS is set up
                and the caller's number is known), 0 a person
    hours       whether the office is open now, then the weekly hours and the lunch break
    contacts    1 address and phones, 2 receptions and direct lines, 3 other services and organisations,
                4 address, phones and the next reception by SMS (when SMS is set up and the number known)
    own_contacts address and postal code, phones, hot line and fax, e-mail and web; then 1 the address
                again, 2 the numbers again, 3 e-mail and web again (when the office has them)
    receptions  the direct line on now (1 puts the caller through), then each reception's and direct
                line's next session: who, when, where or which number, how to sign up
    directory   one key per topic with organisations (emergency, housing, health, social): each one's
                name, what it handles, its phone and hours
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
from datetime import date, datetime, time, timedelta
from typing import Callable, Iterable, Mapping, Sequence

from ivr import languages, phrases, timetable
from ivr.callflow import events, menus
from ivr.callflow.context import CallerInput, FiledRequest, FlowContext
from ivr.callflow.menus import Menu, Option
from ivr.callflow.steps import (CallState, Dial, Effect, Gather, Hangup, Mark, Node, PlayRecording, Record, Redirect,
                                Say, Step, Turn)
from ivr.content.office import EMAIL, FAX, HOTLINE, PHONE, RECEPTION, WEB, Headline, Notice
from ivr.content.procedures import TOPICS, Procedure, by_number, in_topic, number_from_keys
from ivr.content.prompts import prompt_template, render
from ivr.receptions import Session, on_now, upcoming
from ivr.schedule import OfficeCalendar, OfficeStatus, Reason, State, callback_window

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
# After an urgent notice that opens a call, the shortest wait Twilio allows for a key ('#' skips
# it), then the greeting.
NOTICE_PAUSE = 1
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


def service_name(ctx: FlowContext, service_id: str, lang: str) -> str:
    """A service's name as said in ``lang`` (the reception's is a prompt staff may reword)."""
    service = ctx.office.service(service_id)
    if service is None:
        return render(prompt_template(ctx.office, "service.reception", lang), {})
    return service.name.get(lang) or next(iter(service.name.values()), service.id)


def hours_sentences(ctx: FlowContext, lang: str, service_id: str = RECEPTION) -> list[Say]:
    """The weekly hours of the reception (or of the service ``service_id``): groups of days with the
    same hours, the lunch break, the days off."""
    service = ctx.office.service(service_id)
    week = ctx.office.week if service is None else service.week
    named = {} if service is None else {"service": service_name(ctx, service_id, lang)}
    days_key, closed_key = ("hours.days", "hours.closed_days") if service is None else (
        "hours.service_days", "hours.service_closed_days")
    groups: list[tuple[int, int]] = []
    for day in range(7):
        if week.get(day) is None:
            continue
        if groups and groups[-1][1] == day - 1 and week.get(groups[-1][0]) == week.get(day):
            groups[-1] = (groups[-1][0], day)
        else:
            groups.append((day, day))
    # One lunch break for all the days that have one is said once, right after the last of those
    # days (with the weekdays, before a short Saturday that has none).
    lunches = {first: (h.lunch_start, h.lunch_end) for first, _ in groups
               if (h := week[first]) and h.lunch_start and h.lunch_end}
    one_lunch = len(set(lunches.values())) == 1
    out: list[Say] = []
    for first, last in groups:
        hours = week[first]
        assert hours is not None
        days = say(ctx, days_key, lang, days=phrases.weekday_range(first, last, lang),
                   hours=phrases.time_range(hours.opens, hours.closes, lang), **named)
        out.append(Say(_capitalised(days.text), lang, days.key))
        if first in lunches and (not one_lunch or first == max(lunches)):
            start, end = lunches[first]
            out.append(say(ctx, "hours.lunch", lang, hours=phrases.time_range(start, end, lang)))
    closed = [day for day in range(7) if week.get(day) is None]
    if closed:
        sentence = say(ctx, closed_key, lang, days=phrases.weekday_list(closed, lang), **named)
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


def _moment(t: time, lang: str) -> dict[str, str]:
    """A change of state as the status prompts may name it: {at} "в четырнадцать часов" or {until}
    "до четырнадцати часов" (an office's own wording may use either)."""
    return {"at": phrases.at_time(t, lang), "until": phrases.until_time(t, lang)}


def _status_now(ctx: FlowContext, lang: str, st: OfficeStatus | None = None, service: str = "") -> Say:
    """Open now or not and until when: the reception's (``status.*``), or with ``service`` (its name)
    one short sentence about that service (``status.service.*``)."""
    st = st or ctx.status
    prefix, named = ("status.service.", {"service": service}) if service else ("status.", {})
    change: datetime | None = st.next_change
    if st.state == State.OPEN and change is not None:
        key = "open_until_lunch" if st.next_state == State.LUNCH else "open_until_close"
        return say(ctx, prefix + key, lang, **_moment(change.time(), lang), **named)
    if st.state == State.LUNCH and change is not None:
        return say(ctx, prefix + "lunch", lang, **_moment(change.time(), lang), **named)
    if change is None:
        return say(ctx, prefix + "closed_indefinitely", lang, **named)
    values = {"when": _when(change.date(), ctx.today, lang), **_moment(change.time(), lang), **named}
    if service:
        reason = (st.closure.reason.get(lang) if st.closure else "") or ""
        if st.reason == Reason.CLOSURE and reason:
            return say(ctx, "status.service.closure", lang, reason=phrases.spell_out_numbers(reason, lang), **values)
        return say(ctx, "status.service.closed", lang, **values)
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


def _timezone(ctx: FlowContext) -> str:
    return str(ctx.status.moment.tzinfo)


def status_sentence(ctx: FlowContext, lang: str) -> Say:
    """The call's first sentence: whether the service most callers want (``ctx.main_service``; the
    reception by default) is open right now and when that changes."""
    if ctx.main_service != RECEPTION and ctx.office.service(ctx.main_service) is not None:
        now = timetable.service_status(ctx.office, ctx.main_service, ctx.status.moment, _timezone(ctx))
        return service_status_sentence(ctx, lang, now)
    return reception_status_sentence(ctx, lang)


def service_status_sentence(ctx: FlowContext, lang: str, now: timetable.ServiceNow) -> Say:
    """One short sentence on whether a service is open now (for a service without hours: its number)."""
    name = _capitalised(service_name(ctx, now.id, lang))
    if now.status is None:
        phone = now.service.phone if now.service is not None else ""
        return say(ctx, "status.service.phone", lang, service=name,
                   phone=phrases.phone_number(phone, lang, ctx.office.reading_of(phone)))
    return _status_now(ctx, lang, now.status, name)


def services_now_sentences(ctx: FlowContext, lang: str) -> list[Say]:
    """Open now, for every service: the reception's sentence, then one short one per other service."""
    others = timetable.services_now(ctx.office, ctx.status.moment, _timezone(ctx))[1:]
    return [reception_status_sentence(ctx, lang)] + [service_status_sentence(ctx, lang, now) for now in others]


def special_sentences(ctx: FlowContext, lang: str, service_id: str = "") -> list[Say]:
    """The coming days whose hours differ (today included), for every service or one: "On Friday the
    reception is open from 8:30 to 16:30", "Tomorrow the one-stop shop is closed: a training day"."""
    out: list[Say] = []
    for differs in timetable.days_that_differ(ctx.office, ctx.today, timezone=_timezone(ctx)):
        if service_id and differs.service_id != service_id:
            continue
        values = {"when": _when(differs.day, ctx.today, lang), "service": service_name(ctx, differs.service_id, lang)}
        if differs.hours is not None:
            sentence = say(ctx, "hours.special", lang,
                           hours=phrases.time_range(differs.hours.opens, differs.hours.closes, lang), **values)
        else:
            reason = phrases.spell_out_numbers(differs.reason.get(lang, ""), lang)
            key = "hours.special_closed" if reason else "hours.special_closed_plain"
            sentence = say(ctx, key, lang, reason=reason, **values)
        out.append(Say(_capitalised(sentence.text), lang, sentence.key))
    return out


def notice_sentence(ctx: FlowContext, notice: Notice, lang: str) -> Say:
    """An urgent notice as heard (in ``lang``, else in the first language it was written in)."""
    text = notice.text.get(lang) or next(iter(notice.text.values()), "")
    return say(ctx, "notice", lang, text=phrases.spell_out_numbers(text, lang))


def notice_sentences(ctx: FlowContext, lang: str) -> list[Say]:
    """The urgent notices on at this moment (gone by themselves after their end)."""
    return [notice_sentence(ctx, notice, lang) for notice in ctx.office.active_notices(ctx.status.moment)]


def reception_status_sentence(ctx: FlowContext, lang: str) -> Say:
    """Whether the reception is open right now and when that changes; on a weekend day that is a
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


def _calendar(ctx: FlowContext) -> OfficeCalendar:
    return ctx.office.calendar(timezone=str(ctx.status.moment.tzinfo))


def direct_line_now(ctx: FlowContext) -> Session | None:
    """The direct line that answers at this moment (None when none does)."""
    return on_now(ctx.office.receptions, _calendar(ctx), ctx.status.moment)


def _session_day(session: Session, today: date, lang: str) -> str:
    """'today' or 'tomorrow', else the weekday with the date ("on Wednesday, December ninth")."""
    if session.day - today <= timedelta(days=1):
        return phrases.date_words(session.day, lang, today=today)
    return phrases.on_weekday_date(session.day, lang, today=today)


def _who(session: Session, lang: str) -> str:
    reception = session.reception
    return ", ".join(part for part in (reception.post.get(lang, ""), reception.who.get(lang, "")) if part)


def _number(number: str, ctx: FlowContext, lang: str) -> str:
    return phrases.phone_number(number, lang, ctx.office.reading_of(number))


def reception_sentences(ctx: FlowContext, lang: str) -> list[Say]:
    """The direct line on now (if any), then each reception's and direct line's next session: who,
    when, where or which number, and how to sign up."""
    now = direct_line_now(ctx)
    out: list[Say] = []
    if now is not None:
        out.append(say(ctx, "receptions.line_now", lang, who=_who(now, lang),
                       hours=phrases.time_range(now.reception.starts, now.reception.ends, lang),
                       number=_number(now.reception.phone, ctx, lang)))
    sessions = [s for s in upcoming(ctx.office.receptions, _calendar(ctx), ctx.status.moment)
                if now is None or s.reception != now.reception]
    for session in sessions:
        reception = session.reception
        values = {"who": _who(session, lang), "when": _session_day(session, ctx.today, lang),
                  "hours": phrases.time_range(reception.starts, reception.ends, lang)}
        if reception.is_direct_line:
            out.append(say(ctx, "receptions.direct_line", lang, number=_number(reception.phone, ctx, lang), **values))
            continue
        out.append(say(ctx, "receptions.reception", lang, **values))
        if reception.place.get(lang):
            out.append(say(ctx, "receptions.place", lang, place=phrases.spell_out_numbers(reception.place[lang], lang)))
        if reception.signup.get(lang):
            out.append(say(ctx, "receptions.signup", lang,
                           signup=phrases.spell_out_numbers(reception.signup[lang], lang).rstrip(".")))
        if reception.phone:
            out.append(say(ctx, "receptions.signup_phone", lang, number=_number(reception.phone, ctx, lang)))
    return out or [say(ctx, "receptions.none", lang)]


def directory_sentences(ctx: FlowContext, lang: str, topic: str) -> list[Say]:
    """The organisations of one topic: each one's name and what it handles, its phone, its hours."""
    out: list[Say] = []
    for organisation in ctx.office.in_topic(topic):
        name, handles = organisation.name.get(lang, ""), organisation.handles.get(lang, "")
        what = phrases.spell_out_numbers(f"{name}: {handles}" if handles else name, lang).rstrip(".")
        out.append(say(ctx, "directory.entry", lang, what=what, number=_number(organisation.phone, ctx, lang)))
        if organisation.hours.get(lang):
            out.append(say(ctx, "directory.hours", lang,
                           hours=phrases.spell_out_numbers(organisation.hours[lang], lang).rstrip(".")))
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
        finish_on_key="#" if state.node == Node.PROCEDURE_NUMBER else "",
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
    wait = SLOW_TIMEOUT if state.slow else TIMEOUT
    if state.node == Node.LANGUAGE:  # silence there is no mistake: it chooses the first language
        return _turn(state, _gather(ctx, state, prompts, LANGUAGE_TIMEOUT), Redirect(state, "noinput"))
    first = _gather(ctx, state, prompts, wait)
    warning = _warning(ctx, state)
    return _turn(state, replace(first, silence="quiet") if warning else first, *warning, Redirect(state, "noinput"))


def _warning(ctx: FlowContext, state: CallState) -> list[Step]:
    """The short warning after a menu's first silence, listening for key 8 (none where 8 is no key)."""
    more_time = menus.FIXED_BY_KEY["8"]
    if more_time.key not in menus.menu(state.node).fixed:
        return []
    warning = say(ctx, menus.FASTER_PROMPT if state.slow else more_time.prompt, state.lang, key=more_time.key)
    return [_gather(ctx, state, [warning], SLOW_WARNING_TIMEOUT if state.slow else WARNING_TIMEOUT)]


def quiet_turn(ctx: FlowContext, state: CallState) -> Turn:
    """A menu's first silence, where the provider asks again (jambonz): the warning, then "noinput"."""
    return _turn(state, *_warning(ctx, state), Redirect(state, "noinput"))


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
    if condition == menus.VOICE:
        return ctx.voice_messages
    if condition == menus.ONLINE:
        return bool(ctx.office.of_kind(EMAIL, WEB))
    if condition.startswith(menus.SERVICE):
        return len(ctx.office.services) >= int(condition[len(menus.SERVICE):])
    if condition == menus.DIRECT_LINE_ON:
        return direct_line_now(ctx) is not None
    if condition.startswith(menus.DIRECTORY_TOPIC):
        return bool(ctx.office.in_topic(condition.removeprefix(menus.DIRECTORY_TOPIC)))
    if condition == menus.PROCEDURES:
        return any(p.text("title", state.lang) for p in ctx.office.procedures)
    if condition == menus.MORE_PAGES:
        return len(page_items(ctx, state)) > (state.item + 1) * PAGE
    if condition == menus.SUMMARY:
        headline = current_headline(ctx, state)
        return headline is not None and bool(headline.text("summary", state.lang))
    raise ValueError(f"unknown menu condition {condition!r}")


def options(ctx: FlowContext, state: CallState, extra: Sequence[Say] = (),
            row_values: Mapping[str, dict[str, str]] | None = None, **values: dict[str, str]) -> list[Say]:
    """The choices the menu at ``state`` reads out, in its order, option before key; only those
    offered now; then ``extra`` and the one short line for the fixed keys. ``values``: extra
    placeholder values by prompt key; ``row_values``: by the row's key."""
    here = menus.menu(state.node)
    out = []
    for key in here.read:
        row = here.option(key)
        if row is None or not row.prompt or not holds(ctx, state, row.when):
            continue
        out.append(say(ctx, row.prompt, state.lang, key=row.key, **values.get(row.prompt, {}),
                       **(row_values or {}).get(row.key, {})))
    return out + list(extra) + ([say(ctx, here.keys, state.lang)] if here.keys else [])


def language_options(ctx: FlowContext) -> list[Say]:
    """One line per language, each in its own language."""
    return [say(ctx, "language.option", lang, key=str(i)) for i, lang in enumerate(ctx.languages, start=1)]


def welcome_sentences(ctx: FlowContext, lang: str, greeting: str) -> list[Say]:
    """The answer first: the greeting (prompt ``greeting``), then whether the office is open now,
    in ``lang`` and then in each of the office's other languages: a caller who presses nothing
    learns it in their own language before any menu."""
    others = [other for other in ctx.languages if other != lang]
    return [say(ctx, greeting, lang)] + [status_sentence(ctx, each) for each in [lang, *others]]


def after_sms(ctx: FlowContext, state: CallState, outcome: str) -> Turn:
    """Whether the text is on its way, then the choices of the menu it was asked for in."""
    key = {"queued": "sms.sent", "limit": "sms.limit"}.get(outcome, "sms.unavailable")
    if key == "sms.sent" and state.node == Node.PROCEDURE:
        key = "procedure.sms_sent"
    return node_turn(ctx, state.to(state.node), [say(ctx, key, state.lang)], full=False)


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
              greeting: str = "", detailed: bool = False, notices: bool = True) -> Turn:
    """The node's menu, after ``before``; ``full`` includes the node's information, not just choices;
    ``greeting``: the prompt that greets the caller first, with whether the office is open now, after
    the urgent notices on now (``notices``: False once a caller skipped them)."""
    lead = list(before)
    lang = state.lang
    # An urgent notice comes first, before the greeting, in each language the caller is greeted in.
    notice = notice_sentences(ctx, lang) if greeting and notices else []
    intro = welcome_sentences(ctx, lang, greeting) if greeting else []
    if state.node == Node.LANGUAGE:
        menu = _menu_turn(ctx, state, lead + intro + language_options(ctx) + [say(ctx, menus.LANGUAGE.keys, lang)])
        if not notice:
            return menu
        # The notice listens on its own, so that '#' there skips it instead of choosing the first
        # language (the language menu's '#'); after it, the greeting and the language menu follow.
        listening = replace(_gather(ctx, state, notice, NOTICE_PAUSE), action=state.to(Node.NOTICE))
        return _after([listening], menu)
    intro = notice + intro
    if state.node == Node.MAIN:
        hint = [say(ctx, "hint.speech", lang)] if detailed else []
        return _menu_turn(ctx, state, lead + intro + options(ctx, state, hint))
    if state.node == Node.HOURS:
        # The answer first: open or not right now, then the week; and, once, where to read it all
        # (the web page; by text: the main menu's option 4).
        # Every service's state now, the coming days that differ, the reception's week; each other
        # service's week is an option of this menu.
        web = [say(ctx, "info.web", lang, web=ctx.web_address)] if ctx.web_address else []
        info = services_now_sentences(ctx, lang) + special_sentences(ctx, lang) + hours_sentences(ctx, lang) + web
        names = {str(i): {"service": _capitalised(service_name(ctx, s.id, lang))}
                 for i, s in enumerate(ctx.office.services, start=1)}
        return _menu_turn(ctx, state, lead + (info if full else []) + options(ctx, state, row_values=names))
    if state.node in (Node.CONTACTS, Node.DIRECTORY):
        return _menu_turn(ctx, state, lead + options(ctx, state))
    if state.node == Node.OWN_CONTACTS:
        info = contacts_sentences(ctx, lang) if full else []
        return _menu_turn(ctx, state, lead + info + options(ctx, state))
    if state.node == Node.RECEPTIONS:
        info = reception_sentences(ctx, lang) if full else []
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
    if state.node in (Node.MESSAGE, Node.RECORDED, Node.PROCEDURES):
        if state.node != Node.PROCEDURES and not ctx.voice_messages:
            return no_voice_turn(ctx, state, lead)
        return _menu_turn(ctx, state, lead + options(ctx, state))
    if state.node in PROCEDURE_NODES:
        return procedure_turn(ctx, state, lead, full)
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


# -- procedures --------------------------------------------------------------------------------

# The nodes where a caller finds and hears a procedure (their turns are built by procedure_turn).
PROCEDURE_NODES = (Node.PROCEDURE_NUMBER, Node.TOPICS, Node.TOPIC, Node.DOCUMENT, Node.PROCEDURE)
# Topics or procedures offered at a time (then "more": #).
PAGE = 4


def _word(ctx: FlowContext, prompt: str, lang: str, **values: str) -> str:
    """A prompt's text without its closing stop, to be part of another sentence."""
    return say(ctx, prompt, lang, **values).text.rstrip(".!? ")


def procedure_number_words(ctx: FlowContext, number: str, lang: str) -> str:
    """A procedure number as said aloud: "один точка один точка пять"."""
    dot = f" {_word(ctx, 'procedure.dot', lang)} "
    return dot.join(phrases.number(int(group), lang) for group in number.split("."))


def page_items(ctx: FlowContext, state: CallState) -> list[str] | list[Procedure]:
    """What the list at ``state`` offers: the topics with procedures in the caller's language, or
    the procedures of ``state.topic``."""
    if state.node == Node.TOPIC:
        return in_topic(ctx.office.procedures, state.topic, state.lang)
    return [topic for topic in TOPICS if in_topic(ctx.office.procedures, topic, state.lang)]


def heard_procedure(ctx: FlowContext, state: CallState) -> Procedure | None:
    """The procedure at ``state.proc`` if a caller in ``state.lang`` can hear it."""
    found = by_number(ctx.office.procedures, state.proc)
    return found if found is not None and found.text("title", state.lang) else None


def _procedure_text(procedure: Procedure, part: str, lang: str) -> str:
    # Clerk-typed text, numbers written out in words, without its closing stop (a sentence's part).
    return phrases.spell_out_numbers(procedure.text(part, lang), lang).rstrip(".!? ")


def procedure_summary(ctx: FlowContext, procedure: Procedure, lang: str) -> list[Say]:
    """After the documents: the fee, the term, how long the result is valid and where to go."""
    return [say(ctx, f"procedure.{part}", lang, **{part: _procedure_text(procedure, part, lang)})
            for part in ("fee", "term", "validity", "where") if procedure.text(part, lang)]


def procedure_turn(ctx: FlowContext, state: CallState, lead: list[Say], full: bool) -> Turn:
    """The procedure menus: the number prompt, a page of topics or procedures, one document, or
    the summary. A procedure the caller cannot hear (gone since the URL was made) leads back to
    the procedures menu."""
    lang = state.lang
    if state.node == Node.PROCEDURE_NUMBER:
        return _menu_turn(ctx, state, lead + [say(ctx, "procedure.enter_number", lang)])
    if state.node in (Node.TOPICS, Node.TOPIC):
        items = page_items(ctx, state)
        if not items:
            return node_turn(ctx, state.to(Node.PROCEDURES), lead)
        page = min(state.item, (len(items) - 1) // PAGE)
        here = state.to(state.node, item=page)
        shown = items[page * PAGE:(page + 1) * PAGE]
        if state.node == Node.TOPICS:
            lines = [say(ctx, "topics.option", lang, key=str(i), topic=_word(ctx, f"topic.{name}", lang))
                     for i, name in enumerate(shown, start=1)]
        else:
            lines = [say(ctx, "topic.option", lang, key=str(i), number=procedure_number_words(ctx, p.number, lang),
                         title=_procedure_text(p, "title", lang)) for i, p in enumerate(shown, start=1)]
        return _menu_turn(ctx, here, lead + lines + options(ctx, here))
    procedure = heard_procedure(ctx, state)
    if procedure is None:
        return node_turn(ctx, state.to(Node.PROCEDURES), lead)
    if state.node == Node.PROCEDURE:
        info = procedure_summary(ctx, procedure, lang) if full else []
        return _menu_turn(ctx, state, lead + info + options(ctx, state))
    documents = procedure.documents_in(lang)
    title = [say(ctx, "procedure.title", lang, number=procedure_number_words(ctx, procedure.number, lang),
                  title=_procedure_text(procedure, "title", lang))] if full and state.item == 0 else []
    if not documents:
        return node_turn(ctx, state.to(Node.PROCEDURE), lead + title + [say(ctx, "procedure.no_documents", lang)])
    index = min(state.item, len(documents) - 1)
    here = state.to(Node.DOCUMENT, item=index)
    document = say(ctx, "document.item", lang, position=phrases.count_of(index + 1, len(documents), lang),
                   document=phrases.spell_out_numbers(documents[index], lang).rstrip(".!? "))
    return _menu_turn(ctx, here, lead + title + [document] + options(ctx, here))


def open_procedure(ctx: FlowContext, state: CallState, procedure: Procedure) -> Turn:
    """A procedure the caller asked for: its title and first document (counted by its number)."""
    turn = node_turn(ctx, state.to(Node.DOCUMENT, proc=procedure.number, item=0))
    return turn.marked(Mark(events.PROCEDURE, procedure.number))


def procedure_number_turn(ctx: FlowContext, state: CallState, inp: CallerInput) -> Turn:
    """The caller keyed (or said) a procedure's number: hear it, or hear that there is none with
    that number and choose again (another number, or by topic)."""
    # A spoken answer without digits may still be a fixed key's word ("сотрудник", "назад").
    keys = inp.digits.strip() or ("" if re.search(r"\d", inp.speech) else interpret(state.node, inp) or "")
    if keys in menus.PROCEDURE_NUMBER.fixed:
        return on_key(ctx, state, keys)
    number = number_from_keys(keys) if keys else number_from_keys(".".join(re.findall(r"\d+", inp.speech)))
    if not number:
        return on_invalid(ctx, state, "")
    procedure = by_number(ctx.office.procedures, number)
    if procedure is None or not procedure.text("title", state.lang):
        missing = say(ctx, "procedure.not_found", state.lang, number=procedure_number_words(ctx, number, state.lang))
        return node_turn(ctx, state.to(Node.PROCEDURES), [missing]).marked(Mark(events.PROCEDURE_MISSING, number))
    return open_procedure(ctx, state, procedure)


def _choose(ctx: FlowContext, state: CallState, key: str) -> Turn:
    # A line of the page being heard: a topic's procedures, or a procedure.
    items = page_items(ctx, state)
    index = state.item * PAGE + int(key) - 1
    if index >= min(len(items), (state.item + 1) * PAGE):
        return on_invalid(ctx, state, key)
    chosen = items[index]
    if isinstance(chosen, Procedure):
        return open_procedure(ctx, state, chosen)
    return node_turn(ctx, state.to(Node.TOPIC, topic=chosen, item=0))


def _more_choices(ctx: FlowContext, state: CallState, key: str) -> Turn:
    # The next page; after the last one, the first again.
    more = holds(ctx, state, menus.MORE_PAGES)
    return node_turn(ctx, state.to(state.node, item=state.item + 1 if more else 0))


def _next_document(ctx: FlowContext, state: CallState, key: str) -> Turn:
    procedure = heard_procedure(ctx, state)
    if procedure is not None and state.item + 1 < len(procedure.documents_in(state.lang)):
        return node_turn(ctx, state.to(Node.DOCUMENT, item=state.item + 1))
    return node_turn(ctx, state.to(Node.PROCEDURE, item=0))


def _procedure_sms(ctx: FlowContext, state: CallState, key: str) -> Turn:
    return _turn(state, Effect("send_sms", number=ctx.callback_number, procedure=state.proc)).marked(
        Mark(events.SMS, state.proc))


# -- reference numbers, "my request" ------------------------------------------------------------


def reference_words(reference: str, lang: str) -> str:
    """A reference number read digit by digit: «четыре, семь, ноль, один, два»."""
    return ", ".join(phrases.digits(digit, lang) for digit in reference)


def next_personal_reception(ctx: FlowContext) -> date | None:
    """The day of the next personal reception of citizens (not a direct line), for the law's sentence;
    None when the office lists none."""
    personal = (r for r in ctx.office.receptions if not r.is_direct_line)
    soonest = next(iter(upcoming(personal, _calendar(ctx), ctx.status.moment)), None)
    return soonest.day if soonest is not None else None


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
        steps += check_later_sentences(ctx, state, lang)
    return _turn(state, *steps, *law_sentences(ctx, lang), say(ctx, "goodbye", lang), Hangup())


def check_later_sentences(ctx: FlowContext, state: CallState, lang: str) -> list[Say]:
    """How to check on a filed request by phone: say «моё обращение» in the main menu; on a line
    without speech input, the keys (main menu 4, then 3), which are there only while the procedures
    menu is offered in ``lang`` (else nothing true can be said)."""
    if ctx.speech_input:
        return [say(ctx, "request.check_later", lang)]
    if not holds(ctx, state, menus.PROCEDURES):
        return []
    main = next(row.key for row in menus.MAIN.options if row.does == Node.PROCEDURES)
    request = next(row.key for row in menus.PROCEDURES_MENU.options if row.does == Node.REQUEST)
    return [say(ctx, "request.check_later_keys", lang, menu=main, option=request)]


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


def put_through(ctx: FlowContext, state: CallState, prompt: str, number: str) -> Turn:
    """Say ``prompt``, then dial ``number`` (a dialable one); the call comes back when it ends."""
    return _turn(state, say(ctx, prompt, state.lang),
                 Dial(number=number, action=state.to(Node.PERSON), timeout=DIAL_TIMEOUT,
                      caller_id=ctx.caller_id)).marked(Mark(events.TRANSFER))


def person_turn(ctx: FlowContext, state: CallState) -> Turn:
    """Key 0: put the caller through in office hours, else say when to call."""
    lang = state.lang
    number = dialable(ctx.office.transfer_number)
    if ctx.status.is_open and number:
        return put_through(ctx, state, "person.connecting", number)
    lead = [reception_status_sentence(ctx, lang), say(ctx, "person.closed", lang)]
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
        return put_through(ctx, state, "help.connecting", number)
    return node_turn(ctx, state.to(Node.MESSAGE), [say(ctx, "help.message", lang)])


def read_back(number: str, lang: str) -> str:
    """A number read digit by digit, in the groups a person would pause at."""
    plus, groups = phrases.phone_groups(number)
    spoken = [phrases.digits(group, lang) for group in groups]
    return ", ".join(([phrases.language_module(lang).PLUS] if plus else []) + spoken)


def no_voice_turn(ctx: FlowContext, state: CallState, before: Sequence[Say] = ()) -> Turn:
    """On a line that cannot record (jambonz): the call-back instead of a message, said so; with a
    hidden number, when to call again, and goodbye."""
    lang = state.lang
    if ctx.callback_number:
        return node_turn(ctx, state.to(Node.CALLBACK), [*before, say(ctx, "message.callback_only", lang)])
    return _turn(state, *before, say(ctx, "message.no_voice_hidden", lang), say(ctx, "goodbye", lang), Hangup())


def record_turn(ctx: FlowContext, state: CallState, before: Sequence[Step] = ()) -> Turn:
    """Ask for the message, record it, and go on to reviewing it (the call-back where the line
    cannot record)."""
    if not ctx.voice_messages:
        return no_voice_turn(ctx, state, [step for step in before if isinstance(step, Say)])
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
    """The caller has a language: the main menu (the greeting and whether the office is open now,
    in every language, came before the language menu; an office with one language has none, and
    greets here). An urgent notice, heard first in the first language, is said again in another."""
    greeting = "greeting" if len(ctx.languages) == 1 else ""
    again = notice_sentences(ctx, lang) if not greeting and lang != ctx.languages[0] else []
    return node_turn(ctx, CallState(node=Node.MAIN, lang=lang, slow=state.slow), again, greeting=greeting).marked(
        Mark(events.LANGUAGE, lang, node=node or state.node, lang=lang))


def after_notice(ctx: FlowContext, state: CallState, inp: CallerInput) -> Turn:
    """Input while the urgent notice that opened the call played: '#' or «дальше» (or silence, from a
    provider that reports it) goes on to the greeting and the language menu without the notice and
    without choosing a language; anything else is the language menu's answer."""
    opening = state.to(Node.LANGUAGE)
    if inp.event in ("noinput", "quiet") or (not inp.event and interpret(Node.LANGUAGE, inp) == "#"):
        return node_turn(ctx, opening, greeting="greeting", notices=False)
    return respond(ctx, opening, inp)


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
    part = menus.OWN_CONTACTS.option(key)
    assert part is not None
    return node_turn(ctx, state.to(Node.OWN_CONTACTS), contacts_sentences(ctx, state.lang, part.does), full=False)


def _direct_line(ctx: FlowContext, state: CallState, key: str) -> Turn:
    # Put through to the direct line that answers now (the row is offered only while one does).
    session = direct_line_now(ctx)
    number = dialable(session.reception.phone) if session else ""
    if not number:
        return on_invalid(ctx, state, key)
    return put_through(ctx, state, "receptions.connecting", number)


def _topic(ctx: FlowContext, state: CallState, key: str) -> Turn:
    # The organisations of the topic under this key, then the topics again.
    row = menus.DIRECTORY.option(key)
    assert row is not None
    topic = row.when.removeprefix(menus.DIRECTORY_TOPIC)
    return node_turn(ctx, state.to(Node.DIRECTORY), directory_sentences(ctx, state.lang, topic), full=False)


def _service_hours(ctx: FlowContext, state: CallState, key: str) -> Turn:
    # One service of the hours menu: open now or its number, its days that differ, its week.
    service = ctx.office.services[int(key) - 1]
    now = timetable.service_status(ctx.office, service.id, ctx.status.moment, _timezone(ctx))
    info = [service_status_sentence(ctx, state.lang, now)] + special_sentences(ctx, state.lang, service.id)
    if service.has_hours:
        info += hours_sentences(ctx, state.lang, service.id)
    return node_turn(ctx, state.to(Node.HOURS), info, full=False)


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
    "service_hours": _service_hours,
    **{part: _contact_part for part in menus.CONTACT_PARTS},
    "direct_line": _direct_line,
    "topic": _topic,
    "record": lambda ctx, state, key: record_turn(ctx, state),
    "offer_callback": _offer_callback,
    "listen": _listen,
    "record_again": _record_again,
    "send": _send,
    "request_callback": _request_callback,
    "choose": _choose,
    "more_choices": _more_choices,
    "next_document": _next_document,
    "documents_again": lambda ctx, state, key: node_turn(ctx, state.to(Node.DOCUMENT, item=0)),
    "procedure_sms": _procedure_sms,
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
    if state.node == Node.NOTICE:
        return after_notice(ctx, state, inp)
    if inp.event == "noinput":
        return on_no_input(ctx, state).marked(Mark(events.NOINPUT))
    if inp.event == "quiet":
        return quiet_turn(ctx, state)
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
    if state.node == Node.PROCEDURE_NUMBER:
        return procedure_number_turn(ctx, state, inp)
    if state.node in (Node.REQUEST, Node.REQUEST_CHECK):
        return on_request_input(ctx, state, inp)
    key = interpret(state.node, inp)
    if key is None:
        return on_invalid(ctx, state)
    return on_key(ctx, state, key)
