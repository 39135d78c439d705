"""Shared machinery of bench/webhooks.py and bench/load.py.

- a private instance (temporary folder, SQLite database, audio store) made ready with the project's
  own commands (`flask init-db`, `flask synth`), as an operator would;
- gunicorn servers on loopback (our app, the peer and the baseline answering a constant TwiML
  document), with the same settings, their worker processes, CPU time and memory;
- call scripts: real menu paths walked once through our webhooks in-process, each request signed
  for its exact URL as Twilio signs it (twilio's RequestValidator), then re-signed for many
  distinct calls;
- the load generator: simulated callers in one asyncio event loop over raw TCP connections (one
  connection per request, as gunicorn's sync workers close each one), measuring each request from
  connect to the last byte, bounded by time and by count;
- checks that every answer is HTTP 200 and TwiML that parses and speaks;
- a forged request (4 MB of form fields, a made-up signature) and the time a server takes to refuse it.

Only 127.0.0.1 is ever contacted.
"""
from __future__ import annotations

import asyncio
import hashlib
import os
import platform
import random
import secrets
import select
import signal
import socket
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Sequence
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
HOST = "127.0.0.1"  # loopback only, whatever the arguments say
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

CLK_TCK = os.sysconf("SC_CLK_TCK")


# -- the machine -------------------------------------------------------------------------------


def machine() -> str:
    """One line naming the machine the figures come from."""
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem = f", {int(line.split()[1]) / 1024 / 1024:.1f} GiB RAM"
                break
    except OSError:
        pass
    try:
        import gunicorn

        gversion = gunicorn.__version__
    except ImportError:  # pragma: no cover - requirements.txt installs it
        gversion = "?"
    return (f"{model or platform.processor() or 'unknown CPU'}, {os.cpu_count()} cores{mem}, "
            f"{platform.system()} {platform.release()}, Python {platform.python_version()}, gunicorn {gversion}")


def system_busy_seconds() -> float:
    """CPU seconds processes on this machine have run since boot (user + nice + system, /proc/stat)."""
    try:
        fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:4]]
    except (OSError, ValueError, IndexError):
        return 0.0
    return sum(fields) / CLK_TCK


# -- the instance --------------------------------------------------------------------------------


def free_port() -> int:
    """A loopback TCP port nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def instance_env(folder: Path, port: int, token: str, synth_workers: int = 1) -> dict[str, str]:
    """The environment of our app for one benchmark: a private database, audio store and token."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("IVR_", "TWILIO_")) and k not in ("DATABASE_URL", "SECRET_KEY")}
    env.update(
        IVR_INSTANCE_PATH=str(folder / "instance"),
        IVR_AUDIO_DIR=str(folder / "audio"),
        IVR_RECORDINGS_DIR=str(folder / "recordings"),
        TWILIO_AUTH_TOKEN=token,
        IVR_PUBLIC_URL=f"http://{HOST}:{port}",
        IVR_SECRET_KEY=secrets.token_hex(16),
        IVR_SYNTH_WORKERS=str(synth_workers),
        IVR_NEWS_INTERVAL="0",  # no news import loop: nothing but loopback is contacted
        IVR_JOB_WORKERS="0",  # no copying of recordings from Twilio, no e-mail: loopback only
        PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""),
    )
    # Keep the operator's engine choice (IVR_TTS); it decides what `synth` makes.
    if os.environ.get("IVR_TTS"):
        env["IVR_TTS"] = os.environ["IVR_TTS"]
    return env


def flask_command(env: dict[str, str], *args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    """`python -m flask --app wsgi ARGS` in the project folder with ``env``."""
    return subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=timeout)


def prepare_instance(env: dict[str, str], synth: bool) -> str:
    """Create the database (so workers do not race on first start) and, if asked, all audio.

    Returns what `flask synth` said (its last line), or why audio was not made.
    """
    # No background synthesis during init-db (its pool would make every file before the command
    # exits): audio is made by the explicit `synth` below, or not at all with --no-synth.
    done = flask_command({**env, "IVR_SYNTH_WORKERS": "0", "IVR_JOB_WORKERS": "0"}, "init-db")
    if done.returncode != 0:
        raise SystemExit(f"bench: flask init-db failed:\n{done.stdout}{done.stderr}")
    if not synth:
        return "not synthesized (--no-synth): calls are answered with <Say>"
    done = flask_command(env, "synth")
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    summary = lines[-1] if lines else "(no output)"
    if done.returncode != 0:
        return f"synth FAILED (exit {done.returncode}): {summary} {done.stderr.strip()[-300:]}"
    return summary


