"""The call flow: a pure function from (office, moment, call state, caller input) to steps.

Menu tree (keys; a spoken word works as well):

    language    1 Русский, 2 Беларуская, 3 English (in the office's order); no input -> first language
    main        1 office hours and open-now, 2 news, 3 address and phones, 4 the same by SMS (when
                SMS is set up and the caller's number is known), 0 a person
    hours       the weekly hours, lunch break and whether the office is open now
    contacts    address, office phones, the hot line
    news        one headline at a time: 1 more about it, 2 next, 3 previous
    (0, closed or no answer) message: 1 leave a voice message, 2 ask for a call back
    recorded    1 listen to it, 2 record again, 3 send
    callback    the caller's number read back digit by digit: 1 confirm, 2 a voice message instead

Fixed keys in every menu: * back (main menu; from the main menu, the language menu),
0 a person, 9 repeat, 8 slower speech and longer waits (again: normal), # skip the message.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Iterable, Mapping, Sequence

from ivr import phrases
from ivr.content.office import Headline, Office
from ivr.content.prompts import prompt_template, render
from ivr.schedule import OfficeStatus, Reason, State
from ivr.voice.steps import (CallState, Dial, Effect, Gather, Hangup, PlayRecording, Record, Redirect, Say, Step,
                             Turn)

MAX_TRIES = 3
TIMEOUT = 6
SLOW_TIMEOUT = 10
DIAL_TIMEOUT = 20
MESSAGE_SECONDS = 120
PLUS = {"ru": "плюс", "be": "плюс", "en": "plus"}
KEYS = set("0123456789*#")

LANGUAGE_NAMES = {"ru": "русский", "be": "беларуская", "en": "English"}
CONJUNCTION = {"ru": "и", "be": "і", "en": "and"}


@dataclass(frozen=True)
class CallerInput:
    """What the caller did: one key, a spoken phrase, nothing (no input) or a finished transfer."""

    digits: str = ""
    speech: str = ""
    event: str = ""  # "" for a menu answer, "enter", "noinput", "dial", "recorded", "sms"
    dial_status: str = ""
    outcome: str = ""  # for "sms": what became of the request ("queued", "limit")


@dataclass(frozen=True)
class FlowContext:
    """The facts a call step needs: the office's content and its status at this moment."""

    office: Office
    status: OfficeStatus
    languages: tuple[str, ...]
    caller_id: str = ""
    caller_number: str = ""  # the caller's own number, when the network tells it
    recording_url: str = ""  # the recorded message under review (state.msg), if any
    sms_available: bool = False  # texts can be sent (SMS is configured)
    max_message_seconds: int = MESSAGE_SECONDS

    @property
    def today(self) -> date:
        return self.status.moment.date()


# -- sentences ---------------------------------------------------------------------------------


def say(ctx: FlowContext, prompt: str, lang: str, /, **values: str) -> Say:
    """The prompt ``prompt`` in ``lang`` with its placeholders filled."""
    return Say(phrases.tidy(render(prompt_template(ctx.office, prompt, lang), values), lang), lang, prompt)


def join_words(items: Sequence[str], lang: str) -> str:
    """'a', 'a и b', 'a, b и c' in the language's own conjunction."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {CONJUNCTION[lang]} {items[-1]}"


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
            out.append(say(ctx, "hours.lunch", lang, hours=phrases.time_range(hours.lunch_start, hours.lunch_end, lang)))
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
    name = status.holiday_names.get(lang) or ""
    # "Выходной (перенесено с 25.04.2026)": the bracketed date is for calendars, not for the ear.
    return re.sub(r"\s*\([^)]*\d[^)]*\)", "", name).strip()


def status_sentence(ctx: FlowContext, lang: str) -> Say:
    """Whether the office is open right now and when that changes."""
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


def hotline_words(ctx: FlowContext, lang: str) -> str:
    """The hot line number as a person would dictate it."""
    return phrases.phone_number(ctx.office.hotline, lang)


def contacts_sentence(ctx: FlowContext, lang: str) -> Say:
    """Address with postal code, the office's phone numbers and the hot line."""
    office = ctx.office
    return say(
        ctx, "contacts", lang,
        postal_code=phrases.postal_code(office.postal_code, lang) if office.postal_code else "",
        address=phrases.spell_out_numbers(office.address.get(lang, ""), lang),
        phones=join_words([phrases.phone_number(p, lang) for p in office.phones], lang),
        hotline=hotline_words(ctx, lang),
    )


