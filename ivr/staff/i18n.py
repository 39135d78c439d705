"""The staff pages' language: which languages are offered, which one a request uses, and Flask-Babel
set up to read the catalogues in ivr/staff/translations (the words themselves are in those
catalogues; README, "Staff pages' languages and translations").
"""
from __future__ import annotations

from pathlib import Path

from flask import Flask, has_request_context, session
from flask_babel import Babel

from ivr.languages import language

UI_LANGS = ("ru", "be", "en")
# Each offered language by its own name, for the page-language switch.
UI_NAMES = {code: language(code).name for code in UI_LANGS}
DEFAULT_UI = "ru"
TRANSLATIONS = Path(__file__).resolve().parent / "translations"

babel = Babel()


def ui_lang() -> str:
    """The language of the staff pages for this session (Russian unless the clerk chose another)."""
    chosen = session.get("staff_lang") if has_request_context() else None
    return chosen if chosen in UI_LANGS else DEFAULT_UI


def init_babel(app: Flask) -> None:
    """Bind Flask-Babel to ``app``: the staff catalogues, the session's language."""
    babel.init_app(app, default_locale=DEFAULT_UI, default_translation_directories=str(TRANSLATIONS),
                   locale_selector=ui_lang)
