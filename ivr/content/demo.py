"""The demo office a new install starts with: the Kopyl district executive committee.

The facts are copied from the office's public page (shared/seed/office-page.txt): address, hours,
lunch break, the phone and fax numbers, the hot line number and one news item with a short summary.
"""
from __future__ import annotations

from typing import Any

from ivr.content.demo_procedures import DEMO_PROCEDURES

WORKDAY = {"opens": "08:30", "closes": "17:30", "lunch_start": "13:00", "lunch_end": "14:00"}

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
    "languages": ["ru", "be", "en"],
    "texts": {},
    "procedures": DEMO_PROCEDURES,
    # Words eSpeak stresses wrongly in the greeting (it says "ка́мітэта", "вы́канаўчага"); a clerk's
    # fixes, written with an acute accent after the stressed vowel.
    "pronunciations": {"be": {"камітэта": "камітэ́та", "выканаўчага": "выкана́ўчага", "Капыльскага": "Ка́пыльскага",
                              "патэлефанавалі": "патэлефанава́лі", "гарачую": "гара́чую"}},
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
