"""What every staff page shares: its route declaration, the login and CSRF guard, the safety headers,
the error pages, the menu and the words helpers the templates use.

``ivr.staff.register_staff`` builds the blueprint from the page list and calls ``attach`` once.
"""
from __future__ import annotations

import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime
from functools import wraps
from typing import Any, Callable, Iterable, TypeVar
from zoneinfo import ZoneInfo

from flask import Blueprint, Response, abort, flash, jsonify, redirect, render_template, request, session, url_for
from flask_babel import gettext, refresh
from flask_login import current_user

from ivr.config import settings
from ivr.content.office import Office
from ivr.staff import i18n
from ivr.staff.i18n import ui_lang
from ivr.staff.words import prompt_label, word
from ivr.staff.forms.fields import LIMITS, Problem, format_date

F = TypeVar("F", bound=Callable[..., object])


@dataclass(frozen=True)
class Route:
    """One URL of a page: its rule (under /staff), its view, and how the frame treats it."""

    rule: str
    view: Callable[..., Any]
    methods: tuple[str, ...] = ("GET",)
    endpoint: str = ""  # default: the view's name
    menu: str = ""  # the menu entry it belongs under (e.g. a headline under "staff.headlines"); default: itself
    public: bool = False  # open without logging in (the login page)
    json: bool = False  # called by the pages' scripts: 401/400 JSON rather than a redirect or an error page

    @property
    def name(self) -> str:
        return self.endpoint or self.view.__name__


# -- the staff language and words ------------------------------------------------------------------

def problem_text(found: Problem) -> str:
    return word("p_" + found.code, **dict(found.params))


def lang_name(lang: str) -> str:
    return word("lang_" + lang)


def yes_no(value: object) -> str:
    return gettext("yes") if value else gettext("no")


def office_tz() -> ZoneInfo:
    return ZoneInfo(settings().timezone)


def fmt_moment(value: datetime | None) -> str:
    """A stored moment in the office's time zone, as clerks write it."""
    if value is None:
        return gettext("never")
    return value.astimezone(office_tz()).strftime("%d.%m.%Y %H:%M")


_PARTS = {"opens": "opens", "closes": "closes", "lunch_start": "lunch_start", "lunch_end": "lunch_end",
          "works": "works", "start": "date_from", "end": "date_to", "day": "day", "remove": "remove"}
# The parts of a row on the timetable page (service-0-name-ru, special-1-service, notice-0-end).
_ROW_PARTS = {"id": "service_id", "name": "service_name_in", "phone": "service_phone", "follows": "service_follows",
              "source": "service_source", "service": "special_service", "reason": "reason_in",
              "text": "notice_text_in", "start": "notice_start", "end": "notice_end"}
_SIMPLE_FIELDS = {"hidden": "headline_hidden", "pinned": "headline_pinned", "postal_code": "postal_code",
                  "pre_holiday": "pre_holiday",
                  "hotline": "hotline", "transfer_number": "transfer_number", "username": "username",
                  "password": "password", "password_again": "password_again", "current_password": "current_password",
                  "role": "role", "active": "active", "inbox": "inbox_permission", "code": "code", "date": "call_date", "time": "call_time",
                  "day": "day", "kind": "hours_date_kind", "opens": "opens", "closes": "closes",
                  "lunch_start": "lunch_start", "lunch_end": "lunch_end",
                  "number": "procedure_number", "topic": "procedure_topic", "source": "procedure_source"}


