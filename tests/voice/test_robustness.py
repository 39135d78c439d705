"""Whatever arrives, a signed request gets HTTP 200 and TwiML that speaks."""
from __future__ import annotations

import pytest

from ivr.voice.signature import sign
from ivr.voice.walk import parse_twiml

BASE = "https://hotline.test"


def signed_post(client, path: str, form: dict[str, str]):
    headers = {"X-Twilio-Signature": sign("test-auth-token", BASE + path, form)}
    return client.post(path, data=form, headers=headers)


def spoken_page(response, path="/x"):
    assert response.status_code == 200
    assert response.mimetype == "text/xml"
    page = parse_twiml(path, 200, response.get_data(as_text=True))
    assert page.texts, "the caller must hear something"
    return page


@pytest.mark.parametrize(
    "form",
    [
        {"Digits": "1" * 60_000},  # (larger bodies than 64 KB are refused unread: see below)
        {"Digits": "<Response><Hangup/></Response>"},
        {"Digits": "\x00\x01\x02"},
        {"Digits": "ё"},
        {"Digits": "12#*"},
        {"Digits": ""},
        {"Digits": "   "},
        {"SpeechResult": "а" * 10_000},  # 60 KB once percent-encoded
        {"SpeechResult": "]]><Hangup/>"},
        {"SpeechResult": "\U0001F600\U0001F4A9"},
        {"SpeechResult": ""},
        {"Digits": "", "SpeechResult": ""},
        {},
        {"DialCallStatus": "x" * 10_000},
    ],
)
@pytest.mark.parametrize("node", ["main", "language", "hours", "contacts", "news", "person", "start"])
def test_garbage_input_always_gets_spoken_twiml(client, at, form, node):
    at("2026-11-30 10:00")
    path = f"/voice/step?node={node}&lang=ru&slow=0&tries=0&item=0"
    page = spoken_page(signed_post(client, path, form))
    assert page.gather is not None or page.hangup or page.dial


@pytest.mark.parametrize(
    "query",
    [
        "",
        "node=nowhere",
        "node=main&lang=xx",
        "node=main&lang=ru&tries=99999999999999999999",
        "node=news&lang=en&item=-5",
        "node=news&lang=en&item=" + "9" * 5000,
        "node=main&slow=yes&tries=abc",
        "node=main&node=news&lang=ru&lang=en",
        "ev=" + "x" * 1000,
        "ev=dial&node=person&lang=be",
        "ev=noinput&node=language",
        "lang=%00%ff",
    ],
)
def test_tampered_or_odd_state_in_the_url_still_answers(client, at, query):
    at("2026-11-30 10:00")
    path = "/voice/step" + (f"?{query}" if query else "")
    spoken_page(signed_post(client, path, {"Digits": "1"}))


def test_get_requests_work_too(client, at):
    at("2026-11-30 10:00")
    headers = {"X-Twilio-Signature": sign("test-auth-token", BASE + "/voice", {})}
    spoken_page(client.get("/voice", headers=headers))


def test_a_failure_inside_becomes_an_apology_with_the_hot_line(client, at, monkeypatch, caplog):
    import ivr.voice.answer as webhooks

    def broken(*_args, **_kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(webhooks, "respond", broken)
    page = spoken_page(signed_post(client, "/voice/step?node=main&lang=en", {"Digits": "1"}))
    assert page.hangup
    # Never "call the hot line": the caller is on it.
    assert page.texts == ["Sorry, something went wrong on our side. Please try calling again in a few minutes. Goodbye!"]
    assert "call step failed" in caplog.text and "boom" in caplog.text


def test_database_gone_still_apologises(app, client, at, monkeypatch):
    at("2026-11-30 10:00")
    spoken_page(signed_post(client, "/voice", {}))  # the process has read the office once
    from ivr.extensions import db
    from sqlalchemy.exc import OperationalError

    def unreachable(*_args, **_kwargs):
        raise OperationalError("SELECT", {}, Exception("database is locked"))

    monkeypatch.setattr(db.session, "execute", unreachable)
    page = spoken_page(signed_post(client, "/voice/step?node=main&lang=ru", {"Digits": "1"}))
    assert page.hangup
    assert page.texts == ["Извините, произошла техническая ошибка. Пожалуйста, попробуйте позвонить через несколько "
                          "минут. До свидания!"]


def test_unknown_webhook_path_is_not_found(client):
    assert client.post("/voice/nowhere").status_code == 404


def test_a_body_larger_than_twilio_sends_is_refused_unread_even_with_a_signature(client):
    # Twilio sends 1-2 KB: a 5 MB body with a signature header is forged, refused before parsing.
    form = {"SpeechResult": "x" * 5_000_000}
    headers = {"X-Twilio-Signature": "c2lnbmVk"}
    response = client.post("/voice/step?node=main&lang=be", data=form, headers=headers)
    assert response.status_code == 413


def test_a_body_too_large_without_signature_is_refused(client):
    response = client.post("/voice/step?node=main&lang=be", data={"SpeechResult": "x" * 5_000_000})
    assert response.status_code == 403


def test_a_database_that_was_never_reachable_still_gets_an_apology(tmp_path):
    from ivr import create_app
    from ivr.config import config_for_tests

    app = create_app(config_for_tests(tmp_path, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/no/such/dir/x.db"))
    client = app.test_client()
    page = spoken_page(signed_post(client, "/voice", {}))
    assert page.hangup and page.spoken.startswith("Извините, произошла техническая ошибка.")
