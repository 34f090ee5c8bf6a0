#!/bin/sh
# deps.sh - install the Debian packages peerdesk needs (build, test or bench), or print the command.
# Usage: tools/deps.sh build|test|bench
# libpwquality-dev with cracklib-runtime (its dictionary) is the check on new passwords.
# tzdata gives the zone files (/usr/share/zoneinfo) that organization time zones are read from.
# libcurl4-openssl-dev is the server's SMTP client (the mailer e-mails notices, GR-5); the HTTP
# tests drive the server with it too.
# libical-dev expands RFC 5545 recurrence rules and writes iCalendar text (group schedules, GR-1);
# it reads the same zone files for the feeds' VTIMEZONE.
set -eu
build="gcc make pkg-config libmicrohttpd-dev libsqlite3-dev libpq-dev libsodium-dev libjansson-dev libcsv-dev sqlite3 libpwquality-dev cracklib-runtime tzdata libcurl4-openssl-dev libical-dev"
test="$build libcmocka-dev postgresql chromium nodejs npm tidy"
bench="$build wrk nginx-light postgresql procps linux-perf"
case "${1:-build}" in
build) want=$build ;;
test) want=$test ;;
bench) want=$bench ;;
*) echo "usage: $0 build|test|bench" >&2; exit 2 ;;
esac
missing=""
for p in $want; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
done
# nodejs/npm may come from outside Debian (e.g. /usr/local); accept them on PATH.
case "$missing" in *nodejs*|*npm*)
    if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
        missing=$(echo "$missing" | sed 's/ nodejs//; s/ npm//')
    fi ;;
esac
[ -z "$missing" ] && exit 0
echo "peerdesk: installing missing packages:$missing"
if [ "$(id -u)" = 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -q $missing >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q $missing; }
else
    echo "peerdesk: run as root: apt-get install -y$missing" >&2
    exit 1
fi
