"""What staff (and the `feeds` command) do with feeds and imported headlines."""
from __future__ import annotations

from urllib.parse import urlsplit

from sqlalchemy import select

from ivr import languages
from ivr.config import settings
from ivr.signals import content_saved
from ivr.extensions import db
from ivr.news.fetch import FeedError, check_url
from ivr.news.models import HIDDEN, LIVE, PENDING, Feed, ImportedHeadline


class NewsError(ValueError):
    """A request about feeds or headlines that cannot be done; the message says why, and ``kind``
    (a key of ivr.news.fetch.PROBLEMS, or '') lets a page say it in the reader's language."""

    def __init__(self, message: str, kind: str = "", field: str = ""):
        super().__init__(message)
        self.kind = kind
        self.field = field  # the form field it is about ("url", "lang", "name", "title", "summary"), if one


def add_feed(url: str, lang: str, name: str = "") -> Feed:
    """Add a feed (checked: an http(s) address outside the office's networks, a known language, not
    already there)."""
    url = url.strip()
    _check_plain(url, 1000, "the address", "url")
    _check_plain(name, 200, "the name", "name")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise NewsError(f"{url!r} is not a web address (http:// or https://)", "bad_address", "url")
    if not languages.known(lang):
        raise NewsError(f"the language must be one of {', '.join(languages.CODES)}", "bad_language", "lang")
    if db.session.execute(select(Feed).where(Feed.url == url)).scalar_one_or_none():
        raise NewsError("this feed is already in the list", "duplicate", "url")
    try:
        check_url(url, settings().feed_allow_networks, float(settings().news_timeout))
    except FeedError as exc:
        raise NewsError(str(exc), exc.kind, "url") from exc
    feed = Feed(url=url, lang=lang, name=(name.strip() or parts.netloc)[:200])
    db.session.add(feed)
    db.session.commit()
    return feed


def remove_feed(feed_id: int) -> None:
    """Remove a feed and its imported headlines."""
    feed = db.session.get(Feed, feed_id)
    if feed is None:
        raise NewsError(f"there is no feed {feed_id}")
    db.session.execute(ImportedHeadline.__table__.delete().where(ImportedHeadline.feed_id == feed_id))
    db.session.delete(feed)
    db.session.commit()
    content_saved.send(_app())


def set_status(headline_id: int, status: str, staff: str) -> ImportedHeadline:
    """Approve (live), hold back (pending) or hide an imported headline."""
    if status not in (LIVE, PENDING, HIDDEN):
        raise NewsError(f"unknown status {status!r}")
    row = _row(headline_id)
    row.status, row.edited_by = status, staff[:120]
    db.session.commit()
    content_saved.send(_app())
    return row


def edit(headline_id: int, title: str, summary: str, staff: str) -> ImportedHeadline:
    """A clerk's correction of an imported headline (the feed's text is kept underneath)."""
    row = _row(headline_id)
    _check_plain(title, 300, "the title", "title")
    _check_plain(summary, 1000, "the summary", "summary")
    if not any(ch.isalpha() for ch in title):
        raise NewsError("the title must have words a voice can read", "no_words", "title")
    row.edited_title = "" if title.strip() == row.title else title.strip()[:300]
    row.edited_summary = "" if summary.strip() == row.summary else summary.strip()[:1000]
    row.edited_by = staff[:120]
    db.session.commit()
    content_saved.send(_app())
    return row


def _check_plain(text: str, limit: int, what: str, field: str) -> None:
    """NewsError unless ``text`` fits its column and holds no NUL or other control character (which
    PostgreSQL refuses, and no clerk means to type)."""
    if len(text.strip()) > limit:
        raise NewsError(f"{what} is too long: at most {limit} characters", "too_long", field)
    if any(ord(ch) < 32 and ch not in "\t\r\n" for ch in text):
        raise NewsError(f"{what} holds a control character (such as NUL): please type it again", "control_character",
                        field)


def _row(headline_id: int) -> ImportedHeadline:
    row = db.session.get(ImportedHeadline, headline_id)
    if row is None:
        raise NewsError(f"there is no imported headline {headline_id}")
    return row


def _app():  # type: ignore[no-untyped-def]
    from flask import current_app

    return current_app._get_current_object()
