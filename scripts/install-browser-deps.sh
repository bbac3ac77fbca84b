#!/usr/bin/env bash
# Installs what the real-browser agreement job (scripts/browser-truth.sh,
# browsers/) needs, each only when missing, so a fresh Debian machine needs
# nothing else:
#   - Debian's chromium (the browser under test; playwright never downloads one),
#     and openssl (a throw-away certificate is made at every run);
#   - Node.js >= 20 and npm (the machine's; Debian's own nodejs is tried when none);
#   - browsers/node_modules: `npm ci` from the committed package-lock.json
#     (playwright-core only), when it is missing or older than the lock file.
# Uses sudo only when not already root. Idempotent: does nothing, and needs
# no network, when everything is there.
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/lib/apt.sh

missing=()
[ -x /usr/lib/chromium/chromium ] || [ -x /usr/bin/chromium ] || missing+=(chromium)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)

apt_install install-browser-deps "${missing[@]}"

node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 20 ]; then
  echo "install-browser-deps: playwright-core needs Node.js >= 20, found $(node --version)" >&2
  exit 1
fi

if [ ! -d browsers/node_modules/playwright-core ] ||
   [ browsers/package-lock.json -nt browsers/node_modules/.package-lock.json ]; then
  echo "install-browser-deps: npm ci in browsers/"
  (cd browsers && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
fi
echo "install-browser-deps: $(/usr/lib/chromium/chromium --version 2>/dev/null || chromium --version 2>/dev/null | tail -1), node $(node --version), playwright-core $(node -p 'require("./browsers/node_modules/playwright-core/package.json").version')"
