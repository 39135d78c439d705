"""Issue 21, item 7: quiet, honest commands and logs. An empty list says so; a refused webhook is
one log line; /metrics names its charset once; only the server warns about a missing token."""
from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ivr.config import change
from ivr.voice.signature import sign

ROOT = Path(__file__).resolve().parent.parent
FORM = {"CallSid": "CA" + "1" * 32, "From": "+375291234567", "To": "+375171928260"}


@pytest.mark.parametrize(("args", "says"), [
    (["pronounce"], "the ru pronunciation table is empty: add a word with "
                    "`flask --app wsgi pronounce WORD SPOKEN --lang ru`"),
    (["feeds"], "no feeds yet: add one with `flask --app wsgi feeds add URL --lang ru`"),
    (["feeds", "list"], "no feeds yet: add one with `flask --app wsgi feeds add URL --lang ru`"),
    (["list-staff"], "no staff accounts yet: create the first with `flask --app wsgi create-staff NAME --role admin`"),
])
def test_an_empty_list_says_so(runner, args, says):
    result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output
    assert result.output.strip() == says


def test_a_list_with_rows_does_not_say_it_is_empty(runner):
    result = runner.invoke(args=["pronounce", "--lang", "be"])
    assert result.exit_code == 0
    assert "камітэта -> камітэ́та" in result.output and "empty" not in result.output


def refusals(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.levelno >= logging.WARNING and "refused" in r.getMessage()]


@pytest.mark.parametrize("headers", [{}, {"X-Twilio-Signature": "forged"}])
def test_a_refused_webhook_is_logged_once(app, client, caplog, headers):
    with caplog.at_level(logging.INFO):
        assert client.post("/voice", data=FORM, headers=headers).status_code == 403
    assert len(refusals(caplog)) == 1, caplog.text


def test_a_webhook_refused_for_want_of_a_token_is_one_error_saying_what_to_set(app, client, caplog):
    change(app, TWILIO_AUTH_TOKEN="")
    signature = sign("test-auth-token", "https://hotline.test/voice", FORM)
    with caplog.at_level(logging.INFO):
        assert client.post("/voice", data=FORM, headers={"X-Twilio-Signature": signature}).status_code == 403
    [refused] = refusals(caplog)
    assert refused.levelno == logging.ERROR and "TWILIO_AUTH_TOKEN is not set" in refused.getMessage()


def test_metrics_names_its_charset_once(client):
    content_type = client.get("/metrics").headers["Content-Type"]
    assert content_type.startswith("text/plain;") and content_type.count("charset") == 1, content_type


def environment_without_token(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("IVR_", "TWILIO_", "DATABASE_URL"))}
    env.update(IVR_INSTANCE_PATH=str(tmp_path / "instance"), IVR_AUDIO_DIR=str(tmp_path / "audio"),
               IVR_SYNTH_WORKERS="0", IVR_NEWS_INTERVAL="0", IVR_DAILY_PURGE="0")
    return env


def test_a_command_other_than_the_server_does_not_warn_about_the_token(tmp_path):
    result = subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "list-staff"], cwd=ROOT,
                            env=environment_without_token(tmp_path), capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "TWILIO_AUTH_TOKEN" not in result.stderr


@pytest.mark.parametrize(("setting", "warning"), [
    ({}, "TWILIO_AUTH_TOKEN is not set: every webhook request will be refused with 403"),
    ({"IVR_ALLOW_UNSIGNED": "1"}, "IVR_ALLOW_UNSIGNED is set: webhooks accept unsigned requests"),
])
def test_the_server_warns_once_about_webhooks_without_a_token(tmp_path, setting, warning):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    log = tmp_path / "server.log"
    with log.open("w") as out:
        server = subprocess.Popen([sys.executable, "-m", "flask", "--app", "wsgi", "run", "--port", str(port)], cwd=ROOT,
                                  env={**environment_without_token(tmp_path), **setting}, stdout=out,
                                  stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while "Running on" not in log.read_text() and server.poll() is None and time.monotonic() < deadline:
            time.sleep(0.2)
    finally:
        server.terminate()
        server.wait(timeout=20)
    assert "Running on" in log.read_text(), log.read_text()
    assert [line for line in log.read_text().splitlines() if warning in line and "WARNING" in line] != []
    assert sum("TWILIO_AUTH_TOKEN" in line or "IVR_ALLOW_UNSIGNED" in line for line in log.read_text().splitlines()) == 1
