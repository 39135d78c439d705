"""The staff pages: thin views over ivr.staff.validation, editing, audio, history and testcall."""
from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any, Callable, Mapping
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from flask import (Blueprint, Response, abort, current_app, flash, jsonify, redirect, render_template, request,
                   session, url_for)
from flask_login import current_user, login_user, logout_user
from sqlalchemy import select

from ivr.content.office import WEEKDAY_KEYS, Office
from ivr.content.prompts import DEFAULT_TEXTS
from ivr.content.store import CurrentOffice, current_office
from ivr.extensions import db
from ivr.schedule import moved_workdays, public_holidays
from ivr.staff import audio, history, i18n, testcall
from ivr.staff.auth import (PASSWORD_MIN, active_admins, admin_required, authenticate, check_new_password,
                            check_username, create_user, csrf_token, csrf_valid, find_user, normal_username)
from ivr.staff.editing import Outcome, office_at, parse_base, restore, save_section
from ivr.staff.models import ADMIN, ROLES, StaffUser
from ivr.staff.validation import (LIMITS, MAX_PHONES, ContactsSection, HeadlineSection, HoursSection, Invalid,
                                  Problem, Problems, PronunciationSection, TextsSection, clean_text,
                                  find_headline, format_date, headline_action, headline_order, movable,
                                  parse_date, parse_time, problem, prompt_keys, required_placeholders)
from ivr.voice.flow import status_sentence
from ivr.clock import now
from ivr.voice.webhooks import flow_context

staff_bp = Blueprint("staff", __name__, url_prefix="/staff", template_folder="templates",
                     static_folder="static", static_url_path="/static")

# The only staff URLs a visitor may open without logging in.
PUBLIC_ENDPOINTS = frozenset({"staff.login", "staff.static"})
# Endpoints the pages' scripts call: they answer 401 JSON rather than redirecting to the login page.
JSON_ENDPOINTS = frozenset({"staff.audio_status", "staff.test_call_step"})
HISTORY_PAGE = 50
PROGRESS_SHOWN = 40

NAV = [
    ("staff.overview", "nav_overview"),
    ("staff.hours", "nav_hours"),
    ("staff.contacts", "nav_contacts"),
    ("staff.texts_index", "nav_texts"),
    ("staff.headlines", "nav_headlines"),
    ("staff.pronunciation", "nav_pronunciation"),
    ("staff.history", "nav_history"),
    ("staff.test_call", "nav_test_call"),
]
NAV_SECTIONS = {
    "staff.texts": "staff.texts_index", "staff.headline_new": "staff.headlines", "staff.headline_edit": "staff.headlines",
    "staff.history_revision": "staff.history", "staff.account_update": "staff.accounts",
}


# -- language, access, CSRF ------------------------------------------------------------------------

def ui_lang() -> str:
    chosen = session.get("staff_lang")
    return chosen if chosen in i18n.UI_LANGS else i18n.DEFAULT_UI


def t(key: str, /, **params: Any) -> str:
    return i18n.translate(key, ui_lang(), **params)


def problem_text(found: Problem) -> str:
    return t("p_" + found.code, **dict(found.params))


def lang_name(lang: str) -> str:
    return t("lang_" + lang)


def prompt_label(key: str) -> str:
    return i18n.prompt_label(key, ui_lang())


def _safe_next(target: str | None) -> str:
    """Only a path of the staff pages on this site (never another site) to go to after logging in."""
    if target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and parts.path.startswith("/staff") and "\\" not in target:
            return target
    return url_for("staff.overview")


def client_address() -> str:
    """The caller's address for the login slow-down (behind a trusted proxy: the one it saw)."""
    if current_app.config.get("IVR_TRUST_PROXY") and request.access_route:
        return request.access_route[-1]
    return request.remote_addr or ""


@staff_bp.before_request
def guard() -> Response | tuple[Response, int] | None:
    """Every staff URL but the login page needs a logged-in clerk; every change needs the CSRF token."""
    chosen = request.args.get("ui")
    if chosen in i18n.UI_LANGS:
        session["staff_lang"] = chosen
    if request.endpoint not in PUBLIC_ENDPOINTS and not current_user.is_authenticated:
        if request.endpoint in JSON_ENDPOINTS:
            return jsonify(error="login required"), 401
        if request.endpoint != "staff.overview":
            flash(t("login_required"), "info")
        target = request.full_path if request.method == "GET" else request.path
        return redirect(url_for("staff.login", next=target.rstrip("?")))
    if request.method not in ("GET", "HEAD", "OPTIONS") and not csrf_valid():
        if request.endpoint in JSON_ENDPOINTS:
            return jsonify(error="the form has expired: reload the page"), 400
        return error_page(400, "csrf_title", "csrf_text")
    return None


