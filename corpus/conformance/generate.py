#!/usr/bin/env python3
"""Write corsproof's conformance vectors and examples, then validate them.

    python3 corpus/conformance/generate.py          # write and validate
    python3 corpus/conformance/generate.py --check  # validate the files on disk

Deterministic: the same source always gives byte-identical files.  Each topic
lives in its own module under gen/; a module exposes FILE (a path relative to
corpus/conformance/) and cases() (a list of case objects), or FILES (a dict from
such a path to a function returning that file's cases).
"""

import importlib
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
EXAMPLES_DIR = os.path.join(os.path.dirname(HERE), "examples")
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # keep gen/ free of __pycache__

MODULES = [
    "server_origins",
    "server_preflight",
    "server_actual",
    "server_policy",
    "browser_methods",
    "browser_safelisted",
    "browser_forbidden",
    "browser_preflight_request",
    "browser_preflight_checks",
    "browser_cors_check",
    "browser_max_age",
    "browser_exposed",
    "browser_same_origin",
    "browser_private_network",
    "browser_redirect",
    "browser_session",
    "errors",
]

MODES = {"server": ("policy", "request"), "browser": ("request",),
         "browser-session": ("fetches",)}


def dump(case):
    return json.dumps(case, ensure_ascii=True, separators=(",", ":"))


def write_jsonl(path, cases):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for c in cases:
            f.write(dump(c) + "\n")


def outputs(m):
    """(path, cases function) for each file a module writes."""
    return list(m.FILES.items()) if hasattr(m, "FILES") else [(m.FILE, m.cases)]


def load_modules():
    mods = []
    for name in MODULES:
        try:
            mods.append(importlib.import_module("gen." + name))
        except ModuleNotFoundError as e:
            if e.name != "gen." + name:
                raise
    return mods


def validate_suite(paths):
    """Every line JSON object, unique ids, spec or bug, expect present."""
    errors, ids, counts = [], {}, {}
    for path in paths:
        rel = os.path.relpath(path, HERE)
        n = 0
        with open(path, encoding="utf-8") as f:
            for lineno, line in enumerate(f, 1):
                n += 1
                where = f"{rel}:{lineno}"
                try:
                    c = json.loads(line)
                except ValueError as e:
                    errors.append(f"{where}: not JSON: {e}")
                    continue
                if not isinstance(c, dict):
                    errors.append(f"{where}: not an object")
                    continue
                cid = c.get("id")
                if not isinstance(cid, str) or not cid:
                    errors.append(f"{where}: no string id")
                elif cid in ids:
                    errors.append(f"{where}: id {cid} repeats {ids[cid]}")
                else:
                    ids[cid] = where
                if not c.get("spec") and not c.get("bug"):
                    errors.append(f"{where}: neither spec nor bug")
                if not isinstance(c.get("expect"), dict) or not c["expect"]:
                    errors.append(f"{where}: no expect")
                if len(line.encode()) > 1 << 20:
                    errors.append(f"{where}: line over 1 MiB")
                if "errors" + os.sep not in rel and "error" not in c.get("expect", {}):
                    need = MODES.get(c.get("mode"))
                    if need is None:
                        errors.append(f"{where}: unknown mode")
                    elif any(k not in c for k in need):
                        errors.append(f"{where}: missing {need}")
        counts[rel] = n
    return errors, counts


def validate_examples(paths):
    errors, ids = [], set()
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for lineno, line in enumerate(f, 1):
                c = json.loads(line)
                if c["id"] in ids:
                    errors.append(f"{path}:{lineno}: id repeats")
                ids.add(c["id"])
                if any(k not in c for k in MODES[c["mode"]]):
                    errors.append(f"{path}:{lineno}: missing field")
    return errors


def main():
    check_only = "--check" in sys.argv[1:]
    mods = load_modules()
    paths = []
    if not check_only:
        ex = importlib.import_module("gen.examples")
        for name, cases in ex.EXAMPLES.items():
            write_jsonl(os.path.join(EXAMPLES_DIR, name), cases)
        for m in mods:
            for rel, cases in outputs(m):
                path = os.path.join(HERE, rel)
                write_jsonl(path, cases())
                paths.append(path)
            for name, text in getattr(m, "TEXT_FILES", {}).items():
                with open(os.path.join(HERE, name), "w", encoding="utf-8", newline="\n") as f:
                    f.write(text)
    else:
        paths = [os.path.join(HERE, rel) for m in mods for rel, _ in outputs(m)]
    errors, counts = validate_suite(paths)
    ex_paths = [os.path.join(EXAMPLES_DIR, n) for n in sorted(os.listdir(EXAMPLES_DIR))
                if n.endswith(".jsonl")]
    errors += validate_examples(ex_paths)
    for rel, n in sorted(counts.items()):
        print(f"{n:5d}  {rel}")
    print(f"{sum(counts.values()):5d}  total")
    for e in errors:
        print("ERROR", e, file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
