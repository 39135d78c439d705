"""The README's "Production" section, step by step, on this machine.

1. install (requirements.txt: checked here, installed by .ci/run), 2. settings, 3. `flask --app wsgi db
upgrade`, 4. `gunicorn -c gunicorn.conf.py wsgi:app`, 5. nginx with deploy/nginx.conf and an https
certificate (self-signed here, made with openssl), 6. the checks: a signed Twilio request through
nginx over https gets TwiML, /healthz answers through nginx, /metrics parses with prometheus_client's
parser and counts the requests both gunicorn workers answered.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
from collections import Counter
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, Iterator

import pytest
import requests
from requests.adapters import HTTPAdapter
from packaging.requirements import Requirement
from prometheus_client.mmap_dict import MmapedDict
from prometheus_client.parser import text_string_to_metric_families

from ivr.voice.signature import sign
from ivr.voice.walk import CallWalker, parse_twiml
from tests.integration.servers import (ROOT, HttpClient, Service, free_port, hotline_env, make_certificate, start,
                                       start_gunicorn, temporary_folder, unavailable, wait_healthy, wait_until)

TOKEN = "production-auth-token"
NAME = "hotline.kopyl.example"


class AsTheHotline(HTTPAdapter):
    """Connects to nginx on 127.0.0.1 while naming the site as callers do: hotline.kopyl.example in
    the TLS handshake (SNI) and the certificate check; the Host header is set by ``named_session``."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, server_hostname=NAME, **kwargs)


def named_session(session: requests.Session, port: int) -> requests.Session:
    """``session``, speaking to nginx on ``port`` as to https://hotline.kopyl.example:port."""
    session.mount("https://", AsTheHotline())
    session.headers["Host"] = f"{NAME}:{port}"
    return session


def nginx_config(example: str, *, https_port: int, http_port: int, upstream: str, cert: Path, key: Path) -> str:
    """deploy/nginx.conf with its placeholders filled in (each must be there exactly once)."""
    replacements = [
        ("listen 80 default_server;", f"listen 127.0.0.1:{http_port} default_server;"),
        ("listen [::]:80 default_server;\n", ""),
        ("listen 443 ssl default_server;", f"listen 127.0.0.1:{https_port} ssl default_server;"),
        ("listen [::]:443 ssl default_server;\n", ""),
        ("listen 80;", f"listen 127.0.0.1:{http_port};"),
        ("listen [::]:80;\n", ""),
        ("listen 443 ssl;", f"listen 127.0.0.1:{https_port} ssl;"),
        ("listen [::]:443 ssl;\n", ""),
        ("server 127.0.0.1:8000;", f"server {upstream};"),
        ("/etc/letsencrypt/live/hotline.kopyl.example/fullchain.pem", str(cert)),
        ("/etc/letsencrypt/live/hotline.kopyl.example/privkey.pem", str(key)),
    ]
    for old, new in replacements:
        assert example.count(old) == 1, f"deploy/nginx.conf should have {old!r} once"
        example = example.replace(old, new)
    return example


def nginx_main(prefix: Path, site: Path) -> str:
    """The rest of an nginx.conf (what /etc/nginx/nginx.conf is on a server), in a private folder."""
    user = "user root;\n" if os.geteuid() == 0 else ""
    temp = "\n".join(f"    {kind}_temp_path {prefix / kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    return (f"{user}worker_processes 1;\ndaemon off;\npid {prefix / 'nginx.pid'};\nerror_log {prefix / 'error.log'} info;\n"
            "events { worker_connections 256; }\n"
            f"http {{\n    access_log {prefix / 'access.log'};\n{temp}\n    include {site};\n}}\n")


