#!/usr/bin/env python3
"""wait_quiet.py: two quiet readings in a row start the run, a slow or
unsteady reading resets the count, and the wait gives up after its time.

A stand-in for corsproof_bench answers each call with the next (mean, cv)
of a list, as Google Benchmark's JSON aggregates, and counts its calls.
"""
import json
import os
import stat
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
WAIT = os.path.join(HERE, "..", "wait_quiet.py")

FAKE = r'''#!/usr/bin/env python3
import json, os, sys
state = os.environ["FAKE_STATE"]
readings = json.loads(os.environ["FAKE_READINGS"])
n = int(open(state).read()) if os.path.exists(state) else 0
open(state, "w").write(str(n + 1))
if "--benchmark_filter=^BM_Calibration_FixedWork$" not in sys.argv:
    sys.exit(1)
if n >= len(readings):
    print(json.dumps({"benchmarks": []}))
    sys.exit(0)
mean, cv = readings[n]
rows = [{"name": "BM_Calibration_FixedWork_" + agg, "run_name": "BM_Calibration_FixedWork",
         "run_type": "aggregate", "aggregate_name": agg, "cpu_time": value, "real_time": value,
         "time_unit": "ns"} for agg, value in (("mean", mean), ("median", mean), ("cv", cv))]
print(json.dumps({"context": {}, "benchmarks": rows}))
'''


def wait(tmp, readings, *args):
    """(exit status, output, calls to the stand-in)."""
    fake = os.path.join(tmp, "fake_bench")
    with open(fake, "w") as f:
        f.write(FAKE)
    os.chmod(fake, os.stat(fake).st_mode | stat.S_IXUSR)
    state = os.path.join(tmp, "calls")
    if os.path.exists(state):
        os.remove(state)
    env = dict(os.environ, FAKE_STATE=state, FAKE_READINGS=json.dumps(readings))
    p = subprocess.run([sys.executable, WAIT, fake, "--pause", "0", *args], capture_output=True, text=True,
                       env=env)
    calls = int(open(state).read()) if os.path.exists(state) else 0
    return p.returncode, p.stdout + p.stderr, calls


def main():
    failures = []

    def expect(what, got, want):
        if got != want:
            failures.append("%s: got %r, want %r" % (what, got, want))

    with tempfile.TemporaryDirectory() as tmp:
        rc, out, calls = wait(tmp, [(450, 0.005), (452, 0.01)], "--below", "465")
        expect("quiet at once: status", rc, 0)
        expect("quiet at once: readings", calls, 2)

        # A slow reading, then an unsteady one (cv 5 %), each resets the count.
        rc, out, calls = wait(tmp, [(450, 0.005), (600, 0.005), (450, 0.05), (451, 0.01), (449, 0.01)],
                              "--below", "465")
        expect("reset by slow and unsteady readings: status", rc, 0)
        expect("reset by slow and unsteady readings: readings", calls, 5)
        expect("reset: each reading printed", out.count("wait-quiet: calibration"), 5)
        expect("reset: a slow reading said so", "600 ns, cv 0.5 % (not quiet" in out, True)

        rc, out, calls = wait(tmp, [(600, 0.005)] * 3, "--below", "465", "--max-minutes", "0")
        expect("never quiet: status", rc, 3)
        expect("never quiet: readings before giving up", calls, 1)
        expect("never quiet: says so", "no quiet spell in 0 minutes" in out, True)

        rc, out, calls = wait(tmp, [], "--below", "465")
        expect("no calibration row: status", rc, 2)

        rc, out, calls = wait(tmp, [(450, 0.005)], "--below", "0")
        expect("bad threshold: status", rc, 2)
        expect("bad threshold: no reading taken", calls, 0)

    for f in failures:
        print("FAIL " + f)
    print("%d failure(s)" % len(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
