"""The feed fetcher reaches only public addresses (or networks the operator allows), reads nothing from
the environment, and gives up at IVR_NEWS_TIMEOUT by the clock; feed text is unescaped once.

Every server here is a local one on loopback, which the test allows explicitly where it should be read.
"""
from __future__ import annotations

import socket
import threading
import time
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from ipaddress import ip_network
from typing import Callable, Iterator

import pytest
from sqlalchemy import select

from ivr.config import change
from ivr.extensions import db
from ivr.news.fetch import is_internal
from ivr.news.importer import import_all
from ivr.news.manage import NewsError, add_feed
from ivr.news.models import ImportedHeadline
from tests.news.test_import import LOOPBACK, item, rss

FEED = rss(item(1, 27, "Ярмарка в субботу")).encode()


@contextmanager
def serving(answer: Callable[[BaseHTTPRequestHandler], None], host: str = "127.0.0.1") -> Iterator[tuple[str, list[str]]]:
    """A local HTTP server whose GET is ``answer``; yields its base URL and the paths it was asked for."""
    asked: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            asked.append(self.path)
            try:
                answer(self)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer((host, 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://{host}:{server.server_port}", asked
    finally:
        server.shutdown()
        server.server_close()


def send(body: bytes, status: int = 200, **headers: str) -> Callable[[BaseHTTPRequestHandler], None]:
    def answer(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(status)
        for name, value in {"Content-Type": "application/rss+xml", "Content-Length": str(len(body)), **headers}.items():
            handler.send_header(name.replace("_", "-"), value)
        handler.end_headers()
        handler.wfile.write(body)

    return answer


def import_once(app, url: str) -> tuple[str, list[str]]:
    """Add ``url`` as a feed, import, and return (the report's line, the titles now stored)."""
    with app.app_context():
        add_feed(url, "ru", "kopyl")
        [report] = import_all()
        titles = list(db.session.execute(select(ImportedHeadline.title)).scalars())
    return report.line(), titles


REFUSED = "kopyl: FAILED: the address is inside a private network; only public feeds can be imported (existing headlines kept)"


@pytest.mark.parametrize("url", [
    "http://127.0.0.1/rss", "http://localhost:8080/rss", "http://10.1.2.3/rss", "http://192.168.0.10/rss",
    "http://172.16.5.4/rss", "http://169.254.169.254/latest/meta-data/", "http://[::1]/rss",
    "http://[::ffff:127.0.0.1]/rss", "http://0.0.0.0/rss", "http://224.0.0.1/rss", "http://240.0.0.1/rss",
    "http://100.64.0.1/rss", "https://[fe80::1]/rss",
])
def test_internal_addresses_are_refused_when_a_feed_is_added(app, url):
    with app.app_context():
        with pytest.raises(NewsError, match="inside a private network") as refused:
            add_feed(url, "ru")
        assert refused.value.kind == "internal_address"


def test_an_address_the_operator_allows_can_be_added(app):
    change(app, IVR_FEED_ALLOW_NETWORKS=(ip_network("10.1.0.0/16"),))
    with app.app_context():
        assert add_feed("http://10.1.2.3/rss", "ru").url == "http://10.1.2.3/rss"
        with pytest.raises(NewsError, match="inside a private network"):
            add_feed("http://10.2.0.1/rss", "ru")


def test_public_addresses_are_not_internal():
    from ipaddress import ip_address

    assert not is_internal(ip_address("93.184.216.34"))
    assert not is_internal(ip_address("2a00:1450:4001:81b::200e"))
    assert is_internal(ip_address("::ffff:10.0.0.1"))


def test_every_connection_is_checked_again(app):
    # Allowed when added, no longer when fetched (as when a name points elsewhere later on): the
    # connection is refused before anything is sent to the server.
    with serving(send(FEED)) as (base, asked):
        change(app, IVR_FEED_ALLOW_NETWORKS=LOOPBACK)
        with app.app_context():
            add_feed(base.replace("127.0.0.1", "localhost") + "/rss", "ru", "kopyl")
        change(app, IVR_FEED_ALLOW_NETWORKS=())
        with app.app_context():
            [report] = import_all()
    assert report.line() == REFUSED
    assert asked == []


def redirect_to(target: str) -> Callable[[BaseHTTPRequestHandler], None]:
    def answer(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(302)
        handler.send_header("Location", target)
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    return answer


def test_a_redirect_to_an_internal_address_is_refused(app):
    # The feed's own server (127.0.0.1) is allowed; the address it redirects to (127.0.0.2) is not.
    with serving(send(FEED), host="127.0.0.2") as (inside, asked_inside):
        with serving(redirect_to(inside + "/rss")) as (outside, _):
            change(app, IVR_FEED_ALLOW_NETWORKS=(ip_network("127.0.0.1/32"),))
            line, titles = import_once(app, outside + "/rss")
            assert line == REFUSED and asked_inside == [] and titles == []
            # With both allowed, the same redirect is followed.
            change(app, IVR_FEED_ALLOW_NETWORKS=(ip_network("127.0.0.1/32"), ip_network("127.0.0.2/32")))
            with app.app_context():
                [report] = import_all()
    assert report.line() == "kopyl: 1 new, 0 already known"
    assert asked_inside == ["/rss"]


def test_proxies_from_the_environment_are_not_used(app, monkeypatch):
    proxied = rss(item(1, 27, "Подменено прокси")).encode()
    with serving(send(proxied)) as (proxy, asked_proxy), serving(send(FEED)) as (base, _):
        for name in ("NO_PROXY", "no_proxy"):
            monkeypatch.delenv(name, raising=False)
        for name in ("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"):
            monkeypatch.setenv(name, proxy)
        change(app, IVR_FEED_ALLOW_NETWORKS=LOOPBACK)
        line, titles = import_once(app, base + "/rss")
    assert line == "kopyl: 1 new, 0 already known"
    assert titles == ["Ярмарка в субботу"] and asked_proxy == []


def drip(part: str) -> Callable[[BaseHTTPRequestHandler], None]:
    """A server that sends its answer (headers or body) a byte every half second, for up to 8 s:
    never silent long enough for a read timeout, far slower than any feed."""

    def answer(handler: BaseHTTPRequestHandler) -> None:
        head = (b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: "
                + str(len(FEED)).encode() + b"\r\n\r\n")
        slow = head + FEED if part == "headers" else FEED
        if part == "body":
            handler.wfile.write(head)
        for byte in slow[:16]:
            handler.wfile.write(bytes([byte]))
            handler.wfile.flush()
            time.sleep(0.5)

    return answer


@pytest.mark.parametrize("part", ["headers", "body"])
def test_a_dripping_server_is_cut_at_the_timeout(app, part):
    with serving(drip(part)) as (base, _):
        change(app, IVR_FEED_ALLOW_NETWORKS=LOOPBACK, IVR_NEWS_TIMEOUT=1.0)
        started = time.monotonic()
        line, titles = import_once(app, base + "/rss")
        took = time.monotonic() - started
    assert line == "kopyl: FAILED: the feed took longer than the time allowed (existing headlines kept)"
    assert titles == []
    assert took < 2.5, f"the import took {took:.1f} s with IVR_NEWS_TIMEOUT=1"


def test_a_server_that_never_answers_is_cut_at_the_timeout(app):
    with socket.create_server(("127.0.0.1", 0)) as silent:  # accepts connections (backlog), says nothing
        change(app, IVR_FEED_ALLOW_NETWORKS=LOOPBACK, IVR_NEWS_TIMEOUT=1.0)
        started = time.monotonic()
        line, _ = import_once(app, f"http://127.0.0.1:{silent.getsockname()[1]}/rss")
        took = time.monotonic() - started
    assert line == "kopyl: FAILED: the feed took longer than the time allowed (existing headlines kept)"
    assert took < 2.5


def test_a_resolver_that_never_answers_is_cut_at_the_timeout(app, monkeypatch):
    """The name look-up is inside IVR_NEWS_TIMEOUT too: adding the feed and importing it each end in time."""
    real_getaddrinfo = socket.getaddrinfo
    released = threading.Event()

    def hanging(host, *args, **kwargs):
        if host != "slow-dns.example":
            return real_getaddrinfo(host, *args, **kwargs)
        released.wait(30)  # a resolver that never answers (until the test ends)
        raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")

    monkeypatch.setattr(socket, "getaddrinfo", hanging)
    change(app, IVR_NEWS_TIMEOUT=1.0)
    try:
        with app.app_context():
            started = time.monotonic()
            add_feed("http://slow-dns.example/rss", "ru", "kopyl")  # a name that does not answer yet passes
            adding = time.monotonic() - started
            started = time.monotonic()
            [report] = import_all()
            importing = time.monotonic() - started
    finally:
        released.set()
    assert report.line() == "kopyl: FAILED: the feed took longer than the time allowed (existing headlines kept)"
    assert adding < 2.5, f"adding the feed took {adding:.1f} s with IVR_NEWS_TIMEOUT=1"
    assert importing < 2.5, f"the import took {importing:.1f} s with IVR_NEWS_TIMEOUT=1"


ESCAPED = rss("<item><title>Кружок &amp;amp;lt;script&amp;amp;gt; для детей</title><guid>k-1</guid>"
              "<pubDate>27 Nov 2026 09:00:00 +0300</pubDate>"
              "<description>Запись: 5 &amp;amp;lt; 6 &amp;amp;amp; &lt;b&gt;бесплатно&lt;/b&gt;</description></item>")


def test_feed_text_is_unescaped_once(app, client, at, caller):
    # In the XML, "&amp;amp;lt;" is the HTML "&amp;lt;", which is the text "&lt;": what the feed's
    # author wrote, and what callers and /info.json get; "&lt;b&gt;" is real markup, dropped.
    with serving(send(ESCAPED.encode())) as (base, _):
        change(app, IVR_FEED_ALLOW_NETWORKS=LOOPBACK)
        import_once(app, base + "/rss")
    [headline] = client.get("/info.json").get_json()["headlines"]["ru"][:1]
    assert headline["title"] == "Кружок &lt;script&gt; для детей"
    assert headline["summary"] == "Запись: 5 &lt; 6 &amp; бесплатно"
    at("2026-11-28 10:00")
    call = caller()
    call.start()
    call.press("1")
    heard = call.press("2").texts[0]
    assert "&lt;script&gt;" in heard and "<script>" not in heard
