#!/usr/bin/env python3
"""bench/e2e.py's pinning (run_once; "Pinning" in e2e.py's docstring).

The measured run must start on the CPU asked for and stay there, while the
script itself gets all its CPUs back as soon as the run has started (so
that what it does meanwhile is not counted against that CPU). A child
process reports its own affinity, and the script's affinity is read while
the child still runs and again after. Without pinning (cpu None) the child
gets the script's CPUs. A --cpu the script may not use is refused with exit
status 2 before anything is generated.

Run: python3 bench/tests/e2e_pinning_test.py (ctest: bench_e2e_pinning).
"""
import os
import subprocess
import sys
import tempfile
import threading

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import e2e  # noqa: E402

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)


# The child writes its affinity, then waits until told to end (a line on its
# standard input never comes: it waits on a file instead), so that the
# script's affinity can be read while the run is still going.
CHILD = r"""
import os, sys, time
with open(sys.argv[1], "w") as f:
    f.write(",".join(str(c) for c in sorted(os.sched_getaffinity(0))))
deadline = time.time() + 20
while not os.path.exists(sys.argv[2]) and time.time() < deadline:
    time.sleep(0.01)
"""

allowed = os.sched_getaffinity(0)
main_tid = threading.main_thread().native_id
with tempfile.TemporaryDirectory() as tmp:
    for cpu in [max(allowed), min(allowed), None]:
        seen = os.path.join(tmp, "seen-%s" % cpu)
        done = os.path.join(tmp, "done-%s" % cpu)
        during = []

        # run_once blocks until the child ends: read the script's affinity
        # from a thread while the child runs, then let the child end.
        def watch():
            for _ in range(2000):
                if os.path.exists(seen):
                    break
                threading.Event().wait(0.01)
            # The main thread's (run_once's) affinity: a thread's own would be
            # what it was given when it started, whatever run_once does.
            during.append(os.sched_getaffinity(main_tid))
            open(done, "w").close()

        t = threading.Thread(target=watch)
        t.start()
        rc, err, wall, cpu_s = e2e.run_once([sys.executable, "-c", CHILD, seen, done], os.devnull, cpu)
        t.join()
        check(rc == 0, "cpu %s: the child ran (status %s, %s)" % (cpu, rc, err.strip()))
        got = set(int(c) for c in open(seen).read().split(",")) if os.path.exists(seen) else set()
        want = allowed if cpu is None else {cpu}
        check(got == want, "cpu %s: the run's affinity is %s, expected %s" % (cpu, sorted(got), sorted(want)))
        check(during == [allowed], "cpu %s: while the run goes on the script has %s, expected %s"
              % (cpu, [sorted(d) for d in during], sorted(allowed)))
        check(os.sched_getaffinity(0) == allowed, "cpu %s: the script has its CPUs back after the run" % cpu)
        check(cpu_s > 0, "cpu %s: the child's CPU time is counted (%r)" % (cpu, cpu_s))

    # A CPU this process may not use: refused before a work directory is made.
    bad = max(allowed) + 1
    while bad in allowed:
        bad += 1
    work = os.path.join(tmp, "work")
    p = subprocess.run([sys.executable, os.path.join(os.path.dirname(HERE), "e2e.py"), "/bin/true", "--cpu",
                        str(bad), "--workdir", work], capture_output=True, text=True)
    check(p.returncode == 2, "--cpu %d: exit status %d, expected 2" % (bad, p.returncode))
    check("--cpu %d" % bad in p.stderr and "may only run on CPUs" in p.stderr,
          "--cpu %d: the message names the CPU and the allowed ones: %r" % (bad, p.stderr.strip()))
    check(not os.path.exists(work), "--cpu %d: no work directory made" % bad)

if failures:
    print("%d check(s) failed" % len(failures))
    sys.exit(1)
print("e2e pinning: all checks passed")