@staff_bp.after_request
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


def error_page(status: int, title: str, text: str) -> tuple[Response, int]:
    return Response(render_template("staff/error.html", title=t(title), text=t(text))), status


@staff_bp.errorhandler(403)
def forbidden(_error: Exception) -> tuple[Response, int]:
    return error_page(403, "forbidden_title", "forbidden_text")


@staff_bp.errorhandler(404)
def not_found(_error: Exception) -> tuple[Response, int]:
    return error_page(404, "not_found_title", "not_found_text")


def switch_url(lang: str) -> str:
    """This page in another staff language."""
    args = {**request.args.to_dict(flat=True), **(request.view_args or {}), "ui": lang}
    if request.endpoint and request.method == "GET":
        return url_for(request.endpoint, **args)
    return url_for("staff.overview", ui=lang) if current_user.is_authenticated else url_for("staff.login", ui=lang)


def office_tz() -> ZoneInfo:
    return ZoneInfo(current_app.config["IVR_TIMEZONE"])


_NOTES = [
    (re.compile(r"(hours|contacts|pronunciation|headline added)"), lambda m: t("note_" + m.group(1).replace(" ", "_"))),
    (re.compile(r"texts \((\w+)\)"), lambda m: t("note_texts", lang=lang_name(m.group(1)))),
    (re.compile(r"headline \S+ edited"), lambda m: t("note_headline_edited")),
    (re.compile(r"headline \S+: (hide|show|up|down|delete)"), lambda m: t("note_headline_" + m.group(1))),
    (re.compile(r"restored revision (\d+)"), lambda m: t("note_restored", n=m.group(1))),
    (re.compile(r"demo content"), lambda m: t("note_demo")),
]


def note_text(note: str) -> str:
    """A revision's note in the staff language (notes saved by these pages are stored in English)."""
    for pattern, words in _NOTES:
        if found := pattern.fullmatch(note):
            return words(found)
    return note


def fmt_moment(value: datetime | None) -> str:
    if value is None:
        return t("never")
    return value.astimezone(office_tz()).strftime("%d.%m.%Y %H:%M")


@staff_bp.context_processor
def helpers() -> dict[str, Any]:
    nav_here = NAV_SECTIONS.get(request.endpoint or "", request.endpoint)
    return dict(current_user=current_user, t=t, ui_lang=ui_lang(), ui_langs=i18n.UI_LANGS, csrf_token=csrf_token, problem_text=problem_text,
                lang_name=lang_name, prompt_label=prompt_label, nav=NAV, nav_here=nav_here, switch_url=switch_url,
                fmt_moment=fmt_moment, note_text=note_text, format_date=format_date, field_label=field_label, limits=LIMITS)


# -- field labels (error summaries and conflict tables) --------------------------------------------

_PARTS = {"opens": "opens", "closes": "closes", "lunch_start": "lunch_start", "lunch_end": "lunch_end",
          "works": "works", "start": "date_from", "end": "date_to", "day": "day", "remove": "remove"}


