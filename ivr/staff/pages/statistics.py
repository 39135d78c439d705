"""Call statistics for a period: charts drawn on the server (SVG, no script) and a CSV export."""
from __future__ import annotations

import csv
import io
from datetime import date, timedelta

from flask import Response, render_template, request
from flask_babel import gettext

from ivr import clock
from ivr.callflow import menus
from ivr.config import settings
from ivr.messages.requests import AGE_GROUPS, requests_by_status_and_age
from ivr.ops.analytics import CSV_COLUMNS, grouped_choices, summarise, to_csv
from ivr.staff.frame import Route, inbox_required, word


EARLIEST_YEAR, LATEST_YEAR = 2000, 2999
# The procedures shown in the chart of those asked for (the most asked first).
MOST_ASKED = 15


def period() -> tuple[date, date, bool]:
    """The requested period (default: the last 30 days up to today), and whether the input was bad."""
    today = clock.today()
    default = (today - timedelta(days=29), today)
    raw_from, raw_to = request.args.get("from"), request.args.get("to")
    if not raw_from and not raw_to:
        return default[0], default[1], False
    try:
        start, end = date.fromisoformat((raw_from or "")[:10]), date.fromisoformat((raw_to or "")[:10])
    except ValueError:
        return default[0], default[1], True
    # Years 1 and 9999 would overflow when turned into moments in the office's time zone.
    if start > end or (end - start).days > 3660 or start.year < EARLIEST_YEAR or end.year > LATEST_YEAR:
        return default[0], default[1], True
    return start, end, False


def choice_label(name: str) -> str:
    """A menu choice's chart label in the staff's language: it comes with the choice's row in the
    menu tables (ivr.callflow.menus), so a new counted option brings its own label."""
    label = menus.choice_labels().get(name)
    return gettext(label) if label else name


def csv_words(column: str, code: str) -> str:
    """A code of the CSV in the clerk's language: a language, a menu choice, how the call ended."""
    if column == "language":
        return gettext("none chosen") if code in ("", "none") else word("lang_" + code)
    if column == "choices":
        return choice_label(code)
    words = word("outcome_" + code)
    return code if words == "outcome_" + code else words  # an ending these pages have no words for yet


def bars(items: list[tuple[str, int]]) -> list[dict[str, object]]:
    """Horizontal bars: label, count, share of the total and the bar's width in percent."""
    total = sum(n for _, n in items) or 1
    top = max((n for _, n in items), default=0) or 1
    return [{"label": label, "n": n, "share": round(100 * n / total), "width": round(100 * n / top, 1)} for label, n in items]


def statistics() -> tuple[str, int]:
    """Calls per day, menu choices, endings, languages and the busiest hours for a period (422 with
    the last 30 days and the form again when the period asked for cannot be read)."""
    start, end, bad = period()
    stats = summarise(start, end, settings().timezone)
    peak = max((n for _, n in stats.per_day), default=0)
    return render_template(
        "staff/statistics.html", stats=stats, start=start, end=end, bad=bad, peak=peak or 1,
        choices=bars([(choice_label(k), n) for k, n in grouped_choices(stats).items()]),
        outcomes=bars([(word(f"outcome_{k}"), stats.outcomes.get(k, 0)) for k in ("served", "no_choice", "no_input")]),
        languages=bars([(gettext("none chosen") if k == "none" else k.upper(), n) for k, n in sorted(stats.languages.items())]),
        busiest=stats.busiest or 1,
        procedures=bars(stats.procedures.most_common(MOST_ASKED)),
        missing=bars(stats.procedures_missing.most_common(MOST_ASKED)),
        requests=requests_by_status_and_age(clock.utc_now()), age_groups=[name for name, _ in AGE_GROUPS],
    ), 422 if bad else 200


def requests_csv(requests: dict[str, dict[str, int]]) -> bytes:
    """The requests by status and age as a second table of the CSV, after an empty line and its title,
    in the clerk's language like the statistics page's table."""
    groups = [name for name, _ in AGE_GROUPS]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerows([[], [gettext("Requests by status and age")],
                      [gettext("Status"), *(word("age_" + group) for group in groups), word("age_total")]])
    writer.writerows([word("status_" + status), *(counts[group] for group in groups), sum(counts.values())]
                     for status, counts in requests.items())
    return out.getvalue().encode("utf-8")


@inbox_required
def statistics_csv() -> Response | tuple[str, int]:
    """One row per call in the period (UTF-8 with a byte-order mark, for spreadsheets), then the requests
    by status and age as they are now; like the inbox, only for clerks with the inbox permission."""
    start, end, bad = period()
    if bad:
        return statistics()
    data = to_csv(summarise(start, end, settings().timezone), [word("csv_" + column) for column in CSV_COLUMNS], csv_words)
    data += requests_csv(requests_by_status_and_age(clock.utc_now()))
    name = f"hotline-calls-{start.isoformat()}-{end.isoformat()}.csv"
    return Response(data, mimetype="text/csv", headers={"Content-Disposition": f'attachment; filename="{name}"'})


ROUTES = (
    Route("/statistics", statistics),
    Route("/statistics.csv", statistics_csv, menu="statistics"),
)
