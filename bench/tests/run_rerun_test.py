#!/usr/bin/env python3
"""bench/run.sh --baseline: the suite rows found slower run again, and a row
is a regression only when the rerun is slower too.

A stand-in for corsproof_bench (in a build directory of its own) writes
Google Benchmark's JSON aggregates: on the first call BM_A/1 and BM_B are
50 % slower than the baseline; on the second (the rerun, which must ask for
exactly those two rows and the calibration row) BM_B is back, and BM_A/1 is
back or still slow as the case says, or the stand-in fails, or writes an
empty file (what a filter that matches nothing gives). It logs the filter of
each call.
"""
import json
import os
import stat
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
RUN = os.path.join(HERE, "..", "run.sh")

BASE = {"BM_Calibration_FixedWork": 450, "BM_A/1": 100, "BM_A/16": 100, "BM_B": 100}

FAKE = r'''#!/usr/bin/env python3
import json, os, sys
state = os.environ["FAKE_STATE"]
calls = open(state).read().splitlines() if os.path.exists(state) else []
args = dict(a.split("=", 1) for a in sys.argv[1:] if a.startswith("--") and "=" in a)
with open(state, "a") as f:
    f.write(args.get("--benchmark_filter", "(all)") + "\n")
rows = json.loads(os.environ["FAKE_BASE"])
if not calls:
    rows["BM_A/1"] *= 1.5
    rows["BM_B"] *= 1.5
elif os.environ["FAKE_RERUN"] == "fails":
    sys.exit(3)
elif os.environ["FAKE_RERUN"] == "nothing":  # as when the filter matches no row: an empty file
    open(args["--benchmark_out"], "w").close()
    sys.exit(0)
elif os.environ["FAKE_RERUN"] == "slow":
    rows["BM_A/1"] *= 1.5
if "--benchmark_filter" in args:
    wanted = args["--benchmark_filter"][2:-2].split("|")  # ^(a|b)$; these names hold no special character
    rows = {k: v for k, v in rows.items() if k in wanted}
out = []
for name, ns in rows.items():
    for agg, value in (("median", ns), ("cv", 0.01)):
        out.append({"name": name + "_" + agg, "run_name": name, "run_type": "aggregate", "aggregate_name": agg,
                    "real_time": value, "cpu_time": value, "time_unit": "ns", "iterations": 10})
with open(args["--benchmark_out"], "w") as f:
    json.dump({"context": {}, "benchmarks": out}, f)
'''


def aggregates(rows):
    return {"context": {}, "benchmarks": [
        {"name": n + "_" + agg, "run_name": n, "run_type": "aggregate", "aggregate_name": agg,
         "real_time": v, "cpu_time": v, "time_unit": "ns", "iterations": 10}
        for n, ns in rows.items() for agg, v in (("median", ns), ("cv", 0.01))]}


def run(tmp, rerun, *extra):
    """(exit status, output, the filters the stand-in was called with)."""
    build = os.path.join(tmp, "build")
    os.makedirs(os.path.join(build, "bench"), exist_ok=True)
    fake = os.path.join(build, "bench", "corsproof_bench")
    with open(fake, "w") as f:
        f.write(FAKE)
    os.chmod(fake, os.stat(fake).st_mode | stat.S_IXUSR)
    base = os.path.join(tmp, "base.json")
    with open(base, "w") as f:
        json.dump(aggregates(BASE), f)
    state = os.path.join(tmp, "calls")
    if os.path.exists(state):
        os.remove(state)
    env = dict(os.environ, FAKE_STATE=state, FAKE_BASE=json.dumps(BASE), FAKE_RERUN=rerun)
    p = subprocess.run(["bash", RUN, "--no-build", "--no-e2e", "--build-dir", build, "--repetitions", "2",
                        "--baseline", base, "--out", os.path.join(tmp, "out.json"), *extra],
                       capture_output=True, text=True, env=env)
    calls = open(state).read().splitlines() if os.path.exists(state) else []
    return p.returncode, p.stdout + p.stderr, calls


def main():
    failures = []

    def expect(what, got, want, out=""):
        if got != want:
            failures.append("%s: got %r, want %r\n%s" % (what, got, want, out))

    with tempfile.TemporaryDirectory() as tmp:
        rerun_filter = "^(BM_A/1|BM_B|BM_Calibration_FixedWork)$"
        rc, out, calls = run(tmp, "back")
        expect("back in the rerun: status", rc, 0, out)
        expect("back in the rerun: calls", calls, ["(all)", rerun_filter], out)
        expect("back in the rerun: said", out.count("not a regression"), 2, out)
        expect("back in the rerun: the rerun's machine", "machine: in the rerun" in out, True, out)
        expect("the rerun is kept beside the result", os.path.exists(os.path.join(tmp, "out.rerun.json")), True)

        rc, out, calls = run(tmp, "slow")
        expect("still slow: status", rc, 1, out)
        expect("still slow: calls", len(calls), 2, out)
        expect("still slow: named", "REGRESSION (+50.0% in the rerun)" in out, True, out)

        for how, said in (("fails", "the rerun exited with status 3"), ("nothing", "the rerun wrote no results")):
            rc, out, calls = run(tmp, how)
            expect("rerun %s: the first verdict" % how, rc, 1, out)
            expect("rerun %s: calls" % how, calls, ["(all)", rerun_filter], out)
            expect("rerun %s: said" % how, said in out and "the comparison above stands" in out, True, out)

        rc, out, calls = run(tmp, "back", "--no-rerun")
        expect("--no-rerun: status", rc, 1, out)
        expect("--no-rerun: one call", calls, ["(all)"], out)
    if failures:
        print("FAILED:\n" + "\n".join(failures))
        return 1
    print("run.sh --baseline rerun: 5 cases passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