def field_label(name: str) -> str:
    """A form field's name in words, e.g. "mon_lunch_end" -> "Понедельник: Конец обеда"."""
    if name == "_form":
        return t("form_field")
    if m := re.fullmatch(r"(mon|tue|wed|thu|fri|sat|sun)_(\w+)", name):
        return f"{t('weekday_' + m.group(1))}: {t(_PARTS.get(m.group(2), m.group(2)))}"
    if m := re.fullmatch(r"closure-(\d+)-(start|end|remove|reason-(\w+))", name):
        part = t("reason_in", lang=lang_name(m.group(3))) if m.group(3) else t(_PARTS[m.group(2)])
        return f"{t('closure_n', n=int(m.group(1)) + 1)}: {part}"
    if m := re.fullmatch(r"extra-(\d+)-(\w+)", name):
        return f"{t('extra_n', n=int(m.group(1)) + 1)}: {t(_PARTS.get(m.group(2), m.group(2)))}"
    if m := re.fullmatch(r"(name|address)-(\w+)", name):
        return t("office_name" if m.group(1) == "name" else "address", lang=lang_name(m.group(2)))
    if m := re.fullmatch(r"phone-(\d+)", name):
        return t("phone_n", n=m.group(1))
    if m := re.fullmatch(r"(text|default)-(.+)", name):
        label = prompt_label(m.group(2))
        return label if m.group(1) == "text" else f"{label}: {t('use_default')}"
    if m := re.fullmatch(r"(title|summary)-(\w+)", name):
        return t("headline_" + m.group(1), lang=lang_name(m.group(2)))
    if m := re.fullmatch(r"pron-(\w+)-(\d+)-(word|spoken|remove)", name):
        part = {"word": "pron_word", "spoken": "pron_spoken", "remove": "remove"}[m.group(3)]
        return f"{lang_name(m.group(1))}, {t('pron_row', n=int(m.group(2)) + 1)}: {t(part)}"
    simple = {"hidden": "headline_hidden", "pinned": "headline_pinned", "postal_code": "postal_code", "hotline": "hotline",
              "transfer_number": "transfer_number", "username": "username", "password": "password",
              "password_again": "password_again", "current_password": "current_password", "role": "role",
              "active": "active", "date": "call_date", "time": "call_time"}
    return t(simple[name]) if name in simple else name


# -- login -----------------------------------------------------------------------------------------

@staff_bp.route("/login", methods=["GET", "POST"])
def login() -> Any:
    """User name and password; after too many failures, a pause before the next try."""
    if current_user.is_authenticated and request.method == "GET":
        return redirect(_safe_next(request.args.get("next")))
    message, status = "", 200
    username = ""
    if request.method == "POST":
        username = request.form.get("username", "")[:100]
        result = authenticate(username, request.form.get("password", "")[:1000], client_address())
        if result.user is not None:
            lang = session.get("staff_lang")
            session.clear()  # a fresh session (and CSRF token) for the logged-in clerk
            if lang:
                session["staff_lang"] = lang
            session.permanent = True
            login_user(result.user)
            return redirect(_safe_next(request.form.get("next")))
        if result.wait:
            message, status = t("login_wait", seconds=result.wait), 429
        else:
            message, status = t("login_failed"), 401
    return render_template("staff/login.html", message=message, username=username,
                           next=request.values.get("next", "")), status


@staff_bp.route("/logout", methods=["POST"])
def logout() -> Response:
    lang = session.get("staff_lang")
    logout_user()
    session.clear()
    if lang:
        session["staff_lang"] = lang
    flash(t("logged_out"), "info")
    return redirect(url_for("staff.login"))


# -- shared pieces of the edit pages ---------------------------------------------------------------

def languages_of(office: Office) -> list[str]:
    return list(office.offered_languages(current_app.config["IVR_LANGUAGES"]))


def author() -> str:
    return str(current_user.username)


def conflict_view(section: Any, form: Mapping[str, str], latest: CurrentOffice) -> dict[str, Any]:
    """Your input next to what is saved now, for every field where they differ."""
    theirs = section.values(latest.office)
    names = [n for n in dict.fromkeys(list(theirs) + list(form)) if n not in ("csrf_token", "base")]
    rows = []
    for name in names:
        mine, saved = clean_text(form.get(name)), clean_text(theirs.get(name))
        if mine != saved:
            if name.endswith(("works", "hidden", "pinned", "remove")) or name.startswith("default-"):
                mine, saved = (t("yes") if mine else t("no")), (t("yes") if saved else t("no"))
            rows.append((field_label(name), mine, saved))
    info = history.revision_info(latest.revision)
    return {"revision": latest.revision, "author": info.author if info else "", "when": fmt_moment(info.created_at) if info else "",
            "rows": rows}


def progress_view(saved: str | None) -> dict[str, Any] | None:
    """The sentences a save made new, and how far their audio is (for the page after a save)."""
    if not saved or not saved.isdigit():
        return None
    revision = int(saved)
    after = office_at(revision)
    if after is None:
        return None
    before = office_at(revision - 1)
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    moment = now()
    after_sentences = audio.cached_catalogue(app, revision, after, moment)
    before_sentences = audio.cached_catalogue(app, revision - 1, before, moment) if before else None
    lines = audio.changed_lines(app, before, before_sentences, after, after_sentences)
    order = {lang: i for i, lang in enumerate(languages_of(after))}
    lines.sort(key=lambda line: (order.get(line.lang, len(order)), line.text))
    counts = audio.summary(lines)
    return {"revision": revision, "lines": lines[:PROGRESS_SHOWN], "more": max(0, len(lines) - PROGRESS_SHOWN),
            "total": len(lines), "counts": counts,
            "done": counts[audio.PENDING] == 0 and counts[audio.MISSING] == 0,
            "off": audio.synthesis_queue(app).workers <= 0}


