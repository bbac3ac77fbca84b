#!/usr/bin/env bash
# The main job: install what is missing, build the release preset (the
# command, the C library and the test server), run the oracle on the example
# cases in corpus/examples, and say where the command is.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

bash scripts/install-deps.sh
echo "== configure and build (release preset)"
cmake --preset release -DBUILD_TESTING=OFF >/dev/null
cmake --build --preset release --target corsproof corsproof_c corsproof_test_server
echo "== corsproof eval corpus/examples/*.jsonl"
./build/release/cli/corsproof eval corpus/examples/*.jsonl
cat <<EOT
== done
The command is $repo/build/release/cli/corsproof ($(./build/release/cli/corsproof --version)).
To run it as "corsproof", put its folder on PATH (for this shell; add the line
to ~/.bashrc to keep it):
  export PATH="$repo/build/release/cli:\$PATH"
or install it with the C library, corsproof.h and the pkg-config and CMake files:
  cmake --install $repo/build/release --prefix "\$HOME/.local"   # the command goes to \$HOME/.local/bin
Then: corsproof --help; docs/cli.md has every command.
EOT
