#!/bin/sh
# X12 tests: the 837P files peerdesk writes, read with a real X12 parser (node-x12, check.mjs).
# Usage: tests/x12/run.sh [FILE...]   (PEERDESK_BUILD defaults to build in the repo root)
# Without files it checks the writer's sample (build/tests/x12_sample); any files given (an
# 837P downloaded from /billing/batches/{id}.837) are checked too. Last line "N passed, N failed".
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
b=${PEERDESK_BUILD:-$root/build}
case "$b" in /*) ;; *) b="$root/$b" ;; esac
command -v node >/dev/null 2>&1 || { echo "x12: node is missing (apt-get install nodejs npm)" >&2; exit 2; }
[ -x "$b/tests/x12_sample" ] || { echo "x12: $b/tests/x12_sample is missing; run 'make tests'" >&2; exit 2; }
cd "$here"
# node_modules must match package-lock.json exactly; npm ci keeps a copy of the lock inside it.
if [ ! -f node_modules/.package-lock.json ] || [ ! -f node_modules/node-x12/package.json ] ||
   [ package-lock.json -nt node_modules/.package-lock.json ]; then
    npm ci --no-audit --no-fund >/dev/null
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/peerdesk-x12.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
"$b/tests/x12_sample" >"$tmp/sample.837"
files="$tmp/sample.837"
for f in "$@"; do files="$files $f"; done
node check.mjs $files
