#!/usr/bin/env bash
# Installs the Debian packages corsproof builds and tests with, if any is
# missing. Idempotent: does nothing (and needs no network) when all are there.
# Uses sudo only when not already root.
set -euo pipefail

packages=(
  g++ cmake ninja-build pkg-config python3
  binutils  # objdump: lint/CMakeLists.txt reads libpsl's soname with it (g++ pulls it in; named for the reason)
  clang libclang-rt-14-dev libfuzzer-14-dev llvm-14
  libgtest-dev libbenchmark-dev librapidcheck-dev
  libre2-dev libboost-json1.81-dev libsimdjson-dev libxxhash-dev libcli11-dev
  libcpp-httplib-dev libcurl4-openssl-dev libpsl-dev
  publicsuffix  # the list libpsl was built from: a lint test reads every rule of it
  gcovr zip curl
  libicu-dev
)

source "$(dirname "$0")/lib/apt.sh"
mapfile -t missing < <(apt_missing "${packages[@]}")
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi
apt_install install-deps "${missing[@]}"
