"""Throwaway servers for the integration tests: PostgreSQL, Redis, nginx, gunicorn and the RQ worker.

Everything listens on 127.0.0.1 only, lives in a temporary folder and is stopped by the tests. The
Debian packages (postgresql, redis-server, nginx) must be installed; `.ci/run` installs them. Where
one is missing, the tests that need it are skipped with a message saying which, except in CI
(CI=true), where a missing server fails the run instead of silently testing less.
"""
from __future__ import annotations

import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]


def unavailable(message: str) -> None:
    """Skip (on a developer's machine) or fail (in CI) a test that needs a missing server."""
    if os.environ.get("CI"):
        pytest.fail(f"{message} — .ci/run should have installed it")
    pytest.skip(message)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(check: Callable[[], Any], timeout: float, what: str, interval: float = 0.1) -> Any:
    """Call ``check`` until it returns something truthy; AssertionError naming ``what`` on timeout."""
    deadline = time.monotonic() + timeout
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        try:
            result = check()
            if result:
                return result
        except Exception as exc:  # not up yet
            last_error = exc
        time.sleep(interval)
    raise AssertionError(f"{what} did not happen within {timeout:g} s" + (f" (last error: {last_error})" if last_error else ""))


def _find_tool(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return candidates[-1] if candidates else None


# -- PostgreSQL ---------------------------------------------------------------------------------------


@dataclass
class Postgres:
    """A private PostgreSQL cluster on a loopback port, with trust authentication."""

    port: int
    data: Path
    pg_ctl: str
    as_user: list[str]
    counter: int = 0

    def url(self, database: str) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, prefix: str = "hotline") -> str:
        """A new empty database; returns its SQLAlchemy URL."""
        import psycopg

        self.counter += 1
        name = f"{prefix}_{os.getpid()}_{self.counter}"
        with psycopg.connect(host="127.0.0.1", port=self.port, user="postgres", dbname="postgres",
                             autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        subprocess.run([*self.as_user, self.pg_ctl, "-D", str(self.data), "-m", "immediate", "stop"],
                       capture_output=True, timeout=60)


def start_postgres(base: Path) -> Postgres:
    initdb, pg_ctl = _find_tool("initdb"), _find_tool("pg_ctl")
    if not initdb or not pg_ctl:
        unavailable("PostgreSQL is not installed (apt-get install postgresql)")
    try:
        import psycopg  # noqa: F401
    except ImportError:
        unavailable("psycopg is not installed (pip install -r requirements.txt)")
    as_user: list[str] = []
    if os.geteuid() == 0:
        # PostgreSQL refuses to run as root: the cluster belongs to the postgres user.
        try:
            owner = pwd.getpwnam("postgres")
        except KeyError:
            unavailable("PostgreSQL needs its 'postgres' user (apt-get install postgresql)")
        as_user = ["runuser", "-u", "postgres", "--"]
    base.mkdir(parents=True, exist_ok=True)
    data = base / "pgdata"
    if as_user:
        os.chmod(base, 0o755)
        os.chown(base, owner.pw_uid, owner.pw_gid)
    subprocess.run([*as_user, initdb, "-D", str(data), "-A", "trust", "-U", "postgres", "-E", "UTF8",
                    "--locale=C", "--no-sync"], check=True, capture_output=True, timeout=120)
    port = free_port()
    options = (f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories='{data}' "
               "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=50")
    subprocess.run([*as_user, pg_ctl, "-D", str(data), "-o", options, "-l", str(data / "server.log"), "-w",
                    "-t", "60", "start"], check=True, capture_output=True, timeout=90)
    return Postgres(port=port, data=data, pg_ctl=pg_ctl, as_user=as_user)


# -- Redis --------------------------------------------------------------------------------------------


@dataclass
class Redis:
    port: int
    process: subprocess.Popen[bytes]

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def stop(self) -> None:
        stop_process(self.process)


def start_redis(base: Path) -> Redis:
    server = shutil.which("redis-server")
    if not server:
        unavailable("Redis is not installed (apt-get install redis-server)")
    base.mkdir(parents=True, exist_ok=True)
    port = free_port()
    process = subprocess.Popen([server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                                "--dir", str(base), "--logfile", str(base / "redis.log")],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    redis = Redis(port, process)

    def pong() -> bool:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")

    try:
        wait_until(pong, 30, "Redis answering PING")
    except AssertionError:
        redis.stop()
        raise
    return redis


# -- the hotline's own processes ----------------------------------------------------------------------


@dataclass
class Service:
    """A process of ours (gunicorn, the worker, nginx) with its log file."""

    name: str
    process: subprocess.Popen[bytes]
    log: Path
    url: str = ""
    env: dict[str, str] = field(default_factory=dict)

    def log_text(self) -> str:
        try:
            return self.log.read_text(errors="replace")
        except FileNotFoundError:
            return ""

    def stop(self) -> None:
        stop_process(self.process)


def stop_process(process: subprocess.Popen[bytes], timeout: float = 20) -> None:
    """SIGTERM, then SIGKILL if it does not go in time."""
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(10)


def hotline_env(**settings: str) -> dict[str, str]:
    """The environment for one of our processes: this one's, less any hotline settings, plus ``settings``."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("IVR_", "TWILIO_", "PROMETHEUS_")) and k not in ("DATABASE_URL", "REDIS_URL")}
    env.update(PYTHONUNBUFFERED="1", PYTHONPATH=str(ROOT), **settings)
    return env


def start(name: str, args: list[str], env: dict[str, str], log_dir: Path, url: str = "") -> Service:
    log_dir.mkdir(parents=True, exist_ok=True)
    log = log_dir / f"{name}.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(args, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL)
    return Service(name, process, log, url, env)


def start_gunicorn(name: str, env: dict[str, str], log_dir: Path, port: int | None = None) -> Service:
    """`gunicorn -c gunicorn.conf.py wsgi:app` on 127.0.0.1 (IVR_BIND), as the README says."""
    port = port or free_port()
    env = dict(env, IVR_BIND=f"127.0.0.1:{port}")
    service = start(name, [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"], env, log_dir,
                    url=f"http://127.0.0.1:{port}")
    return service


def wait_healthy(services: Iterable[Service], timeout: float = 90) -> None:
    for service in services:
        def healthy(service: Service = service) -> bool:
            if service.process.poll() is not None:
                raise AssertionError(f"{service.name} exited:\n{service.log_text()[-3000:]}")
            return requests.get(service.url + "/healthz", timeout=5).status_code == 200

        try:
            wait_until(healthy, timeout, f"{service.name} answering /healthz")
        except AssertionError as exc:
            raise AssertionError(f"{exc}\n--- {service.name} log ---\n{service.log_text()[-3000:]}") from None


class HttpClient:
    """What CallWalker needs of a Flask test client, over real HTTP to one or more base URLs in turn."""

    def __init__(self, bases: list[str], verify: Any = True, headers: dict[str, str] | None = None):
        self.bases = bases
        self.verify = verify
        self.headers = headers or {}
        self.turn = 0
        self.answered_by: list[str] = []
        self.session = requests.Session()

    def post(self, path: str, data: dict[str, str], headers: dict[str, str]) -> "HttpResponse":
        base = self.bases[self.turn % len(self.bases)]
        self.turn += 1
        self.answered_by.append(base)
        response = self.session.post(base + path, data=data, headers={**self.headers, **headers}, timeout=20,
                                     verify=self.verify)
        return HttpResponse(response)


class HttpResponse:
    def __init__(self, response: requests.Response):
        self.response = response
        self.status_code = response.status_code

    def get_data(self, as_text: bool = False) -> Any:
        return self.response.text if as_text else self.response.content


def make_certificate(directory: Path, names: list[str]) -> tuple[Path, Path]:
    """A self-signed certificate (openssl) for ``names`` (DNS names or IP addresses)."""
    openssl = shutil.which("openssl")
    if not openssl:
        unavailable("openssl is not installed")
    directory.mkdir(parents=True, exist_ok=True)
    cert, key = directory / "hotline.crt", directory / "hotline.key"
    san = ",".join(f"IP:{n}" if n.replace(".", "").isdigit() else f"DNS:{n}" for n in names)
    subprocess.run([openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", f"/CN={names[0]}",
                    "-addext", f"subjectAltName={san}", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True, timeout=60)
    return cert, key


def temporary_folder(prefix: str) -> Path:
    """A folder other users can enter (PostgreSQL runs as 'postgres'); removed by the caller."""
    path = Path(tempfile.mkdtemp(prefix=prefix))
    os.chmod(path, 0o755)
    return path
