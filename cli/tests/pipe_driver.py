#!/usr/bin/env python3
"""Drives `corsproof eval` through pipes the way a fuzzer or a test harness
does: writes one case, waits for its answer, and only then writes the next.

    pipe_driver.py PATH/TO/corsproof

The oracle buffers its output, but must flush it before every read that may
block; if it did not, this driver would wait forever for an answer (the
timeout, 10 s per answer, turns that into a failure). Checks each answer's
id, that a blank line gets no answer, that a CR LF line is answered, and the
exit status (1: one line was bad).
"""
import os
import select
import subprocess
import sys

TIMEOUT_S = 10.0

POLICY = '{"allow_origins":["https://app.example"]}'
CASES = [
    # (line, the id its answer carries, or None: no answer expected)
    ('{"id":"s1","mode":"server","policy":%s,"request":{"method":"GET","headers":[["Origin","https://app.example"]]}}'
     % POLICY, "s1"),
    ('{"id":"b1","mode":"browser","request":{"origin":"https://app.example","url":"https://api.example/x",'
     '"method":"GET"},"response":{"status":200,"headers":[["Access-Control-Allow-Origin","https://app.example"]]}}',
     "b1"),
    ("   ", None),  # blank: skipped, no answer (but it counts as line 3)
    ('{"id":"not-json",', "4"),  # bad-json: answered with its line number
    ('{"id":"a1","mode":"audit","policy":%s,"request":{"method":"GET","headers":[["Origin","https://app.example"]]},'
     '"observed":{"status":200,"headers":[["Access-Control-Allow-Origin","https://app.example"],["Vary","Origin"]]}}'
     % POLICY, "a1"),
    ('{"id":"crlf","mode":"server","policy":%s,"request":{"method":"GET","headers":[]}}\r' % POLICY, "crlf"),
]


def read_line(fd, pending):
    """One line from fd within TIMEOUT_S; (line, rest) or (None, pending) on timeout or end of output."""
    while b"\n" not in pending:
        ready, _, _ = select.select([fd], [], [], TIMEOUT_S)
        if not ready:
            return None, pending
        chunk = os.read(fd, 65536)
        if not chunk:
            return None, pending
        pending += chunk
    line, rest = pending.split(b"\n", 1)
    return line, rest


def main(argv):
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    proc = subprocess.Popen([argv[0], "eval"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0)
    out = proc.stdout.fileno()
    pending = b""
    failures = []
    for n, (line, want_id) in enumerate(CASES, 1):
        proc.stdin.write(line.encode() + b"\n")
        proc.stdin.flush()
        if want_id is None:
            # No answer may come for a blank line: nothing is readable within a short wait.
            ready, _, _ = select.select([out], [], [], 0.5)
            if ready or pending:
                failures.append("line %d (blank) was answered" % n)
            continue
        answer, pending = read_line(out, pending)
        if answer is None:
            failures.append("no answer to line %d within %.0f s (output not flushed before a blocking read?)"
                            % (n, TIMEOUT_S))
            break
        if not answer.startswith(b'{"id":"%s",' % want_id.encode()):
            failures.append("line %d: expected the answer with id %s, got %r" % (n, want_id, answer[:200]))
    proc.stdin.close()
    rest = proc.stdout.read()
    status = proc.wait(timeout=TIMEOUT_S)
    if pending or rest:
        failures.append("answers nobody asked for: %r" % (pending + rest)[:200])
    if status != 1:
        failures.append("exit status %d, expected 1 (one line was bad)" % status)
    for f in failures:
        print("pipe_driver: " + f)
    if not failures:
        print("pipe_driver: %d lines written one at a time, every answer arrived before the next line" % len(CASES))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
