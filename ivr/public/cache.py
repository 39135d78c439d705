"""A small per-process cache of rendered public responses.

The page, /info.json and the calendar are pure functions of (content revision, language, the minute
on the office's clock, the public base URL), so each is built once per minute at most and then
served from memory; a hit costs one query (the content version: newest revision and imported news) and a dict lookup.
Bounded, thread-safe, least recently used out first.
"""
from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Callable, Hashable

from flask import Flask

MAX_ENTRIES = 64


@dataclass(frozen=True)
class Rendered:
    """A finished response body with its entity tag."""

    body: bytes
    etag: str

    @classmethod
    def of(cls, body: bytes) -> "Rendered":
        return cls(body, hashlib.sha256(body).hexdigest()[:32])


class RenderCache:
    def __init__(self, size: int = MAX_ENTRIES) -> None:
        self.size = size
        self.lock = threading.Lock()
        self.entries: OrderedDict[Hashable, Rendered] = OrderedDict()
        self.hits = 0
        self.misses = 0

    def get(self, key: Hashable, build: Callable[[], bytes]) -> Rendered:
        with self.lock:
            found = self.entries.get(key)
            if found is not None:
                self.entries.move_to_end(key)
                self.hits += 1
                return found
            self.misses += 1
        # Built outside the lock: two requests racing on a new minute both build; both are right.
        fresh = Rendered.of(build())
        with self.lock:
            self.entries[key] = fresh
            self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)
        return fresh


def render_cache(app: Flask) -> RenderCache:
    return app.extensions.setdefault("ivr.public_cache", RenderCache())
