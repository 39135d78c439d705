"""Fetching a feed without letting an editor reach inside the office's network.

Every connection goes to an address checked just before it is made: the host name is resolved
once, every address it has must be public (or in IVR_FEED_ALLOW_NETWORKS), and the socket connects
to that very address, so a name cannot answer "public" to the check and "internal" to the connection.
Redirects make new connections and so are checked the same way. Proxies, .netrc and certificate
bundles from the environment are not read. The whole fetch (name look-ups, connections, headers,
body) ends at ``timeout`` seconds by the clock: a look-up runs in a thread of its own and is given up
on at the deadline (the system resolver cannot be interrupted), and a watchdog shuts the sockets
then, so a resolver that never answers or a server that drips a byte a second is cut at the deadline.
"""
from __future__ import annotations

import ipaddress
import queue
import socket
import threading
import time
from functools import partial
from typing import Any, Sequence
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3 import PoolManager
from urllib3.connection import HTTPConnection, HTTPSConnection

USER_AGENT = "hotline-news-import/1.0 (+district office hotline)"
MAX_REDIRECTS = 5

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

# Kinds of address a feed may never be fetched from (unless the operator allows the network).
_INTERNAL = ("is_loopback", "is_private", "is_link_local", "is_multicast", "is_reserved", "is_unspecified")

# Why a feed could not be read: the kind (kept with the feed, translated on the staff pages) and the
# same in English for the log and the commands. None of them says more about the network than that.
PROBLEMS = {
    "bad_address": "the address must start with http:// or https://",
    "internal_address": "the address is inside a private network; only public feeds can be imported",
    "unreachable": "the feed could not be fetched",
    "too_slow": "the feed took longer than the time allowed",
    "too_large": "the feed is larger than allowed",
    "not_a_feed": "this is not an RSS or Atom feed",
    "bad_encoding": "the feed's text encoding is broken",
    "malformed": "the feed is malformed",
    "unreadable": "the feed could not be read",
}


class FeedError(Exception):
    """A feed could not be read; ``kind`` is a key of PROBLEMS."""

    def __init__(self, kind: str):
        super().__init__(PROBLEMS[kind])
        self.kind = kind


def problem_text(kind: str) -> str:
    """The English words for a kind of problem (a text stored before kinds existed is shown as it is)."""
    return PROBLEMS.get(kind, kind)


def is_internal(address: IPAddress, allowed: Sequence[IPNetwork] = ()) -> bool:
    """Whether ``address`` is loopback, private, link-local, multicast, reserved, unspecified or
    otherwise not global, and not in one of the ``allowed`` networks."""
    if any(address in network for network in allowed):
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped  # ::ffff:127.0.0.1 is 127.0.0.1
    return not address.is_global or any(getattr(address, kind) for kind in _INTERNAL)


def resolve(host: str, port: int | None, seconds: float) -> list[IPAddress]:
    """Every address of ``host`` (a name or an address), looked up within ``seconds``;
    FeedError("unreachable") if it has none, FeedError("too_slow") if the resolver takes longer."""
    try:
        return [ipaddress.ip_address(host)]  # an address written in the URL needs no look-up
    except ValueError:
        pass
    if seconds <= 0:
        raise FeedError("too_slow")
    answers: queue.Queue[Any] = queue.Queue(maxsize=1)

    def look_up() -> None:
        try:
            answers.put(socket.getaddrinfo(host, port, type=socket.SOCK_STREAM))
        except (OSError, UnicodeError) as exc:
            answers.put(exc)

    # A daemon thread: a look-up given up on ends by itself later and never holds up the process's exit.
    threading.Thread(target=look_up, daemon=True, name="feed-lookup").start()
    try:
        found = answers.get(timeout=seconds)
    except queue.Empty:
        raise FeedError("too_slow") from None
    if isinstance(found, Exception):
        raise FeedError("unreachable") from found
    return [ipaddress.ip_address(info[4][0]) for info in found]


def checked_address(host: str, port: int | None, allowed: Sequence[IPNetwork], seconds: float) -> str:
    """The address to connect to for ``host`` (looked up within ``seconds``): its first, provided none
    of its addresses is internal."""
    addresses = resolve(host, port, seconds)
    if any(is_internal(address, allowed) for address in addresses):
        raise FeedError("internal_address")
    return str(addresses[0])


