"""The menus as data: one table per menu, and the fixed keys every menu shares.

Each row says which key it answers to, what it does (the node it leads to, or the name of an
answer in ``ivr.callflow.flow``), the prompt that offers it, the words a caller may say instead
(stems, in Russian, Belarusian and English: a caller may answer in any of them), the speech hints
for Twilio's recogniser and, for counted menus, its name in the call statistics with the staff's
label for it. Everything else is derived from these tables: which key a spoken answer stands for,
the <Gather> hints, the analytics choice names, the chart order and its labels.

Adding a main-menu option is a row in MAIN and its key in MAIN's ``read``, its prompt in
``ivr.content.prompts``, and its answer in ``ivr.callflow.flow``: an entry in ``ANSWERS``, or, for
an option that leads to a new node, that node in ``steps.Node`` and its menu in ``flow.node_turn``.
The key handling, the speech hints, the analytics choice and the chart follow from the row.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Mapping

from ivr import languages
from ivr.callflow.steps import Node
from ivr.content.office import TOPICS
from ivr.phrases.spelling import russian_spelling, russian_spellings


def N_(msgid: str) -> str:
    """Marks a staff-page word for the catalogues (``pybabel extract`` finds it); the staff pages
    translate it where they show it, since this layer does not know Flask-Babel."""
    return msgid


# Conditions an option can depend on (``Option.when``); ``flow.holds`` tells whether one holds.
SMS = "sms"  # texts can be sent and the caller's number is known
CALLER_NUMBER = "caller_number"  # the caller's number is known (it can be called back)
SUMMARY = "summary"  # the headline being heard has more to tell
SEVERAL_HEADLINES = "several_headlines"  # there is more than one headline (next and previous make sense)
ONLINE = "online"  # the office lists an e-mail or web address
VOICE = "voice"  # the line can record a voice message (not on jambonz)
SERVICE = "service"  # "service2": the office has at least two services besides the reception
DIRECT_LINE_ON = "direct_line_on"  # a direct line with a number answers right now
DIRECTORY_TOPIC = "topic:"  # + a topic: the directory lists organisations of that topic
PROCEDURES = "procedures"  # the catalogue has procedures in the caller's language
MORE_PAGES = "more_pages"  # a list of topics or procedures goes on after this page

# The parts of the contacts answer a caller can hear again (``flow.contacts_sentences``).
ADDRESS, NUMBERS = "address", "numbers"
CONTACT_PARTS = (ADDRESS, NUMBERS, ONLINE)


@dataclass(frozen=True)
class Option:
    """One row of a menu."""

    key: str
    does: str  # a Node to go to, or the name of one of the flow's answers ("person", "back", …)
    prompt: str = ""  # the prompt key that offers it; "" when it is not read out
    words: tuple[str, ...] = ()  # stems a caller may say instead of pressing the key
    hints: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # per language, for <Gather>
    statistic: str = ""  # its name in the call statistics (counted menus only)
    label: str = ""  # the statistics chart's label for it, in English (translated in the staff catalogues)
    when: str = ""  # read out and accepted only when this condition holds
    strict: bool = True  # False: accepted even when ``when`` does not hold (the answer copes)


@dataclass(frozen=True)
class Menu:
    """One menu: its own rows, which keys it reads out in which order, and whether it gives
    speech hints and counts its choices."""

    node: Node
    options: tuple[Option, ...]
    read: tuple[str, ...] = ()  # keys read out, in order (own rows, else the fixed rows)
    hinted: bool = False  # its <Gather> gives the recogniser hints (those of the rows in ``read``)
    counted: bool = False  # choices here are "choice" events in the call statistics
    fixed: tuple[str, ...] = ("0", "9", "8", "*", "#")  # the fixed keys that work here
    keys: str = "keys"  # the prompt that announces the fixed keys, once, after the menu's own options
    digits: int = 1  # keys taken at once: a menu where a number is keyed takes all its digits

    def option(self, key: str) -> Option | None:
        """The row for ``key``: the menu's own, else the fixed row (if it works here), else None."""
        own = next((o for o in self.options if o.key == key), None)
        return own or (FIXED_BY_KEY.get(key) if key in self.fixed else None)

    def rows(self) -> tuple[Option, ...]:
        """Every row that works here: its own, then the fixed ones it does not replace."""
        own = {o.key for o in self.options}
        return self.options + tuple(o for o in FIXED if o.key in self.fixed and o.key not in own)


