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


def compare(base_rows, new_rows, tmp):
    paths = []
    for i, rows in enumerate((base_rows, new_rows)):
        path = os.path.join(tmp, "run%d.json" % i)
        with open(path, "w") as f:
            json.dump(run_json(rows), f)
        paths.append(path)
    p = subprocess.run([sys.executable, RESULTS, "compare", paths[0], paths[1], "--threshold", "10"],
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
    print("results.py compare: 3 cases passed")


if __name__ == "__main__":
    main()