def edit_page(section: Any, template: str, *, endpoint: str, note: str,
              done_endpoint: str | None = None, endpoint_args: Mapping[str, Any] | None = None,
              extra: Callable[[Mapping[str, str], CurrentOffice], dict[str, Any]] | None = None) -> Any:
    """GET: the form with the saved values. POST: save, or the form again with the clerk's input, the
    problems next to their fields and, on a conflict, the newer saved values side by side."""
    args = dict(endpoint_args or {})
    current = current_office()
    values: Mapping[str, str] = section.values(current.office)
    problems: Problems = {}
    conflict = None
    base = current.revision
    status = 200
    if request.method == "POST":
        form = request.form.to_dict(flat=True)
        sent_base = parse_base(form.get("base"))
        outcome: Outcome = save_section(section, form, base=sent_base, author=author(), note=note)
        if outcome.revision is not None:
            flash(t("saved_revision", revision=outcome.revision), "success")
            return redirect(url_for(done_endpoint or endpoint, saved=outcome.revision, **({} if done_endpoint else args)))
        if outcome.unchanged:
            flash(t("unchanged"), "info")
            return redirect(url_for(done_endpoint or endpoint, **({} if done_endpoint else args)))
        values, problems = form, outcome.problems
        if outcome.conflict is not None:
            conflict = conflict_view(section, form, outcome.conflict)
            base, current, status = outcome.conflict.revision, outcome.conflict, 409
        else:
            base, status = sent_base if sent_base is not None else current.revision, 422
    context = dict(values=values, problems=problems, conflict=conflict, base=base,
                   progress=progress_view(request.args.get("saved")), action=url_for(endpoint, **args))
    if extra:
        context.update(extra(values, current))
    return render_template(template, **context), status


# -- overview --------------------------------------------------------------------------------------

@staff_bp.route("/")
def overview() -> str:
    """Open now and why, the hot line, and the audio state of every prompt in every language."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    current = current_office()
    office = current.office
    moment = now()
    langs = languages_of(office)
    ctx = flow_context(office, moment)
    status = ctx.status
    found = audio.cached_prompt_map(app, current.revision, office, moment)
    rows = audio.prompt_rows(app, office, found, langs)
    order = {key: i for i, key in enumerate(DEFAULT_TEXTS)}
    rows.sort(key=lambda row: order.get(row.key, len(order)))
    lines = {(line.lang, line.text): line for row in rows for by_lang in row.by_lang.values() for line in by_lang}
    counts = audio.summary(lines.values())
    ui = "en" if ui_lang() == "en" else "ru"
    reason_name = ""
    if status.holiday_names:
        reason_name = status.holiday_names.get(ui) or next(iter(status.holiday_names.values()), "")
    elif status.closure is not None:
        reason_name = status.closure.reason.get(ui) or next(iter(status.closure.reason.values()), "")
    return render_template(
        "staff/overview.html", status=status, reason_name=reason_name, moment=moment, office=office,
        callers_hear=[(lang, status_sentence(ctx, lang).text) for lang in langs], langs=langs, rows=rows,
        counts=counts, total=len(lines), synth_off=audio.synthesis_queue(app).workers <= 0,
        progress=progress_view(request.args.get("saved")),
    )


@staff_bp.route("/audio/status", methods=["POST"])
def audio_status() -> Response:
    """For the pages' script: the audio state of the clip keys it asks about."""
    body = request.get_json(silent=True) or {}
    keys = [k for k in body.get("keys", []) if isinstance(k, str) and re.fullmatch(r"[0-9a-f]{64}", k)][:2000]
    states = audio.clip_states(current_app._get_current_object(), keys)  # type: ignore[attr-defined]
    return jsonify(states={
        key: {"status": clip.status, "url": url_for("audio.serve", name=clip.filename) if clip.filename else None}
        for key, clip in states.items()
    })


