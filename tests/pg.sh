#!/bin/sh
# pg.sh - a private, throwaway PostgreSQL for the tests: start | stop | url.
#
#   tests/pg.sh start   initialize (first time) and start it; fine if already running
#   tests/pg.sh stop    stop it; fine if not running
#   tests/pg.sh url     print its postgresql:// URL
#
# Data, log and unix socket live in ${PEERDESK_PG_DIR:-/tmp/peerdesk-pg}; it listens
# on 127.0.0.1:${PEERDESK_PG_PORT:-55432} only, with trust auth and fsync off: never
# point it at data you want to keep. PostgreSQL refuses to run as root, so as root
# the server runs as the postgres user. If PostgreSQL is missing it is installed
# with apt-get.
set -eu

DIR=${PEERDESK_PG_DIR:-/tmp/peerdesk-pg}
PORT=${PEERDESK_PG_PORT:-55432}
DATA=$DIR/data
LOG=$DIR/log

die() {
    echo "pg.sh: $*" >&2
    exit 1
}

# Run a server command as the postgres user when we are root, else as ourselves.
as_pg() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

# The newest installed server's bin directory, or nothing.
find_bin() {
    for b in /usr/lib/postgresql/*/bin; do
        [ -x "$b/pg_ctl" ] && echo "$b"
    done | sort -V | tail -n 1
}

install_pg() {
    cmd="apt-get install -y postgresql"
    echo "pg.sh: PostgreSQL is not installed; running: $cmd" >&2
    [ "$(id -u)" = 0 ] || die "not root; install it with: sudo $cmd"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y postgresql >&2 && return 0
    echo "pg.sh: retrying after apt-get update" >&2
    if ! { apt-get update >&2 && apt-get install -y postgresql >&2; }; then
        die "could not install PostgreSQL; run: apt-get update && $cmd"
    fi
}

running() {
    [ -f "$DATA/PG_VERSION" ] && as_pg "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1
}

start() {
    if running; then
        have=$(sed -n 4p "$DATA/postmaster.pid")
        [ "$have" = "$PORT" ] || die "already running on port $have, not $PORT (stop it first)"
        echo "pg.sh: already running on port $PORT" >&2
        return 0
    fi
    mkdir -p "$DIR"
    [ "$(id -u)" = 0 ] && chown postgres: "$DIR"
    chmod 0755 "$DIR"
    if [ ! -f "$DATA/PG_VERSION" ]; then
        as_pg "$BIN/initdb" -D "$DATA" -U postgres -A trust -E UTF8 --no-locale >"$DIR/initdb.log" 2>&1 ||
            die "initdb failed; see $DIR/initdb.log"
    fi
    opts="-p $PORT -k '$DIR' -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off"
    if ! as_pg "$BIN/pg_ctl" -D "$DATA" -l "$LOG" -w -t 60 -o "$opts" start >/dev/null; then
        tail -n 20 "$LOG" >&2 || true
        die "the server did not start; log: $LOG"
    fi
    echo "pg.sh: started on 127.0.0.1:$PORT (data $DATA)" >&2
}

stop() {
    if ! running; then
        echo "pg.sh: not running" >&2
        return 0
    fi
    as_pg "$BIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null
    echo "pg.sh: stopped" >&2
}

case ${1:-} in
url)
    echo "postgresql://postgres@127.0.0.1:$PORT/postgres"
    exit 0
    ;;
start | stop) ;;
*)
    echo "usage: $0 start|stop|url" >&2
    exit 2
    ;;
esac

BIN=$(find_bin)
if [ -z "$BIN" ]; then
    [ "$1" = stop ] && exit 0 # nothing installed, so nothing runs
    install_pg
    BIN=$(find_bin)
    [ -n "$BIN" ] || die "apt-get installed no /usr/lib/postgresql/*/bin"
fi
"$1"
