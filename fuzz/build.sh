#!/bin/bash -eu
# fuzz/build.sh — builds every corsproof fuzz target the way OSS-Fuzz and
# ClusterFuzzLite do, and installs them into $OUT with their seed corpora,
# .options files and the shared dictionary.
#
# Environment (set by OSS-Fuzz / ClusterFuzzLite; set them yourself locally):
#   CXX, CXXFLAGS        the compiler and its flags, instrumentation included
#                        (e.g. -fsanitize=address,fuzzer-no-link)
#   CC, CFLAGS           optional, default clang and $CXXFLAGS' C equivalent
#   LIB_FUZZING_ENGINE   link flags of the engine (-fsanitize=fuzzer, or a
#                        driver library for AFL++ / honggfuzz)
#   OUT                  where the targets, *_seed_corpus.zip, *.options and
#                        cors.dict go
#   SRC, WORK            optional; OSS-Fuzz's source and scratch directories.
#                        When $SRC/re2, $SRC/boost, $SRC/CLI11, $SRC/simdjson
#                        or $SRC/xxHash exist (the Dockerfile clones them) they
#                        are built first with the same flags into $WORK/deps,
#                        because OSS-Fuzz links against libc++ and Debian's C++
#                        libraries use libstdc++ (xxHash: its header only).
#                        Without them, the system packages are used (Debian:
#                        libre2-dev libboost-json1.81-dev libcli11-dev
#                        libsimdjson-dev libxxhash-dev libpsl-dev
#                        libcurl4-openssl-dev pkg-config).
#
# Locally (fuzz/README.md "OSS-Fuzz files"):
#   CXX=clang++ CXXFLAGS="-fsanitize=address,fuzzer-no-link" \
#     LIB_FUZZING_ENGINE=-fsanitize=fuzzer OUT=/tmp/out bash fuzz/build.sh

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
: "${OUT:?set OUT to the output directory}"
: "${CXX:=clang++}"
: "${CC:=clang}"
: "${CXXFLAGS:=}"
: "${CFLAGS:=$CXXFLAGS}"
: "${LIB_FUZZING_ENGINE:=-fsanitize=fuzzer}"
: "${WORK:=$(mktemp -d)}"
: "${SRC:=/nonexistent}"
jobs=$(nproc 2>/dev/null || echo 2)
export CC CXX CFLAGS CXXFLAGS
mkdir -p "$OUT"

deps=$WORK/deps
prefix_path=""
if [ -d "$SRC/re2" ]; then
  cmake -S "$SRC/re2" -B "$WORK/re2-build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_INSTALL_PREFIX="$deps" -DBUILD_SHARED_LIBS=OFF -DRE2_BUILD_TESTING=OFF \
    -DCMAKE_POSITION_INDEPENDENT_CODE=ON
  cmake --build "$WORK/re2-build" -j "$jobs"
  cmake --install "$WORK/re2-build"
  prefix_path=$deps
fi
if [ -d "$SRC/boost" ]; then
  (cd "$SRC/boost" &&
    ./bootstrap.sh --with-toolset=clang --with-libraries=json,container,system --prefix="$deps" &&
    ./b2 -j"$jobs" toolset=clang link=static variant=release threading=multi \
      cxxflags="$CXXFLAGS" linkflags="$CXXFLAGS" install)
  prefix_path=$deps
fi
if [ -d "$SRC/CLI11" ]; then
  cmake -S "$SRC/CLI11" -B "$WORK/cli11-build" -G Ninja -DCMAKE_INSTALL_PREFIX="$deps" \
    -DCLI11_BUILD_TESTS=OFF -DCLI11_BUILD_EXAMPLES=OFF -DCLI11_BUILD_DOCS=OFF
  cmake --install "$WORK/cli11-build"
  prefix_path=$deps
fi
if [ -d "$SRC/simdjson" ]; then
  cmake -S "$SRC/simdjson" -B "$WORK/simdjson-build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_INSTALL_PREFIX="$deps" -DBUILD_SHARED_LIBS=OFF -DCMAKE_POSITION_INDEPENDENT_CODE=ON
  cmake --build "$WORK/simdjson-build" -j "$jobs"
  cmake --install "$WORK/simdjson-build"
  prefix_path=$deps
fi
if [ -d "$SRC/xxHash" ]; then  # used header-only
  mkdir -p "$deps/include"
  cp "$SRC/xxHash/xxhash.h" "$deps/include/"
  prefix_path=$deps
fi
if [ -n "$prefix_path" ]; then
  export PKG_CONFIG_PATH="$deps/lib/pkgconfig:$deps/lib64/pkgconfig:${PKG_CONFIG_PATH:-}"
fi

# The project, with the engine's flags. CORSPROOF_FUZZ_INSTRUMENT=OFF: the
# instrumentation comes from $CXXFLAGS, whatever the engine and sanitizer.
build=$WORK/corsproof-fuzz-build
cmake -S "$root" -B "$build" -G Ninja \
  -DCMAKE_BUILD_TYPE= \
  -DCMAKE_PREFIX_PATH="$prefix_path" \
  -DCORSPROOF_FUZZ=ON -DCORSPROOF_FUZZ_INSTRUMENT=OFF \
  -DCORSPROOF_FUZZ_ENGINE="$LIB_FUZZING_ENGINE" \
  -DCORSPROOF_WERROR=OFF -DCORSPROOF_BENCH=OFF -DBUILD_TESTING=OFF
targets=$(cat "$build/fuzz/fuzz_targets.txt")
# shellcheck disable=SC2086
cmake --build "$build" -j "$jobs" --target $targets

for t in $targets; do
  cp "$build/fuzz/$t" "$OUT/"
  cp "$here/$t.options" "$OUT/"
  if [ -d "$root/corpus/fuzz/$t" ]; then
    rm -f "$OUT/${t}_seed_corpus.zip"
    (cd "$root/corpus/fuzz/$t" && zip -q -r "$OUT/${t}_seed_corpus.zip" .)
  fi
done
cp "$here/cors.dict" "$OUT/"
echo "fuzz/build.sh: built into $OUT: $(echo $targets)"
