#!/usr/bin/env bash
# The main job: install what is missing, build the release preset, and run
# the oracle on the example cases in corpus/examples.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
echo "== configure and build (release preset)"
cmake --preset release -DBUILD_TESTING=OFF >/dev/null
cmake --build --preset release --target corsproof
echo "== corsproof eval corpus/examples/*.jsonl"
./build/release/cli/corsproof eval corpus/examples/*.jsonl
