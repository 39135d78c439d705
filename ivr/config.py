"""Settings from environment variables: the one place that names them and holds their defaults.

``Settings.from_env()`` reads every setting once, checks it and gives a frozen object; the app keeps
it (``settings(app)``), and nothing else reads the environment or restates a default. The README's
table of settings and the fields below can be checked against each other in one place.
"""
from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Callable, Mapping
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import Flask, current_app

from ivr import languages, providers
from ivr.providers import Provider
from ivr.speech.engines import build_engine

PROJECT = Path(__file__).resolve().parent.parent
_KEY = "ivr.settings"


class ConfigError(ValueError):
    """A setting has a value the service cannot use; the message names the variable."""


# -- how one variable is read ---------------------------------------------------------------------

Parser = Callable[[str, str], Any]  # (variable name, raw text) -> value; ConfigError when unusable


def text(_name: str, raw: str) -> str:
    return raw.strip()


def flag(name: str, raw: str) -> bool:
    value = raw.strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise ConfigError(f"{name} must be 1/0, true/false, yes/no or on/off, not {raw!r}")


def proxy_hops(name: str, raw: str) -> int:
    """How many reverse proxies stand in front (their forwarded headers are trusted): a count, or a flag (= 1)."""
    value = raw.strip().lower()
    if value.isdigit() and int(value) <= 5:
        return int(value)
    try:
        return int(flag(name, value))
    except ConfigError:
        raise ConfigError(f"{name} must be the number of proxies in front (0-5; true/yes/on = 1), not {raw!r}") from None


def optional_flag(name: str, raw: str) -> bool | None:
    return flag(name, raw) if raw.strip() else None


def number(low: float, high: float, kind: type = float) -> Parser:
    def parse(name: str, raw: str) -> Any:
        try:
            value = float(raw)
        except ValueError:
            value = float("nan")
        if not low <= value <= high or (kind is int and value != int(value)):
            what = "a whole number" if kind is int else "a number"
            raise ConfigError(f"{name} must be {what} from {low:g} to {high:g}, not {raw!r}")
        return kind(value)

    return parse


def choice(*choices: str) -> Parser:
    def parse(name: str, raw: str) -> str:
        value = raw.strip().upper() if choices[0].isupper() else raw.strip().lower()
        if value not in choices:
            raise ConfigError(f"{name} must be one of {', '.join(choices)}, not {raw!r}")
        return value

    return parse


def url_base(_name: str, raw: str) -> str:
    return raw.strip().rstrip("/")


def language_list(name: str, raw: str) -> tuple[str, ...]:
    codes = tuple(dict.fromkeys(part.strip().lower() for part in raw.split(",") if part.strip()))
    if not codes or not all(languages.known(code) for code in codes):
        raise ConfigError(f"{name} must list some of {', '.join(languages.CODES)}, got {raw!r}")
    return codes


def host_list(_name: str, raw: str) -> tuple[str, ...]:
    return tuple(host.strip() for host in raw.split(",") if host.strip())


def network_list(name: str, raw: str) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    try:
        return tuple(ipaddress.ip_network(part.strip(), strict=False) for part in raw.split(",") if part.strip())
    except ValueError as exc:
        raise ConfigError(f"{name} must list IP addresses or networks (10.0.0.5, 10.1.0.0/16), not {raw!r}") from exc


def timezone(name: str, raw: str) -> str:
    try:
        ZoneInfo(raw.strip())
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ConfigError(f"{name} {raw!r} is not a known time zone") from exc
    return raw.strip()


def tts(name: str, raw: str) -> str:
    try:
        build_engine(raw)  # checks the names only; engines load on first use
    except ValueError as exc:
        raise ConfigError(str(exc)) from exc
    return ",".join(part.strip().lower() for part in raw.split(","))


def redis_url(name: str, raw: str) -> str:
    value = raw.strip()
    if value and not value.startswith(("redis://", "rediss://", "unix://")):
        raise ConfigError(f"{name} must start with redis://, rediss:// or unix://, not {raw!r}")
    return value


MIN_PIN_DIGITS = 6