# -- speech input ------------------------------------------------------------------------------

# Stems in all three languages: a caller may answer in any of them, whatever menu language.
_NUMBER_WORDS = {
    "1": ("один", "одна", "адзін", "адна", "one"),
    "2": ("два", "две", "дзве", "two"),
    "3": ("три", "тры", "three"),
    "0": ("ноль", "нуль", "zero"),
}
_COMMON_WORDS = {
    "0": ("сотрудник", "оператор", "человек", "соедин", "супрацоўнік", "аператар", "чалавек", "злуч",
          "person", "operator", "someone", "human", "staff"),
    "9": ("повтор", "паўтар", "ещё раз", "яшчэ раз", "repeat", "again"),
    "8": ("медлен", "павольн", "помедл", "slow"),
    "*": ("назад", "главное меню", "галоўнае меню", "back", "main menu"),
    "#": ("дальше", "далей", "пропуст", "прапус", "skip"),
}
_NODE_WORDS: dict[str, dict[str, tuple[str, ...]]] = {
    "language": {
        "1": ("русск", "россий", "russian"),
        "2": ("беларус", "белорус", "belarus"),
        "3": ("english", "англ", "ингл"),
    },
    "main": {
        "1": ("час", "врем", "режим", "график", "расписан", "работ", "обед", "перерыв",
              "гадзін", "расклад", "прац", "абед", "перапын", "hour", "time", "open", "lunch", "schedule"),
        "2": ("новост", "навін", "news", "headline"),
        "3": ("адрес", "адрас", "телефон", "тэлефон", "контакт", "address", "phone", "contact", "where"),
        "4": ("смс", "sms", "эсэмэс", "эсэмэску", "text message", "text me"),
    },
    "message": {
        "1": ("сообщ", "паведамл", "запис", "message", "record", "voicemail"),
        "2": ("перезвон", "ператэлеф", "звонок", "званок", "call back", "callback", "call me"),
    },
    "recorded": {
        "1": ("прослуш", "праслух", "послуш", "паслух", "listen", "play"),
        "2": ("заново", "нанова", "перезапис", "перазапіс", "again", "re-record"),
        "3": ("отправ", "адправ", "послать", "send", "done"),
    },
    "callback": {
        "1": ("да", "так", "верн", "правільн", "правильн", "yes", "right", "correct"),
        "2": ("сообщ", "паведамл", "message"),
    },
    "news": {
        "1": ("подроб", "падраб", "больше", "болей", "more", "detail"),
        "2": ("следующ", "наступн", "next"),
        "3": ("предыдущ", "папярэдн", "previous", "before"),
    },
}
_HINTS = {
    "language": {"ru": ("русский", "беларуская", "English")},
    "main": {
        "ru": ("часы работы", "новости", "адрес", "телефон", "сотрудник", "повторить", "медленнее", "назад"),
        "be": ("час працы", "навіны", "адрас", "тэлефон", "супрацоўнік", "паўтарыць", "павольней", "назад"),
        "en": ("office hours", "news", "address", "phone", "person", "repeat", "slower", "back"),
    },
    "news": {
        "ru": ("подробнее", "следующая", "предыдущая", "повторить", "назад"),
        "be": ("падрабязней", "наступная", "папярэдняя", "паўтарыць", "назад"),
        "en": ("more", "next", "previous", "repeat", "back"),
    },
}
# Twilio's speech recognition has no Belarusian; Russian recognition with Belarusian hints is the
# closest it offers, and keys always work.
SPEECH_LANGUAGE = {"ru": "ru-RU", "be": "ru-RU", "en": "en-US"}


def key_from_speech(node: str, speech: str) -> str | None:
    """The key a spoken answer stands for in ``node``, or None if no word matches."""
    text = speech.lower()[:300]
    if not text.strip():
        return None
    tables: list[Mapping[str, tuple[str, ...]]] = [_NODE_WORDS.get(node, {}), _COMMON_WORDS]
    if node in ("language", "news"):
        tables.append(_NUMBER_WORDS)
    else:
        tables.append({k: v for k, v in _NUMBER_WORDS.items() if k in ("1", "2", "3", "0")})
    words = re.findall(r"[\w']+", text)
    for table in tables:
        for key, stems in table.items():
            for stem in stems:
                if " " in stem:
                    if stem in text:
                        return key
                elif stem in _NUMBER_WORDS.get(key, ()):
                    if stem in words:
                        return key
                elif any(word.startswith(stem) for word in words):
                    return key
    return None


