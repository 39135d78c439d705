"""The telephony provider as settings: Twilio (default), Somleng and SignalWire presets, their
overrides, and the hotline's hosts named nowhere else."""
from __future__ import annotations

import base64
import logging
import threading
import uuid
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from ivr.config import ConfigError, Settings, change, settings
from ivr.extensions import db
from ivr.messages.models import FETCH_FAILED, FETCHED, Message
from ivr.messages.recordings import fetch_recording, recordings_store
from ivr.staff.testcall import step
from ivr.voice.signature import sign
from ivr.voice.walk import CallWalker
from tests.messages.twilio_media import WAV, new_message

IVR = Path(__file__).resolve().parents[2] / "ivr"
ACCOUNT = str(uuid.UUID(int=7))  # Somleng's ids are UUIDs
RECORDING = str(uuid.UUID(int=11))
TOKEN = "somleng-auth-token"


def test_no_provider_host_is_named_outside_the_presets():
    hosts = ("twilio.com", "somleng.org", "signalwire.com")
    named = [str(path.relative_to(IVR)) for path in IVR.rglob("*")
             if path.is_file() and path.suffix in (".py", ".html") and path.name != "providers.py"
             and any(host in path.read_text(encoding="utf-8") for host in hosts)]
    assert named == []


def test_the_presets_and_their_overrides():
    assert Settings().provider.api_root == "https://api.twilio.com/2010-04-01"
    somleng = Settings(provider_name="somleng").provider
    assert (somleng.api_root, somleng.media_hosts, somleng.sms_base) == (
        "https://api.somleng.org/2010-04-01", ("api.somleng.org",), "https://api.somleng.org")
    own = Settings.from_env({"IVR_PROVIDER": "somleng", "IVR_PROVIDER_API_URL": "https://voice.kopyl.example/2010-04-01/"})
    assert (own.provider.api_base, own.provider.media_hosts, own.provider.sms_base) == (
        "https://voice.kopyl.example", ("voice.kopyl.example",), "https://voice.kopyl.example")
    space = Settings.from_env({"IVR_PROVIDER": "signalwire", "IVR_PROVIDER_API_URL": "https://kopyl.signalwire.com/api/laml",
                               "IVR_PROVIDER_SMS_URL": "https://sms.kopyl.example"})
    assert space.provider.api_root == "https://kopyl.signalwire.com/api/laml/2010-04-01"
    assert space.provider.sms_base == "https://sms.kopyl.example"


def test_a_provider_without_its_api_address_or_an_unknown_one_is_a_config_error():
    with pytest.raises(ConfigError, match="IVR_PROVIDER_API_URL"):
        Settings.from_env({"IVR_PROVIDER": "signalwire"})
    with pytest.raises(ConfigError, match="IVR_PROVIDER must be one of twilio, somleng, signalwire"):
        Settings.from_env({"IVR_PROVIDER": "vonage"})


class SomlengMedia(BaseHTTPRequestHandler):
    """Somleng's API host as a local stand-in: a recording as WAV for the account's credentials."""

    requests: list[tuple[str, str]] = []

    def do_GET(self):  # noqa: N802
        type(self).requests.append(("GET", self.path))
        expected = "Basic " + base64.b64encode(f"{ACCOUNT}:{TOKEN}".encode()).decode()
        ok = self.headers.get("Authorization") == expected and self.path.endswith(f"/Recordings/{RECORDING}.wav")
        self.send_response(200 if ok else 404)
        self.end_headers()
        if ok:
            self.wfile.write(WAV)

    def do_DELETE(self):  # noqa: N802
        type(self).requests.append(("DELETE", self.path))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def somleng(app):
    """The app on the Somleng preset, its media host a local stand-in."""
    SomlengMedia.requests = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), SomlengMedia)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    change(app, IVR_PROVIDER="somleng", TWILIO_ACCOUNT_SID=ACCOUNT, TWILIO_AUTH_TOKEN=TOKEN,
           IVR_PROVIDER_MEDIA_HOSTS=(f"127.0.0.1:{server.server_port}",), recording_retry_delays=(0,))
    yield server.server_port
    server.shutdown()
    server.server_close()


def test_on_somleng_a_recording_is_fetched_from_its_media_host(app, somleng):
    message_id = new_message(app, f"https://api.somleng.org/2010-04-01/Accounts/{ACCOUNT}/Recordings/{RECORDING}",
                             recording_sid=RECORDING)
    with app.app_context():
        assert fetch_recording(message_id) is True
        message = db.session.get(Message, message_id)
        assert message.fetch_status == FETCHED
        assert recordings_store(app).path(message.audio_file).read_bytes() == WAV
    path = f"/2010-04-01/Accounts/{ACCOUNT}/Recordings/{RECORDING}"
    assert SomlengMedia.requests == [("GET", path + ".wav"), ("DELETE", path + ".json")]