def message_counts(env: dict[str, str]) -> dict[str, int]:
    """Messages callers left in the instance's database, by status (read after the servers stop)."""
    import sqlite3

    path = Path(env["IVR_INSTANCE_PATH"]) / "hotline.sqlite3"
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as con:
            return dict(con.execute("SELECT status, count(*) FROM message GROUP BY status").fetchall())
    except sqlite3.Error:
        return {}


# -- servers ---------------------------------------------------------------------------------------


@dataclass
class Server:
    """One gunicorn master on loopback and its workers."""

    name: str
    port: int
    proc: subprocess.Popen[bytes]
    log: Path

    def workers(self) -> list[int]:
        try:
            text = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children").read_text()
        except OSError:
            return []
        return [int(pid) for pid in text.split()]

    def cpu_seconds(self) -> float:
        """User + system CPU time of the master and its workers so far."""
        total = 0
        for pid in [self.proc.pid, *self.workers()]:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
        return total / CLK_TCK

    def memory(self) -> list[tuple[int, float, float | None]]:
        """(pid, resident MiB, proportional MiB or None) of each worker."""
        out = []
        for pid in self.workers():
            rss = _proc_mib(f"/proc/{pid}/status", "VmRSS:")
            if rss is not None:
                out.append((pid, rss, _proc_mib(f"/proc/{pid}/smaps_rollup", "Pss:")))
        return out

    def stop(self) -> None:
        """Stop the master and its workers: the process group this harness started for them."""
        group = self.proc.pid  # start_new_session: the master leads its own process group
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                pass
        try:
            os.killpg(group, signal.SIGKILL)  # workers still finishing background jobs
        except (ProcessLookupError, PermissionError):
            pass
        if self.proc.poll() is None:
            self.proc.wait(timeout=5)

    def log_failures(self) -> list[str]:
        """Lines of the server's log (gunicorn's and, captured, the app's) that report a failure:
        a traceback, an apology for a failed call step, a worker timeout or crash."""
        try:
            text = self.log.read_text(errors="replace")
        except OSError:
            return []
        marks = ("Traceback", "call step failed", "WORKER TIMEOUT", "Worker exited", "ERROR", "CRITICAL")
        return [line for line in text.splitlines() if any(mark in line for mark in marks)]

    def log_tail(self, lines: int = 20) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


GUNICORN_WORKERS = 2
GUNICORN_CLASS = "sync"  # the README's production command: 2 sync workers
GUNICORN_CONF = ROOT / "gunicorn.conf.py"  # the project's production settings, when it has them


def _proc_mib(path: str, key: str) -> float | None:
    """The size on a "Key: N kB" line of a /proc file, in MiB; None if the file or line is missing."""
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(key):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def gunicorn_settings() -> str:
    """How the servers are run, in words (for the output)."""
    conf = f"-c {GUNICORN_CONF.name} (the project's production settings), " if GUNICORN_CONF.is_file() else ""
    return f"gunicorn {conf}--workers {GUNICORN_WORKERS} --worker-class {GUNICORN_CLASS}, access log to a file"


def start_gunicorn(name: str, app: str, port: int, env: dict[str, str], chdir: Path, logs: Path) -> Server:
    """gunicorn on 127.0.0.1:port with the same settings for every app benchmarked: the project's
    gunicorn.conf.py if it has one, 2 sync workers, access and error logs (with the app's own
    output) in files under ``logs``."""
    log = logs / f"{name}.log"
    cmd = [sys.executable, "-m", "gunicorn"]
    if GUNICORN_CONF.is_file():
        cmd += ["--config", str(GUNICORN_CONF)]
    cmd += ["--workers", str(GUNICORN_WORKERS), "--worker-class", GUNICORN_CLASS,
            "--bind", f"{HOST}:{port}", "--chdir", str(chdir),
            "--access-logfile", str(logs / f"{name}-access.log"), "--error-logfile", str(log),
            "--capture-output", "--log-level", "warning", "--timeout", "30", app]
    metrics = logs / f"{name}-metrics"  # prometheus_client's per-process files, removed with the folder
    metrics.mkdir(exist_ok=True)
    env = dict(env, PROMETHEUS_MULTIPROC_DIR=str(metrics))
    proc = subprocess.Popen(cmd, cwd=chdir, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    server = Server(name, port, proc, log)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"bench: gunicorn for {name} exited with {proc.returncode}:\n{server.log_tail()}")
        if len(server.workers()) >= GUNICORN_WORKERS and _answers(port):
            return server
        time.sleep(0.1)
    server.stop()
    raise SystemExit(f"bench: gunicorn for {name} did not start within 60 s:\n{server.log_tail()}")


