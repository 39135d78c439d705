"""Importing headlines from feeds: fetch with limits, parse, clean, skip duplicates, keep the newest.

A bad feed (unreachable, slow, not a feed, enormous, broken encoding) is reported in one line and
changes nothing: existing headlines stay, and the hotline never notices.
"""
from __future__ import annotations

import calendar as calendar_module
import hashlib
import logging
from dataclasses import dataclass
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

import feedparser
from flask import current_app
from sqlalchemy import delete, select

from ivr.config import settings
from ivr.clock import stamp
from ivr.extensions import db
from ivr.signals import content_saved
from ivr.news.clean import is_speakable, short_summary, text_of
from ivr.news.fetch import FeedError, fetch_feed, problem_text
from ivr.news.models import LIVE, PENDING, Feed, ImportedHeadline

log = logging.getLogger(__name__)

@dataclass
class FeedReport:
    """What one feed's import did; ``problem`` is a kind from ivr.news.fetch.PROBLEMS."""

    feed: str
    added: int = 0
    skipped: int = 0
    untitled: int = 0
    problem: str = ""

    @property
    def error(self) -> str:
        """The problem in English words ('' when the import went well)."""
        return problem_text(self.problem) if self.problem else ""

    def line(self) -> str:
        """One line for the operator and the log."""
        if self.problem:
            return f"{self.feed}: FAILED: {self.error} (existing headlines kept)"
        extra = f", {self.untitled} without a title" if self.untitled else ""
        return f"{self.feed}: {self.added} new, {self.skipped} already known{extra}"


@dataclass(frozen=True)
class Entry:
    guid: str
    title: str
    summary: str
    link: str
    published: date | None


def _published(entry: feedparser.FeedParserDict, tz: ZoneInfo) -> date | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return None
    moment = datetime.fromtimestamp(calendar_module.timegm(parsed), tz=timezone.utc)
    return moment.astimezone(tz).date()


def parse_entries(data: bytes, tz: ZoneInfo, summary_limit: int = 400) -> tuple[list[Entry], int]:
    """The feed's entries with a speakable title (newest first), and how many had none."""
    parsed = feedparser.parse(data)
    if isinstance(parsed.get("bozo_exception"), feedparser.CharacterEncodingOverride):
        # Declared in one encoding, written in another: the titles would come out as mojibake.
        raise FeedError("bad_encoding")
    if not parsed.get("version") and not parsed.entries:
        raise FeedError("not_a_feed")
    entries, untitled = [], 0
    for item in parsed.entries:
        title = text_of(item.get("title", ""))
        if not is_speakable(title):
            untitled += 1
            continue
        body = item.get("summary") or (item.get("content") or [{}])[0].get("value", "")
        link = str(item.get("link", ""))[:1000]
        guid = str(item.get("id") or link or hashlib.sha256(title.encode()).hexdigest())[:500]
        summary = short_summary(body, summary_limit)
        entries.append(Entry(guid, title[:300], summary if is_speakable(summary) else "", link, _published(item, tz)))
    if parsed.get("bozo") and not entries:
        # Truncated or broken XML that yielded nothing usable is a bad feed, not an empty one.
        raise FeedError("malformed")
    entries.sort(key=lambda e: e.published or date.min, reverse=True)
    return entries, untitled


def _normal(title: str) -> str:
    return " ".join(title.casefold().split())


def import_feed(feed: Feed) -> FeedReport:
    """Fetch one feed and add its new entries; an error changes nothing but the feed's status."""
    cfg = settings()
    report = FeedReport(feed.name or feed.url)
    try:
        data = fetch_feed(feed.url, float(cfg.news_timeout), int(cfg.news_max_bytes), cfg.feed_allow_networks)
        entries, report.untitled = parse_entries(data, ZoneInfo(cfg.timezone))
    except FeedError as exc:
        report.problem = exc.kind
    except Exception:  # a parser crash on hostile input is still just a bad feed
        log.exception("feed %s could not be parsed", feed.url)
        report.problem = "unreadable"
    feed.last_import_at = stamp()
    feed.last_error = report.problem
    if report.problem:
        feed.last_added = 0
        db.session.commit()
        return report
    known_guids = set(db.session.execute(select(ImportedHeadline.guid).where(ImportedHeadline.feed_id == feed.id)).scalars())
    known_titles = {_normal(t) for t in db.session.execute(
        select(ImportedHeadline.title).where(ImportedHeadline.lang == feed.lang)).scalars()}
    status = PENDING if cfg.news_require_approval else LIVE
    for entry in entries[: int(cfg.news_per_language)]:
        if entry.guid in known_guids or _normal(entry.title) in known_titles:
            report.skipped += 1
            continue
        db.session.add(ImportedHeadline(feed_id=feed.id, guid=entry.guid, lang=feed.lang, title=entry.title,
                                        summary=entry.summary, link=entry.link, published=entry.published,
                                        status=status))
        known_guids.add(entry.guid)
        known_titles.add(_normal(entry.title))
        report.added += 1
    feed.last_added = report.added
    db.session.commit()
    return report


def keep_newest(lang: str, keep: int) -> int:
    """Forget imported headlines beyond the newest ``keep`` in ``lang``; returns how many."""
    rows = db.session.execute(
        select(ImportedHeadline.id).where(ImportedHeadline.lang == lang)
        .order_by(ImportedHeadline.published.desc().nulls_last(), ImportedHeadline.imported_at.desc())
    ).scalars().all()
    old = rows[keep:]
    if old:
        db.session.execute(delete(ImportedHeadline).where(ImportedHeadline.id.in_(old)))
        db.session.commit()
    return len(old)


def import_all() -> list[FeedReport]:
    """Import every active feed, keep the newest per language, and re-synthesize if anything changed."""

    feeds = db.session.execute(select(Feed).where(Feed.active.is_(True)).order_by(Feed.id)).scalars().all()
    reports = [import_feed(feed) for feed in feeds]
    for lang in {feed.lang for feed in feeds}:
        keep_newest(lang, int(settings().news_per_language))
    if any(r.added for r in reports):
        content_saved.send(current_app._get_current_object())  # type: ignore[attr-defined]
    for report in reports:
        (log.warning if report.problem else log.info)("news import: %s", report.line())
    return reports
