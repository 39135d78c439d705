"""Importing headlines from feeds served by a local HTTP server (never the internet)."""
from __future__ import annotations

import threading
import time
from ipaddress import ip_network
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import select

from ivr.config import change
from ivr.extensions import db
from ivr.news.clean import short_summary, text_of
from ivr.news.fetch import problem_text
from ivr.news.importer import import_all
from ivr.news.manage import NewsError, add_feed, edit, set_status
from ivr.news.models import HIDDEN, LIVE, PENDING, Feed, ImportedHeadline


LOOPBACK = (ip_network("127.0.0.0/8"),)


def rss(items: str, encoding: str = "utf-8") -> str:
    return (f'<?xml version="1.0" encoding="{encoding}"?><rss version="2.0"><channel><title>Kopyl</title>'
            f"<link>https://kopyl.example</link><description>news</description>{items}</channel></rss>")


def item(n: int, day: int, title: str | None = None, body: str = "") -> str:
    title_xml = f"<title>{title if title is not None else f'Новость {n}'}</title>" if title != "" else ""
    return (f"<item>{title_xml}<link>https://kopyl.example/news/{n}</link><guid>kopyl-{n}</guid>"
            f"<pubDate>{day:02d} Nov 2026 09:00:00 +0300</pubDate>"
            f"<description><![CDATA[{body or f'<p>Текст новости {n}.</p>'}]]></description></item>")


ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>BelTA</title><id>urn:belta</id><updated>2026-11-27T10:00:00Z</updated>
<entry><title>Lukashenko: Tashkent talks helped thrash out cooperation plans</title><id>urn:belta:1</id>
<updated>2026-11-27T10:00:00Z</updated><link href="https://belta.example/1"/>
<summary type="html">&lt;p&gt;The highest-level talks in Tashkent have helped build a better understanding.&lt;/p&gt;
&lt;figure&gt;&lt;img src="x.jpg"/&gt;&lt;figcaption&gt;Photo by BelTA&lt;/figcaption&gt;&lt;/figure&gt;
&lt;p&gt;More at https://belta.example/1&lt;/p&gt;&lt;p&gt;Written by&lt;/p&gt;</summary></entry>
<entry><title>Second story</title><id>urn:belta:2</id><updated>2026-11-26T10:00:00Z</updated><summary>Short.</summary></entry>
</feed>"""

FEEDS: dict[str, tuple[int, str, bytes]] = {
    "/rss": (200, "application/rss+xml", rss("".join(item(n, 20 + n) for n in range(1, 8))).encode()),
    "/atom": (200, "application/atom+xml", ATOM.encode()),
    "/cp1251": (200, "application/rss+xml", rss(item(1, 27, "Приём граждан в субботу", "<p>Приём ведёт председатель.</p>"),
                                                  "windows-1251").encode("cp1251")),
    "/untitled": (200, "application/rss+xml", rss(item(1, 25, "") + item(2, 26, "Есть заголовок")).encode()),
    "/badenc": (200, "application/rss+xml", rss(item(1, 27, "Приём граждан в субботу")).encode("cp1251")),
    "/html": (200, "text/html", b"<html><body><h1>Not a feed</h1></body></html>"),
    "/broken": (200, "application/rss+xml", b"<?xml version='1.0'?><rss version='2.0'><channel><title>x</title><item><title>A"),
    "/missing": (404, "text/plain", b"no"),
    "/huge": (200, "application/rss+xml", rss(item(1, 1, body="x" * 3_000_000)).encode()),
}


class FeedServer(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802
        if self.path == "/slow":
            time.sleep(3)
        status, kind, body = FEEDS.get(self.path, (200, "application/rss+xml", FEEDS["/rss"][2]))
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, *args):
        pass


@pytest.fixture
def feeds(app):
    server = ThreadingHTTPServer(("127.0.0.1", 0), FeedServer)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    # The test's own server is on loopback, which the fetcher refuses unless the operator allows it.
    change(app, IVR_NEWS_TIMEOUT=1.0, IVR_NEWS_MAX_BYTES=1_000_000, IVR_FEED_ALLOW_NETWORKS=LOOPBACK)
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def run_import(app, *paths_langs, base):
    with app.app_context():
        for path, lang in paths_langs:
            add_feed(base + path, lang, name=path.strip("/"))
        reports = import_all()
        rows = db.session.execute(select(ImportedHeadline).order_by(ImportedHeadline.id)).scalars().all()
        db.session.expunge_all()
    return reports, rows


def test_rss_import_keeps_the_newest_five(app, feeds):
    reports, rows = run_import(app, ("/rss", "ru"), base=feeds)
    assert reports[0].line() == "rss: 5 new, 0 already known"
    assert sorted(r.title for r in rows) == [f"Новость {n}" for n in range(3, 8)]
    assert all(r.status == LIVE and r.lang == "ru" for r in rows)
    assert {r.summary for r in rows} == {f"Текст новости {n}." for n in range(3, 8)}


def test_a_second_import_adds_no_duplicates(app, feeds):
    run_import(app, ("/rss", "ru"), base=feeds)
    with app.app_context():
        [report] = import_all()
    assert report.line() == "rss: 0 new, 5 already known"


def test_atom_import_strips_captions_urls_and_bylines(app, feeds):
    _, rows = run_import(app, ("/atom", "en"), base=feeds)
    first = next(r for r in rows if r.guid == "urn:belta:1")
    assert first.summary == "The highest-level talks in Tashkent have helped build a better understanding. More at"
    assert str(first.published) == "2026-11-27"


def test_windows_1251_feed(app, feeds):
    _, rows = run_import(app, ("/cp1251", "ru"), base=feeds)
    assert [(r.title, r.summary) for r in rows] == [("Приём граждан в субботу", "Приём ведёт председатель.")]


def test_entries_without_a_title_are_skipped_and_counted(app, feeds):
    reports, rows = run_import(app, ("/untitled", "ru"), base=feeds)
    assert reports[0].line() == "untitled: 1 new, 0 already known, 1 without a title"
    assert [r.title for r in rows] == ["Есть заголовок"]


@pytest.mark.parametrize(
    "path, problem",
    [
        ("/html", "this is not an RSS or Atom feed"),
        ("/missing", "the feed could not be fetched"),
        ("/huge", "the feed is larger than allowed"),
        ("/slow", "the feed took longer than the time allowed"),
        ("/badenc", "the feed's text encoding is broken"),
    ],
)
def test_a_bad_feed_is_reported_in_one_line_and_keeps_what_we_had(app, feeds, path, problem):
    run_import(app, ("/rss", "ru"), base=feeds)
    reports, rows = run_import(app, (path, "ru"), base=feeds)
    bad = next(r for r in reports if r.feed == path.strip("/"))
    assert bad.line() == f"{path.strip('/')}: FAILED: {problem} (existing headlines kept)"
    assert "\n" not in bad.line()
    assert len(rows) == 5
    with app.app_context():
        feed = db.session.execute(select(Feed).where(Feed.url == feeds + path)).scalar_one()
        assert problem_text(feed.last_error) == problem and feed.last_import_at is not None


def test_a_truncated_feed_is_reported_as_malformed(app, feeds):
    reports, rows = run_import(app, ("/broken", "ru"), base=feeds)
    assert reports[0].line() == "broken: FAILED: the feed is malformed (existing headlines kept)"
    assert rows == []


def test_unreachable_feed(app):
    change(app, IVR_FEED_ALLOW_NETWORKS=LOOPBACK)
    with app.app_context():
        add_feed("http://127.0.0.1:9/nothing", "ru", "gone")
        [report] = import_all()
    assert report.line() == "gone: FAILED: the feed could not be fetched (existing headlines kept)"


def test_approval_setting_holds_imported_headlines_back(app, feeds, at, caller):
    change(app, IVR_NEWS_REQUIRE_APPROVAL=True)
    _, rows = run_import(app, ("/cp1251", "ru"), base=feeds)
    assert rows[0].status == PENDING
    at("2026-11-28 10:00")
    call = caller()
    call.start()
    call.press("1")
    assert "Приём граждан" not in call.press("2").spoken
    with app.app_context():
        set_status(rows[0].id, LIVE, "clerk")
    call.press("*")
    assert "Новость номер один из двух, вчера. Приём граждан в субботу." in call.press("2").texts


def test_staff_can_hide_and_correct_an_imported_headline(app, feeds, at, caller):
    _, rows = run_import(app, ("/cp1251", "ru"), base=feeds)
    with app.app_context():
        edit(rows[0].id, "Приём граждан в субботу, 29 ноября", "", "clerk")
    at("2026-11-28 10:00")
    call = caller()
    call.start()
    call.press("1")
    assert "Приём граждан в субботу, двадцать девятого ноября" in call.press("2").texts[0]
    with app.app_context():
        set_status(rows[0].id, HIDDEN, "clerk")
        assert db.session.get(ImportedHeadline, rows[0].id).title == "Приём граждан в субботу"  # the feed's text kept
    call.press("*")
    assert "Приём граждан" not in call.press("2").spoken


def test_feeds_are_checked_when_added(app):
    with app.app_context():
        with pytest.raises(NewsError, match="not a web address"):
            add_feed("ftp://x", "ru")
        with pytest.raises(NewsError, match="language"):
            add_feed("https://x.example/rss", "de")
        add_feed("https://x.example/rss", "ru")
        with pytest.raises(NewsError, match="already"):
            add_feed("https://x.example/rss", "ru")


def test_import_news_command_prints_one_line_per_feed_and_fails_on_a_bad_one(app, feeds, runner):
    assert runner.invoke(args=["feeds", "add", feeds + "/rss", "--lang", "ru", "--name", "Копыль"]).exit_code == 0
    assert runner.invoke(args=["feeds", "add", feeds + "/html", "--lang", "en", "--name", "broken"]).exit_code == 0
    result = runner.invoke(args=["import-news"])
    assert result.exit_code == 1
    assert result.output.splitlines() == ["Копыль: 5 new, 0 already known",
                                          "broken: FAILED: this is not an RSS or Atom feed (existing headlines kept)"]
    listed = runner.invoke(args=["feeds"]).output
    assert "[ru] Копыль" in listed and "error: this is not an RSS or Atom feed" in listed


def test_text_cleaning():
    assert text_of("<p>Hello&nbsp;<b>world</b></p><script>x()</script>") == "Hello world"
    assert text_of("<p>Фото: БелТА</p><p>Главное.</p>") == "Главное."
    assert short_summary("Один. " * 100, 40) == "Один. Один. Один. Один. Один. Один."