# -- hours -----------------------------------------------------------------------------------------

@staff_bp.route("/hours", methods=["GET", "POST"])
def hours() -> Any:
    office = current_office().office
    section = HoursSection(languages_of(office))

    def extra(values: Mapping[str, str], current: CurrentOffice) -> dict[str, Any]:
        calendar = current.office.calendar(timezone=current_app.config["IVR_TIMEZONE"])
        this_year = now().year
        ui = "en" if ui_lang() == "en" else "ru"
        holiday_years = [(year, public_holidays(calendar, date(year, 1, 1), date(year, 12, 31), ui),
                          moved_workdays(calendar, date(year, 1, 1), date(year, 12, 31)))
                         for year in (this_year, this_year + 1)]
        return dict(weekdays=WEEKDAY_KEYS, langs=section.languages, holiday_years=holiday_years,
                    closure_rows=HoursSection.rows(values, "closure", len(current.office.closures)),
                    extra_rows=HoursSection.rows(values, "extra", len(current.office.extra_workdays)))

    return edit_page(section, "staff/hours.html", endpoint="staff.hours", note="hours", extra=extra)


# -- contacts --------------------------------------------------------------------------------------

@staff_bp.route("/contacts", methods=["GET", "POST"])
def contacts() -> Any:
    section = ContactsSection(languages_of(current_office().office))
    return edit_page(section, "staff/contacts.html", endpoint="staff.contacts", note="contacts",
                     extra=lambda values, current: dict(langs=section.languages, phone_count=MAX_PHONES))


# -- texts -----------------------------------------------------------------------------------------

@staff_bp.route("/texts")
def texts_index() -> Response:
    return redirect(url_for("staff.texts", lang=languages_of(current_office().office)[0]))


@staff_bp.route("/texts/<lang>", methods=["GET", "POST"])
def texts(lang: str) -> Any:
    if lang not in current_app.config["IVR_LANGUAGES"]:
        abort(404)
    section = TextsSection(lang)

    def extra(values: Mapping[str, str], current: CurrentOffice) -> dict[str, Any]:
        app = current_app._get_current_object()  # type: ignore[attr-defined]
        found = audio.cached_prompt_map(app, current.revision, current.office, now())
        keys = prompt_keys(lang)
        sentences = [s for key in keys for s in found.get(key, {}).get(lang, [])]
        lines = {line.text: line for line in audio.lines_for(app, current.office, sentences)}
        sounds = {key: [lines[text] for text in dict.fromkeys(s.text for s in found.get(key, {}).get(lang, []))][:3]
                  for key in keys}
        groups: dict[int, list[str]] = {}
        for key in keys:
            groups.setdefault(i18n.group_of(key), []).append(key)
        return dict(lang=lang, langs=languages_of(current.office), all_langs=current_app.config["IVR_LANGUAGES"],
                    groups=[(i18n.group_heading(i, ui_lang()), keys) for i, keys in sorted(groups.items())],
                    defaults={key: DEFAULT_TEXTS[key][lang] for key in keys},
                    own={key: bool(current.office.texts.get(key, {}).get(lang)) for key in keys},
                    needs={key: ", ".join("{" + n + "}" for n in required_placeholders(key, lang)) for key in keys},
                    sounds=sounds)

    return edit_page(section, "staff/texts.html", endpoint="staff.texts", endpoint_args={"lang": lang},
                     note=f"texts ({lang})", extra=extra)


# -- headlines -------------------------------------------------------------------------------------

def _headline_name(office: Office, headline_id: str) -> str:
    found = find_headline(office, headline_id)
    if found is None:
        return headline_id
    return next((found.title[lang] for lang in languages_of(office) if found.title.get(lang)), t("no_titles"))


@staff_bp.route("/headlines")
def headlines() -> str:
    current = current_office()
    items = headline_order(current.office)
    names = {item.id: _headline_name(current.office, item.id) for item in items}
    return render_template("staff/headlines.html", items=items, names=names, base=current.revision,
                           moves=movable(current.office),
                           langs=languages_of(current.office),
                           progress=progress_view(request.args.get("saved")))


@staff_bp.route("/headlines/new", methods=["GET", "POST"])
def headline_new() -> Any:
    section = HeadlineSection(languages_of(current_office().office), None)
    return edit_page(section, "staff/headline.html", endpoint="staff.headline_new", done_endpoint="staff.headlines",
                     note="headline added",
                     extra=lambda values, current: dict(langs=section.languages, heading=t("headline_new_title")))


