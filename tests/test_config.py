"""Settings from the environment: defaults, and a clear one-line error for a bad value."""
from __future__ import annotations

import pytest

from ivr.config import ConfigError, config_from_env


def test_defaults_need_no_environment(tmp_path):
    cfg = config_from_env(env={}, instance_path=str(tmp_path))
    assert cfg["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'hotline.sqlite3'}"
    assert cfg["IVR_TIMEZONE"] == "Europe/Minsk"
    assert cfg["IVR_LANGUAGES"] == ("ru", "be", "en")
    assert cfg["IVR_TTS"] == "espeak"
    assert cfg["IVR_ALLOW_UNSIGNED"] is False and cfg["TWILIO_AUTH_TOKEN"] == ""


def test_settings_are_read(tmp_path):
    cfg = config_from_env(env={
        "DATABASE_URL": "postgres://u:p@db/hotline", "IVR_LANGUAGES": "be, ru", "IVR_TTS": "gtts, espeak",
        "IVR_PUBLIC_URL": "https://hotline.example/", "IVR_TRUST_PROXY": "yes", "TWILIO_AUTH_TOKEN": "t",
    })
    assert cfg["SQLALCHEMY_DATABASE_URI"] == "postgresql://u:p@db/hotline"
    assert cfg["IVR_LANGUAGES"] == ("be", "ru")
    assert cfg["IVR_TTS"] == "gtts,espeak"
    assert cfg["IVR_PUBLIC_URL"] == "https://hotline.example"
    assert cfg["IVR_TRUST_PROXY"] is True


@pytest.mark.parametrize(
    "env, message",
    [
        ({"IVR_LANGUAGES": "ru,de"}, "IVR_LANGUAGES"),
        ({"IVR_TIMEZONE": "Mars/Olympus"}, "IVR_TIMEZONE"),
        ({"IVR_TRUST_PROXY": "maybe"}, "IVR_TRUST_PROXY"),
        ({"IVR_TTS": "festival"}, "unknown TTS engine 'festival'"),
        ({"IVR_SYNTH_WORKERS": "lots"}, "IVR_SYNTH_WORKERS"),
        ({"IVR_GTTS_TIMEOUT": "600"}, "IVR_GTTS_TIMEOUT"),
    ],
)
def test_a_bad_setting_is_named_in_one_line(env, message):
    with pytest.raises(ConfigError, match=message) as err:
        config_from_env(env=env)
    assert "\n" not in str(err.value)
