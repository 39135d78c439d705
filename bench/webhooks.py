"""Webhook benchmark: our app against a constant-TwiML baseline and a typical Flask IVR (the peer),
all three under the same gunicorn, in the same run.

    python bench/webhooks.py                 # 64 callers; 6 + 2 rounds of 5 s per server, turn about
    python bench/webhooks.py --quick         # a short look: 16 callers, 2 + 1 rounds of 2 s

What it does, all on 127.0.0.1 and in a temporary folder:
1. makes a private instance (database, audio store, auth token) and readies it with the project's
   own commands: `flask --app wsgi init-db`, then `flask --app wsgi synth` so that calls are
   answered with <Play> of stored audio, as in production (the output says whether it was ready);
2. starts three servers under the same gunicorn settings (the project's gunicorn.conf.py, 2 sync
   workers): our app (`wsgi:app`, signature checking on); the peer (`bench/peer.py`: a welcome
   route and a menu route building <Gather> + <Say> with twilio's VoiceResponse per request, as
   Twilio's own Flask IVR sample does, no database, no signature check); and the baseline
   (`bench/baseline.py`: the webhook routes answering our captured main-menu TwiML, no database,
   no signature check, nothing rendered);
3. walks real menu paths (language menu, hours, news next/previous/more, contacts, slower speech,
   spoken answers, silence, invalid keys, a person, a voice message and the hang-up) through our
   webhooks in-process, and signs every request of 1024 distinct calls for its exact URL as
   Twilio does (twilio's RequestValidator);
4. drives the three servers with the same signed requests from concurrent simulated callers, in
   rounds whose order turns by one each time (ours, peer, baseline; peer, baseline, ours; ...),
   after a warm-up: first at saturation (each caller sends its next request as soon as the last
   is answered: capacity and the ratios), then paced (random pauses of 250 ms on average:
   latency below capacity);
5. checks every answer (HTTP 200, complete, TwiML that parses; a call step must speak and go on,
   and ours must point back at our server) and prints per-round and overall requests/s,
   p50/p99/max latency, errors, the servers' CPU per answer, the client's CPU and other
   processes' CPU during each round; then side by side for baseline, peer and ours: requests/s
   and the ratios to the baseline and to the peer, p50/p99 at saturation and paced, CPU per
   answer, the workers' resident memory and errors; whether the targets were met;
6. sends our server a forged 4 MB request (a POST to /voice/step of about 270 000 form fields
   with a made-up X-Twilio-Signature) a few times, and prints how long it took to refuse it and
   with what (target: under 10 ms, which needs the app to refuse such a body before parsing it).

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
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import harness  # noqa: E402
from harness import BENCH, HOST, ROOT, RoundResult  # noqa: E402

TARGET_PEER_RATIO = 1.0  # issue 14: a call step at or above the peer's throughput
TARGET_P99_MS = 50.0  # at 64 paced callers
TARGET_CALLERS = 64
TARGET_FORGED_MS = 10.0
SERVERS = ("ours", "peer", "baseline")  # the order of the first round; it turns by one each round
COLUMNS = ("baseline", "peer", "ours")  # the order of the summary's columns


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
    parser.add_argument("--forged", type=int, default=5,
                        help="times to send the forged 4 MB request to our server (5; 0 skips it)")
    parser.add_argument("--quick", action="store_true",
                        help="a short look: 16 callers, 2 + 1 rounds of 2 s, 1 s warm-up, 2 forged requests")
    args = parser.parse_args(argv)
    if args.quick:
        args.callers, args.rounds, args.paced_rounds, args.seconds, args.warmup, args.forged = 16, 2, 1, 2.0, 1.0, 2
    if not (1 <= args.callers <= 1000 and 1 <= args.rounds <= 100 and 0.2 <= args.seconds <= 600
            and 0 <= args.paced_rounds <= 100 and 0 < args.think <= 60_000 and 0 <= args.forged <= 1000):
        parser.error("--callers 1..1000, --rounds 1..100, --seconds 0.2..600, --paced-rounds 0..100, "
                     "--think 0..60000, --forged 0..1000")
    return args


HEADER = (f"{'round':<18} {'answered':>9} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8} {'errors':>7} "
          f"{'srv CPU/ans':>11} {'client':>7} {'others':>7}")


def row(label: str, res: RoundResult) -> str:
    per_req = res.server_cpu / len(res.latencies) * 1000 if res.latencies else 0.0
    errors = sum(res.errors.values())
    client = res.client_cpu / res.seconds if res.seconds else 0.0
    return (f"{label:<18} {len(res.latencies):>9} {res.rate:>8.0f} {res.percentile(50):>8.1f} "
            f"{res.percentile(99):>8.1f} {res.percentile(100):>8.1f} {errors:>7} {per_req:>8.2f} ms "
            f"{client:>7.2f} {res.others:>7.2f}")


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
    """``rounds`` rounds per server, the order turning by one each round (ours, peer, baseline; then
    peer, baseline, ours; ...), so that no server always runs first or last."""
    results: dict[str, list[RoundResult]] = {name: [] for name in SERVERS}
    print(HEADER)
    for n in range(rounds):
        for name in SERVERS[n % 3:] + SERVERS[:n % 3]:
            res = harness.run_round(servers[name], calls, args.callers, args.seconds, args.max_requests, think=think)
            results[name].append(res)
            print(row(f"{n + 1} {name}", res), flush=True)
    for name in SERVERS:
        print(row(f"all {name}", merge(results[name])))
    return results


def met(ok: bool) -> str:
    return "met" if ok else "NOT met"


def side_by_side(label: str, values: dict[str, str]) -> str:
    """One line of the summary table: baseline, peer, ours."""
    return f"{label:<44}" + "".join(f"{values.get(name, ''):>16}" for name in COLUMNS)


def latencies(res: RoundResult) -> str:
    return f"{res.percentile(50):.1f} / {res.percentile(99):.1f}"


def span(values: list[float]) -> str:
    """"94.2" or "94.2-95.0" for the workers' sizes; "?" where /proc told nothing."""
    if not values:
        return "?"
    low, high = min(values), max(values)
    return f"{low:.1f}" if f"{low:.1f}" == f"{high:.1f}" else f"{low:.1f}-{high:.1f}"


