"""News feeds and the headlines imported from them: add and remove feeds, see each one's last import
and error, approve, hide or correct an imported headline."""
from __future__ import annotations

from typing import Any

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from sqlalchemy import select

from ivr.config import settings
from ivr.extensions import db
from ivr.jobs import news_jobs
from ivr.languages import CODES, DEFAULT
from ivr.news.importer import FeedReport, import_all
from ivr.news.manage import NewsError, add_feed, edit, remove_feed, set_status
from ivr.news.models import HIDDEN, LIVE, PENDING, Feed, ImportedHeadline
from ivr.staff.frame import Route, author, word
from ivr.staff.words import KEYED


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
    return word(key) if key in KEYED else kind


def report_line(report: FeedReport) -> str:
    """One feed's import, in the clerk's language."""
    if report.problem:
        return gettext("“%(name)s”: not imported — %(problem)s (existing headlines kept)", name=report.feed, problem=feed_problem(report.problem))
    return gettext("“%(name)s”: %(added)s new, %(skipped)s already known", name=report.feed, added=report.added, skipped=report.skipped)


def feeds() -> Any:
    """The list of feeds and imported headlines; POST adds a feed (the form comes back on a problem)."""
    if request.method == "GET":
        return page()
    form = {k: request.form.get(k, "").strip() for k in ("url", "lang", "name")}
    try:
        add_feed(form["url"], form["lang"], form["name"])
    except NewsError as exc:
        return page(form, {exc.field or "url": feed_problem(exc.kind)}, 422)
    flash(gettext("Feed added."), "success")
    return redirect(url_for("staff.feeds"))


def feed_remove(feed_id: int) -> Any:
    """GET: ask first. POST: remove a feed with the headlines imported from it."""
    if request.method == "GET":
        feed = db.session.get(Feed, feed_id)
        if feed is None:
            abort(404)
        return render_template("staff/confirm.html", heading=gettext("Remove the news feed?"),
                               text=gettext("The feed “%(name)s” and every headline imported from it are deleted.", name=feed.name), button=gettext("Yes, remove the feed"),
                               action=url_for("staff.feed_remove", feed_id=feed_id), cancel=url_for("staff.feeds"))
    try:
        remove_feed(feed_id)
    except NewsError:
        abort(404)
    flash(gettext("Feed removed with its headlines."), "success")
    return redirect(url_for("staff.feeds"))


def feeds_import() -> Response:
    """Import now: in the background when there are workers, else here (bounded by the timeouts)."""
    jobs = news_jobs(current_app)  # apart from the pool that copies recordings and sends texts
    if jobs.enabled:
        jobs.submit(import_all)
        flash(gettext("The import has started; reload in a minute."), "info")
    else:
        reports = import_all()
        flash(gettext("Import: %(lines)s", lines="; ".join(report_line(r) for r in reports) or gettext("No feeds yet.")), "info")
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
    flash(gettext("Saved; the audio is being prepared again."), "success")
    return redirect(url_for("staff.feeds") + f"#headline-{headline_id}")


ROUTES = (
    Route("/feeds", feeds, methods=("GET", "POST")),
    Route("/feeds/<int:feed_id>/remove", feed_remove, methods=("GET", "POST"), menu="feeds"),
    Route("/feeds/import", feeds_import, methods=("POST",), menu="feeds"),
    Route("/feeds/headline/<int:headline_id>", imported_headline, methods=("POST",), menu="feeds"),
)