def interpret(node: str, inp: CallerInput) -> str | None:
    """One key from the caller's input: the first key pressed, else the spoken word's key."""
    if inp.digits:
        first = inp.digits[0]
        return first if first in KEYS else None
    return key_from_speech(node, inp.speech)


# -- menus -------------------------------------------------------------------------------------


def _gather(ctx: FlowContext, state: CallState, prompts: Iterable[Say]) -> Gather:
    hints = _HINTS.get(state.node, {}).get(state.lang) or _HINTS.get(state.node, {}).get("ru", ())
    return Gather(
        prompts=tuple(prompts),
        action=state,
        lang=SPEECH_LANGUAGE[state.lang] if state.node != "language" else "ru-RU",
        timeout=SLOW_TIMEOUT if state.slow else TIMEOUT,
        hints=tuple(hints),
        slow=state.slow,
    )


def _turn(state: CallState, *steps: Step) -> Turn:
    return Turn(steps=tuple(steps), slow=state.slow)


def language_options(ctx: FlowContext) -> list[Say]:
    """One line per language, each in its own language."""
    return [say(ctx, "language.option", lang, key=str(i)) for i, lang in enumerate(ctx.languages, start=1)]


def main_options(ctx: FlowContext, state: CallState, detailed: bool = False) -> list[Say]:
    """The main menu's choices, option before key, then the fixed keys."""
    lang = state.lang
    out = [
        say(ctx, "main.hours", lang, key="1"),
        say(ctx, "main.news", lang, key="2"),
        say(ctx, "main.contacts", lang, key="3"),
        *([say(ctx, "main.sms", lang, key="4")] if sms_possible(ctx) else []),
        say(ctx, "main.person", lang, key="0"),
        say(ctx, "key.repeat", lang, key="9"),
        say(ctx, "key.faster" if state.slow else "key.slower", lang, key="8"),
    ]
    if len(ctx.languages) > 1:
        out.append(say(ctx, "key.language", lang))
    if detailed:
        out += [say(ctx, "hint.speech", lang), say(ctx, "key.skip", lang)]
    return out


def sms_possible(ctx: FlowContext) -> bool:
    """The SMS choice is offered only when texts can be sent and the caller's number is known."""
    return ctx.sms_available and bool(callback_number(ctx))


def after_sms(ctx: FlowContext, state: CallState, outcome: str) -> Turn:
    """Whether the text is on its way, then the main menu's choices."""
    key = {"queued": "sms.sent", "limit": "sms.limit"}.get(outcome, "sms.unavailable")
    return node_turn(ctx, state.to("main"), [say(ctx, key, state.lang)], full=False)


def sub_options(ctx: FlowContext, state: CallState) -> list[Say]:
    """What the caller can do after hearing an answer."""
    return [say(ctx, "key.repeat", state.lang, key="9"), say(ctx, "key.back", state.lang)]


def news_item(ctx: FlowContext, state: CallState) -> tuple[list[Say], Headline | None]:
    """The headline at ``state.item`` with its position, or the no-news sentence."""
    items = ctx.office.visible_headlines(state.lang)
    if not items:
        return [say(ctx, "news.none", state.lang)], None
    index = min(state.item, len(items) - 1)
    headline = items[index]
    position = phrases.item_of("headline", index + 1, len(items), state.lang)
    title = phrases.spell_out_numbers(headline.text("title", state.lang), state.lang).rstrip(".!? ")
    if headline.published is not None:
        when = phrases.date_words(headline.published, state.lang, today=ctx.today)
        return [say(ctx, "news.item_dated", state.lang, position=position, date=when, title=title)], headline
    return [say(ctx, "news.item", state.lang, position=position, title=title)], headline


def news_options(ctx: FlowContext, state: CallState, headline: Headline) -> list[Say]:
    """Choices after a headline: more, next, previous, then the fixed keys."""
    lang = state.lang
    out = []
    if headline.text("summary", lang):
        out.append(say(ctx, "news.more", lang, key="1"))
    out += [say(ctx, "news.next", lang, key="2"), say(ctx, "news.previous", lang, key="3")]
    return out + sub_options(ctx, state)


