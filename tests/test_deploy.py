"""deploy/: the example environment file names every setting with a comment and no secret, and the
systemd unit's command starts the service with it (issue 21, item 6)."""
from __future__ import annotations

import configparser
import os
import shlex
import socket
import subprocess
import sys
import time
from dataclasses import fields
from pathlib import Path

import requests

from ivr.config import Settings

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
# Read by gunicorn.conf.py rather than Settings.
GUNICORN = ("IVR_BIND", "IVR_WORKERS", "FORWARDED_ALLOW_IPS", "PROMETHEUS_MULTIPROC_DIR")
SECRETS = ("TWILIO_AUTH_TOKEN", "IVR_SECRET_KEY", "IVR_SMTP_PASSWORD", "IVR_METRICS_TOKEN", "IVR_WEBHOOK_SIGNING_KEY",
           "IVR_JAMBONZ_WEBHOOK_SECRET", "IVR_JAMBONZ_BASIC_PASSWORD", "IVR_STAFF_PIN")


def example_lines() -> list[str]:
    return (DEPLOY / "hotline.env.example").read_text().splitlines()


def variables() -> list[str]:
    return [f.metadata["env"] for f in fields(Settings) if "env" in f.metadata] + list(GUNICORN)


def settings_in(lines: list[str]) -> dict[str, str]:
    """The variables the file sets (as systemd's EnvironmentFile reads it: NAME=value, # comments)."""
    return dict(line.split("=", 1) for line in lines if line and not line.startswith("#"))


def test_the_example_names_every_setting_once_with_a_comment():
    lines = example_lines()
    for name in variables():
        places = [i for i, line in enumerate(lines) if line.startswith((f"{name}=", f"# {name}="))]
        assert len(places) == 1, f"{name} should be in deploy/hotline.env.example once, found {len(places)}"
        above = lines[places[0] - 1]
        assert above.startswith("# ") and "=" not in above.split()[1], f"{name} has no comment above it"


def test_the_example_holds_no_secret_and_its_settings_are_valid():
    chosen = settings_in(example_lines())
    for name in SECRETS:
        assert chosen.get(name, "") == "", f"{name} must be left empty in the example"
    settings = Settings.from_env(chosen)  # a ConfigError would name the bad line
    assert settings.public_url == "https://hotline.kopyl.example" and settings.trust_proxy == 1


def unit() -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.optionxform = str  # systemd's keys are case-sensitive
    parser.read(DEPLOY / "hotline.service")
    return parser


def test_the_unit_runs_the_readme_gunicorn_command_from_the_venv_with_the_example_settings():
    service = unit()["Service"]
    assert service["ExecStart"] == f"{service['WorkingDirectory']}/.venv/bin/python -m gunicorn -c gunicorn.conf.py wsgi:app"
    assert service["EnvironmentFile"] == "/etc/hotline/hotline.env"
    assert "/etc/hotline/hotline.env" in (DEPLOY / "hotline.env.example").read_text()
    writable = service["ReadWritePaths"].split()
    assert {f"{service['WorkingDirectory']}/instance", f"{service['WorkingDirectory']}/audio"} <= set(writable)


def test_the_unit_command_starts_the_service(tmp_path):
    """What systemd does with the unit, here: its ExecStart in the project folder (this checkout, and
    this interpreter for the venv's), with the example environment file's settings."""
    service = unit()["Service"]
    command = shlex.split(service["ExecStart"].replace(f"{service['WorkingDirectory']}/.venv/bin/python", sys.executable))
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("IVR_", "TWILIO_", "DATABASE_URL", "REDIS_URL"))}
    env.update(settings_in(example_lines()))
    env.update(IVR_INSTANCE_PATH=str(tmp_path / "instance"), IVR_AUDIO_DIR=str(tmp_path / "audio"),
               IVR_BIND=f"127.0.0.1:{port}", IVR_WORKERS="1", IVR_SYNTH_WORKERS="0", IVR_NEWS_INTERVAL="0",
               PROMETHEUS_MULTIPROC_DIR=str(tmp_path))
    log = tmp_path / "service.log"
    with log.open("w") as out:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline, answer = time.monotonic() + 90, None
        while answer is None and server.poll() is None and time.monotonic() < deadline:
            try:
                answer = requests.get(f"http://127.0.0.1:{port}/healthz", timeout=5)
            except requests.ConnectionError:
                time.sleep(0.3)
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert answer is not None and answer.status_code == 200, log.read_text()
    assert answer.json()["status"] == "ok"
