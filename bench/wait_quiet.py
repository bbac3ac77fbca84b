#!/usr/bin/env python3
"""Waits until the machine is quiet enough to benchmark (bench/run.sh --wait-quiet).

    wait_quiet.py BENCH_BINARY --below NS [--max-minutes M] [--cpu N] [--pause S]

Runs the calibration row, BM_Calibration_FixedWork (fixed work that shares no
code with corsproof), five repetitions at a time, until two readings in a row
have a mean CPU time of at most NS nanoseconds and a CV under 2 %. Prints each
reading. Exit status 0 when the machine is quiet; 3 when M minutes (default
20) passed without two such readings (run.sh then goes on and says so); 2 on
bad usage or when the binary gives no calibration row.

Why: a shared VM has slow spells of minutes in which everything, the
calibration row included, runs 20-50 % slower; a run started in one is
compared against a baseline that was not. Pick NS a few per cent above the
baseline's calibration median (bench/README.md names it for each baseline).
"""
import argparse
import json
import shutil
import subprocess
import sys
import time

QUIET_CV = 0.02
READINGS_IN_A_ROW = 2


def reading(binary, cpu):
    """(mean ns, cv) of one five-repetition run of the calibration row, or None."""
    pin = ["taskset", "-c", str(cpu)] if cpu is not None and shutil.which("taskset") else []
    cmd = pin + [binary, "--benchmark_filter=^BM_Calibration_FixedWork$", "--benchmark_repetitions=5",
                 "--benchmark_report_aggregates_only=true", "--benchmark_format=json"]
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        return None
    try:
        rows = json.loads(p.stdout)["benchmarks"]
    except (ValueError, KeyError):
        return None
    values = {r.get("aggregate_name"): r.get("cpu_time") for r in rows
              if r.get("run_name", "").startswith("BM_Calibration_FixedWork")}
    if values.get("mean") is None or values.get("cv") is None:
        return None
    return float(values["mean"]), float(values["cv"])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("binary", help="corsproof_bench")
    ap.add_argument("--below", type=float, required=True, help="quiet: calibration mean at most this many ns")
    ap.add_argument("--max-minutes", type=float, default=20.0, help="give up after this long (default 20)")
    ap.add_argument("--cpu", type=int, default=None, help="pin the calibration runs to this CPU (taskset)")
    ap.add_argument("--pause", type=float, default=10.0, help="seconds between readings (default 10)")
    a = ap.parse_args()
    if a.below <= 0 or a.max_minutes < 0 or a.pause < 0:
        print("wait_quiet.py: --below must be positive, --max-minutes and --pause not negative", file=sys.stderr)
        return 2
    deadline = time.monotonic() + 60.0 * a.max_minutes
    in_a_row = 0
    while True:
        r = reading(a.binary, a.cpu)
        if r is None:
            print("wait_quiet.py: %s gave no BM_Calibration_FixedWork row" % a.binary, file=sys.stderr)
            return 2
        mean, cv = r
        quiet = mean <= a.below and cv < QUIET_CV
        in_a_row = in_a_row + 1 if quiet else 0
        print("wait-quiet: calibration %.0f ns, cv %.1f %% (%s; quiet at <= %.0f ns, cv < %.0f %%)"
              % (mean, 100 * cv, "quiet" if quiet else "not quiet", a.below, 100 * QUIET_CV), flush=True)
        if in_a_row >= READINGS_IN_A_ROW:
            return 0
        if time.monotonic() >= deadline:
            print("wait-quiet: no quiet spell in %g minutes" % a.max_minutes, flush=True)
            return 3
        time.sleep(a.pause)


if __name__ == "__main__":
    sys.exit(main())
