"""The demo office a new install starts with: the Kopyl district executive committee.

The facts are copied from the office's public page (shared/seed/office-page.txt): address, hours,
lunch break, the phone and fax numbers, the hot line number and one news item with a short summary.
"""
from __future__ import annotations

from typing import Any

from ivr.content.demo_procedures import DEMO_PROCEDURES

WORKDAY = {"opens": "08:30", "closes": "17:30", "lunch_start": "13:00", "lunch_end": "14:00"}
# The one-stop shop («одно окно») and the appeals desk, from the office's pages (kopyl.gov.by, seen 2026).
ONE_STOP_DAY = {"opens": "08:00", "closes": "17:00", "lunch_start": "13:00", "lunch_end": "14:00"}
ONE_STOP_LONG_DAY = {"opens": "08:00", "closes": "20:00", "lunch_start": "13:00", "lunch_end": "14:00"}
ONE_STOP_SATURDAY = {"opens": "09:00", "closes": "13:00"}
# The page gives only the start (8:00); the end of the day and the lunch break are the reception's.
APPEALS_DAY = {"opens": "08:00", "closes": "17:30", "lunch_start": "13:00", "lunch_end": "14:00"}
NO_HOURS = {"mon": None, "tue": None, "wed": None, "thu": None, "fri": None, "sat": None, "sun": None}