def _answers(port: int) -> bool:
    try:
        with socket.create_connection((HOST, port), timeout=2) as sock:
            sock.sendall(b"GET /bench-ready HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            return sock.recv(12).startswith(b"HTTP/1.")
    except OSError:
        return False


# -- call scripts ----------------------------------------------------------------------------------

# Real menu paths (after the language menu). key: a key press; say: a spoken answer; _: silence;
# dial: the transfer ends no-answer (only when the flow did put the caller through); record: the
# caller speaks a message at the beep; hangup: the call ends (Twilio's status callback).
PATHS: dict[str, list[str]] = {
    "hours": ["1", "9", "*", "3", "*", "2", "2", "3", "*"],
    "news": ["2", "1", "2", "3", "#", "*", "1"],
    "contacts-slow": ["8", "3", "9", "*", "8", "1"],
    "speech": ["say:hours", "say:back", "say:news", "say:next", "say:back", "say:address"],
    "silence": ["_", "_", "_", "_"],
    "invalid": ["7", "5", "1", "6", "*", "3"],
    "person": ["0", "dial", "*", "1"],
    "language-again": ["1", "*", "*", "lang:next", "3", "*"],
    "message": ["0", "dial", "1", "record", "1", "3", "hangup"],
}
WORDS = {
    "ru": {"hours": "часы работы", "back": "назад", "news": "новости", "next": "следующая", "address": "адрес"},
    "be": {"hours": "час працы", "back": "назад", "news": "навіны", "next": "наступная", "address": "адрас"},
    "en": {"hours": "office hours", "back": "back", "news": "news", "next": "next", "address": "address"},
}


@dataclass(frozen=True)
class Request:
    """One signed webhook request: the path with its query, and the form fields."""

    path: str
    form: tuple[tuple[str, str], ...]


@dataclass
class Recorded:
    """What the recording client saw: the requests of one call and what the app answered."""

    requests: list[Request] = field(default_factory=list)
    bodies: list[str] = field(default_factory=list)


class _RecordingClient:
    """A Flask test client that keeps each request the CallWalker sends."""

    def __init__(self, client: object, into: Recorded):
        self.client = client
        self.into = into

    def post(self, path: str, data: dict[str, str], headers: dict[str, str]):  # noqa: ANN201
        self.into.requests.append(Request(path, tuple(data.items())))
        response = self.client.post(path, data=data, headers=headers)  # type: ignore[attr-defined]
        self.into.bodies.append(response.get_data(as_text=True))
        return response


def record_paths(env: dict[str, str]) -> tuple[dict[str, Recorded], str]:
    """Walk every path in every language through our webhooks in-process (no network).

    Returns the recorded calls and the TwiML of the main menu (the baseline answers with it).
    """
    from ivr import create_app
    from ivr.languages import CODES
    from ivr.voice.walk import CallWalker

    # The app reads its settings from the environment, as under gunicorn: this process's own
    # environment is swapped for the instance's while the app is built, then put back.
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update({**env, "IVR_SYNTH_WORKERS": "0", "IVR_JOB_WORKERS": "0"})
    try:
        app = create_app()
    finally:
        os.environ.clear()
        os.environ.update(saved)
    token, public = env["TWILIO_AUTH_TOKEN"], env["IVR_PUBLIC_URL"]
    langs = list(CODES)  # instance_env() sets no IVR_LANGUAGES: the service offers every language
    recorded: dict[str, Recorded] = {}
    main_menu = ""
    for lang_index, lang in enumerate(langs):
        for name, steps in PATHS.items():
            rec = Recorded()
            call = CallWalker(_RecordingClient(app.test_client(), rec), token, public)
            page = call.start()
            if page.gather is not None and len(langs) > 1:
                page = call.press(str(lang_index + 1))
                main_menu = main_menu or rec.bodies[-1]
            for step in steps:
                if step == "hangup":
                    call.hangs_up()
                    break
                if page.hangup:
                    break
                if step == "record":
                    if page.record is None:
                        break
                    # Each recorded call its own recording (replaced again in every signed call).
                    page = call.records(6, sid=f"RE{len(recorded):032d}")
                elif step == "dial":
                    if page.dial is None:
                        continue  # the office is closed now: nobody is put through
                    page = call.dial_ends("no-answer")
                elif page.gather is None:
                    break
                elif step == "_":
                    page = call.silence()
                elif step.startswith("say:"):
                    page = call.say(WORDS[lang][step[4:]])
                elif step == "lang:next":
                    page = call.press(str((lang_index + 1) % len(langs) + 1))
                else:
                    page = call.press(step)
            recorded[f"{name}/{lang}"] = rec
    return recorded, main_menu


def signed_calls(recorded: dict[str, Recorded], token: str, public: str, ports: Sequence[int],
                 calls: int) -> list[dict[int, list[bytes]]]:
    """``calls`` distinct calls (own CallSid and caller number), every request signed for its URL.

    Each call is a dict port -> list of request payloads: the same path, form and signature for
    every server, only the Host header differs.
    """
    from twilio.request_validator import RequestValidator

    validator = RequestValidator(token)
    scripts = list(recorded.values())
    out: list[dict[int, list[bytes]]] = []
    for n in range(calls):
        script = scripts[n % len(scripts)]
        sid = "CA" + hashlib.sha1(f"bench-{n}".encode()).hexdigest()
        caller = f"+3752900{n % 100000:05d}"
        per_port: dict[int, list[bytes]] = {port: [] for port in ports}
        for req in script.requests:
            form = dict(req.form)
            form["CallSid"] = sid
            form["From"] = caller
            if "Caller" in form:
                form["Caller"] = caller
            if "RecordingSid" in form:  # each call leaves its own message
                recording = "RE" + sid[2:]
                form["RecordingUrl"] = form.get("RecordingUrl", "").replace(form["RecordingSid"], recording)
                form["RecordingSid"] = recording
            signature = validator.compute_signature(public + req.path, form)
            body = urlencode(form).encode()
            for port in ports:
                head = (f"POST {req.path} HTTP/1.1\r\nHost: {HOST}:{port}\r\nUser-Agent: TwilioProxy/1.1\r\n"
                        f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {len(body)}\r\n"
                        f"X-Twilio-Signature: {signature}\r\nConnection: close\r\n\r\n")
                per_port[port].append(head.encode("latin-1") + body)
        out.append(per_port)
    return out


# -- the load generator ----------------------------------------------------------------------------


# Twilio's status callbacks: their answer is ignored, an empty <Response/> is right for them.
CALLBACKS = (b"POST /voice/status", b"POST /voice/recording")


class _Exchange(asyncio.Protocol):
    """Send one request, collect the answer until the server closes the connection."""

    def __init__(self, payload: bytes, done: asyncio.Future[bytes]):
        self.payload = payload
        self.done = done
        self.chunks: list[bytes] = []

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        transport.write(self.payload)  # type: ignore[attr-defined]

    def data_received(self, data: bytes) -> None:
        self.chunks.append(data)

    def eof_received(self) -> bool:
        return False

    def connection_lost(self, exc: Exception | None) -> None:
        if self.done.done():
            return
        if exc is not None:
            self.done.set_exception(exc)
        else:
            self.done.set_result(b"".join(self.chunks))


@dataclass
class RoundResult:
    """What one target answered during one measured run."""

    target: str
    callers: int
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)  # seconds, one per answered request
    errors: Counter[str] = field(default_factory=Counter)
    # Each distinct (is a status callback, body) answered, and how often.
    bodies: Counter[tuple[bool, bytes]] = field(default_factory=Counter)
    server_cpu: float = 0.0
    client_cpu: float = 0.0
    busy: float = 0.0  # CPU seconds the whole machine was busy meanwhile

    @property
    def others(self) -> float:
        """Cores kept busy by processes other than the server and this client (interference)."""
        return max(0.0, self.busy - self.server_cpu - self.client_cpu) / self.seconds if self.seconds else 0.0

    @property
    def requests(self) -> int:
        return len(self.latencies) + sum(self.errors.values())

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        return percentile(self.latencies, p)