def node_turn(ctx: FlowContext, state: CallState, before: Sequence[Say] = (), *, full: bool = True,
              greet: bool = False, detailed: bool = False) -> Turn:
    """The node's menu, after ``before``; ``full`` includes the node's information, not just choices."""
    lead = list(before)
    if state.node == "language":
        return _turn(state, _gather(ctx, state, lead + language_options(ctx) + ([say(ctx, "hint.language", ctx.languages[0])] if detailed else [])),
                     Redirect(state, "noinput"))
    if state.node == "main":
        intro = [say(ctx, "greeting", state.lang)] if greet else []
        return _turn(state, _gather(ctx, state, lead + intro + main_options(ctx, state, detailed)), Redirect(state, "noinput"))
    if state.node == "hours":
        info = hours_sentences(ctx, state.lang) + [status_sentence(ctx, state.lang)] if full else []
        return _turn(state, _gather(ctx, state, lead + info + sub_options(ctx, state)), Redirect(state, "noinput"))
    if state.node == "contacts":
        info = [contacts_sentence(ctx, state.lang)] if full else []
        return _turn(state, _gather(ctx, state, lead + info + sub_options(ctx, state)), Redirect(state, "noinput"))
    if state.node == "news":
        item, headline = news_item(ctx, state)
        if headline is None:
            main = state.to("main")
            return _turn(main, _gather(ctx, main, lead + item + main_options(ctx, main)), Redirect(main, "noinput"))
        info = item if full else []
        return _turn(state, _gather(ctx, state, lead + info + news_options(ctx, state, headline)), Redirect(state, "noinput"))
    if state.node == "message":
        return _turn(state, _gather(ctx, state, lead + message_options(ctx, state)), Redirect(state, "noinput"))
    if state.node == "recorded":
        options = [say(ctx, "recorded.listen", state.lang, key="1"), say(ctx, "recorded.again", state.lang, key="2"),
                   say(ctx, "recorded.send", state.lang, key="3")]
        return _turn(state, _gather(ctx, state, lead + options + sub_options(ctx, state)), Redirect(state, "noinput"))
    if state.node == "callback":
        number = callback_number(ctx)
        if not number:  # a hidden number (or a stale URL): offer the voice message instead
            return node_turn(ctx, state.to("message"), lead + [say(ctx, "callback.unknown", state.lang)])
        options = [say(ctx, "callback.confirm", state.lang, number=read_back(number, state.lang), key="1"),
                   say(ctx, "message.offer_voice", state.lang, key="2")]
        return _turn(state, _gather(ctx, state, lead + options + sub_options(ctx, state)), Redirect(state, "noinput"))
    # "start" and "person" are not menus; a caller there is shown the main menu.
    return node_turn(ctx, state.to("main"), before, greet=greet, detailed=detailed)


# -- answers -----------------------------------------------------------------------------------


def person_turn(ctx: FlowContext, state: CallState) -> Turn:
    """Key 0: put the caller through in office hours, else say when to call."""
    lang = state.lang
    number = dialable(ctx.office.transfer_number)
    if ctx.status.is_open and number:
        return _turn(state, say(ctx, "person.connecting", lang),
                     Dial(number=number, action=state.to("person"), timeout=DIAL_TIMEOUT, caller_id=ctx.caller_id))
    lead = [say(ctx, "person.closed", lang), status_sentence(ctx, lang),
            say(ctx, "person.call_later", lang, hotline=hotline_words(ctx, lang))]
    return node_turn(ctx, state.to("message"), lead)


def callback_number(ctx: FlowContext) -> str:
    """The caller's number if it can be called back ('' when hidden or not a phone number)."""
    return callable_number(ctx.caller_number)


def callable_number(raw: str) -> str:
    """``raw`` (Twilio's From) as a number to call back, or '' when hidden or not a phone number."""
    number = raw.strip()
    digits = re.sub(r"\D", "", number)
    if not number.startswith("+") or not 7 <= len(digits) <= 15:
        return ""
    return "+" + digits


def read_back(number: str, lang: str) -> str:
    """A number read digit by digit, in the groups a person would pause at."""
    plus, groups = phrases.phone_groups(number)
    spoken = [phrases.digits(group, lang) for group in groups]
    return ", ".join(([PLUS[lang]] if plus else []) + spoken)


