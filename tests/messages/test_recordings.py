"""Recordings copied from Twilio (a local stand-in here), and the purge."""
from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from ivr.config import change
from ivr.extensions import db
from ivr.messages.models import FETCH_FAILED, FETCHED, Message
from ivr.messages.recordings import fetch_recording, recordings_store
from ivr.speech.telephone import wav_info
from tests.messages.twilio_media import ACCOUNT, RECORDING, WAV, TwilioMedia, new_message


def test_a_recording_is_copied_into_our_store_and_deleted_at_twilio(app, media):
    message_id = new_message(app, media)
    with app.app_context():
        assert fetch_recording(message_id) is True
        message = db.session.get(Message, message_id)
        assert message.fetch_status == FETCHED and message.fetch_attempts == 1
        data = recordings_store(app).path(message.audio_file).read_bytes()
    assert data == WAV and wav_info(data)["sample_rate"] == 8000
    assert ("GET", f"/2010-04-01/Accounts/{ACCOUNT}/Recordings/{RECORDING}.wav") in TwilioMedia.requests
    assert ("DELETE", f"/2010-04-01/Accounts/{ACCOUNT}/Recordings/{RECORDING}.json") in TwilioMedia.requests


def test_recordings_are_not_in_the_public_audio_folder(app, media):
    message_id = new_message(app, media)
    with app.app_context():
        fetch_recording(message_id)
        name = db.session.get(Message, message_id).audio_file
    assert app.test_client().get(f"/audio/{name}").status_code == 404


def test_a_failing_fetch_is_retried(app, media):
    TwilioMedia.failures_left = 2
    message_id = new_message(app, media)
    with app.app_context():
        assert fetch_recording(message_id) is True
        assert db.session.get(Message, message_id).fetch_attempts == 3


def test_a_fetch_that_keeps_failing_is_recorded_for_staff(app, media):
    TwilioMedia.failures_left = 99
    message_id = new_message(app, media)
    with app.app_context():
        assert fetch_recording(message_id) is False
        message = db.session.get(Message, message_id)
        assert message.fetch_status == FETCH_FAILED and message.fetch_attempts == 3
        assert "503" in message.fetch_error


@pytest.fixture
def elsewhere():
    """A server that is not Twilio: it notes every request and the credentials it came with."""
    seen: list[tuple[str, str]] = []

    class Elsewhere(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            seen.append((self.path, self.headers.get("Authorization", "")))
            self.send_response(200)
            self.end_headers()
            self.wfile.write(WAV)

        do_DELETE = do_GET  # noqa: N815

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Elsewhere)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_port, seen
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("url", [
    "http://localhost:{port}\\@127.0.0.1/2010-04-01/Accounts/{account}/Recordings/{sid}",  # evil\@api.twilio.com
    "http://user@localhost:{port}/2010-04-01/Accounts/{account}/Recordings/{sid}",  # user@evil
    "http://localhost:{port}/2010-04-01/Accounts/{account}/Recordings/{sid}",
])
def test_the_credentials_go_to_twilios_host_whatever_the_recording_url_says(app, media, elsewhere, url):
    port, seen = elsewhere
    message_id = new_message(app, url.format(port=port, account=ACCOUNT, sid=RECORDING))
    with app.app_context():
        assert fetch_recording(message_id) is True
    assert seen == []
    assert ("GET", f"/2010-04-01/Accounts/{ACCOUNT}/Recordings/{RECORDING}.wav") in TwilioMedia.requests


@pytest.mark.parametrize("sid", ["RE1", "RE" + "1" * 31 + "/", "../RE" + "1" * 32, "RE" + "1" * 32 + "?x=@evil"])
def test_a_recording_sid_that_is_not_twilios_is_never_fetched(app, media, sid):
    message_id = new_message(app, media, recording_sid=sid)
    with app.app_context():
        assert fetch_recording(message_id) is False
        message = db.session.get(Message, message_id)
        assert message.fetch_status == FETCH_FAILED and "refusing" in message.fetch_error
        assert message.fetch_attempts == 1
    assert TwilioMedia.requests == []


@pytest.mark.parametrize("host", ["evil\\@api.twilio.com", "user@api.twilio.com", "api.twilio.com:8443",
                                  "api.twilio.com/x"])
def test_a_media_host_with_user_info_a_path_or_another_port_is_refused(app, host):
    change(app, IVR_TWILIO_MEDIA_HOSTS=(host,))
    message_id = new_message(app, "https://api.twilio.com/2010-04-01/Accounts/AC0/Recordings/RE1")
    with app.app_context():
        assert fetch_recording(message_id) is False
        assert "refusing" in db.session.get(Message, message_id).fetch_error


def test_recording_status_callback_queues_the_fetch(app, media):
    app.extensions["ivr.jobs"].workers = 1
    message_id = new_message(app, "")
    form = {"RecordingSid": RECORDING, "RecordingUrl": media, "RecordingStatus": "completed", "RecordingDuration": "1"}
    from ivr.voice.signature import sign

    headers = {"X-Twilio-Signature": sign("test-auth-token", "https://hotline.test/voice/recording", form)}
    assert app.test_client().post("/voice/recording", data=form, headers=headers).status_code == 200
    app.extensions["ivr.jobs"].wait(30)
    with app.app_context():
        assert db.session.get(Message, message_id).fetch_status == FETCHED


def test_purge_deletes_old_recordings_and_numbers(app, media, runner):
    old_id = new_message(app, media)
    fresh_id = new_message(app, "")
    with app.app_context():
        fetch_recording(old_id)
        old = db.session.get(Message, old_id)
        old.created_at = datetime.now(timezone.utc) - timedelta(days=31)
        path = recordings_store(app).path(old.audio_file)
        db.session.commit()
    assert path.exists()
    result = runner.invoke(args=["purge"])
    assert result.exit_code == 0, result.output
    assert "1 message" in result.output
    assert not path.exists()
    with app.app_context():
        old, fresh = db.session.get(Message, old_id), db.session.get(Message, fresh_id)
        assert (old.caller, old.audio_file, old.recording_url) == ("", "", "") and old.purged_at
        assert fresh.caller == "+375291234567" and fresh.purged_at is None
