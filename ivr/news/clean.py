"""Turning a feed entry's HTML into a short summary a voice can read."""
from __future__ import annotations

import re
from html.parser import HTMLParser

# Elements whose text is never part of the story: captions, credits, scripts, embedded media.
_SKIP = {"figcaption", "script", "style", "noscript", "iframe", "figure", "button", "form", "nav", "aside"}
_BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "section", "article"}
_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
# Bylines and boilerplate lines a feed appends ("Written by", "Фото: …", "Читайте также").
_BOILERPLATE = re.compile(
    r"^\s*(written by|photo|фото|автор|аўтар|источник|крыніца|читайте также|чытайце таксама|read more|подробнее)\b.*$",
    re.IGNORECASE | re.MULTILINE,
)


class _TextOnly(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skipping += 1
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP and self.skipping:
            self.skipping -= 1
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def text_of(markup: str) -> str:
    """The readable text of an HTML fragment: no tags, captions, URLs, bylines or odd spacing."""
    parser = _TextOnly()
    parser.feed(markup or "")
    parser.close()
    # The parser has turned entities into characters already (convert_charrefs): unescaping again
    # would make a feed's "&amp;lt;script&amp;gt;" (the text "&lt;script&gt;") into "<script>".
    text = "".join(parser.parts)
    text = _URL.sub("", text)
    text = _BOILERPLATE.sub("", text)
    text = re.sub(r"[ \t\u00a0]+", " ", text)
    lines = [line.strip() for line in text.splitlines()]
    return " ".join(line for line in lines if line)


def short_summary(markup: str, limit: int = 400) -> str:
    """The first sentences of the text, up to ``limit`` characters, ending at a sentence."""
    text = text_of(markup)
    if len(text) <= limit:
        return text
    cut = text[:limit]
    end = max(cut.rfind(". "), cut.rfind("! "), cut.rfind("? "))
    return cut[: end + 1] if end > limit // 3 else cut.rsplit(" ", 1)[0] + "…"


def is_speakable(text: str) -> bool:
    """Whether a voice can read it: at least one letter."""
    return any(ch.isalpha() for ch in text)
