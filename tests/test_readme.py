"""Every example in the README is run here, so the README and the service cannot drift apart
(issue 21, item 6).

- A `$ command` block: the command runs as written on a fresh install and prints what the block
  shows after it (`...` on a line of its own stands for lines left out, `…` for part of a line).
- Every `python3 -m flask --app wsgi …` command, in a block or inline, names a real command with
  options it has.
- The command blocks run in README order on one fresh install (a feed's address becomes a local
  server's); the few that start servers, need Redis or take minutes are run by the tests named in
  NOT_RUN_HERE.
- The set-up: `.ci/run` ends with exactly the README's test command, and the dev requirements
  include the service's.
"""
from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import textwrap
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from ipaddress import ip_network
from pathlib import Path
from typing import Iterator

import click
import pytest
from flask.cli import run_command

from ivr.config import change

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()
FLASK = ["python3", "-m", "flask", "--app", "wsgi"]
# Commands the in-process run leaves to other tests, and why.
NOT_RUN_HERE = {
    "run": "starts the server: tests/test_quiet_commands.py, and the clean-venv check of the set-up",
    "worker": "needs Redis: tests/integration/test_several_hosts.py",
    "synth": "makes every file (a minute of speech): tests/speech",
    "db": "Flask-Migrate's own: tests/integration/test_production.py (db upgrade)",
    "recordings": "needs the office's studio file: tests/speech/test_recorded_prompts.py runs add, list and remove",
}
FEED = """<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Копыль</title>
<item><title>Открыт новый центр услуг</title><link>https://kopyl.example/1</link>
<guid>kopyl-1</guid><pubDate>Fri, 27 Nov 2026 09:00:00 +0300</pubDate>
<description>Центр работает с понедельника по пятницу.</description></item></channel></rss>"""


def code_blocks(text: str) -> list[list[str]]:
    """The indented code blocks of a Markdown text, each dedented, as lines."""
    blocks: list[list[str]] = []
    current: list[str] = []
    previous_blank = True
    for line in text.splitlines():
        if line.startswith("    ") and (current or previous_blank):
            current.append(line)
        elif current:
            blocks.append(textwrap.dedent("\n".join(current)).splitlines())
            current = []
        previous_blank = not line.strip()
    if current:
        blocks.append(textwrap.dedent("\n".join(current)).splitlines())
    return blocks


def flask_args(line: str) -> list[str] | None:
    """The arguments after `python3 -m flask --app wsgi` on a shell line (up to `&&`, `>>`…), or None."""
    if " ".join(FLASK) not in line:
        return None
    words = shlex.split(line.removeprefix("$ "), comments=True)
    for start in range(len(words) - len(FLASK) + 1):
        if words[start:start + len(FLASK)] == FLASK:
            args = words[start + len(FLASK):]
            ends = [i for i, word in enumerate(args) if word in ("&&", ">>", ">", "|", "2>&1", ";")]
            return args[:ends[0]] if ends else args
    return None


def samples() -> list[tuple[list[str], list[str]]]:
    """Each `$ python3 -m flask …` line with the output shown under it."""
    found = []
    for block in code_blocks(README):
        for i, line in enumerate(block):
            if line.startswith("$ "):
                output = []
                for following in block[i + 1:]:
                    if following.startswith("$ "):
                        break
                    output.append(following)
                found.append((flask_args(line), output))
    return found


def block_commands() -> list[list[str]]:
    """Every flask command of the README's code blocks, in order."""
    return [args for block in code_blocks(README) for line in block if (args := flask_args(line)) is not None]


def inline_commands() -> list[list[str]]:
    """Every `flask --app wsgi …` in an inline code span (spans may break across lines)."""
    text = " ".join(README.split())
    spans = re.findall(r"`((?:python3 -m )?flask --app wsgi[^`]*)`", text)
    return [shlex.split(span.removeprefix("python3 -m "))[3:] for span in spans]


def matches(shown: list[str], real: list[str]) -> bool:
    """Whether ``real`` output lines are what ``shown`` shows (`...` lines: any lines; `…`: any text)."""
    pattern = "".join(r"(?:.*\n)*?" if line.strip() == "..." else ".*".join(map(re.escape, line.split("…"))) + r"\n"
                      for line in shown)
    return re.fullmatch(pattern, "\n".join(real) + "\n") is not None


def fresh_environment(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("IVR_", "TWILIO_", "DATABASE_URL", "REDIS_URL"))}
    env.update(IVR_INSTANCE_PATH=str(tmp_path / "instance"), IVR_AUDIO_DIR=str(tmp_path / "audio"),
               IVR_SYNTH_WORKERS="0", IVR_NEWS_INTERVAL="0", IVR_DAILY_PURGE="0")
    return env


def test_the_readme_has_examples_to_check():
    assert len(samples()) >= 2 and len(block_commands()) >= 20 and len(inline_commands()) >= 5


def test_the_output_matcher_would_catch_a_difference():
    assert matches(["a", "...", "c…e"], ["a", "b", "b2", "cde"])
    assert not matches(["a", "...", "c…e"], ["a", "b", "cdf"])
    assert not matches(["a", "x"], ["a", "y"])