def percentile(values: Sequence[float], p: float) -> float:
    """The p-th percentile (nearest rank) in milliseconds; 0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, int(round(p / 100 * len(ordered) + 0.5)))
    return ordered[min(rank, len(ordered)) - 1] * 1000


def _split(data: bytes) -> tuple[int, bytes, bytes]:
    head, sep, body = data.partition(b"\r\n\r\n")
    if not sep or not head.startswith(b"HTTP/1."):
        raise ValueError("not an HTTP response")
    return int(head[9:12]), head, body


def _content_length(head: bytes) -> int | None:
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return int(value.strip())
    return None


async def _drive(port: int, calls: list[list[bytes]], callers: int, seconds: float, max_requests: int,
                 timeout: float, think: float, result: RoundResult) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    budget = [max_requests]

    async def one(payload: bytes) -> bytes:
        done: asyncio.Future[bytes] = loop.create_future()
        transport, _ = await loop.create_connection(lambda: _Exchange(payload, done), HOST, port)
        try:
            return await done
        finally:
            transport.close()

    async def caller(index: int) -> None:
        # Callers pause like people listening to a prompt: exponentially distributed pauses of mean
        # ``think`` (seeded, so a run is repeatable), starting at random offsets, not in lock-step.
        pauses = random.Random(index)
        if think:
            await asyncio.sleep(pauses.uniform(0, think))
        k = index
        while True:
            call = calls[k % len(calls)]
            k += callers
            for payload in call:
                callback = payload.startswith(CALLBACKS)
                if loop.time() >= deadline or budget[0] <= 0:
                    return
                budget[0] -= 1
                started = time.perf_counter()
                try:
                    async with asyncio.timeout(timeout):
                        data = await one(payload)
                except TimeoutError:
                    result.errors["timeout"] += 1
                    break  # a caller whose request timed out hangs up; the next call starts
                except OSError as exc:
                    result.errors[type(exc).__name__] += 1
                    break
                elapsed = time.perf_counter() - started
                try:
                    status, head, body = _split(data)
                except ValueError:
                    result.errors["not HTTP"] += 1
                    break
                if status != 200:
                    result.errors[f"HTTP {status}"] += 1
                    break
                length = _content_length(head)
                if length is not None and length != len(body):
                    result.errors["short body"] += 1
                    break
                result.latencies.append(elapsed)
                result.bodies[(callback, body)] += 1
                if think:
                    await asyncio.sleep(min(pauses.expovariate(1 / think), max(0.0, deadline - loop.time())))

    await asyncio.gather(*(caller(i) for i in range(callers)))


def run_round(server: Server, calls: list[dict[int, list[bytes]]], callers: int, seconds: float,
              max_requests: int = 10_000_000, timeout: float = 10.0, think: float = 0.0,
              target: str | None = None) -> RoundResult:
    """Drive ``server`` with ``callers`` simulated callers for ``seconds`` (or ``max_requests``)."""
    result = RoundResult(target or server.name, callers)
    scripts = [call[server.port] for call in calls]
    cpu0, client0, busy0, wall0 = server.cpu_seconds(), time.process_time(), system_busy_seconds(), time.perf_counter()
    asyncio.run(_drive(server.port, scripts, callers, seconds, max_requests, timeout, think, result))
    result.seconds = time.perf_counter() - wall0
    result.server_cpu = server.cpu_seconds() - cpu0
    result.client_cpu = time.process_time() - client0
    result.busy = system_busy_seconds() - busy0
    return result


# -- a forged request ------------------------------------------------------------------------------


# 4 MB: just under the 4 000 000 bytes Flask is told to read at most (MAX_CONTENT_LENGTH), so all
# of it reaches the app unless the app refuses it before reading the form.
FORGED_BYTES = 4_000_000


def forged_request(port: int, path: str = "/voice/step?node=main&lang=ru", size: int = FORGED_BYTES) -> bytes:
    """A POST of ``size`` bytes of form fields (about 270 000 of them) with a made-up
    X-Twilio-Signature: what anyone who finds the webhook's URL can send."""
    fields = [("CallSid", "CA" + "0" * 32), ("From", "+375290000000"), ("Digits", "1")]
    body = bytearray(urlencode(fields).encode())
    n = 0
    while len(body) < size:
        body += f"&f{n}=xxxxxxxxxx".encode()
        n += 1
    del body[size:]
    head = (f"POST {path} HTTP/1.1\r\nHost: {HOST}:{port}\r\nUser-Agent: TwilioProxy/1.1\r\n"
            f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {len(body)}\r\n"
            f"X-Twilio-Signature: {'A' * 27}=\r\nConnection: close\r\n\r\n")
    return head.encode("latin-1") + bytes(body)