@staff_bp.route("/headlines/<headline_id>", methods=["GET", "POST"])
def headline_edit(headline_id: str) -> Any:
    office = current_office().office
    if find_headline(office, headline_id) is None:
        abort(404)
    section = HeadlineSection(languages_of(office), headline_id)
    name = _headline_name(office, headline_id)
    return edit_page(section, "staff/headline.html", endpoint="staff.headline_edit", endpoint_args={"headline_id": headline_id},
                     done_endpoint="staff.headlines", note=f"headline {headline_id} edited",
                     extra=lambda values, current: dict(langs=section.languages, heading=t("headline_edit_title", name=name),
                                                        headline_id=headline_id))


class _HeadlineAction:
    """Hide, show, move or delete a headline, as a section (its data: that headline)."""

    name = "headline-action"

    def __init__(self, headline_id: str, action: str, languages: list[str]):
        self.headline_id, self.action = headline_id, action
        self.inner = HeadlineSection(languages, headline_id)

    def data(self, office: Office) -> Any:
        return self.inner.data(office)

    def values(self, office: Office) -> dict[str, str]:
        return self.inner.values(office)

    def parse(self, form: Mapping[str, str], office: Office) -> tuple[Office | None, Problems]:
        changed = headline_action(office, self.headline_id, self.action)
        return (changed, {}) if changed is not None else (None, {"_form": problem("headline_gone")})


@staff_bp.route("/headlines/<headline_id>/<action>", methods=["POST"])
def headline_do(headline_id: str, action: str) -> Any:
    office = current_office().office
    if find_headline(office, headline_id) is None or action not in ("hide", "show", "up", "down", "delete"):
        abort(404)
    section = _HeadlineAction(headline_id, action, languages_of(office))
    outcome = save_section(section, request.form, base=parse_base(request.form.get("base")), author=author(),
                           note=f"headline {headline_id}: {action}")
    if outcome.revision is not None:
        flash(t("headline_deleted") if action == "delete" else t("saved_revision", revision=outcome.revision), "success")
        return redirect(url_for("staff.headlines", saved=outcome.revision))
    if outcome.conflict is not None:
        info = conflict_view(section, section.values(office), outcome.conflict)
        flash(t("conflict_title", author=info["author"], revision=info["revision"], when=info["when"]) + " "
              + t("nothing_saved"), "error")
    elif outcome.problems:
        flash(" ".join(problem_text(p) for p in outcome.problems.values()), "error")
    return redirect(url_for("staff.headlines"))


# -- pronunciation ---------------------------------------------------------------------------------

@staff_bp.route("/pronunciation", methods=["GET", "POST"])
def pronunciation() -> Any:
    section = PronunciationSection(languages_of(current_office().office))
    return edit_page(section, "staff/pronunciation.html", endpoint="staff.pronunciation",
                     note="pronunciation",
                     extra=lambda values, current: dict(
                         langs=section.languages,
                         rows={lang: PronunciationSection.rows(values, lang) for lang in section.languages}))


# -- history ---------------------------------------------------------------------------------------

def _diff(before: Office | None, after: Office) -> list[history.Change]:
    return history.diff(before, after, t, languages_of(after), lang_name, prompt_label)


@staff_bp.route("/history", endpoint="history")
def history_list() -> str:
    page = request.args.get("page", "1")
    number = int(page) if page.isdigit() and 0 < int(page) < 100000 else 1
    items, total = history.revisions(HISTORY_PAGE, (number - 1) * HISTORY_PAGE)
    summaries = {}
    for info in items:
        after, before = office_at(info.id), office_at(info.id - 1)
        changes = _diff(before, after) if after is not None else []
        summaries[info.id] = changes
    latest = items[0].id if items and number == 1 else None
    return render_template("staff/history.html", items=items, summaries=summaries, page=number, latest=latest,
                           has_older=number * HISTORY_PAGE < total)


@staff_bp.route("/history/<int:revision>")
def history_revision(revision: int) -> Any:
    info = history.revision_info(revision)
    after = office_at(revision)
    if info is None or after is None:
        abort(404)
    current = current_office()
    before = office_at(revision - 1)
    return render_template("staff/revision.html", info=info, changes=_diff(before, after), previous=revision - 1 if before else None,
                           current=current.revision, base=current.revision,
                           progress=progress_view(request.args.get("saved")))


