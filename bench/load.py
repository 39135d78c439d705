"""Load test: 200 simulated callers for 60 s against our app under gunicorn, on loopback only.

    python bench/load.py                          # 200 callers, 60 s, back to back
    python bench/load.py --callers 50 --seconds 10     # a shorter run

It prepares a private instance as bench/webhooks.py does (init-db, synth, gunicorn with 2 sync
workers, signature checking on), then lets the callers walk the recorded menu paths, each sending
its next signed request as soon as the last one is answered (the heaviest load 200 callers can
make; --think adds pauses). Every answer is checked: HTTP 200, complete, and TwiML that parses,
speaks and goes on, with every URL in it pointing back at this server. The server's log must show
no traceback, no apology for a failed call step and no worker timeout.

Bounded: it stops after --seconds (or --max-requests) by itself; only 127.0.0.1 is contacted.
Exit status 1 if any request failed, any answer was not valid TwiML or the log shows a failure.
"""
from __future__ import annotations

import argparse
import secrets
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import harness  # noqa: E402
from harness import HOST, ROOT  # noqa: E402


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--callers", type=int, default=200, help="concurrent simulated callers (200)")
    parser.add_argument("--seconds", type=float, default=60.0, help="how long (60 s)")
    parser.add_argument("--think", type=float, default=0.0, help="mean pause in ms between a caller's requests (0)")
    parser.add_argument("--calls", type=int, default=2048, help="distinct signed calls to cycle through (2048)")
    parser.add_argument("--max-requests", type=int, default=1_000_000, help="cap on requests (1000000)")
    parser.add_argument("--timeout", type=float, default=10.0,
                        help="seconds one request may take (10; Twilio waits 15)")
    parser.add_argument("--no-synth", action="store_true", help="skip `flask synth` (answers then use <Say>)")
    args = parser.parse_args(argv)
    if not (1 <= args.callers <= 1000 and 1 <= args.seconds <= 3600 and 0 <= args.think <= 60_000):
        parser.error("--callers 1..1000, --seconds 1..3600, --think 0..60000")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.monotonic()
    harness.print_header("hotline load test")
    with tempfile.TemporaryDirectory(prefix="hotline-load-", ignore_cleanup_errors=True) as tmp:
        folder = Path(tmp)
        port = harness.free_port()
        token = secrets.token_hex(16)
        env = harness.instance_env(folder, port, token, synth_workers=0 if args.no_synth else 1)
        print(f"audio: {harness.prepare_instance(env, synth=not args.no_synth)}")
        recorded, _ = harness.record_paths(env)
        calls = harness.signed_calls(recorded, token, env["IVR_PUBLIC_URL"], [port], args.calls)
        print(f"server: {harness.gunicorn_settings()}, wsgi:app on {HOST}:{port}, signatures checked")
        print(f"callers: {args.callers} for {args.seconds:g} s, "
              + (f"pausing {args.think:g} ms on average" if args.think else "back to back")
              + f", walking {len(recorded)} recorded menu paths in {len(calls)} distinct signed calls")
        server = harness.start_gunicorn("ours", "wsgi:app", port, env, ROOT, folder)
        try:
            harness.run_round(server, calls, min(args.callers, 16), 2.0)  # warm both workers
            before = server.memory()
            result = harness.run_round(server, calls, args.callers, args.seconds, args.max_requests,
                                       timeout=args.timeout, think=args.think / 1000)
            after = server.memory()
        finally:
            server.stop()
        failures = server.log_failures()
        left = harness.message_counts(env)

    base = f"http://{HOST}:{port}/"
    invalid, problems = harness.check_answers(result.bodies, base=base)
    errors = sum(result.errors.values())
    played, said, said_texts = harness.audio_share(result.bodies)
    print()
    print(f"requests answered: {len(result.latencies)} in {result.seconds:.1f} s, {result.rate:.0f} per second")
    print(f"latency: p50 {result.percentile(50):.1f} ms, p90 {result.percentile(90):.1f} ms, "
          f"p99 {result.percentile(99):.1f} ms, max {result.percentile(100):.1f} ms")
    print(f"request errors: {errors}" + (f" {dict(result.errors)}" if errors else ""))
    print(f"answers checked: {len(result.latencies)} ({len(result.bodies)} distinct TwiML documents, each parsed); "
          f"not valid TwiML: {invalid}" + (f" {problems}" if problems else ""))
    print(f"sentences: {played} played from stored audio (<Play>), {said} spoken with <Say>"
          + (f" ({len(said_texts)} distinct sentences without stored audio, e.g. {said_texts[:3]})" if said else ""))
    print(f"messages callers left: {left.get('new', 0)} delivered to staff, {left.get('draft', 0)} drafts of calls "
          f"cut off by the end of the run" + (f" (all: {left})" if set(left) - {"new", "draft"} else ""))
    print(f"server log: {len(failures)} failure lines" + (":\n  " + "\n  ".join(failures[:10]) if failures else ""))
    print(f"server CPU per answer: {result.server_cpu / max(1, len(result.latencies)) * 1000:.2f} ms; "
          f"client CPU {result.client_cpu / result.seconds:.2f} cores; other processes {result.others:.2f} cores")
    for (pid, rss0, _), (_, rss1, pss1) in zip(before, after):
        print(f"memory of worker {pid}: resident {rss0:.1f} MiB before, {rss1:.1f} MiB after"
              + (f" (proportional {pss1:.1f} MiB)" if pss1 is not None else ""))
    ok = errors == 0 and invalid == 0 and not failures and len(result.latencies) > 0
    print(f"result: {'PASS' if ok else 'FAIL'}: zero errors and every answer valid TwiML"
          f" (total time {time.monotonic() - started:.0f} s)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