DEMO_OFFICE: dict[str, Any] = {
    "name": {
        "ru": "Копыльский районный исполнительный комитет",
        "be": "Капыльскі раённы выканаўчы камітэт",
        "en": "Kopyl District Executive Committee",
    },
    # Without the postal code, which is read separately as digit groups.
    "address": {
        "ru": "Минская область, город Копыль, площадь Ленина, дом 6",
        "be": "Мінская вобласць, горад Капыль, плошча Леніна, дом 6",
        "en": "6 Lenin Square, Kopyl, Minsk region",
    },
    "postal_code": "223927",
    # The page lists 55-2-41 under a fax icon: it is the office's fax, not a number to call.
    "contacts": [
        {"kind": "phone", "value": "+375 (1719) 28-2-60", "reading": "dialled"},
        {"kind": "fax", "value": "+375 (1719) 55-2-41", "reading": "dialled"},
    ],
    "hotline": "+375 (1719) 28-2-60",
    "transfer_number": "+375 (1719) 28-2-60",
    "week": {"mon": WORKDAY, "tue": WORKDAY, "wed": WORKDAY, "thu": WORKDAY, "fri": WORKDAY, "sat": None, "sun": None},
    "closures": [],
    "extra_workdays": [],
    # The reception is the week above; these are the office's other services.
    "services": [
        {
            "id": "one-stop",
            "name": {"ru": "служба «одно окно»", "be": "служба «адно акно»", "en": "the one-stop shop"},
            "week": {"mon": ONE_STOP_DAY, "tue": ONE_STOP_DAY, "wed": ONE_STOP_LONG_DAY, "thu": ONE_STOP_DAY,
                     "fri": ONE_STOP_DAY, "sat": ONE_STOP_SATURDAY, "sun": None},
            "phone": "+375 (1719) 28-2-60",
            "follows_holidays": True,
            "source": "kopyl.gov.by, seen 2026: Mon–Tue 8–17, Wed 8–20, Thu–Fri 8–17, lunch 13–14, Sat 9–13",
        },
        {
            "id": "appeals",
            "name": {"ru": "приём обращений граждан", "be": "прыём зваротаў грамадзян", "en": "the appeals desk"},
            "week": {"mon": APPEALS_DAY, "tue": APPEALS_DAY, "wed": APPEALS_DAY, "thu": APPEALS_DAY,
                     "fri": APPEALS_DAY, "sat": None, "sun": None},
            "phone": "+375 (1719) 28-2-60",
            "follows_holidays": True,
            "source": "kopyl.gov.by, seen 2026: appeals are accepted from 8:00; the page gives no end, so the "
                      "reception's (17:30, lunch 13–14) is assumed",
        },
        {
            "id": "142",
            "name": {"ru": "единый номер по административным процедурам",
                     "be": "адзіны нумар па адміністрацыйных працэдурах",
                     "en": "the national number for administrative procedures"},
            "week": NO_HOURS,
            "phone": "142",
            "follows_holidays": False,
            "source": "kopyl.gov.by, seen 2026: the national number 142 for administrative procedures",
        },
    ],
    "special_dates": [],
    "notices": [],
    # Belarusian labour law: the working day before a public holiday is one hour shorter.
    "pre_holiday": "minus_hour",
    "languages": ["ru", "be", "en"],
    "texts": {},
    "procedures": DEMO_PROCEDURES,
    # Words eSpeak stresses wrongly in the greeting (it says "ка́мітэта", "вы́канаўчага"); a clerk's
    # fixes, written with an acute accent after the stressed vowel.
    "pronunciations": {"be": {"камітэта": "камітэ́та", "выканаўчага": "выкана́ўчага", "Капыльскага": "Ка́пыльскага",
                              "патэлефанавалі": "патэлефанава́лі", "гарачую": "гара́чую"}},
    # Demo examples, not the office's published schedule: a chairman's personal reception on the 2nd
    # and 4th Wednesday and a Saturday direct line, as district committees commonly hold them. No
    # names are invented; the numbers are the office's own published phone.
    "receptions": [
        {
            "id": "chairman-reception", "kind": "reception", "source": "demo example",
            "who": {}, "post": {"ru": "председатель райисполкома", "be": "старшыня райвыканкама",
                                "en": "the chairman of the district executive committee"},
            "weekday": 2, "weeks": [2, 4], "dates": [], "starts": "08:00", "ends": "13:00",
            "place": {"ru": "здание райисполкома, площадь Ленина, 6", "be": "будынак райвыканкама, плошча Леніна, 6",
                      "en": "the district executive committee, 6 Lenin Square"},
            "phone": "+375 (1719) 28-2-60",
            "signup": {},
            "holidays_cancel": True,
        },
        {
            "id": "saturday-direct-line", "kind": "direct_line", "source": "demo example",
            "who": {}, "post": {"ru": "заместитель председателя райисполкома",
                                "be": "намеснік старшыні райвыканкама",
                                "en": "a deputy chairman of the district executive committee"},
            "weekday": 5, "weeks": [], "dates": [], "starts": "09:00", "ends": "12:00",
            "place": {}, "phone": "+375 (1719) 28-2-60", "signup": {}, "holidays_cancel": True,
        },
    ],
    # Where to go: only numbers that are national public facts (the short numbers of Belarus's
    # emergency and utility services); local rows are left to the office, no local number is invented.
    "organisations": [
        {"topic": "emergency", "phone": "101", "source": "national number (mchs.gov.by)",
         "name": {"ru": "Служба спасения МЧС", "be": "Служба выратавання МНС", "en": "Fire and rescue"},
         "handles": {"ru": "пожар, авария, угроза жизни", "be": "пажар, аварыя, пагроза жыццю",
                     "en": "fire, accidents, danger to life"},
         "hours": {"ru": "круглосуточно", "be": "кругласутачна", "en": "day and night"}},
        {"topic": "emergency", "phone": "102", "source": "national number (mvd.gov.by)",
         "name": {"ru": "Милиция", "be": "Міліцыя", "en": "Police"},
         "handles": {"ru": "правонарушения", "be": "правапарушэнні", "en": "crime and public order"},
         "hours": {"ru": "круглосуточно", "be": "кругласутачна", "en": "day and night"}},
        {"topic": "emergency", "phone": "104", "source": "national number (gas.by)",
         "name": {"ru": "Аварийная газовая служба", "be": "Аварыйная газавая служба", "en": "Gas emergency"},
         "handles": {"ru": "запах газа, утечка газа", "be": "пах газу, уцечка газу", "en": "a smell or leak of gas"},
         "hours": {"ru": "круглосуточно", "be": "кругласутачна", "en": "day and night"}},
        {"topic": "housing", "phone": "115", "source": "national number (115.бел)",
         "name": {"ru": "Единый номер жилищно-коммунального хозяйства",
                  "be": "Адзіны нумар камунальнай гаспадаркі", "en": "Housing and utilities line"},
         "handles": {"ru": "отопление, вода, подъезды, дворы", "be": "ацяпленне, вада, пад'езды, двары",
                     "en": "heating, water, staircases and yards"},
         "hours": {}},
        {"topic": "health", "phone": "103", "source": "national number (minzdrav.gov.by)",
         "name": {"ru": "Скорая медицинская помощь", "be": "Хуткая медыцынская дапамога", "en": "Ambulance"},
         "handles": {"ru": "угроза жизни и здоровью", "be": "пагроза жыццю і здароўю",
                     "en": "danger to life or health"},
         "hours": {"ru": "круглосуточно", "be": "кругласутачна", "en": "day and night"}},
    ],
    "headlines": [
        {
            "id": "tashkent-talks",
            # The page gives the day (8 February) but not the year, so no date is invented here.
            "published": None,
            "hidden": False,
            "title": {
                "ru": "Лукашенко: переговоры в Ташкенте помогли наметить планы сотрудничества",
                "be": "Лукашэнка: перамовы ў Ташкенце дапамаглі акрэсліць планы супрацоўніцтва",
                "en": "Lukashenko: Tashkent talks helped thrash out cooperation plans",
            },
            "summary": {
                "ru": (
                    "После переговоров с Президентом Узбекистана Шавкатом Мирзиёевым в Ташкенте "
                    "Александр Лукашенко сказал, что стороны поняли, куда и как быстро двигаться, "
                    "и пригласил узбекского коллегу посетить Беларусь в этом году."
                ),
                "be": (
                    "Пасля перамоў з Прэзідэнтам Узбекістана Шаўкатам Мірзіёевым у Ташкенце "
                    "Аляксандр Лукашэнка сказаў, што бакі зразумелі, куды і як хутка рухацца, "
                    "і запрасіў узбекскага калегу наведаць Беларусь у гэтым годзе."
                ),
                "en": (
                    "After talks with Uzbekistan President Shavkat Mirziyoyev in Tashkent, "
                    "Aleksandr Lukashenko said both sides now understand where to go and how fast to move, "
                    "and invited his counterpart to visit Belarus this year."
                ),
            },
        }
    ],
}
