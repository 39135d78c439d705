"""The public, text-only side of the hotline: the page, /info.json and the calendar feed.

Thin views over ``ivr.public.facts``: each response is a pure function of (content revision,
language, the minute on the office's clock, base URL), built once and kept in a small per-process
cache (``ivr.public.cache``). A request that hits the cache costs one indexed query, so the page
cannot slow the webhooks down; browsers and proxies may keep it for up to a minute (less when the
office opens, closes or a day ends sooner), and revalidate with its ETag.
"""
from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta, timezone
from typing import Any, Callable
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    render_template,
    request,
    url_for,
)

from ivr.config import settings
from ivr import clock
from ivr.callflow.context import FlowContext
from ivr.content.models import Revision
from ivr.content.office import RECEPTION
from ivr.extensions import db
from ivr.news.live import HeardOffice, call_context, heard
from ivr.public import facts, ical, receptions
from ivr.public.cache import render_cache
from ivr.public.labels import LANGUAGE_NAMES, label, labels, long_date
from ivr.clock import now

public_bp = Blueprint(
    "public", __name__,
    template_folder="templates",
    static_folder="static",
    static_url_path="/public/static",
)

MAX_AGE = 60
# Calendar apps poll a feed every few hours anyway; five minutes keeps a burst of them cheap.
CALENDAR_MAX_AGE = 300
PAGE_POLICY = ("default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; "
               "form-action 'none'; frame-ancestors 'none'")
# The procedures page has a search form (GET, to itself): the one thing the main page's policy forbids.
SEARCH_POLICY = PAGE_POLICY.replace("form-action 'none'", "form-action 'self'")
# A search longer than this is cut (it only filters a list, and stays a small cache key).
MAX_QUERY = 100


# -- helpers ------------------------------------------------------------------------------------


def _base_url() -> str:
    return settings().public_url or request.host_url.rstrip("/")


def _absolute(endpoint: str, **values: Any) -> str:
    return _base_url() + url_for(endpoint, **values)[len(request.script_root):]


def _context() -> tuple[HeardOffice, FlowContext, datetime]:
    """(the content's version, the flow's context at this minute, the precise moment)."""
    current = heard()  # what callers hear: the staff's content plus the live imported headlines
    moment = now()
    ctx = call_context(current.office, moment.replace(second=0, microsecond=0))
    return current, ctx, moment


def _max_age(ctx: FlowContext, moment: datetime) -> int:
    """Seconds a copy stays right: a minute at most, less before a change of state or of day."""
    limits = [MAX_AGE]
    change = ctx.status.next_change
    if change is not None:
        limits.append(int((change - moment).total_seconds()))
    midnight = datetime.combine(moment.date() + timedelta(days=1), time(0), tzinfo=moment.tzinfo)
    limits.append(int((midnight.astimezone(timezone.utc) - moment.astimezone(timezone.utc)).total_seconds()))
    return max(1, min(limits))


def _respond(key: tuple[Any, ...], build: Callable[[], bytes], *, mimetype: str, max_age: int,
             lang: str | None = None, negotiated: bool = False, policy: str | None = None) -> Response:
    rendered = render_cache(current_app._get_current_object()).get(key, build)  # type: ignore[attr-defined]
    response = Response(rendered.body, mimetype=mimetype)
    response.set_etag(rendered.etag)
    response.cache_control.public = True
    response.cache_control.max_age = max_age
    if negotiated:
        response.vary.add("Accept-Language")
    if lang:
        response.headers["Content-Language"] = lang
    response.headers["X-Content-Type-Options"] = "nosniff"
    if policy:
        response.headers["Content-Security-Policy"] = policy
        response.headers["Referrer-Policy"] = "no-referrer"
    return response.make_conditional(request)


def _choose_language(ctx: FlowContext, asked: str | None) -> tuple[str, bool]:
    """(language, whether it came from Accept-Language). An unknown or disabled language is 404."""
    if asked is not None:
        if asked not in ctx.languages:
            abort(404)
        return asked, False
    best = request.accept_languages.best_match(ctx.languages)
    return (best or ctx.languages[0]), True


def _key(kind: str, version: HeardOffice, ctx: FlowContext, lang: str | None, stamp: object) -> tuple[Any, ...]:
    cfg = settings()
    return (kind, version.version, lang, stamp, _base_url(), request.script_root, ctx.languages, cfg.timezone)


# -- the page -----------------------------------------------------------------------------------


def _page_body(ctx: FlowContext, lang: str) -> bytes:
    office = ctx.office
    calendar = office.calendar(timezone=settings().timezone)
    name = office.name.get(lang) or next(iter(office.name.values()), "")
    html = render_template(
        "public/index.html",
        lang=lang,
        t=labels(lang),
        name=name,
        languages=[(code, LANGUAGE_NAMES[code], url_for("public.page", lang=code), code == lang)
                   for code in ctx.languages],
        status=facts.status_view(ctx, lang),
        rows=facts.hours_rows(office, lang),
        special=facts.special_days(office, calendar, ctx.today, lang),
        notices=facts.notices_view(ctx, lang),
        services=facts.services_view(ctx, lang),
        differs=facts.differs_view(ctx, lang),
        service_calendar_url=lambda service: url_for("public.calendar", lang=lang, service=service),
        address=office.address.get(lang, ""),
        postal_code=office.postal_code,
        hotline=facts.hotline(office),
        phones=facts.office_phones(office),
        faxes=facts.faxes(office),
        online=facts.online(office),
        news=facts.news(office, lang),
        receptions=receptions.session_views(office, calendar, ctx.status.moment, lang),
        directory=receptions.directory(office, lang),
        long_date=lambda d: long_date(d, lang),
        calendar_url=url_for("public.calendar", lang=lang),
        info_url=url_for("public.info"),
        procedures_url=url_for("public.procedures", lang=lang),
        request_url=url_for("requests.request_page", lang=lang),
    )
    return html.encode("utf-8")


