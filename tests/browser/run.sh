#!/bin/sh
# Browser tests: Playwright (playwright-core) drives Debian's Chromium against a fresh demo server.
# Usage: tests/browser/run.sh            (PEERDESK_BIN defaults to build/peerdesk in the repo root)
# Prints one line per test and last "N passed, N failed"; exits non-zero on any failure.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=${PEERDESK_BIN:-$root/build/peerdesk}
case "$bin" in /*) ;; *) bin="$root/$bin" ;; esac
cd "$here"

if [ ! -x "$bin" ]; then
    echo "browser: $bin is missing; run 'make' first" >&2
    exit 2
fi
if [ ! -x /usr/bin/chromium ]; then
    echo "browser: installing Debian's chromium" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -q chromium >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q chromium; }
fi
command -v node >/dev/null 2>&1 || { echo "browser: node is missing (apt-get install nodejs npm)" >&2; exit 2; }

# node_modules must match package-lock.json exactly; npm ci keeps a copy of the lock inside it.
if [ ! -f node_modules/.package-lock.json ] || [ ! -f node_modules/playwright-core/package.json ] ||
   [ ! -f node_modules/axe-core/axe.min.js ] ||
   [ package-lock.json -nt node_modules/.package-lock.json ]; then
    npm ci --no-audit --no-fund >/dev/null
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/peerdesk-browser.XXXXXX")
pid=""
sink=""
# The server first (it holds a connection to the sink), then the sink; neither may hang the suite.
stop() {
    kill "$1" 2>/dev/null || return 0
    i=0
    while kill -0 "$1" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
    kill -9 "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
}
cleanup() {
    if [ -n "$pid" ]; then stop "$pid"; fi
    if [ -n "$sink" ]; then stop "$sink"; fi
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

db="sqlite:$tmp/b.db"
"$bin" --db "$db" init >/dev/null
"$bin" --db "$db" demo --scale 1 >/dev/null

free_port() {
    node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

# An SMTP sink (smtp_sink.mjs) takes the server's e-mail: each message becomes a file in
# $tmp/mail, which the tests read (PEERDESK_MAIL_DIR).
mkdir -p "$tmp/mail"
node smtp_sink.mjs "$tmp/mail" "$tmp/smtp.port" &
sink=$!
i=0
while [ ! -s "$tmp/smtp.port" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
if [ ! -s "$tmp/smtp.port" ]; then
    echo "browser: the SMTP sink did not start" >&2
    exit 2
fi
smtp_port=$(cat "$tmp/smtp.port")

# Start the server on a free port; another process may grab the port between picking and binding,
# so a server that exits at once is retried on a new port. /healthz must answer while our process
# is still alive (another server on the same port would answer too, but ours would have exited).
port=""
for attempt in 1 2 3 4 5; do
    p=$(free_port)
    "$bin" --db "$db" serve --listen "127.0.0.1:$p" --quiet --smtp "smtp://127.0.0.1:$smtp_port" \
        --mail-from "peerdesk@demo.example.org" --public-url "http://127.0.0.1:$p" \
        >"$tmp/server.log" 2>&1 &
    pid=$!
    up=""
    i=0
    while [ $i -lt 100 ]; do
        kill -0 "$pid" 2>/dev/null || break
        if node -e 'fetch(process.argv[1]).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))' \
            "http://127.0.0.1:$p/healthz" 2>/dev/null; then
            sleep 0.2
            kill -0 "$pid" 2>/dev/null && up=1
            break
        fi
        sleep 0.1
        i=$((i + 1))
    done
    if [ -n "$up" ]; then port=$p; break; fi
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    pid=""
done
if [ -z "$port" ]; then
    echo "browser: the server did not start" >&2
    cat "$tmp/server.log" >&2
    exit 2
fi

status=0
PEERDESK_BROWSER_DB="$tmp/b.db" PEERDESK_MAIL_DIR="$tmp/mail" PEERDESK_BIN="$bin" node run.mjs "http://127.0.0.1:$port" || status=$?
exit $status
