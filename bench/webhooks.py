"""Webhook benchmark: our app against a constant-TwiML baseline, under the same gunicorn.

    python bench/webhooks.py                 # 64 callers; 6 + 2 alternating rounds of 5 s per server
    python bench/webhooks.py --callers 16 --rounds 2 --seconds 2 --paced-rounds 1 --no-synth   # a look

What it does, all on 127.0.0.1 and in a temporary folder:
1. makes a private instance (database, audio store, auth token) and readies it with the project's
   own commands: `flask --app wsgi init-db`, then `flask --app wsgi synth` so that calls are
   answered with <Play> of stored audio, as in production (the output says whether it was ready);
2. starts our app (`wsgi:app`, signature checking on) and the baseline (`bench/baseline.py`: the
   webhook routes answering our captured main-menu TwiML, no database, no signature check), each
   under the same gunicorn settings: the project's gunicorn.conf.py, 2 sync workers;
3. walks real menu paths (language menu, hours, news next/previous/more, contacts, slower speech,
   spoken answers, silence, invalid keys, a person, a voice message and the hang-up) through our
   webhooks in-process, and signs every request of 1024 distinct calls for its exact URL as
   Twilio would;
4. drives both servers with the same signed requests from concurrent simulated callers, in
   alternating rounds (ours first in odd rounds, the baseline first in even ones), after a
   warm-up: first at saturation (each caller sends its next request as soon as the last is
   answered: capacity and the ratio), then paced (random pauses of 250 ms on average: latency
   below capacity);
5. checks every answer (HTTP 200, complete, TwiML that parses; a call step of ours must speak and
   go on) and prints per-round and overall requests/s, p50/p99/max latency, errors, the servers'
   CPU per answer, the client's CPU and other processes' CPU during each round, the ratio
   ours/baseline, whether the targets were met, and the resident memory of the workers.

The load generator is this process: simulated callers as tasks of one asyncio event loop, each
request a fresh TCP connection (gunicorn's sync workers close every connection) timed from
connect to the server's close. It needs nothing beyond requirements.txt. It competes with the
servers for the same cores, as any client on one machine does; its own CPU use is printed, and
so is the servers' CPU time per answer, which does not depend on the client.

Exit status: 1 if any request failed or any answer was not valid TwiML; 0 otherwise, whether or not
the speed targets were met (the output says).
"""
from __future__ import annotations

import argparse
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import harness  # noqa: E402
from harness import BENCH, HOST, ROOT, RoundResult  # noqa: E402

TARGET_RATIO = 0.8
TARGET_P99_MS = 20.0
TARGET_CALLERS = 64


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--callers", type=int, default=TARGET_CALLERS, help="concurrent simulated callers (64)")
    parser.add_argument("--rounds", type=int, default=6, help="saturation rounds per server, alternating (6)")
    parser.add_argument("--seconds", type=float, default=5.0, help="length of one round (5 s)")
    parser.add_argument("--warmup", type=float, default=2.0, help="unmeasured warm-up per server (2 s)")
    parser.add_argument("--think", type=float, default=250.0,
                        help="mean pause in ms between a caller's requests in the paced rounds (250)")
    parser.add_argument("--paced-rounds", type=int, default=2,
                        help="paced rounds per server, alternating (2; 0 skips them)")
    parser.add_argument("--calls", type=int, default=1024, help="distinct signed calls to cycle through (1024)")
    parser.add_argument("--max-requests", type=int, default=500_000, help="cap on requests per round")
    parser.add_argument("--baseline", choices=("flask", "bare"), default="flask",
                        help="flask: the same framework and routes (default); bare: a bare WSGI callable")
    parser.add_argument("--no-synth", action="store_true", help="skip `flask synth` (answers then use <Say>)")
    args = parser.parse_args(argv)
    if not (1 <= args.callers <= 1000 and 1 <= args.rounds <= 100 and 0.2 <= args.seconds <= 600
            and 0 <= args.paced_rounds <= 100 and 0 < args.think <= 60_000):
        parser.error("--callers 1..1000, --rounds 1..100, --seconds 0.2..600, --paced-rounds 0..100, --think 0..60000")
    return args


HEADER = (f"{'round':<18} {'answered':>9} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8} {'errors':>7} "
          f"{'srv CPU/ans':>11} {'client':>7} {'others':>7}")


def row(label: str, res: RoundResult) -> str:
    per_req = res.server_cpu / len(res.latencies) * 1000 if res.latencies else 0.0
    errors = sum(res.errors.values())
    client = res.client_cpu / res.seconds if res.seconds else 0.0
    return (f"{label:<18} {len(res.latencies):>9} {res.rate:>8.0f} {res.percentile(50):>8.1f} {res.percentile(99):>8.1f} "
            f"{res.percentile(100):>8.1f} {errors:>7} {per_req:>8.2f} ms {client:>7.2f} {res.others:>7.2f}")