def refused(outcome: str) -> bool:
    """Whether the server turned the forged request away: a 4xx answer, or the connection reset."""
    return outcome.startswith("HTTP 4") or outcome == "reset"


def forged_refusals(server: harness.Server, times: int) -> tuple[list[float], Counter[str]]:
    """Send the forged 4 MB request ``times`` times; (milliseconds each, what came back)."""
    payload = harness.forged_request(server.port)
    elapsed: list[float] = []
    outcomes: Counter[str] = Counter()
    for _ in range(times):
        ms, outcome = harness.refusal(server.port, payload)
        elapsed.append(ms)
        outcomes[outcome] += 1
    return elapsed, outcomes


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.monotonic()
    harness.print_header("hotline webhook benchmark")
    print(f"servers: {harness.gunicorn_settings()}, on {HOST}, one each for")
    print(f"  baseline: {'baseline:app, Flask' if args.baseline == 'flask' else 'baseline:bare, bare WSGI'}, "
          f"one constant TwiML document (our main menu), no signature check")
    print("  peer:     peer:app, a Flask IVR written like Twilio's sample: <Gather> + <Say> built with "
          "VoiceResponse per request, no database, no signature check")
    print("  ours:     wsgi:app, signatures checked, stored audio, the database")
    print(f"client: this process, asyncio over raw TCP, one connection per request, {args.callers} simulated callers")
    with tempfile.TemporaryDirectory(prefix="hotline-bench-", ignore_cleanup_errors=True) as tmp:
        folder = Path(tmp)
        ports = {name: harness.free_port() for name in SERVERS}
        token = secrets.token_hex(16)
        # Without audio, a worker would queue every sentence it meets for background synthesis and
        # spend the benchmark synthesizing: --no-synth measures the <Say> path with that pool off.
        env = harness.instance_env(folder, ports["ours"], token, synth_workers=0 if args.no_synth else 1)
        t0 = time.monotonic()
        synth = harness.prepare_instance(env, synth=not args.no_synth)
        print(f"instance: {folder} (init-db and synth took {time.monotonic() - t0:.1f} s)")
        print(f"audio: {synth}")
        recorded, main_menu = harness.record_paths(env)
        twiml_file = folder / "baseline.xml"
        twiml_file.write_text(main_menu, encoding="utf-8")
        calls = harness.signed_calls(recorded, token, env["IVR_PUBLIC_URL"], list(ports.values()), args.calls)
        n_requests = sum(len(call[ports["ours"]]) for call in calls)
        print(f"calls: {len(recorded)} recorded menu paths ({', '.join(sorted({k.split('/')[0] for k in recorded}))}; "
              f"in ru, be, en), {len(calls)} distinct calls of {n_requests} requests in all, each signed as "
              f"Twilio signs; the baseline answers every request with our {len(main_menu.encode())}-byte main menu")
        started_servers: list[harness.Server] = []
        forged: tuple[list[float], Counter[str]] = ([], Counter())
        try:
            servers: dict[str, harness.Server] = {}
            apps = {"ours": ("wsgi:app", ROOT, env),
                    "peer": ("peer:app", BENCH, env),
                    "baseline": (f"baseline:{'app' if args.baseline == 'flask' else 'bare'}", BENCH,
                                 dict(env, BENCH_BASELINE_TWIML=str(twiml_file)))}
            for name in SERVERS:
                app, chdir, app_env = apps[name]
                servers[name] = harness.start_gunicorn(name, app, ports[name], app_env, chdir, folder)
                started_servers.append(servers[name])
            for server in servers.values():
                harness.run_round(server, calls, args.callers, args.warmup, args.max_requests)
            print()
            print(f"1. saturation: {args.callers} callers, each sending its next request as soon as the last "
                  f"is answered ({args.rounds} rounds of {args.seconds:g} s per server)")
            saturated = alternate(servers, calls, args.rounds, args, think=0.0)
            paced: dict[str, list[RoundResult]] = {name: [] for name in SERVERS}
            if args.paced_rounds:
                print()
                print(f"2. paced: {args.callers} callers, each pausing {args.think:g} ms on average between "
                      f"requests (offered at most {args.callers / args.think * 1000:.0f} requests/s; a real "
                      f"caller pauses seconds while a prompt plays)")
                paced = alternate(servers, calls, args.paced_rounds, args, think=args.think / 1000)
            memory = {name: server.memory() for name, server in servers.items()}
            if args.forged:
                forged = forged_refusals(servers["ours"], args.forged)
        finally:
            for server in started_servers:
                server.stop()
        ours_server = next((server for server in started_servers if server.name == "ours"), None)
        log_tail = ours_server.log_tail(5) if ours_server else ""

    total = {name: merge(saturated[name] + paced[name]) for name in SERVERS}
    sat = {name: merge(saturated[name]) for name in SERVERS}
    paced_all = {name: merge(paced[name]) for name in SERVERS if paced[name]}
    base_url = f"http://{HOST}:{ports['ours']}/"
    checked = {name: harness.check_answers(total[name].bodies, base=base_url if name == "ours" else "")
               for name in SERVERS}
    invalid = {name: checked[name][0] for name in SERVERS}
    problems = {name: checked[name][1] for name in SERVERS}
    errors = {name: sum(total[name].errors.values()) + invalid[name] for name in SERVERS}
    played, said, said_texts = harness.audio_share(total["ours"].bodies)
    rate = {name: sat[name].rate for name in SERVERS}
    cpu = {name: sat[name].server_cpu / max(1, len(sat[name].latencies)) * 1000 for name in SERVERS}

    print()
    print(f"answers checked: {', '.join(f'{name} {len(total[name].latencies)}' for name in COLUMNS)} "
          f"(ours: {len(total['ours'].bodies)} distinct TwiML documents, each parsed); not valid TwiML: "
          f"{', '.join(f'{name} {invalid[name]}' for name in COLUMNS)}"
          + (f"; problems: {problems}" if any(problems.values()) else ""))
    print(f"our answers: {played} sentences played from stored audio (<Play>), {said} spoken with <Say> "
          + ("(audio ready)" if played and not said else
             f"({len(said_texts)} distinct sentences had no stored audio, e.g. {said_texts[:3]})"))
    for name in COLUMNS:
        if total[name].errors:
            print(f"request errors ({name}): {dict(total[name].errors)}")
    print("interference: 'others' is the CPU (in cores) that other processes on this machine used during a round")

    print()
    print(side_by_side("", {name: name for name in COLUMNS}))
    print(side_by_side("requests/s at saturation", {name: f"{rate[name]:.0f}" for name in COLUMNS}))
    for other in ("baseline", "peer"):
        if rate[other]:
            print(side_by_side(f"  ratio to the {other}", {name: f"{rate[name] / rate[other]:.2f}"
                                                          for name in COLUMNS[COLUMNS.index(other):]}))
    print(side_by_side("p50 / p99 ms at saturation", {name: latencies(sat[name]) for name in COLUMNS}))
    if paced_all:
        print(side_by_side(f"p50 / p99 ms paced, {args.callers} callers",
                           {name: latencies(res) for name, res in paced_all.items()}))
    print(side_by_side("server CPU per answer at saturation, ms", {name: f"{cpu[name]:.2f}" for name in COLUMNS}))
    print(side_by_side("worker memory after the run, resident MiB",
                       {name: span([rss for _, rss, _ in memory[name]]) for name in COLUMNS}))
    pss = [p for _, _, p in memory["ours"] if p is not None]
    if pss:
        print(side_by_side("  proportional MiB (shared pages split)", {"ours": span(pss)}))
    print(side_by_side("errors (failed requests + invalid TwiML)", {name: str(errors[name]) for name in COLUMNS}))
    print("(server CPU: the gunicorn master and its workers, user + system, over the saturation rounds)")

    print()
    ratio = rate["ours"] / rate["baseline"] if rate["baseline"] else 0.0
    rounds = list(zip(*(saturated[name] for name in SERVERS)))
    to_base = [ours.rate / base.rate for ours, _, base in rounds if base.rate]
    to_peer = [ours.rate / peer.rate for ours, peer, _ in rounds if peer.rate]
    calm = min(range(len(rounds)), key=lambda i: max(res.others for res in rounds[i]))
    print(f"ratio ours/baseline (req/s at saturation): {ratio:.2f} overall; per round "
          f"{', '.join(f'{r:.2f}' for r in to_base)} (median {statistics.median(to_base):.2f}; in the least "
          f"disturbed round, {calm + 1}, {to_base[calm]:.2f} with others at most "
          f"{max(res.others for res in rounds[calm]):.2f} cores)")
    if to_peer:
        peer_ratio = rate["ours"] / rate["peer"]
        print(f"ratio ours/peer: {peer_ratio:.2f} overall; per round "
              f"{', '.join(f'{r:.2f}' for r in to_peer)} (median {statistics.median(to_peer):.2f})"
              f"   target >= {TARGET_PEER_RATIO:g}: {met(peer_ratio >= TARGET_PEER_RATIO)}")
    enough = args.callers >= TARGET_CALLERS
    p99_sat = sat["ours"].percentile(99)
    p99_paced = paced_all["ours"].percentile(99) if "ours" in paced_all else None
    print(f"our p99 latency at {args.callers} callers: {p99_sat:.1f} ms at saturation"
          + (f", {p99_paced:.1f} ms paced ({args.think:g} ms pauses)" if p99_paced is not None else "")
          + (f"   target <= {TARGET_P99_MS:g} ms at {TARGET_CALLERS} paced callers: "
             f"{met(enough and p99_paced <= TARGET_P99_MS)}" if p99_paced is not None else ""))
    print(f"errors: {', '.join(f'{name} {errors[name]}' for name in COLUMNS)}   target 0: "
          f"{met(sum(errors.values()) == 0)}")
    elapsed, outcomes = forged
    if elapsed:
        median = statistics.median(elapsed)
        print(f"a forged {harness.FORGED_BYTES / 1e6:g} MB request (form fields, made-up X-Twilio-Signature) to "
              f"/voice/step, {len(elapsed)} times: our server refused it in {median:.1f} ms (median; "
              f"p90 {harness.percentile([e / 1000 for e in elapsed], 90):.1f}, max {max(elapsed):.1f} ms), "
              f"answers: {', '.join(f'{k} x{v}' for k, v in outcomes.most_common())}"
              f"   target: refused (4xx or reset) in < {TARGET_FORGED_MS:g} ms: "
              f"{met(median < TARGET_FORGED_MS and all(refused(outcome) for outcome in outcomes))}")
    print(f"total time {time.monotonic() - started:.0f} s")
    if sum(errors.values()):
        if log_tail:
            print(f"our server's log ends:\n{log_tail}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