# The keys that work in every menu (a menu's own row for the same key takes its place there).
FIXED: tuple[Option, ...] = (
    Option("0", "person", "",
           ("сотрудник", "оператор", "человек", "соедин", "помощ", "помог", "супрацоўнік", "аператар", "чалавек",
            "злуч", "дапамог", "person", "operator", "someone", "human", "staff", "help", "agent"),
           {"ru": ("сотрудник",), "be": ("супрацоўнік",), "en": ("person",)},
           statistic="person", label=N_("a person")),
    Option("9", "repeat", "", ("повтор", "паўтар", "ещё раз", "яшчэ раз", "repeat", "again"),
           {"ru": ("повторить",), "be": ("паўтарыць",), "en": ("repeat",)}),
    Option("8", "slower", "key.slower", ("медлен", "павольн", "помедл", "slow"),
           {"ru": ("медленнее",), "be": ("павольней",), "en": ("slower",)}),
    Option("*", "back", "", ("назад", "главное меню", "галоўнае меню", "back", "main menu"),
           {"ru": ("назад",), "be": ("назад",), "en": ("back",)}),
    Option("#", "skip", "", ("дальше", "далей", "пропуст", "прапус", "skip")),
)
FIXED_BY_KEY = {option.key: option for option in FIXED}
# Key 8 is offered in the warning before a menu times out ("More time — press 8"); once the caller
# chose slower speech and longer waits, the warning offers the normal speed instead.
FASTER_PROMPT = "key.faster"

# Number words, tried last in every menu; matched as whole words ("один", not "одиннадцать").
NUMBER_WORDS: Mapping[str, tuple[str, ...]] = {
    "1": ("один", "одна", "адзін", "адна", "one"),
    "2": ("два", "две", "дзве", "two"),
    "3": ("три", "тры", "three"),
    "0": ("ноль", "нуль", "zero"),
}

# The message menus have no long information to skip: # means nothing there.
NOTHING_TO_SKIP = ("0", "9", "8", "*")

# What a caller says for "my request", in Russian, Belarusian and English.
REQUEST_WORDS = ("статус", "заявк", "мой запрос", "моя заявка", "обращени", "заяўк", "зварот", "мой запыт",
                 "my request", "status", "reference")

LANGUAGE = Menu(Node.LANGUAGE, (
    # Keys 1, 2, 3 choose the office's first, second and third language; each line is read in its
    # own language by the flow ("language.option"), so the rows have no prompt of their own.
    Option("1", "language", words=("русск", "россий", "russian"), hints={"ru": ("русский",)}),
    Option("2", "language", words=("беларус", "белорус", "belarus"), hints={"ru": ("беларуская",)}),
    Option("3", "language", words=("english", "англ", "ингл"), hints={"ru": ("English",)}),
    Option("#", "first_language"),
    Option("*", "repeat"),  # nowhere to go back to from the first menu: * reads it again, like 9
), read=("1", "2", "3"), hinted=True, keys="keys.language")

MAIN = Menu(Node.MAIN, (
    Option("1", Node.HOURS, "main.hours",
           ("час", "врем", "режим", "график", "расписан", "работ", "обед", "перерыв",
            "гадзін", "расклад", "прац", "абед", "перапын", "hour", "time", "open", "lunch", "schedule"),
           {"ru": ("часы работы",), "be": ("час працы",), "en": ("office hours",)},
           statistic="hours", label=N_("office hours")),
    Option("2", Node.NEWS, "main.news", ("новост", "навін", "news", "headline"),
           {"ru": ("новости",), "be": ("навіны",), "en": ("news",)},
           statistic="news", label=N_("news")),
    Option("3", Node.CONTACTS, "main.contacts",
           ("адрес", "адрас", "телефон", "тэлефон", "контакт", "address", "phone", "contact", "where"),
           {"ru": ("адрес", "телефон"), "be": ("адрас", "тэлефон"), "en": ("address", "phone")},
           statistic="contacts", label=N_("address and phones")),
    Option("4", Node.PROCEDURES, "main.procedures",
           ("документ", "дакумент", "процедур", "справк", "даведк", "пособи", "document",
            "procedure", "certificate"),
           {"ru": ("документы",), "be": ("дакументы",), "en": ("documents",)},
           statistic="procedures", label=N_("documents and procedures"), when=PROCEDURES),
    # "My request" (the status of a message or call-back by its reference number): said here, never read
    # out or keyed (its "key" is none a phone can send); the procedures menu offers it by key 3.
    Option("request", Node.REQUEST, "", REQUEST_WORDS),
), read=("1", "2", "3", "4", "0"), hinted=True, counted=True, keys="keys.main")

