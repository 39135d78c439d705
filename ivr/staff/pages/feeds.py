"""News feeds and the headlines imported from them: add and remove feeds, see each one's last import
and error, approve, hide or correct an imported headline."""
from __future__ import annotations

from typing import Any

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from sqlalchemy import select

from ivr.config import settings
from ivr.extensions import db
from ivr.jobs import news_jobs
from ivr.languages import CODES, DEFAULT
from ivr.news.importer import FeedReport, import_all
from ivr.news.manage import NewsError, add_feed, edit, remove_feed, set_status
from ivr.news.models import HIDDEN, LIVE, PENDING, Feed, ImportedHeadline
from ivr.staff.frame import Route, author, t
from ivr.staff.i18n import MESSAGES


def page(form: dict[str, str] | None = None, problems: dict[str, str] | None = None, status: int = 200) -> Any:
    """The feeds page, with the add-a-feed form as the clerk filled it and its problems."""
    feeds = db.session.execute(select(Feed).order_by(Feed.id)).scalars().all()
    rows = db.session.execute(
        select(ImportedHeadline, Feed.name).join(Feed).order_by(ImportedHeadline.lang,
                                                                ImportedHeadline.published.desc().nulls_last())
    ).all()
    body = render_template("staff/feeds.html", feeds=feeds, headlines=rows, form=form or {"lang": DEFAULT}, feed_langs=CODES,
                           problems=problems or {}, LIVE=LIVE, PENDING=PENDING, HIDDEN=HIDDEN,
                           minutes=int(settings().news_interval), feed_problem=feed_problem,
                           per_language=settings().news_per_language)
    return body, status


def feed_problem(kind: str) -> str:
    """Why a feed could not be imported, in the clerk's language (a text stored before kinds existed
    is shown as it is)."""
    key = "feed_problem_" + kind
    return t(key) if key in MESSAGES else kind


def report_line(report: FeedReport) -> str:
    """One feed's import, in the clerk's language."""
    if report.problem:
        return t("feed_import_failed", name=report.feed, problem=feed_problem(report.problem))
    return t("feed_import_line", name=report.feed, added=report.added, skipped=report.skipped)


def feeds() -> Any:
    """The list of feeds and imported headlines; POST adds a feed (the form comes back on a problem)."""
    if request.method == "GET":
        return page()
    form = {k: request.form.get(k, "").strip() for k in ("url", "lang", "name")}
    try:
        add_feed(form["url"], form["lang"], form["name"])
    except NewsError as exc:
        return page(form, {exc.field or "url": feed_problem(exc.kind)}, 422)
    flash(t("feed_added"), "success")
    return redirect(url_for("staff.feeds"))


def feed_remove(feed_id: int) -> Any:
    """GET: ask first. POST: remove a feed with the headlines imported from it."""
    if request.method == "GET":
        feed = db.session.get(Feed, feed_id)
        if feed is None:
            abort(404)
        return render_template("staff/confirm.html", heading=t("feed_remove_title"),
                               text=t("feed_remove_text", name=feed.name), button=t("feed_remove_button"),
                               action=url_for("staff.feed_remove", feed_id=feed_id), cancel=url_for("staff.feeds"))
    try:
        remove_feed(feed_id)
    except NewsError:
        abort(404)
    flash(t("feed_removed"), "success")
    return redirect(url_for("staff.feeds"))


def feeds_import() -> Response:
    """Import now: in the background when there are workers, else here (bounded by the timeouts)."""
    jobs = news_jobs(current_app)  # apart from the pool that copies recordings and sends texts
    if jobs.enabled:
        jobs.submit(import_all)
        flash(t("import_started"), "info")
    else:
        reports = import_all()
        flash(t("import_done", lines="; ".join(report_line(r) for r in reports) or t("feeds_none")), "info")
    return redirect(url_for("staff.feeds"))


def imported_headline(headline_id: int) -> Any:
    """Approve, hide or show an imported headline, or correct its text."""
    action = request.form.get("action", "")
    try:
        if action in (LIVE, PENDING, HIDDEN):
            set_status(headline_id, action, author())
        elif action == "edit":
            edit(headline_id, request.form.get("title", ""), request.form.get("summary", ""), author())
        else:
            abort(400)
    except NewsError as exc:
        if "no imported headline" in str(exc):
            abort(404)
        return page(problems={f"title-{headline_id}": feed_problem(exc.kind)}, status=422)
    flash(t("saved_note"), "success")
    return redirect(url_for("staff.feeds") + f"#headline-{headline_id}")


ROUTES = (
    Route("/feeds", feeds, methods=("GET", "POST")),
    Route("/feeds/<int:feed_id>/remove", feed_remove, methods=("GET", "POST"), menu="feeds"),
    Route("/feeds/import", feeds_import, methods=("POST",), menu="feeds"),
    Route("/feeds/headline/<int:headline_id>", imported_headline, methods=("POST",), menu="feeds"),
)