def staff_pin(name: str, raw: str) -> str:
    """A PIN of at least MIN_PIN_DIGITS digits that is not obviously guessable (one digit repeated,
    a short pattern repeated, a run up or down such as 123456)."""
    pin = raw.strip()
    if not (pin.isascii() and pin.isdigit()) or len(pin) < MIN_PIN_DIGITS:
        raise ConfigError(f"{name} must be at least {MIN_PIN_DIGITS} digits")
    steps = {(int(b) - int(a)) % 10 for a, b in zip(pin, pin[1:])}
    repeats = any(len(pin) % size == 0 and pin == pin[:size] * (len(pin) // size) for size in range(1, len(pin) // 2 + 1))
    if repeats or steps in ({1}, {9}):
        raise ConfigError(f"{name} is too easy to guess (a repeated pattern or a run of digits): choose another")
    return pin


def _setting(env: str, default: Any, parse: Parser = text, *, also: str = "") -> Any:
    """A field read from the variable ``env`` (or ``also`` when ``env`` is unset)."""
    return field(default=default, metadata={"env": env, "parse": parse, "also": also})


# -- the settings ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Settings:
    """Every setting the service reads, checked, with its default. Paths are worked out from
    ``instance_path`` where they are not set."""

    secret_key: str = _setting("IVR_SECRET_KEY", "", also="SECRET_KEY")
    database_url: str = _setting("DATABASE_URL", "")  # "": SQLite in the instance folder
    twilio_auth_token: str = _setting("TWILIO_AUTH_TOKEN", "")
    twilio_account_sid: str = _setting("TWILIO_ACCOUNT_SID", "")
    public_url: str = _setting("IVR_PUBLIC_URL", "", url_base)
    # How many reverse proxies (nginx: 1) set X-Forwarded-For/-Proto/-Host; 0: none is trusted.
    trust_proxy: int = _setting("IVR_TRUST_PROXY", 0, proxy_hops)
    allow_unsigned: bool = _setting("IVR_ALLOW_UNSIGNED", False, flag)
    timezone: str = _setting("IVR_TIMEZONE", "Europe/Minsk", timezone)
    languages: tuple[str, ...] = _setting("IVR_LANGUAGES", languages.CODES, language_list)
    # The service the call's first sentence speaks of (the one most callers want): "reception" or the
    # id of one of the office's services (a missing one falls back to the reception).
    main_service: str = _setting("IVR_MAIN_SERVICE", "reception")
    instance_path: str = _setting("IVR_INSTANCE_PATH", "")  # "": ./instance
    audio_dir: str = _setting("IVR_AUDIO_DIR", str(PROJECT / "audio"))
    seed_demo: bool = _setting("IVR_SEED_DEMO", True, flag)
    caller_id: str = _setting("IVR_CALLER_ID", "")
    tts: str = _setting("IVR_TTS", "espeak", tts)
    gtts_timeout: float = _setting("IVR_GTTS_TIMEOUT", 10.0, number(0.5, 60.0))
    synth_workers: int = _setting("IVR_SYNTH_WORKERS", 1, number(0, 16, int))
    job_workers: int = _setting("IVR_JOB_WORKERS", 1, number(0, 16, int))
    # Messages callers leave: personal data, kept privately and deleted after a while.
    max_message_seconds: int = _setting("IVR_MAX_MESSAGE_SECONDS", 120, number(10, 600, int))
    recordings_dir: str = _setting("IVR_RECORDINGS_DIR", "")  # "": instance/recordings
    retention_days: int = _setting("IVR_RETENTION_DAYS", 30, number(1, 3650, int))
    # The service purges by itself once a day (one process of all); off: only `flask purge` (cron).
    daily_purge: bool = _setting("IVR_DAILY_PURGE", True, flag)
    # The telephony provider (ivr/providers.py presets) and the operator's overrides of its parts.
    provider_name: str = _setting("IVR_PROVIDER", providers.DEFAULT, choice(*providers.NAMES))
    provider_api_url: str = _setting("IVR_PROVIDER_API_URL", "", url_base)
    # (): the preset's hosts (or IVR_PROVIDER_API_URL's host). The old name is still read.
    provider_media_hosts: tuple[str, ...] = _setting("IVR_PROVIDER_MEDIA_HOSTS", (), host_list,
                                                     also="IVR_TWILIO_MEDIA_HOSTS")
    provider_sms_url: str = _setting("IVR_PROVIDER_SMS_URL", "", url_base)
    # The key webhooks are signed with, when it is not TWILIO_AUTH_TOKEN (SignalWire: the signing key).
    webhook_signing_key: str = _setting("IVR_WEBHOOK_SIGNING_KEY", "")
    # jambonz: its webhook secret (Jambonz-Signature) and/or HTTP basic auth; neither: its webhooks refuse.
    jambonz_webhook_secret: str = _setting("IVR_JAMBONZ_WEBHOOK_SECRET", "")
    jambonz_basic_user: str = _setting("IVR_JAMBONZ_BASIC_USER", "")
    jambonz_basic_password: str = _setting("IVR_JAMBONZ_BASIC_PASSWORD", "")
    delete_twilio_recordings: bool = _setting("IVR_DELETE_TWILIO_RECORDINGS", True, flag)
    fetch_timeout: float = _setting("IVR_FETCH_TIMEOUT", 20.0, number(1.0, 300.0))
    # Seconds to wait before each try at copying a recording (not an operator's setting; tests shorten it).
    recording_retry_delays: tuple[float, ...] = (0, 5, 30, 120)
    news_interval: float = _setting("IVR_NEWS_INTERVAL", 30.0, number(0, 10080))
    news_timeout: float = _setting("IVR_NEWS_TIMEOUT", 10.0, number(1.0, 120.0))
    news_max_bytes: int = _setting("IVR_NEWS_MAX_BYTES", 2_000_000, number(10_000, 50_000_000, int))
    news_per_language: int = _setting("IVR_NEWS_PER_LANGUAGE", 5, number(1, 50, int))
    news_require_approval: bool = _setting("IVR_NEWS_REQUIRE_APPROVAL", False, flag)
    # Internal addresses feeds may be fetched from after all (an intranet feed); others are refused.
    feed_allow_networks: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = _setting(
        "IVR_FEED_ALLOW_NETWORKS", (), network_list)
    log_format: str = _setting("IVR_LOG_FORMAT", "text", choice("text", "json"))
    log_level: str = _setting("IVR_LOG_LEVEL", "INFO", choice("INFO", "DEBUG", "WARNING", "ERROR"))
    metrics_token: str = _setting("IVR_METRICS_TOKEN", "")
    # None: the staff cookie is Secure exactly when IVR_PUBLIC_URL is https.
    secure_cookies: bool | None = _setting("IVR_SECURE_COOKIES", None, optional_flag)
    event_flush_seconds: float = _setting("IVR_EVENT_FLUSH_SECONDS", 2.0, number(0.0, 60.0))
    # Several hosts: background jobs go to RQ worker processes through Redis (ivr/jobs.py).
    redis_url: str = _setting("REDIS_URL", "", redis_url)
    rq_queue: str = _setting("IVR_RQ_QUEUE", "hotline")
    sms_from: str = _setting("IVR_SMS_FROM", "")
    sms_per_day: int = _setting("IVR_SMS_PER_DAY", 3, number(1, 100, int))
    smtp_host: str = _setting("IVR_SMTP_HOST", "")
    smtp_port: int = _setting("IVR_SMTP_PORT", 25, number(1, 65535, int))
    smtp_user: str = _setting("IVR_SMTP_USER", "")
    smtp_password: str = _setting("IVR_SMTP_PASSWORD", "")
    smtp_starttls: bool = _setting("IVR_SMTP_STARTTLS", False, flag)
    # How the mail server is reached: implicit TLS, STARTTLS or plain; "": STARTTLS when
    # IVR_SMTP_STARTTLS=1, else plain (and then no password is ever sent).
    smtp_tls: str = _setting("IVR_SMTP_TLS", "", choice("implicit", "starttls", "none"))
    mail_from: str = _setting("IVR_MAIL_FROM", "hotline@localhost")
    mail_to: str = _setting("IVR_MAIL_TO", "")
    # Staff record prompts by phone after keying * # and this PIN in the language menu; "": that path is off.
    staff_pin: str = _setting("IVR_STAFF_PIN", "", staff_pin)
    # Flask settings that are not ours (TESTING, PROPAGATE_EXCEPTIONS…), for tests and tools.
    flask_extra: Mapping[str, Any] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        instance = Path(self.instance_path or Path.cwd() / "instance")
        object.__setattr__(self, "instance_path", str(instance))
        if not self.recordings_dir:
            object.__setattr__(self, "recordings_dir", str(instance / "recordings"))
        url = self.database_url or f"sqlite:///{instance / 'hotline.sqlite3'}"
        if url.startswith("postgres://"):  # Heroku-style URLs; SQLAlchemy only knows postgresql://
            url = "postgresql://" + url[len("postgres://"):]
        object.__setattr__(self, "database_url", url)
        if not self.provider.api_base:
            raise ConfigError(f"IVR_PROVIDER={self.provider_name} needs IVR_PROVIDER_API_URL, the REST root of your "
                              f"account ({self.provider.api_example})")

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> "Settings":
        """Every setting from ``env`` (default: ``os.environ``); ConfigError names a bad one."""
        env = os.environ if env is None else env
        values = {}
        for f in fields(cls):
            if "env" not in f.metadata:
                continue
            raw = env.get(f.metadata["env"]) or (env.get(f.metadata["also"]) if f.metadata["also"] else None)
            if raw is not None and raw.strip() != "":
                values[f.name] = f.metadata["parse"](f.metadata["env"], raw)
        return cls(**values)

    def but(self, **changes: Any) -> "Settings":
        """A copy with some settings changed, named by their variables (``IVR_NEWS_INTERVAL=0``)
        or their fields; other upper-case names are Flask's own and go into ``flask_extra``."""
        by_env = {f.metadata[name]: f.name for f in fields(self) for name in ("also", "env") if f.metadata.get(name)}
        ours: dict[str, Any] = {}
        extra = dict(self.flask_extra)
        for name, value in changes.items():
            if name == "SQLALCHEMY_DATABASE_URI":
                name = "DATABASE_URL"
            if name in by_env:
                ours[by_env[name]] = value
            elif name.isupper():
                extra[name] = value
            else:
                ours[name] = value
        return replace(self, **ours, flask_extra=extra)

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def provider(self) -> Provider:
        """The telephony provider's preset with the operator's overrides."""
        return providers.PRESETS[self.provider_name].with_overrides(
            self.provider_api_url, self.provider_media_hosts, self.provider_sms_url)

    @property
    def signing_key(self) -> str:
        """The key the provider signs webhooks with: IVR_WEBHOOK_SIGNING_KEY, else TWILIO_AUTH_TOKEN."""
        return self.webhook_signing_key or self.twilio_auth_token

    @property
    def sms_enabled(self) -> bool:
        """Texts can be sent: the Twilio account (SID and token) and a sending number are set."""
        return bool(self.twilio_account_sid and self.twilio_auth_token and self.sms_from)

    @property
    def web_address(self) -> str:
        """The public page's address as the call says it: IVR_PUBLIC_URL's host ('' when unset)."""
        return urlsplit(self.public_url).hostname or ""

    def flask_config(self) -> dict[str, Any]:
        """What Flask and its extensions read from ``app.config``."""
        return {
            "SECRET_KEY": self.secret_key,
            "SQLALCHEMY_DATABASE_URI": self.database_url,
            # A server database may have restarted since a pooled connection was last used; a local
            # SQLite file cannot, so it is spared a test query on every request that reads it.
            "SQLALCHEMY_ENGINE_OPTIONS": {} if self.is_sqlite else {"pool_pre_ping": True},
            # Twilio's requests are a few kilobytes; these caps keep a hostile body from eating memory.
            "MAX_CONTENT_LENGTH": 4_000_000,
            "MAX_FORM_MEMORY_SIZE": 1_000_000,
            **self.flask_extra,
        }


def settings(app: Flask | None = None) -> Settings:
    """The app's settings."""
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    return app.extensions[_KEY]


def init_app(app: Flask, chosen: Settings) -> None:
    """Give the app its settings (and Flask's own part of them)."""
    app.extensions[_KEY] = chosen
    app.config.update(chosen.flask_config())
    app.instance_path = chosen.instance_path


def change(app: Flask, **changes: Any) -> Settings:
    """Give a running app other settings, named by their variables (tests and tools only: the
    service reads its settings once)."""
    init_app(app, settings(app).but(**changes))
    return settings(app)


def config_for_tests(tmp_dir: str | Path, **overrides: Any) -> Settings:
    """Settings for tests: a private SQLite file and audio folder, a known token; ``overrides`` by
    variable name (see ``Settings.but``)."""
    tmp = Path(tmp_dir)
    base = Settings(
        instance_path=str(tmp / "instance"),
        secret_key="test-secret",
        database_url=f"sqlite:///{tmp / 'test.sqlite3'}",
        twilio_auth_token="test-auth-token",
        twilio_account_sid="AC" + "0" * 32,
        public_url="https://hotline.test",
        audio_dir=str(tmp / "audio"),
        recordings_dir=str(tmp / "recordings"),
        # Tests decide when audio is made; nothing synthesizes behind their back.
        synth_workers=0,
        job_workers=0,
        news_interval=0,
        event_flush_seconds=0,
        flask_extra={"TESTING": True},
    )
    return base.but(**overrides)