# One option per service besides the reception (its name is read in the option): its state, its week.
HOURS = Menu(Node.HOURS, tuple(Option(str(n), "service_hours", "hours.service_option", when=f"{SERVICE}{n}")
                               for n in range(1, 5)), read=("1", "2", "3", "4"))
# Contacts and receptions: the office's own address and numbers, its receptions and direct lines,
# other bodies to turn to, and all that by SMS.
CONTACTS = Menu(Node.CONTACTS, (
    Option("1", Node.OWN_CONTACTS, "contacts.menu_address",
           ("адрес", "адрас", "индекс", "індэкс", "факс", "почт", "пошт", "address", "postal", "fax", "mail"),
           {"ru": ("адрес",), "be": ("адрас",), "en": ("address",)}),
    Option("2", Node.RECEPTIONS, "contacts.menu_receptions",
           ("приём", "прием", "прыём", "прям", "прам", "председат", "старшын", "reception", "direct", "chairman"),
           {"ru": ("приём", "прямая линия"), "be": ("прыём", "прамая лінія"), "en": ("reception", "direct line")}),
    Option("3", Node.DIRECTORY, "contacts.menu_directory",
           ("служб", "организац", "арганізац", "газ", "скор", "авари", "аварый", "коммунал", "камунал",
            "service", "organisation", "organization", "emergency", "gas", "ambulance"),
           {"ru": ("службы",), "be": ("службы",), "en": ("services",)}),
    Option("4", "send_sms", "contacts.menu_sms", ("смс", "sms", "эсэмэс", "эсэмэску", "text message", "text me"),
           when=SMS),
), read=("1", "2", "3", "4"), hinted=True)
# The office's own contacts (contacts, key 1): each part can be heard again.
OWN_CONTACTS = Menu(Node.OWN_CONTACTS, (
    Option("1", ADDRESS, "contacts.again_address", ("адрес", "адрас", "индекс", "індэкс", "address", "postal"),
           {"ru": ("адрес",), "be": ("адрас",), "en": ("address",)}),
    Option("2", NUMBERS, "contacts.again_numbers",
           ("телефон", "тэлефон", "номер", "нумар", "факс", "phone", "number", "fax"),
           {"ru": ("телефоны",), "be": ("тэлефоны",), "en": ("phone numbers",)}),
    Option("3", ONLINE, "contacts.again_online", ("почт", "пошт", "сайт", "mail", "web", "site"),
           {"ru": ("почта",), "be": ("пошта",), "en": ("e-mail",)}, when=ONLINE),
), read=("1", "2", "3"), hinted=True)
RECEPTIONS = Menu(Node.RECEPTIONS, (
    Option("1", "direct_line", "receptions.transfer", ("соедин", "злуч", "connect", "put through"),
           when=DIRECT_LINE_ON),
), read=("1",))
# Where to go: one key per topic, offered only when the directory lists organisations of it.
_TOPIC_WORDS: Mapping[str, tuple[str, ...]] = {
    "emergency": ("экстрен", "экстран", "пожар", "милиц", "міліц", "газ", "emergenc", "fire", "police", "gas"),
    "housing": ("жилищ", "жыллё", "коммунал", "камунал", "отоплен", "ацяплен", "вод", "housing", "utilit", "heating"),
    "health": ("медиц", "медыц", "скор", "хуткая", "здоров", "здароў", "больниц", "health", "medical", "ambulance"),
    "social": ("социал", "сацыял", "пенси", "пенсі", "social", "pension"),
}
DIRECTORY = Menu(Node.DIRECTORY, tuple(
    Option(str(key), "topic", f"directory.{topic}", _TOPIC_WORDS[topic], when=DIRECTORY_TOPIC + topic)
    for key, topic in enumerate(TOPICS, start=1)
), read=tuple(str(key) for key in range(1, len(TOPICS) + 1)))

NEWS = Menu(Node.NEWS, (
    Option("1", "more", "news.more", ("подроб", "падраб", "больше", "болей", "more", "detail"),
           {"ru": ("подробнее",), "be": ("падрабязней",), "en": ("more",)}, when=SUMMARY),
    Option("2", "next", "news.next", ("следующ", "наступн", "next"),
           {"ru": ("следующая",), "be": ("наступная",), "en": ("next",)}, when=SEVERAL_HEADLINES, strict=False),
    Option("3", "previous", "news.previous", ("предыдущ", "папярэдн", "previous", "before"),
           {"ru": ("предыдущая",), "be": ("папярэдняя",), "en": ("previous",)}, when=SEVERAL_HEADLINES, strict=False),
    Option("#", "next"),
), read=("1", "2", "3"), hinted=True)