@pytest.mark.parametrize("args, shown", [pytest.param(args, shown, id=" ".join(args)) for args, shown in samples()])
def test_a_sample_prints_what_the_readme_shows(tmp_path, args, shown):
    result = subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", *args], cwd=ROOT,
                            env=fresh_environment(tmp_path), capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    assert matches(shown, result.stdout.splitlines()), "README shows:\n" + "\n".join(shown) + "\n\nreal:\n" + result.stdout


def parse(command: click.Command, name: str, args: list[str]) -> None:
    """Parse ``args`` as the command line would (a UsageError for a wrong command or option)."""
    with command.make_context(name, list(args), resilient_parsing=False) as ctx:
        if isinstance(command, click.Group):
            sub_name, sub, rest = command.resolve_command(ctx, [*ctx.protected_args, *ctx.args])
            parse(sub, sub_name, rest)


@pytest.mark.parametrize("args", block_commands() + inline_commands(), ids=lambda args: " ".join(args)[:60])
def test_every_flask_command_in_the_readme_exists_with_its_options(app, args):
    name, rest = args[0], args[1:]
    command = run_command if name == "run" else app.cli.get_command(click.Context(app.cli), name)
    assert command is not None, f"the README names `flask {name}`, which does not exist"
    if name == "create-staff" or name == "staff-password":
        rest = [*rest, "--password-file", os.devnull]  # parsing must not ask for a password
    try:
        parse(command, name, rest)
    except click.UsageError as exc:
        pytest.fail(f"`flask {' '.join(args)}` from the README: {exc.format_message()}")


@pytest.fixture
def feed_server() -> Iterator[str]:
    """A local stand-in for the office's feed (tests never reach the internet)."""

    class Feed(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            body = FEED.encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Feed)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/rss"
    server.shutdown()
    server.server_close()


def test_the_readme_command_blocks_run_in_order_on_a_fresh_install(app, runner, feed_server, tmp_path, monkeypatch):
    change(app, IVR_FEED_ALLOW_NETWORKS=(ip_network("127.0.0.1/32"),))
    monkeypatch.chdir(tmp_path)  # `say … -o out.wav` writes here
    monkeypatch.setenv("IVR_STAFF_PASSWORD", "correct horse battery staple")
    ran = []
    for args in block_commands():
        if args[0] in NOT_RUN_HERE:
            continue
        args = [feed_server if arg == "https://kopyl.example/rss" else arg for arg in args]
        result = runner.invoke(args=args)
        assert result.exit_code == 0, f"`flask {' '.join(args)}` from the README:\n{result.output}"
        ran.append(args[0])
    assert (tmp_path / "out.wav").read_bytes()[:4] == b"RIFF"
    assert {"call", "say", "pronounce", "feeds", "import-news", "purge", "create-staff"} <= set(ran)


def test_the_pronunciation_examples_change_the_table_and_take_it_back(runner):
    """The README's fix-a-word example changes something, and the one after it removes that fix,
    not one of the demo's."""
    before = runner.invoke(args=["pronounce", "--lang", "be"]).output
    fix, remove = [args for args in block_commands() if args[0] == "pronounce" and len(args) > 3][:2]
    assert "saved as revision" in runner.invoke(args=fix).output
    assert f"{fix[1]} -> {fix[2]}" in runner.invoke(args=["pronounce", "--lang", "be"]).output
    assert runner.invoke(args=remove).exit_code == 0
    assert runner.invoke(args=["pronounce", "--lang", "be"]).output == before


def test_a_fix_the_table_has_already_saves_nothing(runner):
    result = runner.invoke(args=["pronounce", "камітэта", "камітэ́та", "--lang", "be"])
    assert result.exit_code == 0 and result.output.strip() == "'камітэта' is read as 'камітэ́та' already: nothing saved"


def readme_set_up_commands() -> list[str]:
    section = README[README.index("## Set-up: two commands"):README.index("## Try it without a phone")]
    return [line for block in code_blocks(section) for line in block]


def test_ci_runs_exactly_the_readme_test_command():
    install_and_run, test_command = readme_set_up_commands()
    assert install_and_run.startswith("python3 -m venv .venv && .venv/bin/pip install -r requirements.txt && ")
    ci = [line for line in (ROOT / ".ci" / "run").read_text().splitlines() if line and not line.startswith("#")]
    assert ci[-1] == test_command
    assert "requirements-dev.txt" in test_command


def test_the_dev_requirements_include_the_service_and_the_test_packages():
    dev = [line.split("#")[0].strip() for line in (ROOT / "requirements-dev.txt").read_text().splitlines()]
    service = (ROOT / "requirements.txt").read_text().lower()
    assert "-r requirements.txt" in dev
    for package in ("pytest", "hypothesis", "playwright", "trustme", "lameenc"):
        assert any(line.lower().startswith(package + "==") for line in dev), package
        assert not re.search(rf"^{package}\b", service, re.MULTILINE), f"{package} is for the tests only"
