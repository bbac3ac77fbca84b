#!/usr/bin/env python3
"""Tables, targets and baseline comparison for corsproof benchmark results.

Reads Google Benchmark JSON (--benchmark_out, with or without
--benchmark_report_aggregates_only) and bench/e2e.py --json files. Debian's
libbenchmark-dev ships no tools/compare.py, hence this script.

    results.py table   RUN.json [MORE.json...]    markdown table of medians
    results.py targets RUN.json [MORE.json...]    the suite's targets, met or not
    results.py compare BASE.json NEW.json [--threshold 10] [--metric real|cpu]
                       [--flagged OUT.txt] [--rerun RERUN.json]
    results.py filter  NAMES.txt        a --benchmark_filter matching exactly these rows
    results.py merge   OUT.json IN.json [IN.json...]

compare prints the change of every benchmark present in both files and exits
1 when one got slower by more than --threshold percent (median time), or made
more heap allocations per iteration than in the baseline.

--flagged writes the names of the suite's rows that compare found slower
(one per line; not the E2E_ rows, which bench/e2e.py measures, and not
allocation regressions, which no rerun changes). --rerun RERUN.json gives a
second run of such rows (bench/run.sh makes it when the first comparison
fails): a row found slower is then cleared only when the rerun reads it
within half the threshold (a row the rerun lacks, or that failed in it,
stays a regression). A shared machine's slow spell lands on a few rows of
one run; a change that made a row slower shows again.
"""
import re
import argparse
import json
import statistics
import sys

UNIT_NS = {"ns": 1.0, "us": 1e3, "ms": 1e6, "s": 1e9}


def load(paths):
    """run name -> {real, cpu (ns, median), cv (fraction or None), items_per_second, allocs}."""
    aggregates = {}
    plain = {}
    context = None
    for path in paths:
        with open(path) as f:
            doc = json.load(f)
        context = context or doc.get("context")
        for b in doc.get("benchmarks", []):
            run = b.get("run_name", b["name"])
            if b.get("run_type") == "aggregate":
                aggregates.setdefault(run, {})[b["aggregate_name"]] = b
            else:
                plain.setdefault(run, []).append(b)
    out = {}
    for run, aggs in aggregates.items():
        med = aggs.get("median") or aggs.get("mean")
        if med is None:
            continue
        scale = UNIT_NS[med.get("time_unit", "ns")]
        cv = aggs.get("cv")
        out[run] = {
            "real": med["real_time"] * scale,
            "cpu": med["cpu_time"] * scale,
            "cv": cv["real_time"] if cv else None,
            "cv_cpu": cv["cpu_time"] if cv else None,
            "items_per_second": med.get("items_per_second"),
            "allocs": med.get("allocs"),
            "error": med.get("error_occurred", False),
        }
    for run, reps in plain.items():
        if run in out:
            continue
        scale = UNIT_NS[reps[0].get("time_unit", "ns")]
        reals = [r["real_time"] * scale for r in reps]
        cpus = [r["cpu_time"] * scale for r in reps]
        mean = statistics.mean(reals)
        out[run] = {
            "real": statistics.median(reals),
            "cpu": statistics.median(r["cpu_time"] * scale for r in reps),
            "cv": (statistics.stdev(reals) / mean) if len(reals) > 1 and mean else None,
            "cv_cpu": (statistics.stdev(cpus) / statistics.mean(cpus)) if len(cpus) > 1 and any(cpus) else None,
            "items_per_second": statistics.median(r.get("items_per_second", 0) for r in reps) or None,
            "allocs": statistics.median(r["allocs"] for r in reps) if "allocs" in reps[0] else None,
            "error": any(r.get("error_occurred", False) for r in reps),
        }
    return out, context


def fmt_time(ns):
    if ns >= 1e6:
        return "%.2f ms" % (ns / 1e6)
    if ns >= 1e4:
        return "%.1f us" % (ns / 1e3)
    if ns >= 100:
        return "%.0f ns" % ns
    return "%.1f ns" % ns