# Documents and administrative procedures: key a number, or browse by topic (key 3 is kept for
# "the status of my request").
PROCEDURES_MENU = Menu(Node.PROCEDURES, (
    Option("1", Node.PROCEDURE_NUMBER, "procedures.by_number", ("номер", "нумар", "number"),
           {"ru": ("номер",), "be": ("нумар",), "en": ("number",)}),
    Option("2", Node.TOPICS, "procedures.by_topic", ("тем", "спис", "пералік", "topic", "list", "browse"),
           {"ru": ("по темам",), "be": ("па тэмах",), "en": ("topics",)}),
    # The status of a message or call-back the caller left, by its reference number.
    Option("3", Node.REQUEST, "procedures.my_request", REQUEST_WORDS,
           {"ru": ("моё обращение",), "be": ("мой зварот",), "en": ("my request",)}),
), read=("1", "2", "3"), hinted=True)
# The number is read whole (a <Gather> ended by '#'); keys and words are not menu rows here.
PROCEDURE_NUMBER = Menu(Node.PROCEDURE_NUMBER, (), keys="", fixed=("0", "*"))
# Four topics or procedures at a time (the flow reads each line: the rows have no prompt), then more.
_PAGE_ROWS = tuple(Option(key, "choose") for key in "1234")
TOPICS_MENU = Menu(Node.TOPICS, (*_PAGE_ROWS, Option("#", "more_choices", "topics.more", when=MORE_PAGES, strict=False)),
                   read=("#",))
TOPIC = Menu(Node.TOPIC, (*_PAGE_ROWS, Option("#", "more_choices", "topic.more", when=MORE_PAGES, strict=False)), read=("#",))
# One document at a time: # the next one, 9 (fixed) this one again; the prompt says both.
DOCUMENT = Menu(Node.DOCUMENT, (Option("#", "next_document", "document.next", ("следующ", "наступн", "дальше",
                                                                                "далей", "next")),),
                read=("#",), keys="")
PROCEDURE = Menu(Node.PROCEDURE, (
    Option("1", "procedure_sms", "procedure.sms", ("смс", "sms", "эсэмэс", "text"), when=SMS),
    Option("2", "documents_again", "procedure.documents_again", ("документ", "дакумент", "document")),
    Option("3", Node.PROCEDURES, "procedure.another", ("друг", "іншы", "другая", "another", "other")),
), read=("1", "2", "3"))

# In both message menus (leave a message / confirm a call-back) 1 is the voice message and 2 the
# call-back; * never throws a recording away without asking (DISCARD asks).
MESSAGE = Menu(Node.MESSAGE, (
    Option("1", "record", "message.offer_voice", ("сообщ", "паведамл", "запис", "message", "record", "voicemail"),
           when=VOICE),
    # Offered only with a known number; pressed anyway, the caller is told and may record instead.
    Option("2", "offer_callback", "message.offer_callback",
           ("перезвон", "ператэлеф", "звонок", "званок", "call back", "callback", "call me"),
           when=CALLER_NUMBER, strict=False),
), read=("1", "2"), fixed=NOTHING_TO_SKIP)

RECORDED = Menu(Node.RECORDED, (
    Option("1", "listen", "recorded.listen", ("прослуш", "праслух", "послуш", "паслух", "listen", "play")),
    Option("2", "record_again", "recorded.again", ("заново", "нанова", "перезапис", "перазапіс", "again", "re-record")),
    Option("3", "send", "recorded.send", ("отправ", "адправ", "послать", "send", "done")),
), read=("1", "2", "3"), fixed=NOTHING_TO_SKIP)

# * pressed while reviewing an unsent recording: * again throws it away, 3 sends it after all.
DISCARD = Menu(Node.DISCARD, (
    Option("*", "discard", "discard.confirm", ("удал", "выдал", "delete")),
    Option("2", "record_again", "recorded.again", ("заново", "нанова", "перезапис", "перазапіс", "again", "re-record")),
    Option("3", "send", "recorded.send", ("отправ", "адправ", "послать", "send", "done")),
), read=("*", "3"), fixed=NOTHING_TO_SKIP)

CALLBACK = Menu(Node.CALLBACK, (
    Option("2", "request_callback", "callback.confirm",
           ("да", "так", "верн", "правільн", "правильн", "yes", "right", "correct"), when=CALLER_NUMBER),
    Option("1", "record", "message.offer_voice", ("сообщ", "паведамл", "message"), when=VOICE),
), read=("2", "1"), fixed=NOTHING_TO_SKIP)

