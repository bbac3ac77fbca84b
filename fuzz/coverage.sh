#!/usr/bin/env bash
# fuzz/coverage.sh — line/branch coverage of core/ (and cli/, the model) by the
# fuzz corpora, with clang source-based coverage.
#
#   bash fuzz/coverage.sh [CORPUS_ROOT]     # default corpus/fuzz
#
# Builds every <target>_replay with -fprofile-instr-generate
# -fcoverage-mapping into build-fuzzcov/ (no sanitizers, no libFuzzer),
# replays CORPUS_ROOT/<target>/ through each, merges the profiles with
# llvm-profdata-14 and prints llvm-cov-14's report for core/. The HTML report
# is written to build-fuzzcov/html/index.html. To measure a corpus grown by a
# long run, pass its root (for example fuzz/work/final, with one directory per
# target).
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-corpus/fuzz}
build=build-fuzzcov
profdata=${LLVM_PROFDATA:-llvm-profdata-14}
cov=${LLVM_COV:-llvm-cov-14}

cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Debug \
  -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_C_COMPILER=clang \
  -DCMAKE_CXX_FLAGS="-fprofile-instr-generate -fcoverage-mapping" \
  -DCMAKE_EXE_LINKER_FLAGS="-fprofile-instr-generate" \
  -DCORSPROOF_BENCH=OFF -DCORSPROOF_WERROR=OFF >/dev/null
targets=$(cat "$build/fuzz/fuzz_targets.txt")
replays=$(for t in $targets; do echo "${t}_replay"; done)
# shellcheck disable=SC2086
cmake --build "$build" --target $replays

rm -f "$build"/*.profraw
objects=()
for t in $targets; do
  [ -d "$corpus/$t" ] || { echo "coverage: no corpus $corpus/$t, skipped"; continue; }
  LLVM_PROFILE_FILE="$build/$t.profraw" "$build/fuzz/${t}_replay" "$corpus/$t" >/dev/null 2>&1 ||
    echo "coverage: $t replay stopped at a failed check: no profile for it (while known issues are open," \
      "run with CORSPROOF_FUZZ_TOLERATE=..., fuzz/README.md \"Known issues\")"
  objects+=(-object "$build/fuzz/${t}_replay")
done
"$profdata" merge -sparse "$build"/*.profraw -o "$build/fuzz.profdata"
first=${objects[1]}
rest=("${objects[@]:2}")
"$cov" report "$first" "${rest[@]}" -instr-profile="$build/fuzz.profdata" core/src core/include
"$cov" show "$first" "${rest[@]}" -instr-profile="$build/fuzz.profdata" -format=html \
  -output-dir="$build/html" core/src core/include cli/src properties/model/src >/dev/null
echo "coverage: HTML report in $build/html/index.html"