@staff_bp.route("/history/<int:revision>/restore", methods=["POST"])
def history_restore(revision: int) -> Any:
    outcome = restore(revision, base=parse_base(request.form.get("base")), author=author())
    if outcome.revision is not None:
        flash(t("restored", old=revision, new=outcome.revision), "success")
        return redirect(url_for("staff.history_revision", revision=outcome.revision, saved=outcome.revision))
    if outcome.unchanged:
        flash(t("unchanged"), "info")
    elif outcome.conflict is not None:
        flash(t("conflict_restore", revision=outcome.conflict.revision), "error")
    else:
        abort(404)
    return redirect(url_for("staff.history_revision", revision=revision))


# -- test call -------------------------------------------------------------------------------------

def _call_moment(form: Mapping[str, str]) -> tuple[datetime | None, Problems]:
    problems: Problems = {}
    current = now()
    raw_date, raw_time = clean_text(form.get("date")), clean_text(form.get("time"))
    day, at = current.date(), current.time().replace(second=0, microsecond=0)
    try:
        if raw_date:
            day = parse_date(raw_date)
    except Invalid as exc:
        problems["date"] = exc.problem
    try:
        if raw_time:
            at = parse_time(raw_time)
    except Invalid as exc:
        problems["time"] = exc.problem
    if problems:
        return None, problems
    return datetime.combine(day, at, tzinfo=office_tz()), problems


def _test_call_turns(form: Mapping[str, str], next_url: str | None) -> tuple[list[dict[str, Any]], Problems]:
    """One step of the test call (the start also answers the language menu when asked to)."""
    moment, problems = _call_moment(form)
    if moment is None:
        return [], problems
    digits = clean_text(form.get("digits"))[:1]
    speech = clean_text(form.get("speech"))[:200] if form.get("say") else ""
    dial_status = clean_text(form.get("dial_status"))
    if next_url is None:
        did = t("phone_rings")
    elif dial_status:
        did = t("transfer_result", status=t("dial_" + dial_status) if dial_status in testcall.DIAL_STATUSES else dial_status)
    elif digits:
        did = t("you_pressed", key=digits)
    elif speech:
        did = t("you_said", words=speech)
    else:
        did = t("you_waited")
    result = testcall.step(next_url, moment, digits=digits, speech=speech, dial_status=dial_status)
    turns = [dict(did=did, **result.as_json())]
    answer = form.get("answer_lang", "")
    offered = languages_of(current_office().office)
    if next_url is None and answer in offered and result.node == "language" and result.gather_url:
        key = str(offered.index(answer) + 1)
        second = testcall.step(result.gather_url, moment, digits=key)
        turns.append(dict(did=t("you_pressed", key=key), **second.as_json()))
    for turn in turns:
        turn["at"] = t("call_at", moment=moment.strftime("%d.%m.%Y %H:%M"))
        notes = []
        if turn["dial"]:
            notes.append(t("transfer_to", number=turn["dial"]["number"]))
        if turn["gather_url"]:
            notes.append(t("waits", seconds=turn["wait"]))
        if turn["record"]:
            notes.append(t("recording_note"))
        if turn["hangup"]:
            notes.append(t("hung_up"))
        turn["notes"] = notes
        for heard in turn["heard"]:
            heard["note"] = t("twilio_voice") if heard["kind"] == "say" else ""
    return turns, problems


def _next_url(form: Mapping[str, str]) -> str | None:
    """Which of the call's next URLs the clerk's action follows (none: the phone rings)."""
    if form.get("start"):
        return None
    if form.get("dial_status"):
        return form.get("dial_url") or None
    if form.get("digits") or form.get("say"):
        return form.get("gather_url") or None
    return form.get("redirect_url") or None


@staff_bp.route("/test-call", methods=["GET", "POST"])
def test_call() -> Any:
    """The keypad page; without a script, each key press posts the form and the page shows the step."""
    current = now()
    values = {"date": current.strftime("%d.%m.%Y"), "time": current.strftime("%H:%M"),
              "answer_lang": ""}
    turns: list[dict[str, Any]] = []
    problems: Problems = {}
    status = 200
    if request.method == "POST":
        values = {**values, **{k: request.form.get(k, "") for k in ("date", "time", "answer_lang")}}
        next_url = _next_url(request.form)
        if next_url is not None and not next_url.startswith(url_for("staff.test_call_step")):
            next_url = None
        turns, problems = _test_call_turns(request.form, next_url)
        status = 422 if problems else 200
    last = turns[-1] if turns else None
    return render_template("staff/test_call.html", values=values, turns=turns, last=last, problems=problems,
                           langs=languages_of(current_office().office),
                           step_url=url_for("staff.test_call_step"), dial_statuses=testcall.DIAL_STATUSES), status


