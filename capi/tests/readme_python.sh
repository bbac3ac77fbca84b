#!/bin/sh
# Runs the Python (ctypes) example of capi/README.md as it stands, against
# the library just built. Usage: readme_python.sh README LIBRARY
set -eu
readme=$1
lib=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The first ```python block.
awk '/^```python$/ {on = 1; next} on && /^```$/ {exit} on {print}' "$readme" > "$tmp/example.py"
if [ ! -s "$tmp/example.py" ]; then
  echo "readme_python.sh: no \`\`\`python block in $readme" >&2
  exit 1
fi
CORSPROOF_LIBRARY=$lib timeout 30 python3 "$tmp/example.py"