def refusal(port: int, payload: bytes, timeout: float = 30.0) -> tuple[float, str]:
    """Send ``payload`` and time it from connect until the server has answered and closed (or reset)
    the connection: (milliseconds, what came back: "HTTP 403", "reset", "timeout"...).

    The server may answer before it has read the whole body and close; the client then stops
    sending, as a real sender would on seeing the answer or the reset.
    """
    started = time.perf_counter()
    deadline = started + timeout
    received = bytearray()
    sent = 0
    outcome = ""
    with socket.create_connection((HOST, port), timeout=timeout) as sock:
        sock.setblocking(False)
        while True:
            left = deadline - time.perf_counter()
            if left <= 0:
                outcome = "timeout"
                break
            writers = [sock] if sent < len(payload) else []
            readable, writable, _ = select.select([sock], writers, [], left)
            try:
                if readable:
                    chunk = sock.recv(65536)
                    if not chunk:
                        break  # the server closed: its whole answer is in
                    received += chunk
                elif writable:
                    sent += sock.send(payload[sent:sent + 262144])
            except (ConnectionResetError, BrokenPipeError):
                outcome = "reset"
                if received:
                    break
                sent = len(payload)  # stop sending; read whatever answer is still there
                try:
                    chunk = sock.recv(65536)
                    received += chunk
                except OSError:
                    pass
                break
    elapsed = (time.perf_counter() - started) * 1000
    if received.startswith(b"HTTP/1.") and len(received) >= 12:
        outcome = f"HTTP {received[9:12].decode('latin-1')}" + (" then reset" if outcome == "reset" else "")
    elif not outcome:
        outcome = "closed without an answer"
    return elapsed, outcome