def fmt_rate(r):
    if r is None:
        return "-"
    for div, suffix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if r >= div:
            return "%.3g%s/s" % (r / div, suffix)
    return "%.3g/s" % r


def fmt_allocs(a):
    if a is None:
        return "-"
    return "%d" % a if float(a).is_integer() else "%.3g" % a


def cmd_table(args):
    res, ctx = load(args.files)
    def pct(x):
        return "-" if x is None else "%.1f%%" % (100 * x)

    print("| benchmark | CPU time (median) | CV | real time (median) | CV | items/s (median) | allocs/iter |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, r in res.items():
        flag = " (ERROR)" if r["error"] else ""
        print("| %s%s | %s | %s | %s | %s | %s | %s |" % (name, flag, fmt_time(r["cpu"]), pct(r["cv_cpu"]),
                                                        fmt_time(r["real"]), pct(r["cv"]),
                                                        fmt_rate(r["items_per_second"]), fmt_allocs(r["allocs"])))
    return 0


def is_core(name):
    # The oracle benchmarks run the CLI's line handler (audit mode's judging allocates), not the core alone.
    # The lint benchmarks build findings (strings) on purpose: lint is not evaluation.
    # BM_CompilePolicy builds a policy's tables: compilation may allocate, evaluation may not.
    # BM_Calibration_* is the machine's, not corsproof's (bench_calibration.cpp).
    return not (name.startswith("BM_Model") or name.startswith("BM_AllocMeterSelfCheck") or name.startswith("E2E_")
                or name.startswith("BM_Oracle") or name.startswith("BM_Lint") or name.startswith("BM_Calibration")
                or name.startswith("BM_CompilePolicy"))


# Issue #11: the hot path's figures (median time of one decision, ns).
CORE_LIMITS = [
    ("BM_ServerPreflight_Exact/16", 40, "allowed preflight, 16 exact origins"),
    ("BM_ServerPreflight_BrowserHeaders", 60, "preflight with the 13 headers browsers send"),
    ("BM_ServerPreflight_AtLimitHeaders", 2000, "64 requested names against 256 listed"),
    ("BM_BrowserExchange/full_put_with_preflight", 300, "browser: PUT with preflight and response"),
    ("BM_BrowserExchange/simple_get", 150, "browser: simple GET"),
    ("BM_BrowserExchange/preflight_at_limit_64_names", 5000, "browser: preflight with 64 names"),
    ("BM_BrowserNeedsPreflight/at_limit_256_headers_64_names", 5000, "browser: 256 headers, 64 names"),
]
# Worst cases within the bounds: (small, four times larger); each linear
# (<= 4.5x) and under 1 ms.
WORST_PAIRS = [
    ("BM_ServerWorst_Preflight/16", "BM_ServerWorst_Preflight/64"),
    ("BM_ServerWorst_WildcardMiss/16384", "BM_ServerWorst_WildcardMiss/65536"),
    ("BM_ServerWorst_ExactMiss/16384", "BM_ServerWorst_ExactMiss/65536"),
    ("BM_BrowserWorst_RequestHeaders/64", "BM_BrowserWorst_RequestHeaders/256"),
    ("BM_BrowserWorst_MethodOverride/64", "BM_BrowserWorst_MethodOverride/256"),
    ("BM_BrowserWorst_AllowHeaders/62", "BM_BrowserWorst_AllowHeaders/248"),
    ("BM_BrowserWorst_AllowMethods/62", "BM_BrowserWorst_AllowMethods/248"),
    ("BM_BrowserWorst_ExposeHeaders/62", "BM_BrowserWorst_ExposeHeaders/248"),
    ("BM_Lint<lint_exact>/16384", "BM_Lint<lint_exact>/65536"),
    ("BM_Lint<lint_findings>/16384", "BM_Lint<lint_findings>/65536"),
    ("BM_Lint<lint_wildcards>/16384", "BM_Lint<lint_wildcards>/65536"),
]


def cmd_targets(args):
    res, _ = load(args.files)
    missed = 0

    def line(ok, text):
        nonlocal missed
        if ok is None:
            print("  n/a     %s" % text)
            return
        if not ok:
            missed += 1
        print("  %-7s %s" % ("met" if ok else "MISSED", text))

    key = args.metric

    def t(name):
        return res[name][key] if name in res else None

    print("targets (median %s time of this run):" % key)
    p16 = t("BM_ServerPreflight_Exact/16")
    for name, limit, what in CORE_LIMITS:
        v = t(name)
        if v is None:
            line(None, "%s: not in this run" % what)
        else:
            line(v <= limit, "%s: %.0f ns (<= %d ns)  [%s]" % (what, v, limit, name))
    w1, w64 = t("BM_ServerPreflight_Wildcard/1"), t("BM_ServerPreflight_Wildcard/64")
    if w1 and w64:
        line(w64 / w1 <= 1.3, "64 wildcard patterns vs 1: %.2fx (<= 1.3x)" % (w64 / w1))
    else:
        line(None, "64 wildcard patterns vs 1: not in this run")
    for small, large in WORST_PAIRS:
        a, b = t(small), t(large)
        if a is None or b is None:
            line(None, "worst case %s: not in this run" % large)
            continue
        line(b / a <= 4.5 and b <= 1e6, "worst case %s: %s; 4x input %.2fx (<= 4.5x), under 1 ms"
             % (large, fmt_time(b), b / a))
        # The request-side worst case, its sizes read from the same cache
        # level (bench_browser.cpp, BM_BrowserWorst_RequestHeadersOutOfCache).
        if large.startswith("BM_BrowserWorst_RequestHeaders/"):
            ca = t(small.replace("RequestHeaders/", "RequestHeadersOutOfCache/"))
            cb = t(large.replace("RequestHeaders/", "RequestHeadersOutOfCache/"))
            if ca and cb:
                print("  info    the same, neither size read from L2 (copies of 8 MiB in all): %s; 4x input %.2fx"
                      % (fmt_time(cb), cb / ca))
        # Lint compiles the policy first and asks libpsl about every entry:
        # each is a floor under its rows, and so is their sum.
        if large.startswith("BM_Lint<"):
            compile_row = large.replace("BM_Lint<", "BM_CompilePolicy<")
            psl_row = large.replace("BM_Lint<", "BM_LintPublicSuffixFloor<")
            if t(compile_row) is not None:
                print("  info    %s: %s, a floor of that lint row (lint compiles the policy first)"
                      % (compile_row, fmt_time(t(compile_row))))
            if t(psl_row) is not None:
                print("  info    %s: %s, a floor of that lint row (libpsl alone, asked what lint must ask "
                      "about each entry)" % (psl_row, fmt_time(t(psl_row))))
            if t(compile_row) is not None and t(psl_row) is not None:
                print("  info    together %s: no lint of this policy can take less"
                      % fmt_time(t(compile_row) + t(psl_row)))
    p4096 = t("BM_ServerPreflight_Exact/4096")
    if p16 and p4096:
        line(p4096 / p16 <= 1.5, "growth 16 -> 4096 exact origins: %.2fx (<= 1.5x)" % (p4096 / p16))
    else:
        line(None, "growth 16 -> 4096 exact origins: not in this run")
    r16, r4096 = t("BM_ServerPreflight_ExactRotating/16"), t("BM_ServerPreflight_ExactRotating/4096")
    if r16 and r4096:
        print("  info    growth 16 -> 4096, a different origin each iteration: %.2fx" % (r4096 / r16))
    m16 = t("BM_ModelServerPreflight_Exact/16")
    if p16 and m16:
        line(m16 / p16 >= 20, "core vs reference model, same preflight: %.1fx faster (>= 20x)" % (m16 / p16))
    else:
        line(None, "core vs reference model: no model benchmark in this run (corsproof_model not built)")
    offenders = [(n, r["allocs"]) for n, r in res.items() if is_core(n) and r["allocs"] not in (None, 0)]
    core = [n for n, r in res.items() if is_core(n) and r["allocs"] is not None]
    line(not offenders, "every core benchmark 0 allocations: %d benchmarks, %d allocate%s"
         % (len(core), len(offenders), "".join("\n            %s: %s" % (n, fmt_allocs(a)) for n, a in offenders)))
    errors = [n for n, r in res.items() if r["error"]]
    if errors:
        missed += 1
        print("  ERROR   benchmarks that reported an error: %s" % ", ".join(errors))
    # bench/e2e.py: cases per CPU-second of the whole process (cpu is CPU ns per case).
    e2e_targets = {"server": 1_000_000, "browser": 1_000_000, "audit": 500_000}
    e2e = {n: r for n, r in res.items() if n.startswith("E2E_Eval/")}
    for n, r in e2e.items():
        mode = n[len("E2E_Eval/"):].split("_")[0]
        per_cpu_s = 1e9 / r["cpu"] if r["cpu"] else 0.0
        if mode in e2e_targets:
            line(per_cpu_s >= e2e_targets[mode], "%s: %.0f cases per CPU-second (>= %d; %.0f cases/s of wall time)"
                 % (n, per_cpu_s, e2e_targets[mode], r["items_per_second"]))
        else:
            print("  info    %s: %.0f cases per CPU-second" % (n, per_cpu_s))
        # e2e.py --floor: the same file read and answered with no CORS work.
        f = res.get("E2E_Floor/" + n[len("E2E_Eval/"):])
        if f and f["cpu"]:
            print("  info    %s: %.0f cases per CPU-second, the floor of reading and writing alone%s"
                  % ("E2E_Floor/" + n[len("E2E_Eval/"):], 1e9 / f["cpu"],
                     " (its median is below the target; e2e.py prints its best run)" if mode in e2e_targets and 1e9 / f["cpu"] < e2e_targets[mode] else ""))
    if not e2e:
        line(None, "end to end (corsproof eval): not in this run")
    return 1 if (missed and args.strict) else 0


CALIBRATION = "BM_Calibration_FixedWork"


def machine_drift(base, new, key):
    """The calibration row's change in percent (the machine's speed, not the code's), or None."""
    b, n = base.get(CALIBRATION), new.get(CALIBRATION)
    if not b or not n or not b[key]:
        return None
    return (n[key] - b[key]) / b[key] * 100


def cmd_compare(args):
    base, _ = load([args.base])
    new, _ = load([args.new])
    rerun = {}
    if args.rerun:
        try:
            rerun, _ = load([args.rerun])
        except (OSError, ValueError, KeyError) as e:
            print("results.py compare: the rerun %s cannot be read (%s): judged on the first run alone"
                  % (args.rerun, e), file=sys.stderr)
    key = args.metric
    regressions = 0
    flagged = []  # suite rows slower than the threshold in this comparison
    not_confirmed = 0
    drift = machine_drift(base, new, key)
    print("%-62s %12s %12s %9s  %s" % ("benchmark", "baseline", "new", "change", "allocs"))
    for name, n in new.items():
        b = base.get(name)
        if b is None:
            print("%-62s %12s %12s %9s  %s" % (name, "-", fmt_time(n[key]), "new", fmt_allocs(n["allocs"])))
            continue
        change = (n[key] - b[key]) / b[key] * 100 if b[key] else 0.0
        notes = []
        if change > args.threshold:
            # The rerun clears a row only when it reads within half the
            # threshold: a row that really got slower by a little more than
            # the threshold does not pass on a second draw of the noise.
            again = rerun.get(name)
            usable = again is not None and not again["error"] and again[key] > 0 and b[key]
            again_change = (again[key] - b[key]) / b[key] * 100 if usable else None
            if again_change is not None and again_change <= args.threshold / 2:
                notes.append("(slower in this run, %+.1f%% in the rerun: not a regression)" % again_change)
                not_confirmed += 1
            else:
                notes.append("REGRESSION" if again_change is None else
                             "REGRESSION (%+.1f%% in the rerun)" % again_change)
                if not name.startswith("E2E_"):
                    flagged.append(name)
        elif change < -args.threshold:
            notes.append("faster")
        ba, na = b["allocs"], n["allocs"]
        alloc_text = fmt_allocs(na) if ba == na else "%s -> %s" % (fmt_allocs(ba), fmt_allocs(na))
        if ba is not None and na is not None and na > ba + 1e-3:
            notes.append("ALLOCATION REGRESSION")
        if any(note.startswith("REGRESSION") for note in notes) or "ALLOCATION REGRESSION" in notes:
            regressions += 1
        print("%-62s %12s %12s %+8.1f%%  %s %s" % (name, fmt_time(b[key]), fmt_time(n[key]), change, alloc_text,
                                                   " ".join(notes)))
    for name in base:
        if name not in new:
            print("%-62s %12s %12s %9s" % (name, fmt_time(base[name][key]), "-", "gone"))
    print("%d regression(s) beyond %.0f%% (%s time, medians)%s"
          % (regressions, args.threshold, key,
             "; %d row(s) slower in this run but within %.0f%% in the rerun" % (not_confirmed, args.threshold / 2)
             if args.rerun else ""))
    if args.flagged:
        with open(args.flagged, "w") as f:
            f.write("".join(name + "\n" for name in flagged))
    if drift is None:
        print("machine: no %s in both runs, so no measure of the machine's own change" % CALIBRATION)
    else:
        print("machine: %s, fixed work that shares no code with corsproof, changed %+.1f%%%s"
              % (CALIBRATION, drift,
                 "; rows that moved by about as much may not have changed at all: rerun them, or compare "
                 "instruction counts (callgrind)" if abs(drift) > args.threshold / 2 else ""))
    rerun_drift = machine_drift(base, rerun, key) if rerun else None
    if rerun_drift is not None:
        print("machine: in the rerun, %s changed %+.1f%%" % (CALIBRATION, rerun_drift))
    return 1 if regressions else 0


# Google Benchmark matches --benchmark_filter as a POSIX extended regular
# expression: these are its special characters (`<` and `>` are not, and in
# GNU's regcomp `\<` would be a word boundary).
ERE_SPECIAL = re.compile(r"([.\[\](){}*+?|^$\\])")


def cmd_filter(args):
    with open(args.names) as f:
        names = [line.strip() for line in f if line.strip()]
    if not names:
        print("results.py filter: %s names no benchmark" % args.names, file=sys.stderr)
        return 2
    print("^(%s)$" % "|".join(ERE_SPECIAL.sub(r"\\\1", name) for name in names))
    return 0


def cmd_merge(args):
    merged = {"context": None, "benchmarks": []}
    for path in args.inputs:
        with open(path) as f:
            doc = json.load(f)
        merged["context"] = merged["context"] or doc.get("context")
        merged["benchmarks"] += doc.get("benchmarks", [])
    with open(args.out, "w") as f:
        json.dump(merged, f, indent=2)
    return 0


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("table")
    p.add_argument("files", nargs="+")
    p.set_defaults(func=cmd_table)
    p = sub.add_parser("targets")
    p.add_argument("files", nargs="+")
    p.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    p.add_argument("--metric", choices=["real", "cpu"], default="cpu",
                   help="cpu (default): the process's CPU time, robust on a shared machine")
    p.set_defaults(func=cmd_targets)
    p = sub.add_parser("compare")
    p.add_argument("base")
    p.add_argument("new")
    p.add_argument("--threshold", type=float, default=10.0, help="percent slower that counts as a regression")
    p.add_argument("--metric", choices=["real", "cpu"], default="cpu")
    p.add_argument("--flagged", help="write the names of the suite rows found slower to this file")
    p.add_argument("--rerun", help="a second run of the rows found slower: a row counts only if slower in both")
    p.set_defaults(func=cmd_compare)
    p = sub.add_parser("filter")
    p.add_argument("names")
    p.set_defaults(func=cmd_filter)
    p = sub.add_parser("merge")
    p.add_argument("out")
    p.add_argument("inputs", nargs="+")
    p.set_defaults(func=cmd_merge)
    args = ap.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