@pytest.fixture(scope="module")
def production() -> Iterator[dict[str, Any]]:
    nginx = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)
    if not nginx:
        unavailable("nginx is not installed (apt-get install nginx)")
    base = temporary_folder("hotline-production-")
    services: list[Service] = []
    try:
        # Step 2: the settings (an env file on a server), one host, SQLite in the instance folder.
        metrics_dir = base / "metrics"
        metrics_dir.mkdir()
        https_port, http_port = free_port(), free_port()
        public_url = f"https://{NAME}:{https_port}"
        env = hotline_env(TWILIO_AUTH_TOKEN=TOKEN, IVR_SECRET_KEY="production secret", IVR_TRUST_PROXY="1",
                          IVR_PUBLIC_URL=public_url,
                          IVR_INSTANCE_PATH=str(base / "instance"), IVR_AUDIO_DIR=str(base / "audio"),
                          IVR_WORKERS="2", PROMETHEUS_MULTIPROC_DIR=str(metrics_dir),
                          # Not needed for serving, and it would compete for the CPU: no synthesis.
                          IVR_SYNTH_WORKERS="0", IVR_NEWS_INTERVAL="0")

        # Step 3: python3 -m flask --app wsgi db upgrade
        upgraded = subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "db", "upgrade"], cwd=ROOT, env=env,
                                  capture_output=True, text=True, timeout=120)
        assert upgraded.returncode == 0, upgraded.stderr[-3000:]
        current = subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "db", "current"], cwd=ROOT, env=env,
                                 capture_output=True, text=True, timeout=120)
        assert current.returncode == 0 and "(head)" in current.stdout, current.stdout + current.stderr[-2000:]

        # Step 4: python3 -m gunicorn -c gunicorn.conf.py wsgi:app (IVR_BIND, IVR_WORKERS)
        web = start_gunicorn("gunicorn", env, base / "logs")
        services.append(web)
        wait_healthy([web])

        # Step 5: nginx with deploy/nginx.conf, https with a certificate for the name callers use.
        cert, key = make_certificate(base / "tls", [NAME])
        site = base / "nginx-hotline.conf"
        site.write_text(nginx_config((ROOT / "deploy" / "nginx.conf").read_text(), https_port=https_port,
                                     http_port=http_port, upstream=web.url.split("//", 1)[1], cert=cert, key=key))
        main = base / "nginx.conf"
        main.write_text(nginx_main(base, site))
        checked = subprocess.run([nginx, "-t", "-p", str(base), "-c", str(main)], capture_output=True, text=True, timeout=60)
        assert checked.returncode == 0, checked.stderr
        proxy = start("nginx", [nginx, "-p", str(base), "-c", str(main)], env, base / "logs",
                      url=f"https://127.0.0.1:{https_port}")
        services.append(proxy)
        https = named_session(requests.Session(), https_port)
        wait_until(lambda: https.get(proxy.url + "/healthz", verify=str(cert), timeout=5).status_code == 200, 30,
                   "nginx answering over https")
        yield {"url": proxy.url, "cert": str(cert), "http": f"http://127.0.0.1:{http_port}", "metrics": metrics_dir,
               "web": web, "nginx": proxy, "base": base, "public_url": public_url, "port": https_port}
    finally:
        for service in reversed(services):
            service.stop()
        logs = {s.name: s.log_text()[-3000:] for s in services}
        shutil.rmtree(base, ignore_errors=True)
        for name, log in logs.items():
            print(f"--- {name} ---\n{log}")


def pinned(name: str) -> list[str]:
    """The requirement lines of ``name`` and of the files it includes (``-r``)."""
    lines = []
    for line in (ROOT / name).read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line.startswith("-r "):
            lines += pinned(line[3:].strip())
        elif line:
            lines.append(line)
    return lines


def test_step_1_requirements_are_installed_at_their_pinned_versions() -> None:
    # requirements.txt (step 1) and, as the tests run here, requirements-dev.txt that includes it.
    for line in pinned("requirements-dev.txt"):
        requirement = Requirement(line)
        if requirement.marker is not None and not requirement.marker.evaluate():
            continue
        try:
            installed = version(requirement.name)
        except PackageNotFoundError:
            pytest.fail(f"{requirement.name} is not installed: python3 -m pip install -r requirements-dev.txt")
        assert requirement.specifier.contains(installed, prereleases=True), f"{requirement.name} {installed} ≠ {line}"


def client(production: dict[str, Any]) -> requests.Session:
    """A client that calls the site by its name, as Twilio and staff do."""
    return named_session(requests.Session(), production["port"])


def test_a_signed_twilio_request_through_nginx_over_https_gets_twiml(production: dict[str, Any]) -> None:
    base, public = production["url"], production["public_url"]
    http = HttpClient([base], verify=production["cert"])
    named_session(http.session, production["port"])
    call = CallWalker(http, TOKEN, public)
    first = call.start()
    assert first.status == 200 and first.gather is not None and first.heard
    page = call.press("1")
    assert page.heard and page.gather is not None

    # The signature really is checked against the https URL the caller used: forged ones get 403.
    form = {"CallSid": "CA" + "1" * 32, "From": "+375291234567", "To": "+375171928260"}
    https = client(production)
    forged = https.post(base + "/voice", data=form, headers={"X-Twilio-Signature": sign("wrong", public + "/voice", form)},
                        verify=production["cert"], timeout=10)
    assert forged.status_code == 403
    as_http = https.post(base + "/voice", data=form, verify=production["cert"], timeout=10,
                         headers={"X-Twilio-Signature": sign(TOKEN, public.replace("https", "http", 1) + "/voice", form)})
    assert as_http.status_code == 403  # Twilio calls the https address the app is told (IVR_PUBLIC_URL)
    good = https.post(base + "/voice", data=form, headers={"X-Twilio-Signature": sign(TOKEN, public + "/voice", form)},
                      verify=production["cert"], timeout=10)
    assert good.status_code == 200
    assert good.headers["Content-Type"].startswith(("text/xml", "application/xml"))
    answer = parse_twiml("/voice", 200, good.text)
    assert answer.heard and answer.gather is not None
    assert answer.gather["action"].startswith(public + "/voice/step?")  # the next step, at the public address


