#!/usr/bin/env bash
# Installs what the peer adapters need (docs/adapters.md), and nothing at run
# time: Debian packages for the Python and Go peers, the npm project of the
# four Node peers (npm ci from the committed package-lock.json), and the Go
# peer's binary, built offline against Debian's rs/cors source.
# Idempotent: each step is skipped when its result is already there.
# Uses sudo only when not root.
#   bash peers/install.sh [node|python|go|starlette]...   (default: node python go)
# (starlette: only the two packages of the Starlette peer, for the CI smoke.)
set -euo pipefail
cd "$(dirname "$0")"
PEERS=$PWD

want=("$@")
[ ${#want[@]} -eq 0 ] && want=(node python go)
apt_packages=()
for w in "${want[@]}"; do
  case "$w" in node|python|go|starlette) ;; *) echo "install: unknown part '$w' (node, python, go, starlette)" >&2; exit 2;; esac
done
wants() { local w; for w in "${want[@]}"; do [ "$w" = "$1" ] && return 0; done; return 1; }

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

# Debian packages, installed only when missing.
wants python && apt_packages+=(python3 python3-flask python3-flask-cors python3-waitress python3-starlette python3-uvicorn)
wants starlette && apt_packages+=(python3 python3-starlette python3-uvicorn)
wants go && apt_packages+=(golang-go golang-github-rs-cors-dev)
missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ -n "$SUDO" ] && ! command -v sudo >/dev/null 2>&1; then
    echo "install: missing ${missing[*]}, and not root and no sudo to install them" >&2
    exit 1
  fi
  echo "install: apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "install: Debian packages present"
fi

if wants node; then
  # Debian 12's own nodejs is 18, too old for these packages: Node.js 20 or
  # later comes with the machine (it does on the project's machines).
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    echo "install: the Node peers need Node.js 20 or later with npm on PATH" >&2
    exit 1
  fi
  major=$(node -p 'process.versions.node.split(".")[0]')
  if [ "$major" -lt 20 ]; then
    echo "install: the Node peers need Node.js 20 or later (found $(node --version))" >&2
    exit 1
  fi
  # npm ci again only when package-lock.json changed since the last install.
  stamp=node/node_modules/.corsproof-lock.sha256
  sum=$(sha256sum node/package-lock.json | cut -d' ' -f1)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$sum" ]; then
    echo "install: node/node_modules up to date"
  else
    echo "install: npm ci (peers/node)"
    (cd node && npm ci --no-audit --no-fund --loglevel=error)
    echo "$sum" > "$stamp"
  fi
fi

if wants go; then
  # The adapter is written against this version of rs/cors (peers/rs-cors/README.md).
  v=$(dpkg-query -W -f='${Version}' golang-github-rs-cors-dev)
  case "$v" in 1.7.0-*) ;; *) echo "install: peers/rs-cors expects rs/cors 1.7.0, Debian has $v" >&2; exit 1;; esac
  bin=.bin/rs-cors-peer
  if [ -x "$bin" ] && [ -z "$(find rs-cors \( -name "*.go" -o -name go.mod \) -newer "$bin")" ]; then
    echo "install: $bin up to date"
  else
    echo "install: go build $bin (offline, Debian's rs/cors)"
    mkdir -p .bin
    # No network: GOPROXY=off; go.mod replaces rs/cors with Debian's source tree.
    (cd rs-cors && GOPROXY=off GOFLAGS=-mod=mod GOTOOLCHAIN=local GOTELEMETRY=off \
      go build -o "$PEERS/$bin" .)
  fi
fi
echo "install: done"
