"""`flask import-news` and `feeds`: the news feeds and their headlines."""
from __future__ import annotations

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from ivr.cli.common import DEFAULT_LANGUAGE, LANGUAGE, database_errors_in_one_line, ready_app
from ivr.extensions import db
from ivr.news.fetch import problem_text
from ivr.news.importer import import_all
from ivr.news.manage import NewsError, add_feed, remove_feed
from ivr.news.models import Feed
from ivr.speech.queue import synthesis_queue

NO_FEEDS = "no feeds yet: add one with `flask --app wsgi feeds add URL --lang ru`"


@click.command("import-news")
@database_errors_in_one_line
@with_appcontext
def import_news_command() -> None:
    """Fetch every feed once and add its new headlines; one line per feed; exit 1 if any failed."""
    app = ready_app()
    reports = import_all()
    if not reports:
        click.echo(NO_FEEDS)
    for report in reports:
        click.echo(report.line())
    synthesis_queue(app).wait()
    if any(report.error for report in reports):
        raise SystemExit(1)


@click.command("feeds")
@database_errors_in_one_line
@click.argument("action", type=click.Choice(["list", "add", "remove"]), default="list")
@click.argument("target", required=False)
@click.option("--lang", type=LANGUAGE, default=DEFAULT_LANGUAGE, show_default=True)
@click.option("--name", default="", help="A short name staff recognise (default: the site's address).")
@with_appcontext
def feeds_command(action: str, target: str | None, lang: str, name: str) -> None:
    """List the news feeds, add one (URL), or remove one (its number from the list)."""
    ready_app()
    try:
        if action == "add":
            if not target:
                raise NewsError("give the feed's address: feeds add URL --lang ru")
            feed = add_feed(target, lang, name)
            click.echo(f"added feed {feed.id}: {feed.url} ({feed.lang})")
        elif action == "remove":
            if not target or not target.isdigit():
                raise NewsError("give the feed's number from `feeds list`")
            remove_feed(int(target))
            click.echo(f"removed feed {target}")
        else:
            feeds = db.session.execute(select(Feed).order_by(Feed.id)).scalars().all()
            if not feeds:
                click.echo(NO_FEEDS)
            for feed in feeds:
                last = feed.last_import_at.strftime("%Y-%m-%d %H:%M") if feed.last_import_at else "never"
                status = f"error: {problem_text(feed.last_error)}" if feed.last_error else f"{feed.last_added} new"
                click.echo(f"{feed.id}. [{feed.lang}] {feed.name} {feed.url} (last import: {last}, {status})")
    except NewsError as exc:
        raise click.ClickException(str(exc)) from exc


COMMANDS = (import_news_command, feeds_command)
