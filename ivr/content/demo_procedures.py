"""The demo's procedures catalogue: ten procedures district offices are asked about most, from the
national list (Указ Президента Республики Беларусь от 26 апреля 2010 г. № 200 «Об административных
процедурах, осуществляемых государственными органами и иными организациями по заявлениям граждан»).

Each row links to the page its details were checked against. Where a detail (the fee, the term…)
could not be checked on a page found, the row says so («см. источник») instead of guessing: the
office fills it in before going live. The README lists which rows are checked how.
"""
from __future__ import annotations

from typing import Any

# The national list on the National Legal Internet Portal.
NATIONAL_LIST = "https://pravo.by/document/?guid=3871&p0=P31000200"
CHECK = {"ru": "уточняйте по источнику или в службе «одно окно»", "be": "удакладняйце па крыніцы або ў службе «адно акно»"}
ONE_STOP = {"ru": "служба «одно окно» райисполкома, площадь Ленина, 6",
            "be": "служба «адно акно» райвыканкама, плошча Леніна, 6"}
APPLICATION = {"ru": "заявление", "be": "заява"}
PASSPORT = {"ru": "паспорт или иной документ, удостоверяющий личность",
            "be": "пашпарт або іншы дакумент, які сведчыць асобу"}
MORE_DOCUMENTS = {"ru": "остальные документы — по перечню в источнике", "be": "астатнія дакументы — па пераліку ў крыніцы"}


def _documents(*items: dict[str, str]) -> dict[str, list[str]]:
    return {lang: [item[lang] for item in items] for lang in ("ru", "be")}


def _unchecked(number: str, topic: str, title: dict[str, str], where: dict[str, str] = ONE_STOP) -> dict[str, Any]:
    """A procedure whose number and title are from the national list; its details to be checked there."""
    return {"number": number, "topic": topic, "title": title,
            "documents": _documents(APPLICATION, PASSPORT, MORE_DOCUMENTS),
            "fee": CHECK, "term": CHECK, "validity": CHECK, "where": where, "source": NATIONAL_LIST}


DEMO_PROCEDURES: list[dict[str, Any]] = [
    # Title checked on a published one-stop-shop list (Астравецкі лясгас); details on the national list.
    _unchecked("1.1.5", "housing", {
        "ru": "Постановка на учёт граждан, нуждающихся в улучшении жилищных условий",
        "be": "Пастаноўка на ўлік грамадзян, якія маюць патрэбу ў паляпшэнні жыллёвых умоў"}),
    # Checked in full on a published one-stop-shop page (documents, fee, term, validity).
    {"number": "1.3.1", "topic": "housing",
     "title": {"ru": "Справка о состоянии на учёте нуждающихся в улучшении жилищных условий",
               "be": "Даведка аб знаходжанні на ўліку тых, хто мае патрэбу ў паляпшэнні жыллёвых умоў"},
     "documents": _documents(PASSPORT),
     "fee": {"ru": "бесплатно", "be": "бясплатна"},
     "term": {"ru": "в день обращения", "be": "у дзень звароту"},
     "validity": {"ru": "6 месяцев", "be": "6 месяцаў"},
     "where": ONE_STOP,
     "source": "http://mogoktgreu.by/one-window/item/2116-adm-proc-1-3-1"},
    _unchecked("2.5", "family", {"ru": "Назначение пособия по беременности и родам",
                                 "be": "Прызначэнне дапамогі па цяжарнасці і родах"}),
    _unchecked("2.6", "family", {"ru": "Назначение пособия в связи с рождением ребёнка",
                                 "be": "Прызначэнне дапамогі ў сувязі з нараджэннем дзіцяці"}),
    _unchecked("2.9", "family", {"ru": "Назначение пособия по уходу за ребёнком в возрасте до трёх лет",
                                 "be": "Прызначэнне дапамогі па доглядзе дзіцяці ва ўзросце да трох гадоў"}),
    _unchecked("2.35", "social", {"ru": "Выплата пособия на погребение",
                                  "be": "Выплата дапамогі на пахаванне"}),
    # Checked in full on a published one-stop-shop page: no documents, free, 5 days, no expiry.
    {"number": "2.1", "topic": "documents",
     "title": {"ru": "Выписка (копия) из трудовой книжки", "be": "Выпіска (копія) з працоўнай кніжкі"},
     "documents": {},
     "fee": {"ru": "бесплатно", "be": "бясплатна"},
     "term": {"ru": "5 дней со дня обращения", "be": "5 дзён з дня звароту"},
     "validity": {"ru": "бессрочно", "be": "бестэрмінова"},
     "where": {"ru": "по месту работы, у нанимателя", "be": "па месцы працы, у наймальніка"},
     "source": "https://vckommunalnik-mogilev.by/odno-okno"},
    # Title checked on the same page; the details there were not read in full.
    {**_unchecked("2.2", "documents", {"ru": "Справка о месте работы, службы и занимаемой должности",
                                       "be": "Даведка аб месцы працы, службы і пасадзе, якую займае"},
                  where={"ru": "по месту работы, у нанимателя", "be": "па месцы працы, у наймальніка"}),
     "documents": {}, "source": "https://vckommunalnik-mogilev.by/odno-okno"},
    _unchecked("5.1", "documents", {"ru": "Регистрация рождения", "be": "Рэгістрацыя нараджэння"},
               where={"ru": "отдел загса райисполкома", "be": "аддзел загса райвыканкама"}),
    _unchecked("5.2", "documents", {"ru": "Регистрация заключения брака", "be": "Рэгістрацыя заключэння шлюбу"},
               where={"ru": "отдел загса райисполкома", "be": "аддзел загса райвыканкама"}),
]
