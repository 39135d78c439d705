"""The demo's procedures catalogue: ten procedures district offices are asked about most, and one of
land and building, from the national list (Указ Президента Республики Беларусь от 26 апреля 2010 г.
№ 200 «Об административных процедурах, осуществляемых государственными органами и иными организациями
по заявлениям граждан»).

Each row links to the published one-stop-shop page its details were read on. What no page read for
this states (a fee, a term…) says so («уточняйте по источнику…») instead of a guess: the office
fills it in before going live. The README lists, row by row, what was checked where.
"""
from __future__ import annotations

from typing import Any

CHECK = {"ru": "уточняйте по источнику или в службе «одно окно»",
         "be": "удакладняйце па крыніцы або ў службе «адно акно»"}
ONE_STOP = {"ru": "служба «одно окно» райисполкома, площадь Ленина, 6",
            "be": "служба «адно акно» райвыканкама, плошча Леніна, 6"}
EMPLOYER = {"ru": "по месту работы, у нанимателя", "be": "па месцы працы, у наймальніка"}
# Who pays the family benefits: the employer, or the district's social protection for those not working.
WORK_OR_SOCIAL = {"ru": "по месту работы, службы или учёбы; неработающим — управление по труду, занятости и "
                        "социальной защите райисполкома",
                  "be": "па месцы працы, службы або вучобы; тым, хто не працуе, — упраўленне па працы, занятасці і "
                        "сацыяльнай абароне райвыканкама"}
REGISTRY = {"ru": "отдел загса райисполкома", "be": "аддзел загса райвыканкама"}
FREE = {"ru": "бесплатно", "be": "бясплатна"}
NO_EXPIRY = {"ru": "бессрочно", "be": "бестэрмінова"}
FIVE_DAYS = {"ru": "5 дней со дня обращения", "be": "5 дзён з дня звароту"}
APPLICATION = {"ru": "заявление", "be": "заява"}
PASSPORT = {"ru": "паспорт или иной документ, удостоверяющий личность",
            "be": "пашпарт або іншы дакумент, які сведчыць асобу"}
MORE_DOCUMENTS = {"ru": "остальные документы — по перечню в источнике",
                  "be": "астатнія дакументы — па пераліку ў крыніцы"}


def _documents(*items: dict[str, str]) -> dict[str, list[str]]:
    return {lang: [item[lang] for item in items] for lang in ("ru", "be")}


def _procedure(number: str, topic: str, title: dict[str, str], source: str, *, documents: tuple[dict[str, str], ...],
               fee: dict[str, str] = CHECK, term: dict[str, str] = CHECK, validity: dict[str, str] = CHECK,
               where: dict[str, str] = ONE_STOP) -> dict[str, Any]:
    """One procedure; a detail not given is one the source page did not state («уточняйте…»)."""
    return {"number": number, "topic": topic, "title": title, "documents": _documents(*documents) if documents else {},
            "fee": fee, "term": term, "validity": validity, "where": where, "source": source}


