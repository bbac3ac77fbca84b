#!/usr/bin/env bash
# Installs the Debian packages corsproof builds and tests with, if any is
# missing. Idempotent: does nothing (and needs no network) when all are there.
# Uses sudo only when not already root.
set -euo pipefail

packages=(
  g++ cmake ninja-build pkg-config python3
  clang libclang-rt-14-dev libfuzzer-14-dev llvm-14
  libgtest-dev libbenchmark-dev librapidcheck-dev
  libre2-dev libboost-json1.81-dev libsimdjson-dev libxxhash-dev libcli11-dev
  libcpp-httplib-dev libcurl4-openssl-dev libpsl-dev
  gcovr zip curl
  libicu-dev
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "install-deps: missing ${missing[*]}, and not root and no sudo to install them" >&2
    exit 1
  fi
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