def test_on_somleng_no_other_host_is_ever_asked_for_a_recording(app, somleng, elsewhere):
    port, seen = elsewhere
    # The recording's URL names another host: the credentials still go to Somleng's host only.
    message_id = new_message(app, f"http://127.0.0.1:{port}/2010-04-01/Accounts/{ACCOUNT}/Recordings/{RECORDING}",
                             recording_sid=RECORDING)
    with app.app_context():
        assert fetch_recording(message_id) is True
    assert seen == [] and ("GET", f"/2010-04-01/Accounts/{ACCOUNT}/Recordings/{RECORDING}.wav") in SomlengMedia.requests
    # A Twilio RecordingSid is no Somleng id; a media host with user-info is no host: both refused.
    named = f"https://api.somleng.org/2010-04-01/Accounts/{ACCOUNT}/Recordings/{RECORDING}"
    twilio_sid = new_message(app, named, recording_sid="RE" + "1" * 32)
    change(app, IVR_PROVIDER_MEDIA_HOSTS=(f"user@127.0.0.1:{port}",))
    other_host = new_message(app, named, recording_sid=RECORDING)
    with app.app_context():
        for message_id in (twilio_sid, other_host):
            assert fetch_recording(message_id) is False
            message = db.session.get(Message, message_id)
            assert message.fetch_status == FETCH_FAILED and "refusing" in message.fetch_error
    assert seen == []


def test_a_somleng_recording_named_only_in_its_url_is_kept(app, somleng, at):
    # Somleng posts RecordingUrl and RecordingDuration after <Record>, without a RecordingSid.
    at("2026-12-06 11:00")
    call = CallWalker(app.test_client(), TOKEN, settings(app).public_url)
    call.start()
    call.press("1")
    call.press("0")
    call.press("1")
    assert call.page.record is not None and "trim" not in call.page.record
    url = f"https://api.somleng.org/2010-04-01/Accounts/{ACCOUNT}/Recordings/{RECORDING}"
    page = call.post(call.page.record["action"], {"RecordingUrl": url, "RecordingDuration": "5"})
    assert "Ваше сообщение записано." in page.texts
    with app.app_context():
        assert db.session.query(Message).filter_by(recording_sid=RECORDING).one().seconds == 5


def test_signalwire_webhooks_are_checked_with_the_signing_key_in_its_own_header(app):
    change(app, IVR_PROVIDER="signalwire", IVR_PROVIDER_API_URL="https://kopyl.signalwire.com/api/laml",
           IVR_WEBHOOK_SIGNING_KEY="PSK_signing_key")
    form = {"CallSid": str(uuid.uuid4()), "From": "+375291234567", "To": "+375171928260"}
    url = "https://hotline.test/voice"
    client = app.test_client()
    assert client.post("/voice", data=form, headers={"X-SignalWire-Signature": sign("PSK_signing_key", url, form)}
                       ).status_code == 200
    assert client.post("/voice", data=form, headers={"X-SignalWire-Signature": sign("test-auth-token", url, form)}
                       ).status_code == 403
    assert client.post("/voice", data=form).status_code == 403


def test_on_somleng_texts_go_to_somlengs_messages_resource(app, somleng):
    from ivr.messages.sms import SmsRequest, send_sms
    from tests.test_sms import TwilioApi

    change(app, IVR_SMS_FROM="+375171900000")
    api = TwilioApi()
    app.extensions["ivr.twilio_http"] = api
    with app.app_context():
        request = SmsRequest(number_hash="x", number="+375291234567", lang="ru", call_sid="c")
        db.session.add(request)
        db.session.commit()
        assert send_sms(request.id) is True
    [sent] = api.sent
    assert sent["url"] == f"https://api.somleng.org/2010-04-01/Accounts/{ACCOUNT}/Messages.json"
    assert sent["To"] == "+375291234567"


@pytest.mark.parametrize("provider", [
    {"IVR_PROVIDER": "somleng"},
    {"IVR_PROVIDER": "signalwire", "IVR_PROVIDER_API_URL": "https://kopyl.signalwire.com/api/laml",
     "IVR_WEBHOOK_SIGNING_KEY": "PSK_signing_key"},
])
def test_the_call_command_works_the_same_whichever_provider(app, runner, provider):
    change(app, **provider)
    result = runner.invoke(args=["call", "1", "--at", "2026-11-30 10:00"])
    assert result.exit_code == 0, result.output
    assert "понедельник" in result.output.lower()


def test_the_staff_test_call_works_the_same_on_somleng(app):
    change(app, IVR_PROVIDER="somleng")
    moment = datetime(2026, 11, 30, 10, 0, tzinfo=ZoneInfo("Europe/Minsk"))
    with app.test_request_context():
        first = step(None, moment)
        assert first.heard and first.gather_url
        hours = step(step(first.gather_url, moment, digits="1").gather_url, moment, digits="1")
    assert any("понедельник" in heard.text.lower() for heard in hours.heard)


def test_the_start_warns_when_signalwires_signing_key_is_missing(tmp_path, caplog):
    from ivr import create_app, warn_about_insecure_settings
    from ivr.config import config_for_tests

    space = {"IVR_PROVIDER": "signalwire", "IVR_PROVIDER_API_URL": "https://kopyl.signalwire.com/api/laml"}
    with caplog.at_level(logging.WARNING):
        warn_about_insecure_settings(create_app(config_for_tests(tmp_path / "a", **space)))  # as the server starts
    assert "set IVR_WEBHOOK_SIGNING_KEY" in caplog.text
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        warn_about_insecure_settings(create_app(config_for_tests(tmp_path / "b", IVR_WEBHOOK_SIGNING_KEY="PSK", **space)))  # as the server starts
    assert "IVR_WEBHOOK_SIGNING_KEY" not in caplog.text