def message_options(ctx: FlowContext, state: CallState) -> list[Say]:
    """Leave a voice message; ask for a call back (only when the caller's number is known)."""
    out = [say(ctx, "message.offer_voice", state.lang, key="1")]
    if callback_number(ctx):
        out.append(say(ctx, "message.offer_callback", state.lang, key="2"))
    return out + [say(ctx, "key.back", state.lang)]


def record_turn(ctx: FlowContext, state: CallState, before: Sequence[Step] = ()) -> Turn:
    """Ask for the message, record it, and go on to reviewing it."""
    recorded = state.to("recorded", msg=0)
    return _turn(state, *before, say(ctx, "message.record_intro", state.lang),
                 Record(action=recorded, max_seconds=ctx.max_message_seconds),
                 # Twilio goes on to the next verb, not to the action, when nothing was recorded.
                 Redirect(recorded, "recorded"))


def after_recording(ctx: FlowContext, state: CallState) -> Turn:
    """The recording ended: review it, or say nothing was heard and offer the choices again."""
    if state.msg and ctx.recording_url:
        return node_turn(ctx, state.to("recorded", msg=state.msg), [say(ctx, "recorded.done", state.lang)])
    return node_turn(ctx, state.to("message"), [say(ctx, "message.nothing_heard", state.lang)])


def on_message_key(ctx: FlowContext, state: CallState, key: str) -> Turn:
    """Keys in the message, recorded-message and call-back menus."""
    lang = state.lang
    if state.node == "message" and key == "1":
        return record_turn(ctx, state)
    if state.node == "message" and key == "2":
        if not callback_number(ctx):
            return record_turn(ctx, state, [say(ctx, "callback.unknown", lang)])
        return node_turn(ctx, state.to("callback"))
    if state.node == "recorded" and state.msg:
        if key == "1" and ctx.recording_url:
            return _turn(state, PlayRecording(ctx.recording_url), *node_turn(ctx, state.to("recorded", msg=state.msg), full=False).steps)
        if key == "2":
            return record_turn(ctx, state, [Effect("discard_message", message_id=state.msg)])
        if key == "3":
            return _turn(state, Effect("confirm_message", message_id=state.msg), say(ctx, "recorded.sent", lang),
                         say(ctx, "goodbye", lang), Hangup())
    if state.node == "callback":
        if key == "1" and callback_number(ctx):
            return _turn(state, Effect("request_callback", number=callback_number(ctx)),
                         say(ctx, "callback.saved", lang), say(ctx, "goodbye", lang), Hangup())
        if key == "2":
            return record_turn(ctx, state)
    return on_invalid(ctx, state)


def dialable(number: str) -> str:
    """A number as Twilio dials it: '+' and digits only ('' if it has no digits)."""
    digits = re.sub(r"\D", "", number)
    if not digits:
        return ""
    return ("+" if number.strip().startswith("+") else "") + digits


def goodbye_turn(ctx: FlowContext, state: CallState, key: str = "goodbye.noinput") -> Turn:
    """The polite end of a call: the hot line number, then hang up."""
    return _turn(state, say(ctx, key, state.lang, hotline=hotline_words(ctx, state.lang)), Hangup())


def after_dial(ctx: FlowContext, state: CallState, dial_status: str) -> Turn:
    """The transfer ended: goodbye after a conversation, else an apology and the main menu."""
    if dial_status == "completed":
        return _turn(state, say(ctx, "goodbye", state.lang), Hangup())
    return node_turn(ctx, state.to("message"), [say(ctx, "person.no_answer", state.lang)])


def on_no_input(ctx: FlowContext, state: CallState) -> Turn:
    """Silence: the first language by default, else back to the main menu with more detail."""
    if state.node == "language":
        return node_turn(ctx, CallState(node="main", lang=ctx.languages[0], slow=state.slow), greet=True)
    tries = state.tries + 1
    if tries > MAX_TRIES:
        return goodbye_turn(ctx, state)
    if state.node == "main":
        return node_turn(ctx, state.to("main", tries=tries), [say(ctx, "noinput", state.lang)], detailed=True)
    return node_turn(ctx, state.to("main", tries=tries))


def on_invalid(ctx: FlowContext, state: CallState) -> Turn:
    """A key or word the menu does not have: say so, then the same menu's choices."""
    tries = state.tries + 1
    if tries > MAX_TRIES:
        return goodbye_turn(ctx, state)
    return node_turn(ctx, CallState(state.node, state.lang, state.slow, tries, state.item, state.msg),
                     [say(ctx, "invalid", state.lang)], full=False, detailed=tries > 1)