# "My request": the caller keys a reference number (and, from another phone, the last four digits of
# the number it was left from); a single key is a fixed one.
REFERENCE_DIGITS, CHECK_DIGITS = 5, 9
REQUEST = Menu(Node.REQUEST, (), fixed=NOTHING_TO_SKIP, digits=REFERENCE_DIGITS)
REQUEST_CHECK = Menu(Node.REQUEST_CHECK, (), fixed=NOTHING_TO_SKIP, digits=CHECK_DIGITS)

MENUS: Mapping[Node, Menu] = {menu.node: menu for menu in (LANGUAGE, MAIN, HOURS, CONTACTS, OWN_CONTACTS, RECEPTIONS,
                                                          DIRECTORY, NEWS, MESSAGE, RECORDED, DISCARD, CALLBACK,
                                                          PROCEDURES_MENU, PROCEDURE_NUMBER, TOPICS_MENU, TOPIC,
                                                          DOCUMENT, PROCEDURE, REQUEST, REQUEST_CHECK)}
# "start" and "person" are no menus: a caller there is shown the main menu.
NO_MENU = Menu(Node.START, ())


def menu(node: Node) -> Menu:
    """The menu at ``node`` (an empty one, with only the fixed keys, where there is none)."""
    return MENUS.get(node, NO_MENU)


_ONE_WORD = re.compile(r"[\w']+")


def key_from_speech(node: Node, speech: str, menus: Mapping[Node, Menu] = MENUS) -> str | None:
    """The key a spoken answer stands for in ``node``'s menu, or None if no word matches: the menu's
    own words first, then the fixed keys' words, then number words."""
    # Compared in Russian letters: Belarusian is transcribed by the Russian model (ivr.phrases.spelling).
    text = russian_spelling(speech.lower()[:300])
    if not text.strip():
        return None
    words = _ONE_WORD.findall(text)
    here = menus.get(node, NO_MENU)
    # A fixed key's words keep their key where a menu's own row replaces it ("skip" is next in the news).
    for option in (*here.options, *(o for o in FIXED if o.key in here.fixed)):
        for stem in (spelt for word in option.words for spelt in russian_spellings(word)):
            # A stem of several words ("call back", "re-record") is looked for as it is written.
            if (stem in text) if not _ONE_WORD.fullmatch(stem) else any(word.startswith(stem) for word in words):
                return option.key
    for key, numbers in NUMBER_WORDS.items():
        if any(spelt in words for number in numbers for spelt in russian_spellings(number)):
            return key
    return None


def hints(node: Node, lang: str, menus: Mapping[Node, Menu] = MENUS) -> tuple[str, ...]:
    """The speech hints for ``node``'s <Gather> in ``lang`` (the first language's when it has none
    in ``lang``: a new language works before its hints are written): those of the keys the menu
    reads out, in that order."""
    here = menus.get(node, NO_MENU)
    if not here.hinted:
        return ()
    rows = [row for row in (here.option(key) for key in here.read) if row is not None]
    for language in (lang, languages.DEFAULT):
        found = tuple(hint for row in rows for hint in row.hints.get(language, ()))
        if found:
            return found
    return ()


def counted_options(menus: Mapping[Node, Menu] = MENUS) -> tuple[Option, ...]:
    """The rows whose choice is counted in the statistics, in menu order (the chart's order)."""
    out: dict[str, Option] = {}
    for here in menus.values():
        if here.counted:
            for key in here.read:
                row = here.option(key)
                if row is not None and row.statistic:
                    out.setdefault(row.statistic, row)
    return tuple(out.values())


def choice_names(menus: Mapping[Node, Menu] = MENUS) -> tuple[str, ...]:
    """The analytics names of the counted choices, in chart order ("hours", "news", …)."""
    return tuple(row.statistic for row in counted_options(menus))


def option_prompts(menus: Mapping[Node, Menu] = MENUS) -> dict[str, tuple[str, str]]:
    """The prompt that offers each counted choice, with the choice's key and label (English, a
    msgid of the staff catalogues): the staff pages name those prompts by them ("Menu: news (2)")."""
    return {row.prompt: (row.key, row.label) for row in counted_options(menus) if row.prompt}


def choice_labels(menus: Mapping[Node, Menu] = MENUS) -> dict[str, str]:
    """Each counted choice's chart label (English, a msgid of the staff catalogues), by its analytics name."""
    return {row.statistic: row.label for row in counted_options(menus)}
