#!/usr/bin/env python3
"""End-to-end oracle throughput: `corsproof eval FILE`, whole process.

    e2e.py PATH/TO/corsproof [--count 100000] [--repetitions 5] [--cpu 0]
           [--workdir DIR] [--json OUT.json] [--check]
           [--floor PATH/TO/corsproof_e2e_floor] [--answers-to file|null]

Generates (once, deterministically, with gen_cases.py) a file of COUNT cases
for each mode (server, browser, audit; --modes picks some), runs
`corsproof eval FILE` on each REPETITIONS times pinned to one CPU, checks
every run answered every case (one line per case, no `error` answer, exit
status 0) and prints, per mode, cases per second of wall time (median
over the runs, with the spread) and cases per CPU-second of the whole process
(COUNT / the median of user+sys time; the best run's figure beside it, the
least disturbed on a shared machine). The targets are on cases per
CPU-second, the figure that other processes on a shared machine disturb
least. --json writes the figures in Google Benchmark's JSON shape
(aggregates median and cv; cpu_time is CPU nanoseconds per case) so
results.py can table and compare them with the rest of the suite. --check
exits 1 when a mode misses its target.

--floor runs corsproof_e2e_floor (bench/e2e_floor.cpp, built with the
benchmarks) on the same file after each eval run: it reads and checks every
line with eval's own line and case readers and writes as many answer bytes
as eval did, with no CORS work at all. Its rate is the most any change to
the core, the policy cache or the answer writer could give eval with this
JSON reader on this machine; a target above it is out of reach of them all.

Pinning: this script pins itself to --cpu for the moment it starts a run
(os.sched_setaffinity), and the run inherits the CPU. It does not start the
run through `taskset`: the CPU time the kernel reports for a child covers
everything that ran under its process id, so `taskset -c N corsproof ...`
would count taskset's own start (its loader, libc, its locale) as eval's,
2.5-3.5 ms a run on this project's VMs, 25-35 ns of each of 100,000 cases.

--answers-to null sends the answers of the measured runs to /dev/null (the
first, unmeasured run of each mode still writes them to WORKDIR, where they
are checked; the later runs must exit 0). By default (file) every run writes
its answers to a file in WORKDIR, and the kernel's page-cache work for that
file is part of the process's CPU time: on this project's 2-core VMs about
150 ns a case, 15 % of a server case. The two together tell how much of a
figure is the file system's. The targets are judged on whichever was run;
bench/run.sh uses the default.
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


def run_once(cmd, out_path, cpu=None):
    """Runs cmd (on CPU `cpu`: see "Pinning" above); its status, standard
    error, wall and CPU seconds."""
    allowed = os.sched_getaffinity(0)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    with open(out_path, "wb") as out:  # os.devnull for --answers-to null
        try:
            if cpu is not None:
                os.sched_setaffinity(0, {cpu})
            proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.PIPE)
        finally:  # the run keeps the CPU it started on; this script gets its own back
            if cpu is not None:
                os.sched_setaffinity(0, allowed)
        _, err = proc.communicate()
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu_s = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return proc.returncode, err.decode("utf-8", "replace"), wall, cpu_s


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


def rates(mode, count, walls, cpus):
    per_wall = [count / w for w in walls]
    return {
        "mode": mode,
        "cases": count,
        "runs": len(walls),
        "median_cases_per_s": statistics.median(per_wall),
        "min_cases_per_s": min(per_wall),
        "max_cases_per_s": max(per_wall),
        "cv": (statistics.stdev(walls) / statistics.mean(walls)) if len(walls) > 1 else 0.0,
        "cv_cpu": (statistics.stdev(cpus) / statistics.mean(cpus)) if len(cpus) > 1 else 0.0,
        "median_wall_s": statistics.median(walls),
        "median_cpu_s": statistics.median(cpus),
        "cases_per_cpu_s": count / statistics.median(cpus),
        "best_cases_per_cpu_s": count / min(cpus),  # the least disturbed run, on a shared machine
    }


def count_lines(path):
    with open(path, "rb") as f:
        return sum(1 for _ in f)


def measure(binary, floor, mode, case_file, count, repetitions, cpu, workdir, to_null=False):
    """Eval's figures and, with `floor`, the floor's (None without), or the problems.

    to_null: the measured runs (not the first) write their answers to /dev/null."""
    cmd = [binary, "eval", case_file]
    out_path = os.path.join(workdir, "%s.answers.jsonl" % mode)
    floor_path = os.path.join(workdir, "%s.floor.out" % mode)
    walls, cpus, floor_walls, floor_cpus = [], [], [], []
    answer_bytes = 1
    for rep in range(repetitions + 1):  # the first run warms the page cache and is not counted
        checked = rep == 0 or not to_null
        rc, err, wall, cpu_s = run_once(cmd, out_path if checked else os.devnull, cpu)
        problems = check_output(out_path, count) if checked else []
        if rc != 0:
            problems.insert(0, "exit status %d (%s)" % (rc, err.strip()[:300]))
        if problems:
            return None, None, problems
        if rep > 0:
            walls.append(wall)
            cpus.append(cpu_s)
        if floor is None:
            continue
        # The same bytes out as eval wrote: its mean answer, newline included.
        if checked:
            answer_bytes = max(1, round(os.path.getsize(out_path) / count))
        rc, err, wall, cpu_s = run_once([floor, case_file, str(answer_bytes)],
                                        floor_path if checked else os.devnull, cpu)
        if rc != 0:
            return None, None, ["the floor exited with status %d (%s)" % (rc, err.strip()[:300])]
        if checked and count_lines(floor_path) != count:
            return None, None, ["the floor wrote %d answers for %d cases" % (count_lines(floor_path), count)]
        if rep > 0:
            floor_walls.append(wall)
            floor_cpus.append(cpu_s)
    if os.path.exists(floor_path):
        os.remove(floor_path)
    floor_rates = rates(mode, count, floor_walls, floor_cpus) if floor is not None else None
    return rates(mode, count, walls, cpus), floor_rates, []


def as_benchmark_json(results, floors, binary, answers_to):
    entries = []
    for prefix, rows in (("E2E_Eval", results), ("E2E_Floor", floors)):
        for r in rows:
            entries += benchmark_entries("%s/%s_%d" % (prefix, r["mode"], r["cases"]), r)
    return {"context": {"executable": binary, "source": "bench/e2e.py", "answers_to": answers_to},
            "benchmarks": entries}


def benchmark_entries(name, r):
    """The median and cv rows of one e2e figure, as Google Benchmark writes aggregates."""
    common = {"name": name, "run_name": name, "run_type": "aggregate", "repetitions": r["runs"],
              "threads": 1, "iterations": r["cases"], "time_unit": "ns"}
    return [
        dict(common, name=name + "_median", aggregate_name="median",
             real_time=r["median_wall_s"] * 1e9 / r["cases"], cpu_time=r["median_cpu_s"] * 1e9 / r["cases"],
             items_per_second=r["median_cases_per_s"], cases_per_cpu_second=r["cases_per_cpu_s"]),
        dict(common, name=name + "_cv", aggregate_name="cv", aggregate_unit="percentage",
             real_time=r["cv"], cpu_time=r["cv_cpu"]),
    ]


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("binary", help="path to the corsproof binary")
    ap.add_argument("--count", type=int, default=100_000)
    ap.add_argument("--repetitions", type=int, default=5)
    ap.add_argument("--cpu", type=int, default=0, help="CPU to run on (-1: no pinning)")
    ap.add_argument("--workdir", help="where the case files are kept (default: a temporary directory)")
    ap.add_argument("--json", help="write the figures as Google Benchmark JSON")
    ap.add_argument("--check", action="store_true", help="exit 1 when a mode misses its target (cases per CPU-second: %s)"
                    % ", ".join("%s %d" % kv for kv in TARGETS.items()))
    ap.add_argument("--modes", default="server,browser,audit")
    ap.add_argument("--floor", help="path to corsproof_e2e_floor: also measure eval's floor (reading and "
                    "writing only) on the same files")
    ap.add_argument("--answers-to", choices=("file", "null"), default="file",
                    help="where the measured runs write their answers: a file in WORKDIR (default; the kernel's "
                    "page-cache work for it counts as the process's CPU time) or /dev/null (the first run's "
                    "answers are still written and checked)")
    a = ap.parse_args(argv)

    binary = os.path.abspath(a.binary)
    if not os.access(binary, os.X_OK):
        print("e2e.py: %s is not an executable" % binary, file=sys.stderr)
        return 2
    floor = None
    if a.floor:
        floor = os.path.abspath(a.floor)
        if not os.access(floor, os.X_OK):
            print("e2e.py: %s is not an executable (build the benchmarks: corsproof_e2e_floor)" % floor,
                  file=sys.stderr)
            return 2
    cpu = None if a.cpu < 0 else a.cpu
    if cpu is not None and cpu not in os.sched_getaffinity(0):
        print("e2e.py: --cpu %d: this process may only run on CPUs %s (-1: no pinning)"
              % (cpu, ", ".join(str(c) for c in sorted(os.sched_getaffinity(0)))), file=sys.stderr)
        return 2
    workdir = a.workdir or tempfile.mkdtemp(prefix="corsproof-e2e-")
    os.makedirs(workdir, exist_ok=True)

    results, floors = [], {}
    failed = False
    for mode in a.modes.split(","):
        case_file = os.path.join(workdir, "%s-%d.jsonl" % (mode, a.count))
        if not os.path.exists(case_file):
            gen_cases.write(mode, a.count, case_file)
        r, f, problems = measure(binary, floor, mode, case_file, a.count, a.repetitions, cpu, workdir,
                                 a.answers_to == "null")
        if problems:
            failed = True
            print("%-8s FAILED: %s" % (mode, "; ".join(problems)))
            continue
        results.append(r)
        size_mb = os.path.getsize(case_file) / 1e6
        sink = "/dev/null" if a.answers_to == "null" else "a file"
        print("%-8s %7d cases (%.1f MB, answers to %s): %9.0f cases/s median (min %.0f, max %.0f, cv %.1f%%), "
              "%.0f cases per CPU-second (cv %.1f%%, best run %.0f)"
              % (mode, r["cases"], size_mb, sink, r["median_cases_per_s"], r["min_cases_per_s"],
                 r["max_cases_per_s"], 100 * r["cv"], r["cases_per_cpu_s"], 100 * r["cv_cpu"],
                 r["best_cases_per_cpu_s"]))
        if f is not None:
            floors[mode] = f
            own_ns = (r["median_cpu_s"] - f["median_cpu_s"]) * 1e9 / r["cases"]
            print("%-8s floor (reading and writing, no CORS work): %.0f cases per CPU-second (cv %.1f%%, best run "
                  "%.0f); eval spends %.0f ns of CPU per case beyond it"
                  % (mode, f["cases_per_cpu_s"], 100 * f["cv_cpu"], f["best_cases_per_cpu_s"], own_ns))
    if a.json:
        with open(a.json, "w") as out:
            json.dump(as_benchmark_json(results, list(floors.values()), binary, a.answers_to), out, indent=2)
    missed = False
    for r in results:
        target = TARGETS.get(r["mode"])
        if target is None:
            continue
        ok = r["cases_per_cpu_s"] >= target
        missed = missed or not ok
        why = ""
        f = floors.get(r["mode"])
        if not ok and f is not None:
            # The floor's best run: the most it showed on this machine.
            best = f["best_cases_per_cpu_s"]
            why = (" (even the floor's best run is %.0f: out of reach of any CORS-side change with this reader here)"
                   if best < target else " (the floor's best run is %.0f: the floor alone does not rule it out)") % best
        print("target: %s >= %d cases per CPU-second: %s%s" % (r["mode"], target, "met" if ok else "MISSED", why))
    if a.check and missed:
        return 1
    if not a.workdir:
        shutil.rmtree(workdir, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
