"""Fuzzing every Twilio webhook with Hypothesis.

Random form fields (Digits, SpeechResult, recording and status fields, anything else), random URL
state (node, lang, slow, tries, item, msg, ev and unknown parameters, valid UTF-8 or not), random
extra headers and random moments of the office's calendar:

- a request signed for its exact URL and form always gets HTTP 200 and TwiML that parses; a call
  step also speaks and goes on, and nothing inside fails (no apology is needed);
- the same request unsigned, wrongly signed, or signed for another URL or other fields gets 403;
- whatever bytes arrive with whatever content type, the answer is never a server error.

Every property runs on SQLite and on PostgreSQL (which refuses NUL bytes in text, over-long strings
and integers past its columns; skipped where not installed), with ids of 2**63 and more, 5,000-digit
numbers and NUL bytes among the values (issue 15, item 11).

Example counts are fixed and small so that the whole file runs in seconds; CI (CI=true) runs them
derandomized so a red build always means the same thing, while a developer's run explores anew.

(The staff forms are fuzzed once the staff pages are registered; see bench/README.md.)
"""
from __future__ import annotations

import logging
import os
import string
from datetime import datetime
from urllib.parse import quote_from_bytes, urlencode
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from twilio.request_validator import RequestValidator

from ivr import create_app
from ivr.config import config_for_tests
from ivr.content.store import ensure_database
from ivr.extensions import db
from ivr.voice.signature import sign
from ivr.voice.walk import parse_twiml
from tests.databases import DATABASES, database_settings, postgres  # noqa: F401  (the fixture)

BASE = "https://hotline.test"
TOKEN = "test-auth-token"
MINSK = ZoneInfo("Europe/Minsk")
CALL_STEPS = ("voice.entry", "voice.step")  # the webhooks that answer a caller (must speak)

# When an example fails, Hypothesis's pytest plugin imports libcst (to suggest a patch); the libcst on
# this image warns about mypy_extensions while importing, which filterwarnings=error would turn into
# an INTERNALERROR hiding the falsifying example. The report must stay readable.
pytestmark = pytest.mark.filterwarnings("ignore:mypy_extensions.TypedDict is deprecated:DeprecationWarning")