def check_url(url: str, allowed: Sequence[IPNetwork], seconds: float) -> None:
    """Refuse (FeedError) an address that is not http(s) or whose host is internal now. A name that
    does not resolve (within ``seconds``) yet passes: it is checked again on every connection."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FeedError("bad_address")
    try:
        port = parts.port
    except ValueError as exc:
        raise FeedError("bad_address") from exc
    try:
        checked_address(parts.hostname, port, allowed, seconds)
    except FeedError as exc:
        if exc.kind == "internal_address":
            raise


class Deadline:
    """The end of one fetch: at that moment every socket it opened is shut, which wakes any read."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.ends = time.monotonic() + seconds
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def __enter__(self) -> "Deadline":
        self._timer.start()
        return self

    def __exit__(self, *_exc: Any) -> None:
        self._timer.cancel()

    def remaining(self) -> float:
        """Seconds left until the deadline (zero or less once it has passed)."""
        return self.ends - time.monotonic()

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.append(sock)
            if self.expired:
                _shut(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                _shut(sock)


def _shut(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass  # already closed


class _Checked:
    """A urllib3 connection that connects only to a checked address, and only before the deadline."""

    def __init__(self, *args: Any, allowed: Sequence[IPNetwork], deadline: Deadline, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.allowed = allowed
        self.deadline = deadline

    def _new_conn(self) -> socket.socket:
        # urllib3 connects to ``_dns_host``; the name stays ``host`` for the Host header, SNI and the
        # certificate check, so only the TCP connection uses the checked address.
        name = self._dns_host  # type: ignore[attr-defined]
        self._dns_host = checked_address(name, self.port, self.allowed,  # type: ignore[attr-defined]
                                         self.deadline.remaining())
        try:
            sock = super()._new_conn()  # type: ignore[misc]
        finally:
            self._dns_host = name
        self.deadline.watch(sock)
        return sock


class _CheckedHTTP(_Checked, HTTPConnection):
    pass


class _CheckedHTTPS(_Checked, HTTPSConnection):
    pass


class _CheckedPools(PoolManager):
    """A pool manager whose pools make only checked connections."""

    def __init__(self, *args: Any, allowed: Sequence[IPNetwork], deadline: Deadline, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.guard = {"allowed": allowed, "deadline": deadline}

    def _new_pool(self, scheme: str, host: str, port: int, request_context: dict[str, Any] | None = None) -> Any:
        pool = super()._new_pool(scheme, host, port, request_context)
        pool.ConnectionCls = partial(_CheckedHTTPS if scheme == "https" else _CheckedHTTP, **self.guard)
        return pool


class _CheckedAdapter(HTTPAdapter):
    def __init__(self, allowed: Sequence[IPNetwork], deadline: Deadline):
        self.guard = {"allowed": allowed, "deadline": deadline}  # before HTTPAdapter makes its pools
        super().__init__(max_retries=0)

    def init_poolmanager(self, connections: int, maxsize: int, block: bool = False, **pool_kwargs: Any) -> None:
        self.poolmanager = _CheckedPools(num_pools=connections, maxsize=maxsize, block=block, **self.guard,
                                         **pool_kwargs)


def checked_session(allowed: Sequence[IPNetwork], deadline: Deadline) -> requests.Session:
    """A requests session that connects only to checked addresses and reads nothing from the environment."""
    session = requests.Session()
    session.trust_env = False  # no proxies, .netrc or CA bundle from environment variables
    session.max_redirects = MAX_REDIRECTS
    session.headers["User-Agent"] = USER_AGENT
    adapter = _CheckedAdapter(allowed, deadline)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


def fetch_feed(url: str, timeout: float, max_bytes: int, allowed: Sequence[IPNetwork] = ()) -> bytes:
    """The feed's bytes: from a public address (or an ``allowed`` network), within ``timeout``
    seconds in all (look-ups included), ``max_bytes`` at most; FeedError says why not."""
    with Deadline(timeout) as deadline, checked_session(allowed, deadline) as session:
        check_url(url, allowed, deadline.remaining())
        try:
            with session.get(url, timeout=timeout, stream=True) as response:
                if response.status_code != 200:
                    raise FeedError("unreachable")
                data = bytearray()
                for chunk in response.iter_content(16384):
                    data += chunk
                    if len(data) > max_bytes:
                        raise FeedError("too_large")
                if deadline.expired:
                    raise FeedError("too_slow")  # the body was cut short by the watchdog
                return bytes(data)
        except requests.RequestException as exc:
            too_slow = deadline.expired or deadline.remaining() <= 0
            raise FeedError("too_slow" if too_slow else "unreachable") from exc