# -- checking answers ------------------------------------------------------------------------------

VERBS = {"Say", "Play", "Gather", "Redirect", "Dial", "Hangup", "Record", "Pause", "Reject", "Hangup"}


def twiml_problem(body: bytes, *, speaks: bool = True, base: str = "") -> str | None:
    """Why ``body`` is not a TwiML answer a call can go on with, or None if it is.

    It must parse as XML with a <Response> root holding only TwiML verbs; with ``speaks``, it must
    say or play something and then listen, redirect, dial, record or hang up; every URL in it must
    start with ``base``.
    """
    try:
        root = ET.fromstring(body)
    except ET.ParseError as exc:
        return f"not XML: {exc}"
    if root.tag != "Response":
        return f"root is <{root.tag}>, not <Response>"
    unknown = [child.tag for child in root if child.tag not in VERBS]
    if unknown:
        return f"unknown verbs {unknown}"
    heard = [el for el in root.iter() if el.tag in ("Say", "Play") and "".join(el.itertext()).strip()]
    if speaks and not heard:
        return "says nothing"
    if speaks and not any(child.tag in ("Gather", "Redirect", "Dial", "Hangup", "Record") for child in root):
        return "the call has nowhere to go"
    if base:
        for el in root.iter():
            url = el.get("action") or (el.text if el.tag in ("Redirect", "Play") else None)
            if url and not url.strip().startswith(base):
                return f"URL {url.strip()[:80]!r} is not under {base}"
    return None


def check_answers(bodies: Counter[tuple[bool, bytes]], base: str = "") -> tuple[int, dict[str, int]]:
    """(answers that are not valid TwiML, problem -> distinct documents with it).

    A call step's answer must speak and go on; a status callback's answer need only be TwiML.
    """
    invalid = 0
    problems: Counter[str] = Counter()
    for (callback, body), times in bodies.items():
        problem = twiml_problem(body, speaks=not callback, base=base)
        if problem:
            invalid += times
            problems[problem] += 1
    return invalid, dict(problems)


def audio_share(bodies: Counter[tuple[bool, bytes]]) -> tuple[int, int, list[str]]:
    """(sentences played from stored audio, sentences spoken with <Say>, the distinct texts said),
    counted over every answer."""
    played = said = 0
    texts: set[str] = set()
    for (_, body), times in bodies.items():
        try:
            root = ET.fromstring(body)
        except ET.ParseError:
            continue
        for el in root.iter():
            if el.tag == "Play":
                played += times
            elif el.tag == "Say":
                said += times
                texts.add(" ".join("".join(el.itertext()).split()))
    return played, said, sorted(texts)


def print_header(title: str) -> None:
    """The first lines of a benchmark's output: what, when, on which machine, how busy it was."""
    print(f"{title}, {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC")
    print(f"machine: {machine()}; load average before the run: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