def field_label(name: str) -> str:
    """A form field's name in words, e.g. "mon_lunch_end" -> "Понедельник: Конец обеда" (a name no
    page makes, such as a row of 5,000 digits, is shown as it is)."""
    if name == "_form":
        return gettext("Form")
    if m := re.fullmatch(r"(mon|tue|wed|thu|fri|sat|sun)_(\w+)", name):
        return f"{word('weekday_' + m.group(1))}: {word(_PARTS.get(m.group(2), m.group(2)))}"
    if m := re.fullmatch(r"closure-(\d{1,6})-(start|end|remove|reason-(\w+))", name):
        part = gettext("Reason (%(lang)s)", lang=lang_name(m.group(3))) if m.group(3) else word(_PARTS[m.group(2)])
        return f"{gettext('Closure %(n)s', n=int(m.group(1)) + 1)}: {part}"
    row_part = r"(service|special|notice)-(\d{1,6})-(mon|tue|wed|thu|fri|sat|sun)?_?([a-z_]+)(?:-(\w+))?"
    if m := re.fullmatch(row_part, name):
        row, day, part, lang = word(f"{m.group(1)}_n", n=int(m.group(2)) + 1), m.group(3), m.group(4), m.group(5)
        words = word(_ROW_PARTS.get(part, _PARTS.get(part, part)), lang=lang_name(lang) if lang else "")
        return f"{row}: {word('weekday_' + day)}: {words}" if day else f"{row}: {words}"
    if m := re.fullmatch(r"extra-(\d{1,6})-(\w+)", name):
        return f"{gettext('Working day %(n)s', n=int(m.group(1)) + 1)}: {word(_PARTS.get(m.group(2), m.group(2)))}"
    if m := re.fullmatch(r"reason-(\w+)", name):
        return gettext("Reason (%(lang)s)", lang=lang_name(m.group(1)))
    if m := re.fullmatch(r"(name|address)-(\w+)", name):
        return word("office_name" if m.group(1) == "name" else "address", lang=lang_name(m.group(2)))
    if m := re.fullmatch(r"(reception|org)-(\d{1,6})-([a-z]+)(?:-(\w+))?", name):
        row = word("reception_n" if m.group(1) == "reception" else "organisation_n", n=m.group(2))
        key = "remove" if m.group(3) == "remove" else ("reception_" if m.group(1) == "reception" else "organisation_") + m.group(3)
        part = word(key, lang=lang_name(m.group(4)) if m.group(4) else "")
        return f"{row}: {part}"
    if m := re.fullmatch(r"phone-(\d+)", name):
        return gettext("Number or address %(n)s", n=m.group(1))
    if m := re.fullmatch(r"(text|default)-(.+)", name):
        label = prompt_label(m.group(2))
        return label if m.group(1) == "text" else f"{label}: {gettext('Use the standard wording')}"
    if m := re.fullmatch(r"(documents|fee|term|validity|where)-(\w+)", name):
        return word("procedure_" + m.group(1), lang=lang_name(m.group(2)))
    if m := re.fullmatch(r"(title|summary)-(\w+)", name):
        return word("headline_" + m.group(1), lang=lang_name(m.group(2)))
    if m := re.fullmatch(r"pron-(\w+)-(\d{1,6})-(word|spoken|remove)", name):
        part = {"word": "pron_word", "spoken": "pron_spoken", "remove": "remove"}[m.group(3)]
        return f"{lang_name(m.group(1))}, {gettext('Row %(n)s', n=int(m.group(2)) + 1)}: {word(part)}"
    return word(_SIMPLE_FIELDS[name]) if name in _SIMPLE_FIELDS else name


# -- what pages need of the request ----------------------------------------------------------------

def languages_of(office: Office) -> list[str]:
    """The languages the office speaks that this installation offers (the pages' language columns)."""
    return list(office.offered_languages(settings().languages))


def author() -> str:
    """The logged-in clerk, as saved with each change."""
    return str(current_user.username)


def allowed_only(may: Callable[[Any], bool], /) -> Callable[[F], F]:
    """A view decorator: only logged-in clerks for whom ``may(user)`` holds; others get 403."""

    def decorate(view: F) -> F:
        @wraps(view)
        def checked(*args: object, **kwargs: object) -> object:
            if not current_user.is_authenticated or not may(current_user):
                abort(403)
            return view(*args, **kwargs)

        return checked  # type: ignore[return-value]

    return decorate


# Only admins (who manage accounts).
admin_required = allowed_only(lambda user: user.is_admin)
# Only clerks with the inbox permission (callers' messages, call-backs, recordings, the calls export).
inbox_required = allowed_only(lambda user: user.sees_inbox)


# -- CSRF ------------------------------------------------------------------------------------------

CSRF_KEY = "staff_csrf"


def csrf_token() -> str:
    """This session's CSRF token (made on first use); every staff form carries it."""
    token = session.get(CSRF_KEY)
    if not token:
        token = secrets.token_urlsafe(32)
        session[CSRF_KEY] = token
    return str(token)