def _page(asked: str | None) -> Response:
    version, ctx, moment = _context()
    lang, negotiated = _choose_language(ctx, asked)
    key = _key("page", version, ctx, lang, ctx.status.moment)
    return _respond(key, lambda: _page_body(ctx, lang), mimetype="text/html", max_age=_max_age(ctx, moment),
                    lang=lang, negotiated=negotiated, policy=PAGE_POLICY)


@public_bp.route("/")
def index() -> Response:
    """The page in the browser's language (Russian when it prefers none of ours)."""
    return _page(None)


@public_bp.route("/<any(ru, be, en):lang>")
def page(lang: str) -> Response:
    """The page in one language: /ru, /be, /en (what the language switch links to)."""
    return _page(lang)


# -- the procedures page -------------------------------------------------------------------------


@public_bp.route("/<any(ru, be, en):lang>/procedures")
def procedures(lang: str) -> Response:
    """Documents and administrative procedures in one language, found by number or words with a
    plain GET form (?q=…): what a caller hears under key 4, to read and print."""
    version, ctx, moment = _context()
    _choose_language(ctx, lang)
    query = " ".join(request.args.get("q", "").split())[:MAX_QUERY]

    def build() -> bytes:
        office = ctx.office
        name = office.name.get(lang) or next(iter(office.name.values()), "")
        topics = facts.procedures_view(office, lang, query)
        html = render_template(
            "public/procedures.html", lang=lang, t=labels(lang), name=name, query=query, topics=topics,
            found=sum(len(topic.procedures) for topic in topics),
            languages=[(code, LANGUAGE_NAMES[code], url_for("public.procedures", lang=code), code == lang)
                       for code in ctx.languages],
            page_url=url_for("public.page", lang=lang), info_url=url_for("public.info"),
        )
        return html.encode("utf-8")

    key = _key("procedures", version, ctx, lang, query)
    return _respond(key, build, mimetype="text/html", max_age=MAX_AGE, lang=lang, policy=SEARCH_POLICY)


# -- /info.json ---------------------------------------------------------------------------------


@public_bp.route("/info.json")
def info() -> Response:
    """The page's facts for machines: status, hours, holidays, closures, contacts, headlines."""
    version, ctx, moment = _context()
    cfg = settings()

    def build() -> bytes:
        calendar = ctx.office.calendar(timezone=cfg.timezone)
        links = {
            "page": {lang: _absolute("public.page", lang=lang) for lang in ctx.languages},
            "calendar": {lang: _absolute("public.calendar", lang=lang) for lang in ctx.languages},
        }
        document = facts.info_document(ctx, calendar, revision=version.revision, timezone=cfg.timezone, links=links)
        document.update(receptions.info_part(ctx.office, calendar, ctx.status.moment, ctx.languages))
        return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8") + b"\n"

    key = _key("info", version, ctx, None, ctx.status.moment)
    return _respond(key, build, mimetype="application/json", max_age=_max_age(ctx, moment))


# -- /calendar.ics ------------------------------------------------------------------------------


def _revision_time(revision: int) -> datetime:
    row = db.session.get(Revision, revision)
    saved = row.created_at if row is not None and row.created_at else clock.utc_now()
    return clock.as_utc(saved)


@public_bp.route("/calendar.ics")
def calendar() -> Response:
    """Public holidays (this year and next), closures, extra working days and the sessions of
    receptions and direct lines; ?lang=ru|be|en; the reception's, or with ?service=ID one service's
    (404 for an unknown one)."""
    version, ctx, _moment = _context()
    asked = request.args.get("lang")
    lang, negotiated = _choose_language(ctx, asked.strip().lower() if asked is not None else None)
    service_id = request.args.get("service", RECEPTION).strip()[:64] or RECEPTION
    service = ctx.office.service(service_id)
    if service is None and service_id != RECEPTION:
        abort(404)
    cfg = settings()
    years = facts.calendar_years(ctx.today)

    def build() -> bytes:
        office = ctx.office
        cal = office.service_calendar(service_id, timezone=cfg.timezone)
        domain = urlsplit(_base_url()).hostname or "hotline"
        if service is not None:  # each service's events have UIDs of their own
            domain = f"{service.id}.{domain}"
        events = ical.office_events(office, cal, years, lang, domain)
        # DTSTAMP: when this information last changed: the revision's save, or New Year, when
        # the feed moved on to a new pair of years.
        new_year = datetime.combine(date(years[0], 1, 1), time(0), tzinfo=ctx.status.moment.tzinfo)
        stamp = max(_revision_time(version.revision), new_year.astimezone(timezone.utc))
        name = office.name.get(lang) or next(iter(office.name.values()), "")
        if service is not None:
            name = f"{name}, {service.name.get(lang) or service.id}"
        timed = receptions.reception_events(office, cal, years, lang, domain, stamp)
        text = ical.render(events, name=f"{name}: {label(lang, 'special').lower()}", lang=lang, stamp=stamp,
                           timed=timed)
        return text.encode("utf-8")

    key = _key("ics", version, ctx, lang, (years, service_id))
    response = _respond(key, build, mimetype="text/calendar", max_age=CALENDAR_MAX_AGE, lang=lang, negotiated=negotiated)
    suffix = "" if service is None else "-" + "".join(ch for ch in service.id if ch.isalnum() or ch == "-")
    response.headers["Content-Disposition"] = f'inline; filename="calendar{suffix}-{lang}.ics"'
    return response