@staff_bp.route("/test-call/step", methods=["POST"])
def test_call_step() -> Any:
    """For the keypad's script: one step as JSON; the call's state is in the query string."""
    form = request.form
    next_url = None if form.get("start") or not request.query_string else request.full_path
    turns, problems = _test_call_turns(form, next_url)
    if problems:
        return jsonify(problems={name: problem_text(p) for name, p in problems.items()}), 422
    return jsonify(turns=turns)


# -- accounts --------------------------------------------------------------------------------------

def _users() -> list[StaffUser]:
    return list(db.session.execute(select(StaffUser).order_by(StaffUser.username)).scalars())


@staff_bp.route("/accounts", methods=["GET", "POST"])
@admin_required
def accounts() -> Any:
    """Admins: every account, a form to add one, and per account its role, access and password."""
    values: dict[str, str] = {"username": "", "role": "editor"}
    problems: Problems = {}
    status = 200
    if request.method == "POST":
        values = {"username": request.form.get("username", ""), "role": request.form.get("role", "")}
        name = normal_username(values["username"])
        if found := check_username(name):
            problems["username"] = found
        elif find_user(name) is not None:
            problems["username"] = problem("username_taken")
        if values["role"] not in ROLES:
            problems["role"] = problem("role")
        if bad := check_new_password(request.form.get("password", ""), request.form.get("password_again", "")):
            problems[bad[0]] = bad[1]
        if not problems:
            create_user(name, request.form["password"], values["role"])
            flash(t("account_created", name=name), "success")
            return redirect(url_for("staff.accounts"))
        status = 422
    return render_template("staff/accounts.html", users=_users(), values=values, problems=problems,
                           roles=ROLES, password_min=PASSWORD_MIN), status


@staff_bp.route("/accounts/<int:user_id>", methods=["POST"])
@admin_required
def account_update(user_id: int) -> Any:
    user = db.session.get(StaffUser, user_id)
    if user is None:
        abort(404)
    role = request.form.get("role", user.role)
    active = bool(request.form.get("active"))
    problems: Problems = {}
    if role not in ROLES:
        problems["role"] = problem("role")
    losing_admin = user.role == ADMIN and user.active and (role != ADMIN or not active)
    if losing_admin and active_admins() <= 1:
        problems["role"] = problem("last_admin")
    password = request.form.get("password", "")
    if password and (bad := check_new_password(password, request.form.get("password_again", ""))):
        problems[bad[0]] = bad[1]
    if problems:
        flash(t("account_for", name=user.username) + ": " + " ".join(problem_text(p) for p in problems.values()), "error")
        return redirect(url_for("staff.accounts"))
    if active != user.active or role != user.role:
        user.session_version = (user.session_version or 0) + 1  # the change applies to open sessions too
    user.role, user.active = role, active
    if password:
        user.set_password(password)
    db.session.commit()
    if user.id == current_user.id and user.active:
        login_user(user)  # an admin changing their own account stays logged in
    flash(t("account_saved", name=user.username), "success")
    return redirect(url_for("staff.accounts"))


@staff_bp.route("/password", methods=["GET", "POST"])
def password() -> Any:
    """Any clerk: change their own password (other sessions of the account end)."""
    problems: Problems = {}
    status = 200
    if request.method == "POST":
        user: StaffUser = current_user._get_current_object()  # type: ignore[attr-defined]
        if not user.check_password(request.form.get("current_password", "")):
            problems["current_password"] = problem("password_wrong")
        elif bad := check_new_password(request.form.get("password", ""), request.form.get("password_again", "")):
            problems[bad[0]] = bad[1]
        if not problems:
            user.set_password(request.form["password"])
            db.session.commit()
            login_user(user)  # this session goes on with the new session version
            flash(t("password_changed"), "success")
            return redirect(url_for("staff.overview"))
        status = 422
    return render_template("staff/password.html", problems=problems, password_min=PASSWORD_MIN), status