def merge(results: list[RoundResult]) -> RoundResult:
    total = RoundResult(results[0].target, results[0].callers)
    for res in results:
        total.seconds += res.seconds
        total.latencies += res.latencies
        total.errors.update(res.errors)
        total.bodies.update(res.bodies)
        total.server_cpu += res.server_cpu
        total.client_cpu += res.client_cpu
        total.busy += res.busy
    return total


def alternate(servers: dict[str, harness.Server], calls, rounds: int, args: argparse.Namespace,
              think: float) -> dict[str, list[RoundResult]]:
    """``rounds`` rounds per server: ours first in odd rounds, the baseline first in even ones."""
    results: dict[str, list[RoundResult]] = {"ours": [], "baseline": []}
    print(HEADER)
    for n in range(1, rounds + 1):
        order = ("ours", "baseline") if n % 2 else ("baseline", "ours")
        for name in order:
            res = harness.run_round(servers[name], calls, args.callers, args.seconds, args.max_requests, think=think)
            results[name].append(res)
            print(row(f"{n} {name}", res), flush=True)
    for name in ("ours", "baseline"):
        print(row(f"all {name}", merge(results[name])))
    return results


def met(ok: bool) -> str:
    return "met" if ok else "NOT met"


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.monotonic()
    harness.print_header("hotline webhook benchmark")
    print(f"servers: {harness.gunicorn_settings()}, on {HOST}, one for our app (wsgi:app, signatures "
          f"checked) and one for the baseline "
          f"({'baseline:app, Flask' if args.baseline == 'flask' else 'baseline:bare, bare WSGI'}, constant TwiML)")
    print(f"client: this process, asyncio over raw TCP, one connection per request, {args.callers} simulated callers")
    with tempfile.TemporaryDirectory(prefix="hotline-bench-", ignore_cleanup_errors=True) as tmp:
        folder = Path(tmp)
        ours_port, base_port = harness.free_port(), harness.free_port()
        token = secrets.token_hex(16)
        # Without audio, a worker would queue every sentence it meets for background synthesis and
        # spend the benchmark synthesizing: --no-synth measures the <Say> path with that pool off.
        env = harness.instance_env(folder, ours_port, token, synth_workers=0 if args.no_synth else 1)
        t0 = time.monotonic()
        synth = harness.prepare_instance(env, synth=not args.no_synth)
        print(f"instance: {folder} (init-db and synth took {time.monotonic() - t0:.1f} s)")
        print(f"audio: {synth}")
        recorded, main_menu = harness.record_paths(env)
        twiml_file = folder / "baseline.xml"
        twiml_file.write_text(main_menu, encoding="utf-8")
        calls = harness.signed_calls(recorded, token, env["IVR_PUBLIC_URL"], [ours_port, base_port], args.calls)
        n_requests = sum(len(call[ours_port]) for call in calls)
        print(f"calls: {len(recorded)} recorded menu paths ({', '.join(sorted({k.split('/')[0] for k in recorded}))}; "
              f"in ru, be, en), {len(calls)} distinct signed calls of {n_requests} requests in all; "
              f"the baseline answers every request with our {len(main_menu.encode())}-byte main menu")
        started_servers: list[harness.Server] = []
        try:
            ours = harness.start_gunicorn("ours", "wsgi:app", ours_port, env, ROOT, folder)
            started_servers.append(ours)
            base_env = dict(env, BENCH_BASELINE_TWIML=str(twiml_file))
            baseline = harness.start_gunicorn("baseline", f"baseline:{'app' if args.baseline == 'flask' else 'bare'}",
                                              base_port, base_env, BENCH, folder)
            started_servers.append(baseline)
            servers = {"ours": ours, "baseline": baseline}
            for server in (ours, baseline):
                harness.run_round(server, calls, args.callers, args.warmup, args.max_requests)
            print()
            print(f"1. saturation: {args.callers} callers, each sending its next request as soon as the last "
                  f"is answered ({args.rounds} rounds of {args.seconds:g} s per server)")
            saturated = alternate(servers, calls, args.rounds, args, think=0.0)
            paced: dict[str, list[RoundResult]] = {"ours": [], "baseline": []}
            if args.paced_rounds:
                print()
                print(f"2. paced: {args.callers} callers, each pausing {args.think:g} ms on average between "
                      f"requests (offered at most {args.callers / args.think * 1000:.0f} requests/s; a real "
                      f"caller pauses seconds while a prompt plays)")
                paced = alternate(servers, calls, args.paced_rounds, args, think=args.think / 1000)
            memory, base_memory = ours.memory(), baseline.memory()
        finally:
            for server in started_servers:
                server.stop()
        log_tail = started_servers[0].log_tail(5) if started_servers else ""

    total = {name: merge(saturated[name] + paced[name]) for name in ("ours", "baseline")}
    sat = {name: merge(saturated[name]) for name in saturated}
    base_url = f"http://{HOST}:{ours_port}/"
    checked = {name: harness.check_answers(total[name].bodies, base=base_url if name == "ours" else "")
               for name in total}
    invalid = {name: checked[name][0] for name in total}
    problems = {name: checked[name][1] for name in total}
    errors = {name: sum(total[name].errors.values()) + invalid[name] for name in total}
    played, said, said_texts = harness.audio_share(total["ours"].bodies)
    ratio = sat["ours"].rate / sat["baseline"].rate if sat["baseline"].rate else 0.0
    ratios = [o.rate / b.rate for o, b in zip(saturated["ours"], saturated["baseline"]) if b.rate]
    p99_sat = sat["ours"].percentile(99)
    p99_paced = merge(paced["ours"]).percentile(99) if paced["ours"] else None
    cpu = {name: sat[name].server_cpu / max(1, len(sat[name].latencies)) * 1000 for name in sat}
    print()
    print(f"answers checked: ours {len(total['ours'].latencies)} ({len(total['ours'].bodies)} distinct TwiML documents, "
          f"each parsed), baseline {len(total['baseline'].latencies)}; not valid TwiML: ours {invalid['ours']}, "
          f"baseline {invalid['baseline']}" + (f"; problems: {problems}" if any(problems.values()) else ""))
    print(f"our answers: {played} sentences played from stored audio (<Play>), {said} spoken with <Say> "
          + ("(audio ready)" if played and not said else
             f"({len(said_texts)} distinct sentences had no stored audio, e.g. {said_texts[:3]})"))
    for name in ("ours", "baseline"):
        if total[name].errors:
            print(f"request errors ({name}): {dict(total[name].errors)}")
    print(f"server CPU per answer at saturation: ours {cpu['ours']:.2f} ms, baseline {cpu['baseline']:.2f} ms "
          f"(gunicorn master and workers, user + system; cost ratio baseline/ours {cpu['baseline'] / cpu['ours']:.2f})"
          if cpu["ours"] else "")
    print("interference: 'others' is the CPU (in cores) that other processes on this machine used during a round")
    print()
    pairs = list(zip(saturated["ours"], saturated["baseline"]))
    calm = min(range(len(pairs)), key=lambda i: max(pairs[i][0].others, pairs[i][1].others))
    print(f"ratio ours/baseline (req/s at saturation): {ratio:.2f} overall; per round "
          f"{', '.join(f'{r:.2f}' for r in ratios)} (median {statistics.median(ratios):.2f}; in the least "
          f"disturbed round, {calm + 1}, {ratios[calm]:.2f} with others at most "
          f"{max(pairs[calm][0].others, pairs[calm][1].others):.2f} cores)"
          f"   target >= {TARGET_RATIO}: {met(ratio >= TARGET_RATIO)}")
    enough = args.callers >= TARGET_CALLERS
    print(f"our p99 latency at {args.callers} callers: {p99_sat:.1f} ms at saturation"
          + (f", {p99_paced:.1f} ms paced ({args.think:g} ms pauses)" if p99_paced is not None else "")
          + f"   target <= {TARGET_P99_MS:g} ms at {TARGET_CALLERS} callers: saturation {met(enough and p99_sat <= TARGET_P99_MS)}"
          + (f", paced {met(enough and p99_paced <= TARGET_P99_MS)}" if p99_paced is not None else ""))
    print(f"errors: ours {errors['ours']}, baseline {errors['baseline']}   target 0: "
          f"{met(errors['ours'] + errors['baseline'] == 0)}")
    for pid, rss, pss in memory:
        print(f"memory of our worker {pid} after the run: resident {rss:.1f} MiB"
              + (f" (proportional {pss:.1f} MiB)" if pss is not None else ""))
    for pid, rss, _ in base_memory:
        print(f"memory of a baseline worker {pid} after the run: resident {rss:.1f} MiB")
    print(f"total time {time.monotonic() - started:.0f} s")
    if errors["ours"] + errors["baseline"]:
        if log_tail:
            print(f"our server's log ends:\n{log_tail}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
