"""Settings from the environment: defaults, and a clear one-line error for a bad value."""
from __future__ import annotations

from dataclasses import FrozenInstanceError, fields

import pytest

from ivr.config import ConfigError, Settings


def test_defaults_need_no_environment(tmp_path):
    cfg = Settings.from_env({"IVR_INSTANCE_PATH": str(tmp_path)})
    assert cfg.database_url == f"sqlite:///{tmp_path / 'hotline.sqlite3'}"
    assert cfg.timezone == "Europe/Minsk"
    assert cfg.languages == ("ru", "be", "en")
    assert cfg.tts == "espeak"
    assert cfg.allow_unsigned is False and cfg.twilio_auth_token == ""
    assert cfg.recordings_dir == str(tmp_path / "recordings")


def test_settings_are_read(tmp_path):
    cfg = Settings.from_env({
        "DATABASE_URL": "postgres://u:p@db/hotline", "IVR_LANGUAGES": "be, ru", "IVR_TTS": "gtts, espeak",
        "IVR_PUBLIC_URL": "https://hotline.example/", "IVR_TRUST_PROXY": "yes", "TWILIO_AUTH_TOKEN": "t",
        "SECRET_KEY": "from-the-usual-name", "IVR_SMS_PER_DAY": "5",
    })
    assert cfg.database_url == "postgresql://u:p@db/hotline"
    assert cfg.languages == ("be", "ru")
    assert cfg.tts == "gtts,espeak"
    assert cfg.public_url == "https://hotline.example"
    assert cfg.trust_proxy == 1
    assert cfg.secret_key == "from-the-usual-name"
    assert cfg.sms_per_day == 5


def test_settings_are_frozen_and_changed_only_by_a_copy():
    cfg = Settings.from_env({})
    with pytest.raises(FrozenInstanceError):
        cfg.timezone = "UTC"  # type: ignore[misc]
    other = cfg.but(IVR_TIMEZONE="UTC", TESTING=True)
    assert (cfg.timezone, other.timezone) == ("Europe/Minsk", "UTC")
    assert other.flask_config()["TESTING"] is True


def test_every_variable_is_named_once():
    names = [f.metadata["env"] for f in fields(Settings) if "env" in f.metadata]
    assert len(names) == len(set(names))


@pytest.mark.parametrize(
    "env, message",
    [
        ({"IVR_LANGUAGES": "ru,de"}, "IVR_LANGUAGES"),
        ({"IVR_TIMEZONE": "Mars/Olympus"}, "IVR_TIMEZONE"),
        ({"IVR_TRUST_PROXY": "maybe"}, "IVR_TRUST_PROXY"),
        ({"IVR_TTS": "festival"}, "unknown TTS engine 'festival'"),
        ({"IVR_SYNTH_WORKERS": "lots"}, "IVR_SYNTH_WORKERS"),
        ({"IVR_SYNTH_WORKERS": "1.5"}, "IVR_SYNTH_WORKERS"),
        ({"IVR_GTTS_TIMEOUT": "600"}, "IVR_GTTS_TIMEOUT"),
        ({"REDIS_URL": "http://x"}, "REDIS_URL"),
    ],
)
def test_a_bad_setting_is_named_in_one_line(env, message):
    with pytest.raises(ConfigError, match=message) as err:
        Settings.from_env(env)
    assert "\n" not in str(err.value)
