"""News feeds and the headlines imported from them: add and remove feeds, see each one's last import
and error, approve, hide or correct an imported headline."""
from __future__ import annotations

from typing import Any

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from sqlalchemy import select

from ivr.extensions import db
from ivr.news.manage import NewsError, add_feed, edit, remove_feed, set_status
from ivr.news.models import HIDDEN, LIVE, PENDING, Feed, ImportedHeadline
from ivr.staff import i18n
from ivr.staff.views import NAV, author, staff_bp, t

i18n.MESSAGES.update({
    "nav_feeds": ("Ленты новостей", "News feeds"),
    "feeds_title": ("Ленты новостей (RSS и Atom)", "News feeds (RSS and Atom)"),
    "feeds_intro": ("Новости из лент добавляются сами каждые {minutes} мин. Звонящие слышат не больше {n} новостей на каждом языке; написанные вручную и закреплённые — первыми.",
                    "Headlines from feeds are added by themselves every {minutes} min. Callers hear at most {n} per language; hand-written pinned ones come first."),
    "feeds_none": ("Лент пока нет.", "No feeds yet."),
    "feed_url": ("Адрес ленты", "Feed address"),
    "feed_url_hint": ("Начинается с https:// или http://", "Starts with https:// or http://"),
    "feed_lang": ("Язык ленты", "The feed's language"),
    "feed_name": ("Короткое название (необязательно)", "Short name (optional)"),
    "feed_add": ("Добавить ленту", "Add the feed"),
    "feed_added": ("Лента добавлена.", "Feed added."),
    "feed_remove": ("Удалить ленту", "Remove the feed"),
    "feed_removed": ("Лента удалена вместе с её новостями.", "Feed removed with its headlines."),
    "feed_last": ("Последняя загрузка: {when}", "Last import: {when}"),
    "feed_ok": ("добавлено новых: {n}", "{n} new"),
    "feed_error": ("ошибка: {error}", "error: {error}"),
    "import_now": ("Загрузить новости сейчас", "Import now"),
    "import_done": ("Загрузка: {lines}", "Import: {lines}"),
    "import_started": ("Загрузка началась; обновите страницу через минуту.", "The import has started; reload in a minute."),
    "imported_title": ("Новости из лент", "Headlines from feeds"),
    "imported_none": ("Из лент пока ничего не загружено.", "Nothing imported yet."),
    "imported_status_live": ("звучит в звонке", "live"),
    "imported_status_pending": ("ждёт одобрения", "waiting for approval"),
    "imported_status_hidden": ("скрыта", "hidden"),
    "approve": ("Одобрить", "Approve"),
    "hide": ("Скрыть", "Hide"),
    "show": ("Показать", "Show"),
    "correct": ("Исправить текст", "Correct the text"),
    "title_field": ("Заголовок", "Title"),
    "summary_field": ("Краткий текст", "Short text"),
    "save": ("Сохранить", "Save"),
    "saved_note": ("Сохранено; звук делается заново.", "Saved; the audio is being made again."),
    "edited_by": ("исправлено: {name}", "corrected by {name}"),
    "from_feed_name": ("из ленты «{name}»", "from the feed “{name}”"),
})
NAV.insert(NAV.index(("staff.headlines", "nav_headlines")) + 1, ("staff.feeds", "nav_feeds"))


def page(form: dict[str, str] | None = None, problems: dict[str, str] | None = None, status: int = 200) -> Any:
    feeds = db.session.execute(select(Feed).order_by(Feed.id)).scalars().all()
    rows = db.session.execute(
        select(ImportedHeadline, Feed.name).join(Feed).order_by(ImportedHeadline.lang,
                                                                ImportedHeadline.published.desc().nulls_last())
    ).all()
    body = render_template("staff/feeds.html", feeds=feeds, headlines=rows, form=form or {"lang": "ru"},
                           problems=problems or {}, LIVE=LIVE, PENDING=PENDING, HIDDEN=HIDDEN,
                           minutes=int(current_app.config["IVR_NEWS_INTERVAL"]),
                           per_language=current_app.config["IVR_NEWS_PER_LANGUAGE"])
    return body, status


@staff_bp.route("/feeds", methods=["GET", "POST"])
def feeds() -> Any:
    """The list of feeds and imported headlines; POST adds a feed (the form comes back on a problem)."""
    if request.method == "GET":
        return page()
    form = {k: request.form.get(k, "").strip() for k in ("url", "lang", "name")}
    try:
        add_feed(form["url"], form["lang"], form["name"])
    except NewsError as exc:
        field = "lang" if "language" in str(exc) else "url"
        return page(form, {field: str(exc)}, 422)
    flash(t("feed_added"), "success")
    return redirect(url_for("staff.feeds"))


@staff_bp.route("/feeds/<int:feed_id>/remove", methods=["POST"])
def feed_remove(feed_id: int) -> Response:
    try:
        remove_feed(feed_id)
    except NewsError:
        abort(404)
    flash(t("feed_removed"), "success")
    return redirect(url_for("staff.feeds"))


@staff_bp.route("/feeds/import", methods=["POST"])
def feeds_import() -> Response:
    """Import now: in the background when there are workers, else here (bounded by the timeouts)."""
    from ivr.news.importer import import_all

    jobs = current_app.extensions["ivr.jobs"]
    if jobs.enabled:
        jobs.submit(import_all)
        flash(t("import_started"), "info")
    else:
        reports = import_all()
        flash(t("import_done", lines="; ".join(r.line() for r in reports) or t("feeds_none")), "info")
    return redirect(url_for("staff.feeds"))


@staff_bp.route("/feeds/headline/<int:headline_id>", methods=["POST"])
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
        return page(problems={f"title-{headline_id}": str(exc)}, status=422)
    flash(t("saved_note"), "success")
    return redirect(url_for("staff.feeds") + f"#headline-{headline_id}")
