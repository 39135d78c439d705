"""https behind the proxy: the staff cookie is Secure and HSTS is sent whenever a request came over
https; in production, a service behind a proxy must know its public address (IVR_PUBLIC_URL)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from ivr import create_app
from ivr.config import ConfigError, config_for_tests
from ivr.content.store import ensure_database
from ivr.voice.walk import CallWalker
from tests.integration.servers import hotline_env

ROOT = Path(__file__).resolve().parent.parent
OVER_HTTPS = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "hotline.kopyl.example"}


@pytest.fixture
def proxied(tmp_path):
    """The README's production set-up in the tests: behind nginx, the address taken from its headers."""
    app = create_app(config_for_tests(tmp_path, IVR_PUBLIC_URL="", IVR_TRUST_PROXY=True))
    ensure_database(app)
    return app


def session_cookie(response) -> str:
    [cookie] = [value for value in response.headers.getlist("Set-Cookie") if value.startswith("session=")]
    return cookie


def test_the_staff_cookie_is_secure_when_the_request_came_over_https(proxied):
    over_https = proxied.test_client().get("/staff/login", headers=OVER_HTTPS)
    assert over_https.status_code == 200
    assert "; Secure" in session_cookie(over_https)
    assert "; HttpOnly" in session_cookie(over_https)
    # Plain http (a clerk's own machine) keeps a cookie the browser will send back.
    over_http = proxied.test_client().get("/staff/login")
    assert "; Secure" not in session_cookie(over_http)


def test_an_http_public_url_does_not_drop_secure_over_https(tmp_path):
    app = create_app(config_for_tests(tmp_path, IVR_PUBLIC_URL="http://hotline.test"))
    ensure_database(app)
    response = app.test_client().get("/staff/login", base_url="https://hotline.test")
    assert "; Secure" in session_cookie(response)


def test_https_answers_carry_hsts_and_http_answers_do_not(proxied):
    client = proxied.test_client()
    for path in ("/staff/login", "/", "/healthz"):
        assert client.get(path, headers=OVER_HTTPS).headers["Strict-Transport-Security"] == "max-age=31536000"
        assert "Strict-Transport-Security" not in client.get(path).headers


def test_production_behind_a_proxy_needs_the_public_url(tmp_path):
    with pytest.raises(ConfigError, match="IVR_TRUST_PROXY needs IVR_PUBLIC_URL"):
        create_app(config_for_tests(tmp_path, IVR_PUBLIC_URL="", IVR_TRUST_PROXY=True, TESTING=False))
    assert create_app(config_for_tests(tmp_path, IVR_PUBLIC_URL="https://hotline.kopyl.example", IVR_TRUST_PROXY=True,
                                       TESTING=False))


def test_the_service_does_not_start_behind_a_proxy_without_its_public_url(tmp_path):
    env = hotline_env(IVR_TRUST_PROXY="1", IVR_INSTANCE_PATH=str(tmp_path / "instance"), IVR_SECRET_KEY="s")
    started = subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "routes"], cwd=ROOT, env=env,
                             capture_output=True, text=True, timeout=120)
    assert started.returncode != 0
    assert started.stderr.strip().splitlines()[-1] == (
        "hotline: configuration error: IVR_TRUST_PROXY needs IVR_PUBLIC_URL, the https address Twilio and the "
        "public use (e.g. https://hotline.kopyl.example), so that no link is made from a request's Host header")


def test_links_come_from_the_public_url_whatever_the_host_header(app, client):
    forged = {"Host": "evil.example", "X-Forwarded-Host": "evil.example"}
    links = client.get("/info.json", headers=forged).get_json()["links"]
    urls = [url for kind in ("page", "calendar") for url in links[kind].values()]
    assert urls and all(url.startswith("https://hotline.test/") for url in urls)
    walker = CallWalker(client, "test-auth-token", "https://hotline.test")
    page = walker.post("/voice", headers=forged)
    assert page.gather["action"].startswith("https://hotline.test/voice/step?")
    assert "evil.example" not in client.get("/", headers=forged).get_data(as_text=True)
