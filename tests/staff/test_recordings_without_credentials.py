"""Issue 21, item 7: without Twilio's credentials a recording can never be copied; the operator's
command says at once what to set, and the inbox says so instead of «still being fetched» for ever."""
from __future__ import annotations

import time

from ivr.config import change

LUNCH = "2026-11-30 13:30"


def leave_a_message(runner) -> None:
    result = runner.invoke(args=["call", "0", "1", "3", "--at", LUNCH, "--from", "+375291234567"])
    assert result.exit_code == 0, result.output


def test_fetch_recordings_without_credentials_fails_at_once_saying_what_to_set(app, runner):
    leave_a_message(runner)
    change(app, TWILIO_ACCOUNT_SID="", TWILIO_AUTH_TOKEN="")
    started = time.monotonic()
    result = runner.invoke(args=["fetch-recordings"])
    assert time.monotonic() - started < 5
    assert result.exit_code != 0
    assert result.output.strip() == ("Error: set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN to copy recordings "
                                     "from Twilio")


def test_fetch_recordings_names_the_one_setting_missing(app, runner):
    change(app, TWILIO_AUTH_TOKEN="")
    result = runner.invoke(args=["fetch-recordings"])
    assert result.exit_code != 0
    assert result.output.strip() == "Error: set TWILIO_AUTH_TOKEN to copy recordings from Twilio"


def test_the_inbox_says_why_a_recording_cannot_be_copied_instead_of_still_fetching(app, runner, login):
    change(app, TWILIO_ACCOUNT_SID="")
    leave_a_message(runner)
    page = login("anna").get("/staff/inbox").get_data(as_text=True)
    assert "Запись ещё загружается" not in page
    assert "set TWILIO_ACCOUNT_SID to copy recordings from Twilio" in page