FUZZ = settings(
    max_examples=int(os.environ.get("HOTLINE_FUZZ_EXAMPLES", "150")),
    deadline=None,
    derandomize=bool(os.environ.get("CI")),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


class Failures(logging.Handler):
    """Keeps every ERROR logged by the app: a failure inside that an apology would hide."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture(scope="module", params=DATABASES)
def fuzz_app(request, tmp_path_factory):
    """One app for all examples on each database; errors answer as in production (HTTP 500, not an exception)."""
    app = create_app(config_for_tests(tmp_path_factory.mktemp("fuzz"), PROPAGATE_EXCEPTIONS=False,
                                      **database_settings(request, request.param, "fuzz")))
    ensure_database(app)
    failures = Failures()
    for name in ("ivr", "flask.app", app.logger.name):
        logging.getLogger(name).addHandler(failures)
    app.extensions["fuzz.failures"] = failures
    yield app
    for name in ("ivr", "flask.app", app.logger.name):
        logging.getLogger(name).removeHandler(failures)
    with app.app_context():
        db.session.remove()
        db.engine.dispose()  # close PostgreSQL's connections now, not whenever the app is collected


@pytest.fixture(scope="module")
def webhooks(fuzz_app) -> dict[str, tuple[str, frozenset[str]]]:
    """Every webhook of the voice blueprint: path -> (endpoint, methods); new ones are fuzzed too."""
    found = {rule.rule: (rule.endpoint, frozenset(rule.methods or ())) for rule in fuzz_app.url_map.iter_rules()
             if rule.endpoint.startswith("voice.") and not rule.arguments}
    assert {"voice.entry", "voice.step"} <= {endpoint for endpoint, _ in found.values()}
    return found


def routes(webhooks) -> dict[str, frozenset[str]]:
    return {path: methods for path, (_, methods) in webhooks.items()}


# -- strategies ---------------------------------------------------------------------------------

any_text = st.text(max_size=40)  # any code point but surrogates: Cyrillic, emoji, NUL, RTL marks...
small_numbers = st.integers(min_value=-10**30, max_value=10**30).map(str)
# Ids no column holds: past 2**31 (PostgreSQL INTEGER), 2**63 (SQLite), thousands of digits, NUL.
odd_numbers = st.sampled_from([str(2**31), str(2**63), str(2**64 + 1), "-" + str(2**63 + 1), "9" * 5000, "1\x00", "\x00"])
unicode_digits = st.text(alphabet="0123456789٠١٢٣²³¹۴߂௫൬๒༣၃႒០᠑", min_size=1, max_size=8)

STATE_VALUES = {
    "node": st.sampled_from(["start", "language", "main", "hours", "contacts", "news", "person", "message",
                             "recorded", "callback", "", "MAIN", "nowhere"]) | any_text,
    "lang": st.sampled_from(["ru", "be", "en", "", "RU", "de"]) | any_text,
    "slow": st.sampled_from(["0", "1", "", "yes", "2"]) | any_text,
    "tries": st.sampled_from(["0", "1", "3", "4", "9", "99999999999999999999"]) | small_numbers | unicode_digits
    | odd_numbers,
    "item": st.sampled_from(["0", "1", "5", "999", "1000"]) | small_numbers | unicode_digits | odd_numbers,
    "msg": st.sampled_from(["0", "1", "2", "999999"]) | small_numbers | unicode_digits | odd_numbers,
    "ev": st.sampled_from(["", "enter", "noinput", "dial", "recorded", "NOINPUT"]) | any_text,
}
state_param = st.sampled_from(sorted(STATE_VALUES)).flatmap(lambda k: st.tuples(st.just(k), STATE_VALUES[k]))
unknown_param = st.tuples(st.text(min_size=1, max_size=8), any_text)
query_pairs = st.lists(state_param | unknown_param, max_size=9)
# Percent-encoded bytes that are not UTF-8 at all.
raw_query = st.lists(st.tuples(st.sampled_from(sorted(STATE_VALUES)), st.binary(max_size=6)), max_size=3).map(
    lambda pairs: "&".join(f"{k}={quote_from_bytes(v)}" for k, v in pairs))

keys = st.text(alphabet="0123456789*#", max_size=3)
FORM_VALUES = {
    "Digits": keys | st.sampled_from(["", " ", "1 ", "w", "ё", "\x00", "1" * 600]) | any_text,
    "SpeechResult": st.sampled_from(["новости", "часы работы", "назад", "навіны", "English", "repeat", "сотрудник",
                                     "да", "send", "call me back", ""]) | any_text,
    "Confidence": st.sampled_from(["0.9", "0", "1", "nan", "-1", ""]) | any_text,
    "DialCallStatus": st.sampled_from(["completed", "busy", "no-answer", "failed", "canceled", ""]) | any_text,
    "CallStatus": st.sampled_from(["ringing", "in-progress", "completed", "busy", "failed", "no-answer",
                                   "canceled"]) | any_text,
    "CallSid": st.sampled_from(["CA" + "1" * 32, "CA" + "2" * 32, "", "CA\x00" + "1" * 30, "CA" + "1" * 5000]) | any_text,
    "From": st.sampled_from(["+375291234567", "anonymous", "", "+1", "+" + "9" * 30, "266696687", "+375\x00291234567",
                             "+" + "9" * 5000]) | any_text,
    "Caller": st.sampled_from(["+375291234567", "anonymous"]) | any_text,
    "To": st.just("+375171928260") | any_text,
    "RecordingUrl": st.sampled_from(["https://api.twilio.com/2010-04-01/Accounts/AC0/Recordings/RE1",
                                     "http://127.0.0.1:9/x", "", "file:///etc/passwd", "javascript:1"]) | any_text,
    "RecordingSid": st.sampled_from(["RE" + "1" * 32, "RE" + "2" * 32, "", "RE\x00", "RE" + "1" * 5000]) | any_text,
    "RecordingDuration": st.sampled_from(["0", "1", "12", "-5", "nan", "inf", "1e309", "", "9" * 400]) | any_text,
    "RecordingStatus": st.sampled_from(["completed", "failed", "absent", "in-progress", ""]) | any_text,
}
form_field = (st.sampled_from(sorted(FORM_VALUES)).flatmap(lambda k: st.tuples(st.just(k), FORM_VALUES[k]))
              | st.tuples(st.text(min_size=1, max_size=12), any_text))
forms = st.lists(form_field, max_size=8).map(dict)

header_value = st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=40)
header_name = st.sampled_from([
    "User-Agent", "Accept", "Accept-Language", "Cookie", "X-Forwarded-For", "X-Forwarded-Proto",
    "X-Forwarded-Host", "X-Forwarded-Port", "X-Real-Ip", "I-Twilio-Idempotency-Token", "X-Home-Region",
    "Referer", "Origin", "Authorization", "Expect", "Cache-Control",
]) | st.from_regex(r"X-[A-Za-z][A-Za-z0-9-]{0,14}", fullmatch=True)
headers = st.dictionaries(header_name, header_value, max_size=6).map(
    lambda h: {k: v for k, v in h.items() if k.lower() not in ("x-twilio-signature", "expect")})

moments = st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2027, 12, 31, 23, 59)).map(
    lambda moment: moment.replace(tzinfo=MINSK, second=0, microsecond=0))


@st.composite
def webhook_requests(draw, routes: dict[str, frozenset[str]]):
    """(method, path with query, form, extra headers) for one of ``routes`` (path -> methods)."""
    path = draw(st.sampled_from(sorted(routes)))
    query = urlencode(draw(query_pairs))
    if draw(st.booleans()):
        junk = draw(raw_query)
        query = "&".join(part for part in (query, junk) if part)
    methods = ["POST", "POST", "POST"] + (["GET"] if "GET" in routes[path] else [])
    method = draw(st.sampled_from(methods))
    form = draw(forms) if method == "POST" else {}
    return method, path + (f"?{query}" if query else ""), form, draw(headers)


def send(client, method: str, path: str, form: dict[str, str], extra: dict[str, str], signature: str | None):
    sent = dict(extra)
    if signature is not None:
        sent["X-Twilio-Signature"] = signature
    if method == "GET":
        return client.get(path, headers=sent)
    return client.post(path, data=form, headers=sent)


def set_clock(app, moment: datetime) -> None:
    app.extensions["ivr.clock"] = lambda: moment


def assert_twiml_that_goes_on(response, endpoint: str, path: str) -> None:
    assert response.status_code == 200, (path, response.status_code, response.get_data(as_text=True)[:300])
    assert response.mimetype == "text/xml"
    page = parse_twiml(path, 200, response.get_data(as_text=True))  # raises on anything but <Response>
    if endpoint in CALL_STEPS:
        assert page.heard, f"the caller hears nothing: {page.xml[:300]}"
        assert page.gather or page.redirect or page.dial or page.hangup or page.record, page.xml[:300]


# -- properties -----------------------------------------------------------------------------------


@FUZZ
@given(data=st.data(), moment=moments)
def test_a_signed_request_always_gets_200_and_twiml_and_nothing_inside_fails(fuzz_app, webhooks, data, moment):
    set_clock(fuzz_app, moment)
    failures = fuzz_app.extensions["fuzz.failures"]
    method, path, form, extra = data.draw(webhook_requests(routes(webhooks)))
    endpoint = webhooks[path.split("?", 1)[0]][0]
    signature = sign(TOKEN, BASE + path, form if method == "POST" else {})
    failures.records.clear()
    response = send(fuzz_app.test_client(), method, path, form, extra, signature)
    assert_twiml_that_goes_on(response, endpoint, path)
    problems = [r.getMessage() + (f" {r.exc_info[1]!r}" if r.exc_info else "") for r in failures.records]
    assert not problems, f"{method} {path} {form!r}: {problems}"


@FUZZ
@given(data=st.data(), how=st.sampled_from(["none", "random", "other-url", "other-form", "other-token", "empty"]))
def test_an_unsigned_or_wrongly_signed_request_always_gets_403(fuzz_app, webhooks, data, how):
    set_clock(fuzz_app, datetime(2026, 11, 30, 10, 0, tzinfo=MINSK))
    method, path, form, extra = data.draw(webhook_requests(routes(webhooks)))
    params = form if method == "POST" else {}
    if how == "none":
        signature = None
    elif how == "random":
        signature = data.draw(st.text(alphabet=string.ascii_letters + string.digits + "+/=", min_size=1, max_size=40))
    elif how == "other-url":
        signature = sign(TOKEN, BASE + path + ("&" if "?" in path else "?") + "node=main", params)
    elif how == "other-form":
        method = "POST"
        signature = sign(TOKEN, BASE + path, form)
        form = {**form, "Digits": form.get("Digits", "") + "1"}
    elif how == "other-token":
        signature = sign("another-token", BASE + path, params)
    else:
        signature = ""
    with db_rows_unchanged(fuzz_app):
        response = send(fuzz_app.test_client(), method, path, form, extra, signature)
    assert response.status_code == 403, (how, method, path, response.status_code)


CONTENT_TYPES = ["application/x-www-form-urlencoded", "application/x-www-form-urlencoded; charset=latin-1",
                 "multipart/form-data; boundary=xYzZY", "multipart/form-data", "text/plain", "application/json",
                 "application/xml", "", "x/x; boundary=\"", "multipart/form-data; boundary=" + "b" * 300]


@FUZZ
@given(data=st.data(), body=st.binary(max_size=600), content_type=st.sampled_from(CONTENT_TYPES),
       signature=st.none() | st.text(alphabet=string.ascii_letters + "+/=", max_size=30))
def test_whatever_bytes_arrive_a_webhook_never_answers_a_server_error(fuzz_app, webhooks, data, body, content_type,
                                                                      signature):
    set_clock(fuzz_app, datetime(2026, 11, 30, 10, 0, tzinfo=MINSK))
    path = data.draw(st.sampled_from(sorted(webhooks)))
    sent = {"Content-Type": content_type} if content_type else {}
    if signature is not None:
        sent["X-Twilio-Signature"] = signature
    response = fuzz_app.test_client().post(path, data=body, headers=sent)
    assert response.status_code < 500, (path, content_type, body[:80], response.status_code)
    if response.status_code == 200:
        parse_twiml(path, 200, response.get_data(as_text=True))


def test_a_form_with_repeated_fields_signed_as_twilio_would_gets_twiml(fuzz_app):
    """Twilio signs every value of a repeated field; the first one is the caller's input."""
    from werkzeug.datastructures import MultiDict

    set_clock(fuzz_app, datetime(2026, 11, 30, 10, 0, tzinfo=MINSK))
    path = "/voice/step?node=main&lang=en&slow=0&tries=0&item=0"
    form = MultiDict([("Digits", "3"), ("Digits", "2"), ("CallSid", "CA" + "3" * 32)])
    signature = RequestValidator(TOKEN).compute_signature(BASE + path, form)
    response = fuzz_app.test_client().post(path, data=form, headers={"X-Twilio-Signature": signature})
    assert_twiml_that_goes_on(response, "voice.step", path)
    page = parse_twiml(path, 200, response.get_data(as_text=True))
    # Key 3 (contacts and receptions, issue 18), not key 2 (news).
    assert page.texts and page.texts[0].startswith("The office's address and phones")


class db_rows_unchanged:
    """A refused request must not write: the row counts of every table stay the same."""

    def __init__(self, app):
        self.app = app

    def counts(self) -> dict[str, int]:
        with self.app.app_context():
            return {table.name: db.session.execute(select(func.count()).select_from(table)).scalar_one()
                    for table in db.metadata.sorted_tables}

    def __enter__(self):
        self.before = self.counts()
        return self

    def __exit__(self, *exc):
        if exc[0] is None:
            assert self.counts() == self.before
        return False