DEMO_PROCEDURES: list[dict[str, Any]] = [
    # Documents: a polyclinic's one-stop page; the term: a state college's list (README); fee, validity: not read.
    _procedure("1.1.5", "housing", {
        "ru": "Постановка на учёт граждан, нуждающихся в улучшении жилищных условий",
        "be": "Пастаноўка на ўлік грамадзян, якія маюць патрэбу ў паляпшэнні жыллёвых умоў"},
        "https://mogcp.by/one-window/ap-clinic12/item/792-procedure1-1-5",
        documents=(APPLICATION,
                   {"ru": "паспорта или иные документы, удостоверяющие личность всех совершеннолетних граждан",
                    "be": "пашпарты або іншыя дакументы, якія сведчаць асобу ўсіх паўналетніх грамадзян"},
                   {"ru": "свидетельства о рождении несовершеннолетних детей, принимаемых на учёт",
                    "be": "пасведчанні аб нараджэнні непаўналетніх дзяцей, якіх прымаюць на ўлік"},
                   {"ru": "документы, подтверждающие право на внеочередное или первоочередное предоставление жилого "
                          "помещения, — при наличии такого права",
                    "be": "дакументы, якія пацвярджаюць права на пазачарговае або першачарговае прадастаўленне жылога "
                          "памяшкання, — пры наяўнасці такога права"},
                   {"ru": "сведения о доходе и имуществе каждого члена семьи — для учёта на жилое помещение "
                          "социального пользования",
                    "be": "звесткі пра даход і маёмасць кожнага члена сям'і — для ўліку на жылое памяшканне "
                          "сацыяльнага карыстання"},
                   {"ru": "домовая книга, если она есть, — для живущих в одноквартирном или блокированном жилом доме",
                    "be": "дамавая кніга, калі яна ёсць, — для тых, хто жыве ў аднакватэрным або блакіраваным жылым "
                          "доме"}),
        term={"ru": "1 месяц со дня подачи заявления", "be": "1 месяц з дня падачы заявы"}),
    # Checked in full on a published one-stop-shop page (documents, fee, term, validity).
    _procedure("1.3.1", "housing", {
        "ru": "Справка о состоянии на учёте нуждающихся в улучшении жилищных условий",
        "be": "Даведка аб знаходжанні на ўліку тых, хто мае патрэбу ў паляпшэнні жыллёвых умоў"},
        "http://mogoktgreu.by/one-window/item/2116-adm-proc-1-3-1",
        documents=(PASSPORT,), fee=FREE, term={"ru": "в день обращения", "be": "у дзень звароту"},
        validity={"ru": "6 месяцев", "be": "6 месяцаў"}),
    # Documents, fee, term, validity: a school's one-stop list (the employer pays it).
    _procedure("2.5", "family", {"ru": "Назначение пособия по беременности и родам",
                                 "be": "Прызначэнне дапамогі па цяжарнасці і родах"},
               "https://gomelschool11.by/o-shkole/procedura/",
               documents=(PASSPORT, {"ru": "листок нетрудоспособности", "be": "лісток непрацаздольнасці"}),
               fee=FREE, term={"ru": "10 дней со дня обращения", "be": "10 дзён з дня звароту"},
               validity={"ru": "на срок, указанный в листке нетрудоспособности",
                         "be": "на тэрмін, указаны ў лістку непрацаздольнасці"}, where=EMPLOYER),
    # The same page; who pays: the Brest region's list of procedures (README).
    _procedure("2.6", "family", {"ru": "Назначение пособия в связи с рождением ребёнка",
                                 "be": "Прызначэнне дапамогі ў сувязі з нараджэннем дзіцяці"},
               "https://gomelschool11.by/o-shkole/procedura/",
               documents=(APPLICATION, PASSPORT,
                          {"ru": "справка о рождении ребёнка или свидетельство о рождении ребёнка",
                           "be": "даведка аб нараджэнні дзіцяці або пасведчанне аб нараджэнні дзіцяці"}),
               fee=FREE, term={"ru": "10 дней со дня подачи заявления, а при запросе документов в других органах — "
                                     "1 месяц",
                               "be": "10 дзён з дня падачы заявы, а пры запыце дакументаў у іншых органах — 1 месяц"},
               validity={"ru": "единовременно", "be": "аднаразова"}, where=WORK_OR_SOCIAL),
    # Documents: an employer's one-stop page in Belarusian (the list goes on there); fee, term, validity: not read.
    _procedure("2.9", "family", {"ru": "Назначение пособия по уходу за ребёнком в возрасте до трёх лет",
                                 "be": "Прызначэнне дапамогі па доглядзе дзіцяці ва ўзросце да трох гадоў"},
               "https://bvod.by/index.php/by/289-ab-predpryemstve/administratsyjnyya-pratsedury/"
               "perechen-administrativnykh-protsedur-vypolnyaemykh-dlya-grazhdan-sostoyashchikh-sostoyashchikh-v-"
               "trudovykh-otnosheniyakh-peralik-administratsyjnykh-pratsedur-shto-vykonvayutstsa-dlya-gramadzyan-"
               "skladayutstsa-yakiya-skladalisya-u/2-9by/333-2-9",
               documents=(APPLICATION, PASSPORT,
                          {"ru": "свидетельства о рождении детей", "be": "пасведчанні аб нараджэнні дзяцей"},
                          {"ru": "копия решения суда об усыновлении — для семей, усыновивших детей",
                           "be": "копія рашэння суда аб усынаўленні — для сем'яў, якія ўсынавілі дзяцей"},
                          {"ru": "копия решения об установлении опеки — для опекунов",
                           "be": "копія рашэння аб устанаўленні апекі — для апекуноў"},
                          MORE_DOCUMENTS), where=WORK_OR_SOCIAL),
    # Documents, fee, term: an enterprise's one-stop page in Belarusian; where: the Brest region's list (README).
    _procedure("2.35", "social", {"ru": "Выплата пособия на погребение", "be": "Выплата дапамогі на пахаванне"},
               "https://liva.lesnoi.by/be/administracyjnaya-pracedura-2-35",
               documents=({"ru": "заявление того, кто взял на себя организацию погребения",
                           "be": "заява таго, хто ўзяў на сябе арганізацыю пахавання"},
                          {"ru": "паспорт или иной документ, удостоверяющий личность заявителя",
                           "be": "пашпарт або іншы дакумент, які сведчыць асобу заяўніка"},
                          {"ru": "справка о смерти — если смерть зарегистрирована в Республике Беларусь",
                           "be": "даведка аб смерці — калі смерць зарэгістравана ў Рэспубліцы Беларусь"},
                          {"ru": "свидетельство о смерти — если смерть зарегистрирована за пределами Республики "
                                 "Беларусь",
                           "be": "пасведчанне аб смерці — калі смерць зарэгістравана за межамі Рэспублікі Беларусь"},
                          {"ru": "свидетельство о рождении, если оно есть, — в случае смерти ребёнка",
                           "be": "пасведчанне аб нараджэнні, калі яно ёсць, — у выпадку смерці дзіцяці"},
                          {"ru": "справка о том, что умерший в возрасте от восемнадцати до двадцати трёх лет учился, "
                                 "— в случае смерти человека такого возраста",
                           "be": "даведка аб тым, што памерлы ва ўзросце ад васемнаццаці да дваццаці трох гадоў "
                                 "вучыўся, — у выпадку смерці чалавека такога ўзросту"}),
               fee=FREE, term={"ru": "1 рабочий день со дня подачи заявления, а при запросе документов в других "
                                     "органах — 1 месяц",
                               "be": "1 працоўны дзень з дня падачы заявы, а пры запыце дакументаў у іншых органах — "
                                     "1 месяц"},
               where={"ru": "по месту работы умершего, в органе, который платил ему пенсию, или в управлении по труду, "
                            "занятости и социальной защите райисполкома",
                      "be": "па месцы працы памерлага, у органе, які плаціў яму пенсію, або ва ўпраўленні па працы, "
                            "занятасці і сацыяльнай абароне райвыканкама"}),
    # Documents, fee, term and who handles it: the Dzerzhinsk district executive committee's one-stop page.
    _procedure("1.15.3", "land", {
        "ru": "Согласование проектной документации на переустройство или перепланировку жилых и нежилых помещений "
              "в жилых домах",
        "be": "Узгадненне праектнай дакументацыі на пераабсталяванне або перапланіроўку жылых і нежылых памяшканняў "
              "у жылых дамах"},
        "https://dzerzhinsk.gov.by/Odno_okno_Dzer.files/Page7234.htm",
        documents=(APPLICATION,), fee=FREE,
        term={"ru": "15 дней со дня подачи заявления", "be": "15 дзён з дня падачы заявы"},
        where={"ru": "служба «одно окно» райисполкома, площадь Ленина, 6; рассматривает отдел архитектуры и "
                     "строительства",
               "be": "служба «адно акно» райвыканкама, плошча Леніна, 6; разглядае аддзел архітэктуры і "
                     "будаўніцтва"}),
    # Checked in full on a published one-stop-shop page: no documents, free, 5 days, no expiry.
    _procedure("2.1", "documents", {"ru": "Выписка (копия) из трудовой книжки",
                                    "be": "Выпіска (копія) з працоўнай кніжкі"},
               "https://vckommunalnik-mogilev.by/odno-okno",
               documents=(), fee=FREE, term=FIVE_DAYS, validity=NO_EXPIRY, where=EMPLOYER),
    # Checked in full on a polyclinic's one-stop page: no documents, free, 5 days, no expiry.
    _procedure("2.2", "documents", {"ru": "Справка о месте работы, службы и занимаемой должности",
                                    "be": "Даведка аб месцы працы, службы і пасадзе, якую займае"},
               "https://24gp.by/одно-окно/административные-процедуры/труд-и-социальная-защита",
               documents=(), fee=FREE, term=FIVE_DAYS, validity=NO_EXPIRY, where=EMPLOYER),
    # Documents (the first of the list) and who handles it: a district executive committee's page.
    _procedure("5.1", "documents", {"ru": "Регистрация рождения", "be": "Рэгістрацыя нараджэння"},
               "https://aor.gov.by/ru/pages-pr_5.1-ru",
               documents=(APPLICATION,
                          {"ru": "паспорта или иные документы, удостоверяющие личность родителей (родителя), заявителя",
                           "be": "пашпарты або іншыя дакументы, якія сведчаць асобу бацькоў (аднаго з бацькоў), "
                                 "заяўніка"},
                          MORE_DOCUMENTS), where=REGISTRY),
    _procedure("5.2", "documents", {"ru": "Регистрация заключения брака", "be": "Рэгістрацыя заключэння шлюбу"},
               "https://aor.gov.by/ru/pages-pr_5.2-ru",
               documents=({"ru": "совместное заявление тех, кто вступает в брак",
                           "be": "сумесная заява тых, хто ўступае ў шлюб"},
                          {"ru": "паспорта или иные документы, удостоверяющие личность тех, кто вступает в брак",
                           "be": "пашпарты або іншыя дакументы, якія сведчаць асобу тых, хто ўступае ў шлюб"},
                          MORE_DOCUMENTS), where=REGISTRY),
]
