#!/bin/sh
# OpenAPI tests: docs/openapi.yaml read and validated with a real OpenAPI parser
# (@apidevtools/swagger-parser, check.mjs). Usage: tests/openapi/run.sh [FILE]
# Last line "N passed, N failed"; exits non-zero on any failure.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
command -v node >/dev/null 2>&1 || { echo "openapi: node is missing (apt-get install nodejs npm)" >&2; exit 2; }
cd "$here"
# node_modules must match package-lock.json exactly; npm ci keeps a copy of the lock inside it.
if [ ! -f node_modules/.package-lock.json ] || [ ! -f node_modules/@apidevtools/swagger-parser/package.json ] ||
   [ package-lock.json -nt node_modules/.package-lock.json ]; then
    npm ci --no-audit --no-fund >/dev/null
fi
node check.mjs "$@"
