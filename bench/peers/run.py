#!/usr/bin/env python3
"""corsproof against other CORS implementations, one workload, one run.

    bench/peers/run.py [--build-dir build/release] [--cpu N] [--seconds S]
                       [--runs N] [--quick] [--json OUT.json]

The workload is the preflight of BM_ServerPreflight_Exact/16
(bench/bench_server.cpp): a policy of 16 exact origins, methods GET HEAD
POST PUT DELETE, headers content-type and x-api-key, credentials, max-age
600; the preflight's origin is the ninth listed, its method PUT and its
Access-Control-Request-Headers "content-type,x-api-key". The same preflight
goes through

  - corsproof's core (evaluate_server), the BM_ServerPreflight_Exact/16 row
    of the release build's corsproof_bench;
  - github.com/rs/cors 1.7.0 (Debian's golang-github-rs-cors-dev, built
    offline with Debian's Go: bench/peers/rs-cors/), timed with Go's
    testing.Benchmark;
  - the npm package `cors` (Express's CORS middleware, the version pinned by
    peers/node/package-lock.json: bench/peers/node-cors/), called directly.

Each peer first checks that its answer allows the preflight (exit 1
otherwise), so the figures compare the same decision. Every figure is CPU
time per preflight, the median of --runs runs (default 3) of at least
--seconds each (default 1); the table gives each peer's time as a multiple
of corsproof's. The peers reuse one response object (headers emptied each
time), as corsproof writes into a buffer the caller owns.

--quick (what CI runs) checks the peers' answers and the table with short
runs (0.05 s, 1 run): its figures are not for reading. Installs what is
missing first (bash peers/install.sh node go: Debian's Go and rs/cors, npm
ci of peers/node).
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
ROW = "BM_ServerPreflight_Exact/16"


def fail(message):
    print(f"bench/peers: {message}", file=sys.stderr)
    sys.exit(1)


def run(cmd, what, cpu, **kwargs):
    if cpu is not None:
        cmd = ["taskset", "-c", str(cpu)] + cmd
    proc = subprocess.run(cmd, capture_output=True, text=True, **kwargs)
    if proc.returncode != 0:
        fail(f"{what} failed (exit {proc.returncode}): {(proc.stderr or proc.stdout).strip()[-600:]}")
    return proc.stdout


def install():
    proc = subprocess.run(["bash", os.path.join(ROOT, "peers", "install.sh"), "node", "go"],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        fail("peers/install.sh node go failed:\n" + (proc.stderr or proc.stdout)[-1500:])
    # The Go benchmark: rebuilt when its sources are newer than the binary.
    binary = os.path.join(HERE, ".bin", "rs-cors-bench")
    src = os.path.join(HERE, "rs-cors")
    newest = max(os.path.getmtime(os.path.join(src, f)) for f in os.listdir(src))
    if not os.path.exists(binary) or os.path.getmtime(binary) < newest:
        os.makedirs(os.path.dirname(binary), exist_ok=True)
        env = dict(os.environ, GOPROXY="off", GOFLAGS="-mod=mod", GOTOOLCHAIN="local", GOTELEMETRY="off")
        proc = subprocess.run(["go", "build", "-o", binary, "."], cwd=src, env=env, capture_output=True, text=True)
        if proc.returncode != 0:
            fail("go build of bench/peers/rs-cors failed:\n" + proc.stderr[-1500:])
    return binary


def corsproof_ns(bench, seconds, cpu):
    out = run([bench, f"--benchmark_filter=^{ROW}$", f"--benchmark_min_time={seconds}",
               "--benchmark_format=json"], "corsproof_bench", cpu)
    rows = [b for b in json.loads(out)["benchmarks"] if b["name"] == ROW]
    if not rows:
        fail(f"corsproof_bench has no {ROW} row")
    if rows[0].get("error_occurred"):
        fail(f"{ROW}: {rows[0].get('error_message')}")
    return rows[0]["cpu_time"], rows[0].get("allocs")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build-dir", default=os.path.join(ROOT, "build", "release"),
                    help="where corsproof_bench was built (default build/release)")
    ap.add_argument("--cpu", type=int, help="pin every run to this CPU (taskset)")
    ap.add_argument("--seconds", type=float, default=1.0, help="minimum time of each run (default 1)")
    ap.add_argument("--runs", type=int, default=3, help="runs per implementation; the median is kept (default 3)")
    ap.add_argument("--quick", action="store_true", help="short runs that only check the answers (CI)")
    ap.add_argument("--json", help="also write the figures to this file")
    args = ap.parse_args()
    if args.quick:
        args.seconds, args.runs = 0.05, 1
    if args.seconds <= 0 or args.runs < 1:
        fail("--seconds must be positive and --runs at least 1")
    bench = os.path.join(args.build_dir, "bench", "corsproof_bench")
    if not os.access(bench, os.X_OK):
        fail(f"{bench} is missing: build it first (cmake --preset release && cmake --build --preset release)")
    if shutil.which("node") is None:
        fail("node (Node.js 20 or later) is not on PATH")

    go_bench = install()
    node_bench = os.path.join(HERE, "node-cors", "bench.js")

    figures = {"corsproof": [], "rs/cors": [], "cors": []}
    labels = {"corsproof": "corsproof (C++ core, evaluate_server)"}
    allocs = {}
    for r in range(args.runs):
        print(f"run {r + 1}/{args.runs}: corsproof, rs/cors, cors ...", file=sys.stderr, flush=True)
        ns, a = corsproof_ns(bench, args.seconds, args.cpu)
        figures["corsproof"].append(ns)
        allocs["corsproof"] = a
        go = json.loads(run([go_bench, "-benchtime", f"{args.seconds}s"], "bench/peers/rs-cors", args.cpu))
        figures["rs/cors"].append(go["ns_per_op"])
        labels["rs/cors"], allocs["rs/cors"] = go["peer"], go["allocs_per_op"]
        js = json.loads(run(["node", node_bench, "--seconds", str(args.seconds)], "bench/peers/node-cors", args.cpu))
        figures["cors"].append(js["ns_per_op"])
        labels["cors"] = js["peer"]

    medians = {k: statistics.median(v) for k, v in figures.items()}
    base = medians["corsproof"]
    if not base > 0:
        fail("corsproof's figure is zero")
    print(f"One preflight ({ROW}: 16 exact origins, PUT, content-type,x-api-key), CPU time, "
          f"median of {args.runs} run(s) of at least {args.seconds:g} s"
          + (f", CPU {args.cpu}" if args.cpu is not None else "") + ":")
    for key in ("corsproof", "rs/cors", "cors"):
        a = allocs.get(key)
        alloc_text = f"{a:g} allocations" if isinstance(a, (int, float)) else "allocations not counted"
        ratio = "" if key == "corsproof" else f"  {medians[key] / base:6.1f}x corsproof's time"
        print(f"  {labels[key]:42s} {medians[key]:10,.0f} ns  {alloc_text:24s}{ratio}")
    if args.quick:
        print("(--quick: answers checked; the figures of such short runs are not for reading)")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"row": ROW, "runs": figures, "medians_ns": medians, "labels": labels, "allocs": allocs}, f,
                      indent=1)


if __name__ == "__main__":
    main()