def on_key(ctx: FlowContext, state: CallState, key: str) -> Turn:
    """A valid-looking key in a menu."""
    node, lang = state.node, state.lang
    if node == "language":
        if key.isdigit() and 1 <= int(key) <= len(ctx.languages):
            return node_turn(ctx, CallState(node="main", lang=ctx.languages[int(key) - 1], slow=state.slow), greet=True)
        if key == "#":
            return node_turn(ctx, CallState(node="main", lang=ctx.languages[0], slow=state.slow), greet=True)
    if key == "0":
        return person_turn(ctx, state)
    if key == "9":
        return node_turn(ctx, state.to(node, item=state.item, msg=state.msg))
    if key == "8":
        slower = state.to(node, item=state.item, msg=state.msg, slow=not state.slow)
        return node_turn(ctx, slower, [say(ctx, "slower.on" if slower.slow else "slower.off", lang)])
    if key == "*" and node == "recorded" and state.msg:
        return _turn(state, Effect("discard_message", message_id=state.msg), *node_turn(ctx, state.to("main"), full=False).steps)
    if key == "*":
        if node == "main" and len(ctx.languages) > 1:
            return node_turn(ctx, CallState(node="language", lang=lang, slow=state.slow))
        if node != "language":
            return node_turn(ctx, state.to("main"), full=node != "main")
        return node_turn(ctx, state.to("language"))
    if node == "main":
        if key == "1":
            return node_turn(ctx, state.to("hours"))
        if key == "2":
            return node_turn(ctx, state.to("news", item=0))
        if key == "3":
            return node_turn(ctx, state.to("contacts"))
        if key == "4" and sms_possible(ctx):
            return _turn(state, Effect("send_sms", number=callback_number(ctx)))
        if key == "#":
            return node_turn(ctx, state.to("main"))
    if node in ("hours", "contacts") and key == "#":
        return node_turn(ctx, state.to(node), full=False)
    if node == "news":
        return on_news_key(ctx, state, key)
    if node in ("message", "recorded", "callback"):
        return on_message_key(ctx, state, key)
    return on_invalid(ctx, state)


def on_news_key(ctx: FlowContext, state: CallState, key: str) -> Turn:
    """Keys while hearing the news: more, next (or #), previous."""
    items = ctx.office.visible_headlines(state.lang)
    if not items:
        return node_turn(ctx, state)
    index = min(state.item, len(items) - 1)
    here = state.to("news", item=index)
    if key == "1":
        headline = items[index]
        summary = phrases.spell_out_numbers(headline.text("summary", state.lang), state.lang)
        if not summary:
            return on_invalid(ctx, here)
        return node_turn(ctx, here, [say(ctx, "news.summary", state.lang, summary=summary)], full=False)
    if key in ("2", "#"):
        if index + 1 >= len(items):
            return node_turn(ctx, state.to("main"), [say(ctx, "news.last", state.lang)])
        return node_turn(ctx, state.to("news", item=index + 1))
    if key == "3":
        if index == 0:
            return node_turn(ctx, here, [say(ctx, "news.first", state.lang)])
        return node_turn(ctx, state.to("news", item=index - 1))
    return on_invalid(ctx, here)


def respond(ctx: FlowContext, state: CallState, inp: CallerInput) -> Turn:
    """The whole call flow: what the caller hears next and where the call goes."""
    if inp.event == "enter" or state.node == "start":
        if len(ctx.languages) > 1:
            return node_turn(ctx, CallState(node="language", lang=ctx.languages[0]))
        return node_turn(ctx, CallState(node="main", lang=ctx.languages[0]), greet=True)
    if state.lang not in ctx.languages:
        state = CallState(state.node, ctx.languages[0], state.slow, state.tries, state.item)
    if inp.event == "noinput":
        return on_no_input(ctx, state)
    if inp.event == "dial":
        return after_dial(ctx, state, inp.dial_status)
    if inp.event == "recorded":
        return after_recording(ctx, state)
    if inp.event == "sms":
        return after_sms(ctx, state, inp.outcome)
    if state.node == "person":
        return node_turn(ctx, state.to("main"))
    key = interpret(state.node, inp)
    if key is None:
        return on_invalid(ctx, state)
    return on_key(ctx, state, key)

