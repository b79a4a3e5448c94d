"""Benchmark: hand-ins through a real JupyterHub (proxy -> service -> SQLite commit).

One run, side by side, all through configurable-http-proxy on 127.0.0.1:

- floor: ``GET /services/symposium/health`` (proxy + tornado, no hub lookup, no database);
- identify: ``GET /whoami`` with a warm token (proxy + the HubAuth cache);
- hand-in, cold tokens: 300 students' first ``POST .../handins`` at once (16 threads);
  each token's first request makes the service ask the hub who it is;
- hand-in, warm tokens: the same 300 students hand in a second version.

It is a measurement, never an assertion. Run:

    python benchmarks/bench_hub.py [--students 300] [--workers 16] [--json out.json]

Needs configurable-http-proxy (``./kit test`` installs it into tests/hub/node).
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests" / "support"))

from hub_server import http, start_hub  # noqa: E402

from symposium_kit.hub.client import handin_key  # noqa: E402
from symposium_kit.work.formats import empty_work  # noqa: E402

COURSE = "china-101"


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def timed(call: Callable[[], tuple[int, object]], expect: int) -> float:
    t = time.perf_counter()
    status, data = call()
    dt = time.perf_counter() - t
    if status != expect:
        raise RuntimeError(f"{status} {data}")
    return dt


def concurrently(calls: list[Callable[[], float]], workers: int) -> tuple[list[float], float]:
    t = time.perf_counter()
    with ThreadPoolExecutor(workers) as pool:
        out = list(pool.map(lambda f: f(), calls))
    return out, time.perf_counter() - t


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--students", type=int, default=300)
    ap.add_argument("--workers", type=int, default=16)
    ap.add_argument("--json", metavar="FILE")
    args = ap.parse_args()
    t0 = time.perf_counter()
    hub = start_hub()
    started = time.perf_counter() - t0
    rows: dict[str, dict[str, float]] = {}
    try:
        names = [f"bench{i:03d}" for i in range(args.students)]
        hub.add_users(names, COURSE)
        tokens = {n: hub.token(n) for n in names}
        url = hub.service_url

        def post(n: str, round_: int) -> Callable[[], float]:
            work = empty_work(n, "trump-china-2025")
            work["answers"]["a"] = {"answer": f"{n} {round_}", "result": "recorded"}
            body = {"key": handin_key(work, {}), "work": work, "notebooks": {}}
            return lambda: timed(
                lambda: http("POST", f"{url}courses/{COURSE}/handins", tokens[n], body), 201
            )

        floor, fwall = concurrently(
            [lambda: timed(lambda: http("GET", url + "health"), 200)] * args.students, args.workers
        )
        cold, cwall = concurrently([post(n, 1) for n in names], args.workers)
        who, wwall = concurrently(
            [
                (lambda n=n: timed(lambda: http("GET", url + "whoami", tokens[n]), 200))
                for n in names
            ],
            args.workers,
        )
        warm, hwall = concurrently([post(n, 2) for n in names], args.workers)
        for label, vals, wall in [
            ("floor: GET health (no auth, no db)", floor, fwall),
            ("GET whoami (warm token)", who, wwall),
            ("POST hand-in, cold tokens", cold, cwall),
            ("POST hand-in, warm tokens", warm, hwall),
        ]:
            rows[label] = {
                "n": len(vals),
                "p50_ms": statistics.median(vals) * 1000,
                "p95_ms": pct(vals, 95) * 1000,
                "max_ms": max(vals) * 1000,
                "wall_s": wall,
                "per_s": len(vals) / wall,
            }
    finally:
        hub.stop()
        shutil.rmtree(hub.run, ignore_errors=True)
    print(f"hub ready in {started:.1f} s; {args.students} students, {args.workers} threads")
    print(
        f"{'':38} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'wall s':>7} {'req/s':>7} {'p50/floor':>9}"
    )
    base = rows["floor: GET health (no auth, no db)"]["p50_ms"]
    for label, r in rows.items():
        print(
            f"{label:38} {r['p50_ms']:8.1f} {r['p95_ms']:8.1f} {r['max_ms']:8.1f} "
            f"{r['wall_s']:7.2f} {r['per_s']:7.0f} {r['p50_ms'] / base:9.1f}"
        )
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