def csrf_valid() -> bool:
    """Whether the request carries this session's token (form field or X-CSRF-Token header)."""
    expected = session.get(CSRF_KEY)
    sent = request.form.get("csrf_token") or request.headers.get("X-CSRF-Token") or ""
    return bool(expected) and hmac.compare_digest(str(sent), str(expected))


# -- the frame around every page -------------------------------------------------------------------

def error_page(status: int, title: str, text: str) -> tuple[Response, int]:
    return Response(render_template("staff/error.html", title=word(title), text=word(text))), status


def switch_url(lang: str) -> str:
    """This page in another staff language."""
    args = {**request.args.to_dict(flat=True), **(request.view_args or {}), "ui": lang}
    if request.endpoint and request.method == "GET":
        return url_for(request.endpoint, **args)
    return url_for("staff.overview", ui=lang) if current_user.is_authenticated else url_for("staff.login", ui=lang)


def protect(response: Response) -> Response:
    """Staff pages are never cached, framed or sniffed, and run only this site's scripts."""
    if request.endpoint != "staff.static":
        response.headers["Cache-Control"] = "no-store"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["Content-Security-Policy"] = (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; media-src 'self'; "
        "connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'"
    )
    return response


def public_endpoints(routes: Iterable[Route]) -> frozenset[str]:
    """The only staff endpoints a visitor may open without logging in."""
    return frozenset({"staff.static"} | {"staff." + r.name for r in routes if r.public})


def script_endpoints(routes: Iterable[Route]) -> frozenset[str]:
    """Endpoints the pages' scripts call: they answer 401 JSON rather than redirecting to the login page."""
    return frozenset("staff." + r.name for r in routes if r.json)


def attach(bp: Blueprint, routes: Iterable[Route], menu: Iterable[tuple[str, str]]) -> None:
    """Add ``routes`` to ``bp`` with the guard, the headers, the error pages and the templates' helpers.

    ``menu``: (endpoint, message key) of each menu entry, in order.
    """
    routes = list(routes)
    nav = list(menu)
    public, json_endpoints = public_endpoints(routes), script_endpoints(routes)
    under = {"staff." + r.name: "staff." + r.menu for r in routes if r.menu}
    for route in routes:
        bp.add_url_rule(route.rule, route.name, route.view, methods=list(route.methods))

    @bp.before_request
    def guard() -> Response | tuple[Response, int] | None:
        """Every staff URL but the login page needs a logged-in clerk; every change needs the CSRF token."""
        chosen = request.args.get("ui")
        if chosen in i18n.UI_LANGS:
            session["staff_lang"] = chosen
        refresh()  # the language is chosen afresh for each request (a test may keep one app context)
        if request.endpoint not in public and not current_user.is_authenticated:
            if request.endpoint in json_endpoints:
                return jsonify(error="login required"), 401
            if request.endpoint != "staff.overview":
                flash(gettext("Please log in to open this page."), "info")
            target = request.full_path if request.method == "GET" else request.path
            return redirect(url_for("staff.login", next=target.rstrip("?")))
        if request.method not in ("GET", "HEAD", "OPTIONS") and not csrf_valid():
            if request.endpoint in json_endpoints:
                return jsonify(error="the form has expired: reload the page"), 400
            return error_page(400, "csrf_title", "csrf_text")
        return None

    @bp.context_processor
    def helpers() -> dict[str, Any]:
        return dict(current_user=current_user, word=word, ui_lang=ui_lang(), ui_langs=i18n.UI_NAMES, csrf_token=csrf_token,
                    problem_text=problem_text, lang_name=lang_name, prompt_label=prompt_label, nav=nav,
                    nav_here=under.get(request.endpoint or "", request.endpoint), switch_url=switch_url,
                    fmt_moment=fmt_moment, format_date=format_date, field_label=field_label, limits=LIMITS)

    bp.after_request(protect)
    bp.register_error_handler(403, lambda _error: error_page(403, "forbidden_title", "forbidden_text"))
    bp.register_error_handler(404, lambda _error: error_page(404, "not_found_title", "not_found_text"))
    bp.register_error_handler(413, lambda _error: error_page(413, "too_large_title", "too_large_text"))
