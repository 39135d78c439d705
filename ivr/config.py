"""Configuration from environment variables.

Every setting the service reads is here, with its default, so the README's table of settings and
this file can be checked against each other in one place.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Mapping

LANGUAGES = ("ru", "be", "en")


class ConfigError(ValueError):
    """A setting has a value the service cannot use; the message names the variable."""


def _flag(env: Mapping[str, str], name: str, default: bool = False) -> bool:
    raw = env.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise ConfigError(f"{name} must be 1/0, true/false, yes/no or on/off, not {raw!r}")


def _languages(env: Mapping[str, str]) -> tuple[str, ...]:
    raw = env.get("IVR_LANGUAGES", ",".join(LANGUAGES))
    langs = tuple(part.strip().lower() for part in raw.split(",") if part.strip())
    unknown = [lang for lang in langs if lang not in LANGUAGES]
    if not langs or unknown:
        raise ConfigError(
            f"IVR_LANGUAGES must list some of {', '.join(LANGUAGES)}, got {raw!r}"
        )
    return tuple(dict.fromkeys(langs))


def _timezone(env: Mapping[str, str]) -> str:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    name = env.get("IVR_TIMEZONE", "Europe/Minsk")
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ConfigError(f"IVR_TIMEZONE {name!r} is not a known time zone") from exc
    return name


def _number(env: Mapping[str, str], name: str, default: float, low: float, high: float) -> float:
    raw = env.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = float(raw)
    except ValueError as exc:
        raise ConfigError(f"{name} must be a number from {low:g} to {high:g}, not {raw!r}") from exc
    if not low <= value <= high:
        raise ConfigError(f"{name} must be a number from {low:g} to {high:g}, not {raw!r}")
    return value


def _choice(env: Mapping[str, str], name: str, choices: tuple[str, ...]) -> str:
    raw = (env.get(name) or choices[0]).strip()
    value = raw.upper() if choices[0].isupper() else raw.lower()
    if value not in choices:
        raise ConfigError(f"{name} must be one of {', '.join(choices)}, not {raw!r}")
    return value


def _tts(env: Mapping[str, str]) -> str:
    from ivr.speech.engines import build_engine

    spec = env.get("IVR_TTS", "espeak").strip() or "espeak"
    try:
        build_engine(spec)  # checks the names only; engines load on first use
    except ValueError as exc:
        raise ConfigError(str(exc)) from exc
    return ",".join(part.strip().lower() for part in spec.split(","))


def _redis_url(env: Mapping[str, str]) -> str:
    raw = (env.get("REDIS_URL") or "").strip()
    if raw and not raw.startswith(("redis://", "rediss://", "unix://")):
        raise ConfigError(f"REDIS_URL must start with redis://, rediss:// or unix://, not {raw!r}")
    return raw


def config_from_env(env: Mapping[str, str] | None = None, instance_path: str | None = None) -> dict[str, Any]:
    """Read every setting from ``env`` (default: ``os.environ``) into a Flask config mapping."""
    env = os.environ if env is None else env
    instance = Path(instance_path or env.get("IVR_INSTANCE_PATH") or Path.cwd() / "instance")
    database_url = env.get("DATABASE_URL") or f"sqlite:///{instance / 'hotline.sqlite3'}"
    if database_url.startswith("postgres://"):
        # Heroku-style URLs; SQLAlchemy only knows the postgresql:// scheme.
        database_url = "postgresql://" + database_url[len("postgres://"):]
    return {
        "SECRET_KEY": env.get("IVR_SECRET_KEY") or env.get("SECRET_KEY") or "",
        "SQLALCHEMY_DATABASE_URI": database_url,
        # A server database may have restarted since a pooled connection was last used; a local
        # SQLite file cannot, so it is spared a test query on every request that reads it.
        "SQLALCHEMY_ENGINE_OPTIONS": {} if database_url.startswith("sqlite") else {"pool_pre_ping": True},
        # Twilio's requests are a few kilobytes; these caps keep a hostile body from eating memory.
        "MAX_CONTENT_LENGTH": 4_000_000,
        "MAX_FORM_MEMORY_SIZE": 1_000_000,
        "TWILIO_AUTH_TOKEN": env.get("TWILIO_AUTH_TOKEN", ""),
        "TWILIO_ACCOUNT_SID": env.get("TWILIO_ACCOUNT_SID", ""),
        "IVR_PUBLIC_URL": env.get("IVR_PUBLIC_URL", "").rstrip("/"),
        "IVR_TRUST_PROXY": _flag(env, "IVR_TRUST_PROXY"),
        "IVR_ALLOW_UNSIGNED": _flag(env, "IVR_ALLOW_UNSIGNED"),
        "IVR_TIMEZONE": _timezone(env),
        "IVR_LANGUAGES": _languages(env),
        "IVR_AUDIO_DIR": env.get("IVR_AUDIO_DIR") or str(Path(__file__).resolve().parent.parent / "audio"),
        "IVR_INSTANCE_PATH": str(instance),
        "IVR_SEED_DEMO": _flag(env, "IVR_SEED_DEMO", default=True),
        "IVR_CALLER_ID": env.get("IVR_CALLER_ID", ""),
        "IVR_TTS": _tts(env),
        "IVR_GTTS_TIMEOUT": _number(env, "IVR_GTTS_TIMEOUT", 10.0, 0.5, 60.0),
        "IVR_SYNTH_WORKERS": int(_number(env, "IVR_SYNTH_WORKERS", 1, 0, 16)),
        "IVR_JOB_WORKERS": int(_number(env, "IVR_JOB_WORKERS", 1, 0, 16)),
        # Messages callers leave: personal data, kept privately and deleted after a while.
        "IVR_MAX_MESSAGE_SECONDS": int(_number(env, "IVR_MAX_MESSAGE_SECONDS", 120, 10, 600)),
        "IVR_RECORDINGS_DIR": env.get("IVR_RECORDINGS_DIR") or str(instance / "recordings"),
        "IVR_RETENTION_DAYS": int(_number(env, "IVR_RETENTION_DAYS", 30, 1, 3650)),
        "IVR_TWILIO_MEDIA_HOSTS": tuple(h.strip() for h in env.get("IVR_TWILIO_MEDIA_HOSTS", "api.twilio.com").split(",") if h.strip()),
        "IVR_DELETE_TWILIO_RECORDINGS": _flag(env, "IVR_DELETE_TWILIO_RECORDINGS", default=True),
        "IVR_FETCH_TIMEOUT": _number(env, "IVR_FETCH_TIMEOUT", 20.0, 1.0, 300.0),
        "IVR_NEWS_INTERVAL": _number(env, "IVR_NEWS_INTERVAL", 30, 0, 10080),
        "IVR_NEWS_TIMEOUT": _number(env, "IVR_NEWS_TIMEOUT", 10.0, 1.0, 120.0),
        "IVR_NEWS_MAX_BYTES": int(_number(env, "IVR_NEWS_MAX_BYTES", 2_000_000, 10_000, 50_000_000)),
        "IVR_NEWS_PER_LANGUAGE": int(_number(env, "IVR_NEWS_PER_LANGUAGE", 5, 1, 50)),
        "IVR_NEWS_REQUIRE_APPROVAL": _flag(env, "IVR_NEWS_REQUIRE_APPROVAL"),
        "IVR_LOG_FORMAT": _choice(env, "IVR_LOG_FORMAT", ("text", "json")),
        "IVR_LOG_LEVEL": _choice(env, "IVR_LOG_LEVEL", ("INFO", "DEBUG", "WARNING", "ERROR")),
        "IVR_METRICS_TOKEN": env.get("IVR_METRICS_TOKEN", ""),
        # None: the staff cookie is Secure exactly when IVR_PUBLIC_URL is https.
        "IVR_SECURE_COOKIES": _flag(env, "IVR_SECURE_COOKIES") if env.get("IVR_SECURE_COOKIES", "").strip() else None,
        "IVR_EVENT_FLUSH_SECONDS": _number(env, "IVR_EVENT_FLUSH_SECONDS", 2.0, 0.0, 60.0),
        # Webhooks ask the database whether content changed at most this often (a save in the
        # same process is seen at once); 0: on every request.
        "IVR_CONTENT_CHECK_SECONDS": _number(env, "IVR_CONTENT_CHECK_SECONDS", 1.0, 0.0, 60.0),
        # Several hosts: background jobs go to RQ worker processes through Redis (ivr/jobs.py).
        "REDIS_URL": _redis_url(env),
        "IVR_RQ_QUEUE": (env.get("IVR_RQ_QUEUE") or "hotline").strip(),
        "IVR_SMS_FROM": env.get("IVR_SMS_FROM", ""),
        "IVR_SMS_PER_DAY": int(_number(env, "IVR_SMS_PER_DAY", 3, 1, 100)),
        "IVR_SMTP_HOST": env.get("IVR_SMTP_HOST", ""),
        "IVR_SMTP_PORT": int(_number(env, "IVR_SMTP_PORT", 25, 1, 65535)),
        "IVR_SMTP_USER": env.get("IVR_SMTP_USER", ""),
        "IVR_SMTP_PASSWORD": env.get("IVR_SMTP_PASSWORD", ""),
        "IVR_SMTP_STARTTLS": _flag(env, "IVR_SMTP_STARTTLS"),
        "IVR_MAIL_FROM": env.get("IVR_MAIL_FROM", "hotline@localhost"),
        "IVR_MAIL_TO": env.get("IVR_MAIL_TO", ""),
    }


def config_for_tests(tmp_dir: str | Path, **overrides: Any) -> dict[str, Any]:
    """A configuration for tests: a private SQLite file and audio folder, a known token."""
    tmp = Path(tmp_dir)
    cfg = config_from_env(env={}, instance_path=str(tmp / "instance"))
    cfg.update(
        TESTING=True,
        SECRET_KEY="test-secret",
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp / 'test.sqlite3'}",
        TWILIO_AUTH_TOKEN="test-auth-token",
        IVR_PUBLIC_URL="https://hotline.test",
        IVR_AUDIO_DIR=str(tmp / "audio"),
        # Tests decide when audio is made; nothing synthesizes behind their back.
        IVR_SYNTH_WORKERS=0,
        IVR_JOB_WORKERS=0,
        IVR_NEWS_INTERVAL=0,
        IVR_EVENT_FLUSH_SECONDS=0,
        TWILIO_ACCOUNT_SID="AC" + "0" * 32,
        IVR_RECORDINGS_DIR=str(tmp / "recordings"),
    )
    cfg.update(overrides)
    return cfg
