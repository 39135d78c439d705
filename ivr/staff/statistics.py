"""Call statistics for a period: charts drawn on the server (SVG, no script) and a CSV export."""
from __future__ import annotations

from datetime import date, timedelta

from flask import Response, current_app, render_template, request

from ivr import clock
from ivr.callflow import menus
from ivr.ops.analytics import grouped_choices, summarise, to_csv
from ivr.staff import i18n
from ivr.staff.views import NAV, staff_bp, t, ui_lang

i18n.MESSAGES.update({
    "nav_statistics": ("Статистика", "Statistics"),
    "stats_title": ("Статистика звонков", "Call statistics"),
    "stats_from": ("С", "From"),
    "stats_to": ("по", "to"),
    "stats_show": ("Показать", "Show"),
    "stats_bad_dates": ("Даты — в виде ГГГГ-ММ-ДД, и первая не позже второй; показаны последние 30 дней.",
                        "Dates as YYYY-MM-DD, the first not after the second; showing the last 30 days."),
    "stats_total": ("Звонков за период: {n}", "Calls in the period: {n}"),
    "stats_per_day": ("Звонки по дням", "Calls per day"),
    "stats_choices": ("Что выбирали в главном меню", "Main menu choices"),
    "stats_outcomes": ("Чем закончились звонки", "How calls ended"),
    "stats_languages": ("Языки", "Languages"),
    "stats_heatmap": ("Самые загруженные часы недели", "Busiest hours of the week"),
    "stats_heatmap_caption": ("Число звонков по дням недели и часам", "Calls by weekday and hour"),
    "stats_csv": ("Скачать CSV (для таблицы)", "Download CSV (for a spreadsheet)"),
    "stats_headlines": ("Прослушано новостей: {n}", "Headlines heard: {n}"),
    "outcome_served": ("получили ответ", "got an answer"),
    "outcome_no_choice": ("повесили трубку в первом меню", "hung up in the first menu"),
    "outcome_no_input": ("ничего не выбрали (нет ввода)", "chose nothing (no input)"),
    "language_none": ("не выбран", "none chosen"),
    "weekday_0": ("Пн", "Mon"), "weekday_1": ("Вт", "Tue"), "weekday_2": ("Ср", "Wed"), "weekday_3": ("Чт", "Thu"),
    "weekday_4": ("Пт", "Fri"), "weekday_5": ("Сб", "Sat"), "weekday_6": ("Вс", "Sun"),
    "bar_value": ("{label}: {n} ({share}%)", "{label}: {n} ({share}%)"),
})
NAV.insert(-1, ("staff.statistics", "nav_statistics"))


def period() -> tuple[date, date, bool]:
    """The requested period (default: the last 30 days up to today), and whether the input was bad."""
    today = clock.today()
    default = (today - timedelta(days=29), today)
    raw_from, raw_to = request.args.get("from"), request.args.get("to")
    if not raw_from and not raw_to:
        return default[0], default[1], False
    try:
        start, end = date.fromisoformat(raw_from or ""), date.fromisoformat(raw_to or "")
    except ValueError:
        return default[0], default[1], True
    if start > end or (end - start).days > 3660:
        return default[0], default[1], True
    return start, end, False


def choice_label(name: str) -> str:
    """A menu choice's chart label in the staff's language: it comes with the choice's row in the
    menu tables (ivr.callflow.menus), so a new counted option brings its own label."""
    russian, english = menus.choice_labels().get(name, (name, name))
    return english if ui_lang() == "en" else russian


def bars(items: list[tuple[str, int]]) -> list[dict[str, object]]:
    """Horizontal bars: label, count, share of the total and the bar's width in percent."""
    total = sum(n for _, n in items) or 1
    top = max((n for _, n in items), default=0) or 1
    return [{"label": label, "n": n, "share": round(100 * n / total), "width": round(100 * n / top, 1)} for label, n in items]


@staff_bp.route("/statistics")
def statistics() -> str:
    """Calls per day, menu choices, endings, languages and the busiest hours for a period."""
    start, end, bad = period()
    stats = summarise(start, end, current_app.config["IVR_TIMEZONE"])
    peak = max((n for _, n in stats.per_day), default=0)
    return render_template(
        "staff/statistics.html", stats=stats, start=start, end=end, bad=bad, peak=peak or 1,
        choices=bars([(choice_label(k), n) for k, n in grouped_choices(stats).items()]),
        outcomes=bars([(t(f"outcome_{k}"), stats.outcomes.get(k, 0)) for k in ("served", "no_choice", "no_input")]),
        languages=bars([(t("language_none") if k == "none" else k.upper(), n) for k, n in sorted(stats.languages.items())]),
        busiest=stats.busiest or 1,
    )


@staff_bp.route("/statistics.csv")
def statistics_csv() -> Response:
    """One row per call in the period (UTF-8 with a byte-order mark, for spreadsheets)."""
    start, end, _bad = period()
    data = to_csv(summarise(start, end, current_app.config["IVR_TIMEZONE"]))
    name = f"hotline-calls-{start.isoformat()}-{end.isoformat()}.csv"
    return Response(data, mimetype="text/csv", headers={"Content-Disposition": f'attachment; filename="{name}"'})
