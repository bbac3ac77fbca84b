#!/usr/bin/env python3
"""End-to-end oracle throughput: `corsproof eval FILE`, whole process.

    e2e.py PATH/TO/corsproof [--count 100000] [--repetitions 5] [--cpu 0]
           [--workdir DIR] [--json OUT.json] [--check]

Generates (once, deterministically, with gen_cases.py) a file of COUNT cases
for each mode (server, browser, audit; --modes picks some), runs
`corsproof eval FILE` on each REPETITIONS times pinned to one CPU (taskset),
checks every run answered every case (one line per case, no `error` answer,
exit status 0) and prints, per mode, cases per second of wall time (median
over the runs, with the spread) and cases per CPU-second of the whole process
(COUNT / the median of user+sys time). The targets are on cases per
CPU-second, the figure that other processes on a shared machine disturb
least. --json writes the figures in Google Benchmark's JSON shape
(aggregates median and cv; cpu_time is CPU nanoseconds per case) so
results.py can table and compare them with the rest of the suite. --check
exits 1 when a mode misses its target.
"""
import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_cases  # noqa: E402

# Cases per CPU-second (user+sys of the whole process), per mode (issue #11).
TARGETS = {"server": 1_000_000, "browser": 1_000_000, "audit": 500_000}


def run_once(cmd, out_path):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    with open(out_path, "wb") as out:
        proc = subprocess.run(cmd, stdout=out, stderr=subprocess.PIPE)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return proc.returncode, proc.stderr.decode("utf-8", "replace"), wall, cpu


def check_output(path, count):
    lines = 0
    errors = 0
    first_error = None
    with open(path, "rb") as f:
        for line in f:
            lines += 1
            if b'"error":{' in line or b'"error": {' in line:
                errors += 1
                if first_error is None:
                    first_error = line[:300].decode("utf-8", "replace")
    problems = []
    if lines != count:
        problems.append("%d answers for %d cases" % (lines, count))
    if errors:
        problems.append("%d error answers, first: %s" % (errors, first_error))
    return problems


def measure(binary, mode, case_file, count, repetitions, cpu, workdir):
    cmd = [binary, "eval", case_file]
    if cpu is not None and shutil.which("taskset"):
        cmd = ["taskset", "-c", str(cpu)] + cmd
    out_path = os.path.join(workdir, "%s.answers.jsonl" % mode)
    walls, cpus = [], []
    for rep in range(repetitions + 1):  # the first run warms the page cache and is not counted
        rc, err, wall, cpu_s = run_once(cmd, out_path)
        problems = check_output(out_path, count)
        if rc != 0:
            problems.insert(0, "exit status %d (%s)" % (rc, err.strip()[:300]))
        if problems:
            return None, problems
        if rep > 0:
            walls.append(wall)
            cpus.append(cpu_s)
    rates = [count / w for w in walls]
    return {
        "mode": mode,
        "cases": count,
        "runs": repetitions,
        "median_cases_per_s": statistics.median(rates),
        "min_cases_per_s": min(rates),
        "max_cases_per_s": max(rates),
        "cv": (statistics.stdev(walls) / statistics.mean(walls)) if len(walls) > 1 else 0.0,
        "cv_cpu": (statistics.stdev(cpus) / statistics.mean(cpus)) if len(cpus) > 1 else 0.0,
        "median_wall_s": statistics.median(walls),
        "median_cpu_s": statistics.median(cpus),
        "cases_per_cpu_s": count / statistics.median(cpus),
    }, []


def as_benchmark_json(results, binary):
    entries = []
    for r in results:
        name = "E2E_Eval/%s_%d" % (r["mode"], r["cases"])
        ns_per_case = r["median_wall_s"] * 1e9 / r["cases"]
        cpu_ns_per_case = r["median_cpu_s"] * 1e9 / r["cases"]
        common = {"name": name, "run_name": name, "run_type": "aggregate", "repetitions": r["runs"],
                  "threads": 1, "iterations": r["cases"], "time_unit": "ns"}
        entries.append(dict(common, name=name + "_median", aggregate_name="median", real_time=ns_per_case,
                            cpu_time=cpu_ns_per_case, items_per_second=r["median_cases_per_s"],
                            cases_per_cpu_second=r["cases_per_cpu_s"]))
        entries.append(dict(common, name=name + "_cv", aggregate_name="cv", aggregate_unit="percentage",
                            real_time=r["cv"], cpu_time=r["cv_cpu"]))
    return {"context": {"executable": binary, "source": "bench/e2e.py"}, "benchmarks": entries}


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("binary", help="path to the corsproof binary")
    ap.add_argument("--count", type=int, default=100_000)
    ap.add_argument("--repetitions", type=int, default=5)
    ap.add_argument("--cpu", type=int, default=0, help="CPU to pin to with taskset (-1: no pinning)")
    ap.add_argument("--workdir", help="where the case files are kept (default: a temporary directory)")
    ap.add_argument("--json", help="write the figures as Google Benchmark JSON")
    ap.add_argument("--check", action="store_true", help="exit 1 when a mode misses its target (cases per CPU-second: %s)"
                    % ", ".join("%s %d" % kv for kv in TARGETS.items()))
    ap.add_argument("--modes", default="server,browser,audit")
    a = ap.parse_args(argv)

    binary = os.path.abspath(a.binary)
    if not os.access(binary, os.X_OK):
        print("e2e.py: %s is not an executable" % binary, file=sys.stderr)
        return 2
    workdir = a.workdir or tempfile.mkdtemp(prefix="corsproof-e2e-")
    os.makedirs(workdir, exist_ok=True)
    cpu = None if a.cpu < 0 else a.cpu

    results = []
    failed = False
    for mode in a.modes.split(","):
        case_file = os.path.join(workdir, "%s-%d.jsonl" % (mode, a.count))
        if not os.path.exists(case_file):
            gen_cases.write(mode, a.count, case_file)
        r, problems = measure(binary, mode, case_file, a.count, a.repetitions, cpu, workdir)
        if problems:
            failed = True
            print("%-8s FAILED: %s" % (mode, "; ".join(problems)))
            continue
        results.append(r)
        size_mb = os.path.getsize(case_file) / 1e6
        print("%-8s %7d cases (%.1f MB): %9.0f cases/s median (min %.0f, max %.0f, cv %.1f%%), "
              "%.0f cases per CPU-second (cv %.1f%%)"
              % (mode, r["cases"], size_mb, r["median_cases_per_s"], r["min_cases_per_s"], r["max_cases_per_s"],
                 100 * r["cv"], r["cases_per_cpu_s"], 100 * r["cv_cpu"]))
    if a.json:
        with open(a.json, "w") as f:
            json.dump(as_benchmark_json(results, binary), f, indent=2)
    missed = False
    for r in results:
        target = TARGETS.get(r["mode"])
        if target is None:
            continue
        ok = r["cases_per_cpu_s"] >= target
        missed = missed or not ok
        print("target: %s >= %d cases per CPU-second: %s" % (r["mode"], target, "met" if ok else "MISSED"))
    if a.check and missed:
        return 1
    if not a.workdir:
        shutil.rmtree(workdir, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
