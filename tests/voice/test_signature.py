"""Only Twilio may drive the webhooks: every request's signature is checked."""
from __future__ import annotations

import logging

import pytest
from twilio.request_validator import RequestValidator

from ivr import create_app
from ivr.config import config_for_tests, settings
from ivr.content.store import ensure_database
from ivr.voice.signature import sign
from ivr.voice.walk import CallWalker, WalkError, parse_twiml

FORM = {"CallSid": "CA" + "1" * 32, "From": "+375291234567", "To": "+375171928260"}


def test_good_signature_is_answered(app, client):
    signature = sign("test-auth-token", "https://hotline.test/voice", FORM)
    response = client.post("/voice", data=FORM, headers={"X-Twilio-Signature": signature})
    assert response.status_code == 200
    page = parse_twiml("/voice", 200, response.get_data(as_text=True))
    assert page.gather is not None


def test_forged_signature_is_refused(client):
    signature = sign("someone-elses-token", "https://hotline.test/voice", FORM)
    response = client.post("/voice", data=FORM, headers={"X-Twilio-Signature": signature})
    assert response.status_code == 403


def test_missing_signature_is_refused(client):
    assert client.post("/voice", data=FORM).status_code == 403
    assert client.post("/voice/step?node=main&lang=ru", data={**FORM, "Digits": "1"}).status_code == 403


def test_changed_form_field_breaks_the_signature(client):
    signature = sign("test-auth-token", "https://hotline.test/voice/step?node=main&lang=ru", {**FORM, "Digits": "1"})
    response = client.post("/voice/step?node=main&lang=ru", data={**FORM, "Digits": "0"},
                           headers={"X-Twilio-Signature": signature})
    assert response.status_code == 403


def test_changed_call_state_in_the_url_breaks_the_signature(client):
    signature = sign("test-auth-token", "https://hotline.test/voice/step?node=main&lang=ru", FORM)
    response = client.post("/voice/step?node=main&lang=en", data=FORM, headers={"X-Twilio-Signature": signature})
    assert response.status_code == 403


def test_signature_for_another_host_is_refused(client):
    signature = sign("test-auth-token", "https://evil.example/voice", FORM)
    assert client.post("/voice", data=FORM, headers={"X-Twilio-Signature": signature}).status_code == 403


@pytest.fixture
def proxied_app(tmp_path):
    app = create_app(config_for_tests(tmp_path, IVR_PUBLIC_URL="", IVR_TRUST_PROXY=True))
    ensure_database(app)
    return app


def test_behind_a_trusted_proxy_the_forwarded_url_is_checked(proxied_app):
    client = proxied_app.test_client()
    signature = sign("test-auth-token", "https://ivr.kopyl.example/voice", FORM)
    headers = {"X-Twilio-Signature": signature, "X-Forwarded-Proto": "https", "X-Forwarded-Host": "ivr.kopyl.example"}
    assert client.post("/voice", data=FORM, headers=headers).status_code == 200
    # The same signature without the proxy's headers is for another URL.
    assert client.post("/voice", data=FORM, headers={"X-Twilio-Signature": signature}).status_code == 403


def test_forwarded_headers_are_ignored_unless_the_proxy_is_trusted(tmp_path):
    app = create_app(config_for_tests(tmp_path, IVR_PUBLIC_URL=""))
    ensure_database(app)
    signature = sign("test-auth-token", "https://ivr.kopyl.example/voice", FORM)
    headers = {"X-Twilio-Signature": signature, "X-Forwarded-Proto": "https", "X-Forwarded-Host": "ivr.kopyl.example"}
    assert app.test_client().post("/voice", data=FORM, headers=headers).status_code == 403


def test_behind_a_proxy_the_next_steps_are_signed_urls_too(proxied_app):
    client = proxied_app.test_client()
    headers = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "ivr.kopyl.example"}
    walker = CallWalker(client, "test-auth-token", "https://ivr.kopyl.example")
    walker.post("/voice", headers=headers)
    page = walker.post(walker.page.gather["action"], {"Digits": "1"}, headers=headers)
    assert page.gather is not None


def test_no_token_refuses_everything_and_says_why(tmp_path, caplog):
    app = create_app(config_for_tests(tmp_path, TWILIO_AUTH_TOKEN=""))
    ensure_database(app)
    with caplog.at_level(logging.ERROR):
        assert app.test_client().post("/voice", data=FORM).status_code == 403
    assert "TWILIO_AUTH_TOKEN is not set" in caplog.text


def test_unsigned_use_must_be_asked_for(tmp_path):
    # The server's warning about it: tests/test_quiet_commands.py (issue 21, item 7).
    app = create_app(config_for_tests(tmp_path, TWILIO_AUTH_TOKEN="", IVR_ALLOW_UNSIGNED=True))
    ensure_database(app)
    assert app.test_client().post("/voice", data=FORM).status_code == 200


def test_walker_reports_a_refusal(app, client):
    walker = CallWalker(client, "wrong-token", settings(app).public_url)
    with pytest.raises(WalkError, match="403"):
        walker.start()


def test_a_body_larger_than_twilio_sends_is_refused_before_its_signature_is_worked_out(client, monkeypatch):
    worked_out = []
    monkeypatch.setattr(RequestValidator, "compute_signature", lambda *args: worked_out.append(args) or "x")
    body = {"SpeechResult": "x" * (65 * 1024)}
    response = client.post("/voice/step?node=main&lang=ru", data=body)
    assert response.status_code == 403 and not worked_out


def test_too_many_fields_are_refused_before_parsing(client, monkeypatch):
    worked_out = []
    monkeypatch.setattr(RequestValidator, "compute_signature", lambda *args: worked_out.append(args) or "x")
    form = {f"f{i}": "1" for i in range(250)}
    response = client.post("/voice/step?node=main&lang=ru", data=form)
    assert response.status_code == 403 and not worked_out


def test_a_real_sized_request_with_many_fields_is_still_answered(client):
    form = {**FORM, **{f"Extra{i}": "1" for i in range(150)}}
    signature = sign("test-auth-token", "https://hotline.test/voice", form)
    response = client.post("/voice", data=form, headers={"X-Twilio-Signature": signature})
    assert response.status_code == 200 and parse_twiml("/voice", 200, response.get_data(as_text=True)).gather


def test_a_forged_four_megabyte_request_costs_next_to_nothing(client):
    import time

    body = "&".join(f"f{i}=v" for i in range(400_000)).encode()[:4_000_000]
    started = time.perf_counter()
    response = client.post("/voice/step?node=main&lang=ru", data=body,
                           headers={"X-Twilio-Signature": "Zm9yZ2Vk", "Content-Type": "application/x-www-form-urlencoded"})
    elapsed = time.perf_counter() - started
    assert response.status_code == 413
    assert elapsed < 1.0  # measured in bench/webhooks.py; here only "no parsing, no signature"
