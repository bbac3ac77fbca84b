#!/usr/bin/env bash
# Installs the build (libcorsproof, corsproof.h, the pkg-config and CMake
# files, and the corsproof command) into a temporary prefix, runs the
# command, then
# builds and runs a consumer found through find_package(corsproof) and one
# built with pkg-config. Usage: install_consumers.sh BUILD_DIR CONSUMER_SRC
# (CFLAGS and LDFLAGS from the environment apply to both consumers).
set -euo pipefail
build=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cmake --install "$build" --prefix "$tmp/prefix" >/dev/null
# 0. the command is installed too
"$tmp/prefix/bin/corsproof" --version
# 1. CMake package
cmake -S "$src" -B "$tmp/cmake-consumer" -G Ninja -DCMAKE_PREFIX_PATH="$tmp/prefix" >/dev/null
cmake --build "$tmp/cmake-consumer" >/dev/null
LD_LIBRARY_PATH="$tmp/prefix/lib:$tmp/prefix/lib/x86_64-linux-gnu" "$tmp/cmake-consumer/consumer"
# 2. pkg-config
pcdir=$(dirname "$(find "$tmp/prefix" -name corsproof.pc | head -1)")
# shellcheck disable=SC2086  # CFLAGS/LDFLAGS are word lists
cc ${CFLAGS:-} "$src/consumer.c" -o "$tmp/pc-consumer" $(PKG_CONFIG_PATH="$pcdir" pkg-config --cflags --libs corsproof) ${LDFLAGS:-}
LD_LIBRARY_PATH="$(dirname "$(find "$tmp/prefix" -name 'libcorsproof.so' | head -1)")" "$tmp/pc-consumer"
echo "install: the corsproof command runs; consumers: find_package and pkg-config both work"
