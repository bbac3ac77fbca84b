#!/usr/bin/env python3
"""results.py compare: the regression gate and the machine's line.

Two runs written as Google Benchmark JSON (aggregates), compared as
bench/run.sh --baseline does: a row 50 % slower is a regression (exit 1)
whatever the calibration row says, and the last line reports the
calibration row's change, with the hint when it moved by more than half
the threshold; without a calibration row in both runs it says so.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
RESULTS = os.path.join(HERE, "..", "results.py")


def run_json(rows):
    benchmarks = []
    for name, ns in rows.items():
        for agg, value in (("median", ns), ("cv", 0.01)):
            benchmarks.append({"name": name + "_" + agg, "run_name": name, "run_type": "aggregate",
                               "aggregate_name": agg, "real_time": value, "cpu_time": value,
                               "time_unit": "ns", "iterations": 10})
    return {"context": {}, "benchmarks": benchmarks}


def compare(base_rows, new_rows, tmp, *args, rerun_rows=None):
    paths = []
    for i, rows in enumerate((base_rows, new_rows, rerun_rows)):
        if rows is None:
            continue
        path = os.path.join(tmp, "run%d.json" % i)
        with open(path, "w") as f:
            json.dump(run_json(rows), f)
        paths.append(path)
    extra = ["--rerun", paths[2]] if rerun_rows is not None else []
    p = subprocess.run([sys.executable, RESULTS, "compare", paths[0], paths[1], "--threshold", "10", *extra, *args],
                       capture_output=True, text=True)
    return p.returncode, p.stdout


def check(cond, what, out):
    if not cond:
        print("FAILED: %s\n%s" % (what, out))
        sys.exit(1)


def main():
    with tempfile.TemporaryDirectory() as tmp:
        # The machine 50 % slower and a row 50 % slower: still a regression, with the hint.
        rc, out = compare({"BM_Calibration_FixedWork": 1000, "BM_X": 100},
                          {"BM_Calibration_FixedWork": 1500, "BM_X": 150}, tmp)
        last = out.strip().splitlines()[-1]
        check(rc == 1, "a row 50 % slower exits 1", out)
        check("REGRESSION" in out, "the slower row is flagged", out)
        check(last.startswith("machine:") and "+50.0%" in last, "the machine's change is on the last line", out)
        check("may not have changed" in last, "the hint when the machine moved", out)
        # The machine steady, nothing slower: exit 0, no hint.
        rc, out = compare({"BM_Calibration_FixedWork": 1000, "BM_X": 100},
                          {"BM_Calibration_FixedWork": 1020, "BM_X": 101}, tmp)
        last = out.strip().splitlines()[-1]
        check(rc == 0, "nothing slower exits 0", out)
        check("+2.0%" in last and "may not have changed" not in last, "a steady machine, no hint", out)
        # A baseline without the calibration row.
        rc, out = compare({"BM_X": 100}, {"BM_Calibration_FixedWork": 1000, "BM_X": 100}, tmp)
        check(rc == 0 and "no BM_Calibration_FixedWork in both runs" in out, "no calibration in the baseline", out)

        # --flagged: the suite rows found slower, not the faster or steady
        # ones, not an E2E_ row (e2e.py measures those).
        flagged = os.path.join(tmp, "flagged.txt")
        rc, out = compare({"BM_A/1": 100, "BM_A/16": 100, "BM_B": 100, "E2E_Eval/browser_100000": 1000},
                          {"BM_A/1": 150, "BM_A/16": 80, "BM_B": 105, "E2E_Eval/browser_100000": 2000}, tmp,
                          "--flagged", flagged)
        check(rc == 1, "slower rows exit 1", out)
        with open(flagged) as f:
            check(f.read() == "BM_A/1\n", "only BM_A/1 flagged", out)
        rc, out = compare({"BM_A/1": 100}, {"BM_A/1": 101}, tmp, "--flagged", flagged)
        with open(flagged) as f:
            check(rc == 0 and f.read() == "", "nothing slower: an empty list", out)

        # --rerun: a row found slower is cleared only by a rerun within half
        # the threshold (5 % here), and the comparison says so.
        base = {"BM_Calibration_FixedWork": 450, "BM_A/1": 100, "BM_B": 100}
        first = {"BM_Calibration_FixedWork": 460, "BM_A/1": 150, "BM_B": 130}
        rc, out = compare(base, first, tmp, rerun_rows={"BM_Calibration_FixedWork": 459, "BM_A/1": 101, "BM_B": 102})
        check(rc == 0, "both back in the rerun: exit 0", out)
        check(out.count("not a regression") == 2 and "+1.0% in the rerun" in out, "each row's rerun said", out)
        check("2 row(s) slower in this run but within 5% in the rerun" in out, "the count of cleared rows", out)
        check("machine: in the rerun, BM_Calibration_FixedWork changed +2.0%" in out, "the rerun's machine", out)
        rc, out = compare(base, first, tmp, rerun_rows={"BM_A/1": 101, "BM_B": 140})
        check(rc == 1, "one row slower again: exit 1", out)
        check("REGRESSION (+40.0% in the rerun)" in out and "1 regression(s)" in out, "that row named", out)
        rc, out = compare(base, first, tmp, rerun_rows={"BM_A/1": 101, "BM_B": 107})
        check(rc == 1 and "REGRESSION (+7.0% in the rerun)" in out, "within the threshold but not half", out)
        rc, out = compare(base, first, tmp, rerun_rows={"BM_A/1": 101})
        check(rc == 1 and "BM_B" in out and "1 regression(s)" in out, "a row the rerun lacks stays flagged", out)
        # A row that failed in the rerun (Google Benchmark then writes the
        # runs themselves, time 0, error_occurred) is no reading.
        failed = os.path.join(tmp, "failed.json")
        with open(failed, "w") as f:
            json.dump({"context": {}, "benchmarks": [
                {"name": "BM_B", "run_name": "BM_B", "run_type": "iteration", "iterations": 0, "real_time": 0,
                 "cpu_time": 0, "time_unit": "ns", "error_occurred": True, "error_message": "wrong decision"},
                *run_json({"BM_A/1": 101})["benchmarks"]]}, f)
        rc, out = compare(base, first, tmp, "--rerun", failed)
        check(rc == 1 and "1 regression(s)" in out and "-100.0%" not in out, "a failed rerun row stays flagged", out)
        # A rerun that cannot be read (the benchmark binary matched nothing:
        # an empty file) leaves the first run's verdict, and says why.
        empty = os.path.join(tmp, "empty.json")
        open(empty, "w").close()
        p = subprocess.run([sys.executable, RESULTS, "compare", os.path.join(tmp, "run0.json"),
                            os.path.join(tmp, "run1.json"), "--rerun", empty], capture_output=True, text=True)
        check(p.returncode == 1 and "cannot be read" in p.stderr and "Traceback" not in p.stderr,
              "an empty rerun file: the first verdict, no traceback", p.stdout + p.stderr)

        # filter: an anchored expression for exactly the names listed, with
        # the extended-regex characters of a name escaped.
        names = ["BM_Lint<lint_exact>/65536", "BM_A/1", "BM_X.y(z)+"]
        with open(flagged, "w") as f:
            f.write("".join(n + "\n" for n in names))
        p = subprocess.run([sys.executable, RESULTS, "filter", flagged], capture_output=True, text=True)
        expression = p.stdout.strip()
        check(p.returncode == 0 and expression.startswith("^(") and expression.endswith(")$"), "anchored", expression)
        others = ["BM_A/16", "BM_A/1x", "BM_X_y(z)+", "BM_X.y(z)", "xBM_A/1"]
        for n in names:
            check(re.fullmatch(expression, n) is not None, "matches %s" % n, expression)
        for other in others:
            check(re.fullmatch(expression, other) is None, "does not match %s" % other, expression)
        # The same as a POSIX extended expression (what Google Benchmark
        # compiles), where an escaped `<` would be a word boundary (GNU).
        if shutil.which("grep"):
            p = subprocess.run(["grep", "-Ex", expression], input="".join(x + "\n" for x in names + others),
                               capture_output=True, text=True)
            check(p.stdout.splitlines() == names, "grep -Ex picks exactly the names", p.stdout + p.stderr)
    print("results.py compare: 11 cases passed")


if __name__ == "__main__":
    main()