def test_nginx_refuses_a_webhook_body_larger_than_twilio_sends(production: dict[str, Any]) -> None:
    base = production["url"]
    body = {"CallSid": "CA" + "1" * 32, "SpeechResult": "x" * 70_000}
    response = client(production).post(base + "/voice/step", data=body, headers={"X-Twilio-Signature": "Zm9yZ2Vk"},
                                       verify=production["cert"], timeout=10)
    assert response.status_code == 413
    assert "Request Entity Too Large" in response.text  # nginx's own page: the app never saw the body


def test_plain_http_is_sent_to_https(production: dict[str, Any]) -> None:
    response = client(production).get(production["http"] + "/healthz", allow_redirects=False, timeout=10)
    assert response.status_code == 301
    assert response.headers["Location"] == f"https://{NAME}/healthz"


def test_healthz_through_nginx(production: dict[str, Any]) -> None:
    response = client(production).get(production["url"] + "/healthz", verify=production["cert"], timeout=10)
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["database"] == "ok" and body["audio_store"] == "ok"


def test_unknown_host_names_get_no_answer(production: dict[str, Any]) -> None:
    # https without the site's name (a scanner trying the address): the handshake is refused.
    with pytest.raises(requests.exceptions.SSLError):
        requests.get(production["url"] + "/healthz", verify=production["cert"], timeout=10)
    # The right name in the handshake but another in the Host header, or plain http for another
    # host: the connection is closed without an answer.
    forged = client(production)
    forged.headers["Host"] = "evil.example"
    with pytest.raises(requests.exceptions.ConnectionError):
        forged.get(production["url"] + "/healthz", verify=production["cert"], timeout=10)
    with pytest.raises(requests.exceptions.ConnectionError):
        requests.get(production["http"] + "/healthz", headers={"Host": "evil.example"}, timeout=10)


def test_answers_name_no_version_and_carry_hsts_once(production: dict[str, Any]) -> None:
    for path in ("/healthz", "/", "/staff/login", "/no-such-page"):
        response = client(production).get(production["url"] + path, verify=production["cert"], timeout=10)
        assert response.headers["Server"] == "nginx", path
        assert response.headers["Strict-Transport-Security"] == "max-age=31536000", path
    redirect = client(production).get(production["http"] + "/", allow_redirects=False, timeout=10)
    assert redirect.headers["Server"] == "nginx" and "nginx/" not in redirect.text


def test_the_staff_cookie_is_secure_through_nginx(production: dict[str, Any]) -> None:
    response = client(production).get(production["url"] + "/staff/login", verify=production["cert"], timeout=10)
    assert response.status_code == 200
    [cookie] = [c for c in response.raw.headers.getlist("Set-Cookie") if c.startswith("session=")]
    assert "; Secure" in cookie and "; HttpOnly" in cookie


def test_metrics_through_nginx_count_the_requests_of_both_workers(production: dict[str, Any]) -> None:
    base, cert, public = production["url"], production["cert"], production["public_url"]
    before = webhook_requests(production)
    sent = Counter[int]()
    lock = threading.Lock()

    def one_call(n: int) -> None:
        form = {"CallSid": f"CA{n:032d}", "From": "+375291234567", "To": "+375171928260"}
        response = client(production).post(base + "/voice", data=form, verify=cert, timeout=20,
                                           headers={"X-Twilio-Signature": sign(TOKEN, public + "/voice", form)})
        assert response.status_code == 200
        with lock:
            sent[0] += 1

    def per_worker() -> dict[int, float]:
        """Webhook requests each gunicorn worker has counted, from its own metrics file."""
        counts: dict[int, float] = {}
        for path in production["metrics"].glob("counter_*.db"):
            pid = int(path.stem.split("_")[1])
            for key, value, _, _ in MmapedDict.read_all_values_from_file(str(path)):
                if json.loads(key)[1] == "hotline_webhook_requests_total":
                    counts[pid] = counts.get(pid, 0) + value
        return counts

    for round_number in range(10):  # concurrent calls until both workers have answered some
        threads = [threading.Thread(target=one_call, args=(round_number * 100 + i,)) for i in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        if len([pid for pid, count in per_worker().items() if count > 0]) >= 2:
            break
    workers = {pid: count for pid, count in per_worker().items() if count > 0}
    assert len(workers) == 2, f"requests answered per worker: {workers}"

    after = webhook_requests(production)
    assert after - before == sent[0]  # every request, whichever worker answered it, in one total
    assert sum(workers.values()) == after


def webhook_requests(production: dict[str, Any]) -> float:
    response = client(production).get(production["url"] + "/metrics", verify=production["cert"], timeout=10)
    assert response.status_code == 200
    families = {family.name: family for family in text_string_to_metric_families(response.text)}
    assert "hotline_webhook_latency_seconds" in families
    return sum(sample.value for sample in families["hotline_webhook_requests"].samples
               if sample.name == "hotline_webhook_requests_total")
