#!/bin/sh
# bench/run.sh - measure peerdesk with wrk against demo data, on SQLite and PostgreSQL,
# next to a private nginx serving a static file of the home page's size (the ceiling).
#
#   make bench                         builds build/peerdesk, installs wrk/nginx/postgresql, runs this
#   SCALE=10 sh bench/run.sh           the same without the build step
#
# Settings (environment):
#   SCALE=10          demo --scale for the main runs (N x 20 staff in org "demo")
#   LIST_SCALE=100    demo --scale for the staff-list runs (100 -> 2000 staff)
#   DURATION=10       seconds per wrk run
#   STORES="sqlite pg" which stores to measure
#   PEERDESK_BIN      the binary to measure (default build/peerdesk)
#   PROFILE=0         1: also profile the home page with perf (top 10 symbols, kernel share)
#   WAIT_QUIET=0      before each run, wait up to this many seconds for the machine to
#                     be under 20% busy (other builds and tests skew the figures)
#
# Writes bench/out/latest.md and prints its table. It measures only: no timing is
# asserted and the exit status says nothing about the targets. Everything listens on
# 127.0.0.1; every server started here is stopped on exit.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
BIN=${PEERDESK_BIN:-build/peerdesk}
case $BIN in /*) ;; *) [ -n "${PEERDESK_BIN:-}" ] && BIN=$PWD/$BIN || BIN=$root/$BIN ;; esac
cd "$root"

SCALE=${SCALE:-10}
LIST_SCALE=${LIST_SCALE:-100}
DURATION=${DURATION:-10}
STORES=${STORES:-sqlite pg}
THREADS=2
CONNS=32
BIGCONNS=256
PG_PORT=55503
PG_DIR=/tmp/pg-bench
PASSWORD=Recovery-Demo-2026
OUT=bench/out

die() {
    printf 'bench: %s\n' "$*" >&2
    exit 1
}

[ -x "$BIN" ] || die "no peerdesk binary at $BIN (run 'make all' or set PEERDESK_BIN)"
for t in wrk curl nginx awk; do
    command -v $t >/dev/null 2>&1 || die "$t is missing (run: sh tools/deps.sh bench)"
done
case $SCALE$LIST_SCALE$DURATION${WAIT_QUIET:-0} in
*[!0-9]*) die "SCALE, LIST_SCALE, DURATION and WAIT_QUIET are whole numbers" ;;
esac
LOGIN_DURATION=$(((DURATION + 1) / 2)) # sign-ins are slow by design: half as long

TMP=$(mktemp -d /tmp/peerdesk-bench.XXXXXX)
chmod 0755 "$TMP" # nginx's workers (www-data) read the static file from here
CMDLOG=$TMP/commands.log
RES=$TMP/results.tsv
MEM=$TMP/memory.tsv
: >"$CMDLOG"
: >"$RES"
: >"$MEM"

# ---- printing and running commands ---------------------------------------------

# Print a command the way a shell would read it, to the script's stdout (fd 3, whatever
# the command's own output is redirected to) and to the command log.
exec 3>&1
show() {
    line='+'
    for a in "$@"; do
        case $a in
        '' | *[!A-Za-z0-9_./:=@%+,-]*) line="$line '$(printf '%s' "$a" | sed "s/'/'\\\\''/g")'" ;;
        *) line="$line $a" ;;
        esac
    done
    printf '%s\n' "$line" >&3
    printf '%s\n' "$line" >>"$CMDLOG"
}

run() {
    show "$@"
    "$@"
}

# ---- cleanup: every server this script starts ----------------------------------

SERVER_PID=
NGINX_PID=
WRK_PID=
PG_STARTED=0

stop_pid() { # pid: TERM, wait up to 5 s, then KILL
    p=$1
    [ -n "$p" ] || return 0
    kill -0 "$p" 2>/dev/null || return 0
    kill -TERM "$p" 2>/dev/null || true
    i=0
    while kill -0 "$p" 2>/dev/null && [ $i -lt 50 ]; do
        sleep 0.1
        i=$((i + 1))
    done
    kill -KILL "$p" 2>/dev/null || true
    wait "$p" 2>/dev/null || true
}

cleanup() {
    st=$?
    trap - EXIT INT TERM
    stop_pid "$WRK_PID"
    stop_pid "$SERVER_PID"
    stop_pid "$NGINX_PID"
    if [ "$PG_STARTED" = 1 ]; then
        show env PEERDESK_PG_PORT=$PG_PORT PEERDESK_PG_DIR=$PG_DIR sh tests/pg.sh stop
        PEERDESK_PG_PORT=$PG_PORT PEERDESK_PG_DIR=$PG_DIR sh tests/pg.sh stop || true
    fi
    rm -rf "$TMP"
    exit $st
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---- helpers ---------------------------------------------------------------------

# Is a TCP port in use (any state) on this machine? /proc/net/tcp lists it in hex.
port_used() {
    hex=$(printf ':%04X' "$1")
    cat /proc/net/tcp /proc/net/tcp6 2>/dev/null | awk -v h="$hex" '
        { n = split($2, a, ":"); if (":" a[n] == h) f = 1 } END { exit !f }'
}

free_port() {
    p=$((20000 + $$ % 20000))
    i=0
    while [ $i -lt 500 ]; do
        if ! port_used $p; then
            echo $p
            return 0
        fi
        p=$((p + 1))
        i=$((i + 1))
    done
    die "no free loopback port found"
}

# Wait until URL answers (any HTTP status) while process PID lives; 10 s at most.
wait_http() {
    url=$1 pid=$2 log=$3
    i=0
    while [ $i -lt 100 ]; do
        kill -0 "$pid" 2>/dev/null || {
            cat "$log" >&2
            die "the server exited; log above"
        }
        code=$(curl -s -o /dev/null -w '%{http_code}' "$url" 2>/dev/null || true)
        case $code in [1-5]??) return 0 ;; esac
        sleep 0.1
        i=$((i + 1))
    done
    die "nothing answered at $url within 10 s"
}

# The peerdesk server on database URL DB: sets PORT and SERVER_PID.
start_server() {
    db=$1
    PORT=$(free_port)
    show "$BIN" --db "$db" serve --listen 127.0.0.1:"$PORT" --quiet
    "$BIN" --db "$db" serve --listen 127.0.0.1:"$PORT" --quiet >"$TMP/server.log" 2>&1 &
    SERVER_PID=$!
    wait_http "http://127.0.0.1:$PORT/healthz" "$SERVER_PID" "$TMP/server.log"
}

stop_server() {
    stop_pid "$SERVER_PID"
    SERVER_PID=
}

# Sign in as the demo admin; sets COOKIE to "pd_session=...".
login() {
    jar=$TMP/cookies
    rm -f "$jar"
    run curl -sS -c "$jar" -o "$TMP/login.json" -w '%{http_code}\n' \
        -H 'Content-Type: application/json' \
        -d "{\"org\":\"demo\",\"username\":\"admin\",\"password\":\"$PASSWORD\"}" \
        "http://127.0.0.1:$PORT/api/v1/login" >"$TMP/login.code"
    [ "$(cat "$TMP/login.code")" = 200 ] || {
        cat "$TMP/login.json" >&2
        die "login failed (HTTP $(cat "$TMP/login.code"))"
    }
    sid=$(awk '$6 == "pd_session" { print $7 }' "$jar")
    [ -n "$sid" ] || die "login set no pd_session cookie"
    COOKIE="pd_session=$sid"
}

# How busy the machine is (percent of all CPUs) over one second: other work on this
# machine skews every figure, so each run records it just before it starts.
cpu_sample() {
    awk '$1 == "cpu" { b = $2 + $3 + $4 + $7 + $8 + $9; print b, b + $5 + $6; exit }' /proc/stat
}
cpu_busy() {
    s1=$(cpu_sample)
    sleep 1
    s2=$(cpu_sample)
    echo "$s1 $s2" | awk '{ t = $4 - $2; printf "%.0f\n", (t > 0) ? 100 * ($3 - $1) / t : 0 }'
}

# Wait up to WAIT_QUIET seconds for the machine to be under 20% busy.
wait_quiet() {
    [ "${WAIT_QUIET:-0}" -gt 0 ] || return 0
    waited=0
    while [ "$waited" -lt "$WAIT_QUIET" ]; do
        b=$(cpu_busy)
        [ "$b" -lt 20 ] && return 0
        [ $((waited % 30)) = 0 ] && echo "    machine ${b}% busy; waiting for it to settle"
        waited=$((waited + 1))
    done
    echo "    still busy after ${WAIT_QUIET}s; measuring anyway"
}

# wrk's output -> "req/s p50_ms p99_ms http_errors(>=400) socket_errors requests"
parse_wrk() {
    awk '
    function ms(v) {
        if (v ~ /us$/) return substr(v, 1, length(v) - 2) / 1000
        if (v ~ /ms$/) return substr(v, 1, length(v) - 2) + 0
        if (v ~ /m$/)  return substr(v, 1, length(v) - 1) * 60000
        if (v ~ /s$/)  return substr(v, 1, length(v) - 1) * 1000
        return v + 0
    }
    $1 == "50%" { p50 = ms($2) }
    $1 == "99%" { p99 = ms($2) }
    /^Requests\/sec:/ { rps = $2 }
    / requests in / { reqs = $1 }
    /Non-2xx or 3xx responses:/ { bad = $NF }
    /Socket errors:/ { gsub(/,/, ""); err = $4 + $6 + $8 + $10 }
    END { printf "%.0f %.3f %.3f %d %d %d\n", rps, p50, p99, bad, err, reqs }' "$1"
}

# The HTTP status of GET PATH [with cookie]. wrk counts only statuses >= 400 as
# errors, so a redirect to /login (a lost session) would pass for a fast page:
# every run checks the status before (must be 200) and after.
status_of() {
    if [ -n "${2:-}" ]; then
        show curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $2" "http://127.0.0.1:$PORT$1"
        curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $2" "http://127.0.0.1:$PORT$1" || true
    else
        show curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT$1"
        curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT$1" || true
    fi
}

# bench LABEL STORE CONNS PATH [cookie]: one wrk run, its figures appended to RES.
bench() {
    label=$1 store=$2 conns=$3 path=$4 ck=${5:-}
    code=$(status_of "$path" "$ck")
    [ "$code" = 200 ] || die "GET $path answered $code before the run, not 200"
    f=$TMP/wrk.$store.$(echo "$label" | tr -c 'A-Za-z0-9\n' _).$conns.txt
    wait_quiet
    busy=$(cpu_busy)
    t=$THREADS
    [ "$conns" -ge "$t" ] || t=$conns # wrk needs a connection per thread
    if [ -n "$ck" ]; then
        run wrk -t$t -c"$conns" -d"${DURATION}s" --latency -H "Cookie: $ck" \
            "http://127.0.0.1:$PORT$path" >"$f"
    else
        run wrk -t$t -c"$conns" -d"${DURATION}s" --latency "http://127.0.0.1:$PORT$path" >"$f"
    fi
    sed 's/^/    /' "$f"
    code=$(status_of "$path" "$ck")
    if [ "$code" != 200 ]; then
        echo "    WARNING: GET $path answered $code after the run"
        label="$label (answered $code after the run!)"
    fi
    printf '%s\t%s\t%s\t%s %s\n' "$store" "$label" "$conns" "$(parse_wrk "$f")" "$busy" >>"$RES"
}

# VmRSS or VmHWM of PID in kB.
vm() {
    awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0
}

# Reset the server's VmHWM to its current RSS (clear_refs 5, Linux >= 4.0), so the
# next reading is the peak of what follows only.
reset_hwm() {
    show sh -c "echo 5 >/proc/$SERVER_PID/clear_refs"
    echo 5 2>/dev/null >"/proc/$SERVER_PID/clear_refs" || echo "    (could not reset VmHWM)"
}

# load_rss STORE LABEL CONNS SECONDS WRK-ARGS...: wrk in the background while the
# server's RSS is sampled every 0.25 s; sets PEAK and HWM (kB), appends the figures.
load_rss() {
    store=$1 label=$2 conns=$3 secs=$4
    shift 4
    f=$TMP/wrk.$store.$(echo "$label" | tr -c 'A-Za-z0-9\n' _).$conns.txt
    wait_quiet
    busy=$(cpu_busy)
    reset_hwm
    show wrk -t$THREADS -c"$conns" -d"${secs}s" --latency "$@"
    wrk -t$THREADS -c"$conns" -d"${secs}s" --latency "$@" >"$f" &
    WRK_PID=$!
    PEAK=0
    i=0
    limit=$((secs * 4 + 40)) # bounded even if wrk hangs
    while kill -0 "$WRK_PID" 2>/dev/null && [ $i -lt $limit ]; do
        r=$(vm "$SERVER_PID" VmRSS)
        [ "${r:-0}" -gt "$PEAK" ] && PEAK=$r
        sleep 0.25
        i=$((i + 1))
    done
    wait "$WRK_PID" || true
    WRK_PID=
    HWM=$(vm "$SERVER_PID" VmHWM)
    sed 's/^/    /' "$f"
    printf '%s\t%s\t%s\t%s %s\n' "$store" "$label" "$conns" "$(parse_wrk "$f")" "$busy" >>"$RES"
}

# profile STORE LABEL PATH COOKIE: with PROFILE=1, `perf record -g` of the server during a
# wrk run on PATH; the top 10 symbols (self time) and the kernel's share go to the report.
PROFILES=$TMP/profiles.md
: >"$PROFILES"
profile() {
    [ "${PROFILE:-0}" = 1 ] || return 0
    command -v perf >/dev/null 2>&1 || {
        echo "    PROFILE=1 but perf is missing (apt-get install -y linux-perf); no profile"
        return 0
    }
    store=$1 label=$2 path=$3 ck=$4
    pdata=$TMP/perf.$store.data
    show perf record -g -o "$pdata" -p "$SERVER_PID" -- sleep "$DURATION"
    perf record -g -o "$pdata" -p "$SERVER_PID" -- sleep "$DURATION" >/dev/null 2>&1 &
    perf_pid=$!
    sleep 0.5
    run wrk -t$THREADS -c$CONNS -d"${DURATION}s" -H "Cookie: $ck" "http://127.0.0.1:$PORT$path" \
        >/dev/null
    wait "$perf_pid" || true
    show perf report -i "$pdata" --stdio --no-children --sort symbol
    perf report -i "$pdata" --stdio --no-children --sort symbol 2>/dev/null |
        grep -E '^ +[0-9.]+%' | head -n 10 >"$TMP/top.txt"
    kernel=$(perf report -i "$pdata" --stdio --no-children --sort dso 2>/dev/null |
        awk '/\[kernel/ { gsub(/%/, "", $1); s += $1 } END { printf "%.1f", s }')
    {
        echo "$store, $label at $CONNS connections: kernel ${kernel}% of samples; top 10 symbols (self):"
        echo
        echo '```'
        cat "$TMP/top.txt"
        echo '```'
        echo
    } >>"$PROFILES"
    sed 's/^/    /' "$TMP/top.txt"
    echo "    kernel: ${kernel}% of samples"
}

# Memory: idle, under BIGCONNS connections on the home page, and under CONNS
# concurrent sign-ins (each one an Argon2id hash with its own working memory).
bench_memory() {
    store=$1
    idle_rss=$(vm "$SERVER_PID" VmRSS)
    idle_hwm=$(vm "$SERVER_PID" VmHWM)
    load_rss "$store" "GET / ($BIGCONNS conns)" $BIGCONNS "$DURATION" -H "Cookie: $COOKIE" \
        "http://127.0.0.1:$PORT/"
    home_peak=$PEAK home_hwm=$HWM
    code=$(status_of / "$COOKIE")
    [ "$code" = 200 ] || die "GET / answered $code after the $BIGCONNS-connection run"
    echo "    RSS: idle ${idle_rss} kB (VmHWM ${idle_hwm} kB, includes the bench's own sign-in);" \
        "under $BIGCONNS conns: sampled peak ${home_peak} kB, VmHWM ${home_hwm} kB"
    printf '%s\n' 'wrk.method = "POST"' \
        "wrk.body = '{\"org\":\"demo\",\"username\":\"admin\",\"password\":\"$PASSWORD\"}'" \
        'wrk.headers["Content-Type"] = "application/json"' >"$TMP/login.lua"
    load_rss "$store" "POST /api/v1/login" $CONNS "$LOGIN_DURATION" -s "$TMP/login.lua" \
        "http://127.0.0.1:$PORT/api/v1/login"
    echo "    RSS under $CONNS concurrent sign-ins: sampled peak ${PEAK} kB, VmHWM ${HWM} kB"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$store" "$idle_rss" "$idle_hwm" "$home_peak" "$home_hwm" \
        "$PEAK" "$HWM" >>"$MEM"
}

# PostgreSQL plans from statistics, which a freshly loaded database lacks until
# autovacuum's first ANALYZE (a minute or more later): without them the home page ran
# 3-4x slower. Measure the steady state. SQLite keeps no statistics unless asked, and
# peerdesk does not ask, so it is measured as it runs.
analyze() {
    [ "$1" = pg ] || return 0
    run psql -X -q -v ON_ERROR_STOP=1 "$2" -c ANALYZE
}

HOME_BYTES=
HOME_FILE=

# The whole set for one store: DB_MAIN at SCALE, DB_LIST at LIST_SCALE (both fresh).
bench_store() {
    store=$1 db_main=$2 db_list=$3
    echo
    echo "== $store: demo --scale $SCALE"
    run "$BIN" --db "$db_main" init
    run "$BIN" --db "$db_main" demo --scale "$SCALE" >"$TMP/demo.log"
    analyze "$store" "$db_main"
    start_server "$db_main"
    login
    run curl -sS -H "Cookie: $COOKIE" -o "$TMP/home.$store.html" -w '%{http_code} %{size_download}\n' \
        "http://127.0.0.1:$PORT/" >"$TMP/home.code"
    read -r code size <"$TMP/home.code"
    [ "$code" = 200 ] || die "GET / answered $code, not 200"
    echo "    home page: $size bytes"
    if [ -z "$HOME_BYTES" ]; then
        HOME_BYTES=$size
        HOME_FILE=$TMP/home.$store.html
    fi
    bench "GET /login" "$store" $CONNS /login
    bench "GET /" "$store" $CONNS / "$COOKIE"
    bench "GET / (one client)" "$store" 1 / "$COOKIE"
    profile "$store" "GET /" / "$COOKIE"
    bench "GET /api/v1/me" "$store" $CONNS /api/v1/me "$COOKIE"
    bench_memory "$store"
    stop_server

    echo
    echo "== $store: staff list, demo --scale $LIST_SCALE"
    run "$BIN" --db "$db_list" init
    run "$BIN" --db "$db_list" demo --scale "$LIST_SCALE" >"$TMP/demo.log"
    analyze "$store" "$db_list"
    start_server "$db_list"
    login
    run curl -sS -H "Cookie: $COOKIE" -o "$TMP/users.json" "http://127.0.0.1:$PORT/api/v1/users?page=1"
    pages=$(grep -o '"pages":[0-9]*' "$TMP/users.json" | head -n 1 | cut -d: -f2)
    total=$(grep -o '"total":[0-9]*' "$TMP/users.json" | head -n 1 | cut -d: -f2)
    [ -n "$pages" ] || die "GET /api/v1/users gave no pager"
    echo "    $total staff in org demo, $pages pages"
    bench "GET /users?page=1 ($total staff)" "$store" $CONNS "/users?page=1" "$COOKIE"
    bench "GET /users?page=$pages (last)" "$store" $CONNS "/users?page=$pages" "$COOKIE"
    # Issue 3: the workforce dashboard computes every peer's status per request
    # (a few grouped queries, then the rules), so it is measured at the same scale.
    run curl -sS -H "Cookie: $COOKIE" -o "$TMP/wf.json" "http://127.0.0.1:$PORT/api/v1/workforce"
    peers=$(grep -o '"total":[0-9]*' "$TMP/wf.json" | head -n 1 | cut -d: -f2)
    [ -n "$peers" ] || die "GET /api/v1/workforce gave no pager"
    echo "    $peers peers on the workforce dashboard"
    bench "GET /workforce?status=non_compliant&sort=deadline" "$store" $CONNS \
        "/workforce?status=non_compliant&sort=deadline" "$COOKIE"
    # Issue 9: the pages a peer and a supervisor use all day, on one recoveree with a plan.
    run curl -sS -H "Cookie: $COOKIE" -o "$TMP/plans.json" "http://127.0.0.1:$PORT/api/v1/plans/due"
    run curl -sS -H "Cookie: $COOKIE" -o "$TMP/rc.json" "http://127.0.0.1:$PORT/api/v1/recoverees"
    rid=$(grep -o '"id":[0-9]*' "$TMP/rc.json" | head -n 1 | cut -d: -f2)
    [ -n "$rid" ] || die "GET /api/v1/recoverees listed no recoveree"
    for page in "/recoverees" "/recoverees/$rid" "/recoverees/$rid/plan" \
        "/recoverees/$rid/consents" "/workforce"; do
        bench "GET $page" "$store" $CONNS "$page" "$COOKIE"
        bench "GET $page (one client)" "$store" 1 "$page" "$COOKIE"
    done
    stop_server
}

# ---- the spreadsheet import: 10,000 recoverees in one file --------------------------

IMPORT_ROWS=10000
IMPORT_OUT=$TMP/import.txt
: >"$IMPORT_OUT"

# bench_import STORE URL: a fresh database with one organization and administrator, then
# `peerdesk import recoverees` of a generated file of IMPORT_ROWS rows, timed end to end.
bench_import() {
    store=$1 url=$2
    echo
    echo "== $store: import $IMPORT_ROWS recoverees"
    awk -v n=$IMPORT_ROWS 'BEGIN { print "first_name,last_name,dob,phone,language,pathways,lived_experience"
        for (i = 1; i <= n; i++)
            printf "Ana%d,\"Rivera, %d\",19%02d-%02d-%02d,555-%05d,English,SMART,\"said \"\"hi\"\"\"\n",
                i, i, 50 + i % 50, 1 + i % 12, 1 + i % 28, i }' >"$TMP/import.csv"
    run "$BIN" --db "$url" init >/dev/null
    run "$BIN" --db "$url" org add --slug imp --name Import >/dev/null
    show sh -c "echo PASSWORD | $BIN --db $url user add --org imp --username boss --role admin --password-stdin"
    echo 'Quiet-Harbor-Lantern-42' | "$BIN" --db "$url" user add --org imp --username boss --role admin \
        --password-stdin >/dev/null
    t0=$(date +%s.%N)
    run "$BIN" --db "$url" import recoverees "$TMP/import.csv" --org imp
    t1=$(date +%s.%N)
    secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
    echo "- $store: import $IMPORT_ROWS recoverees: $secs s (\`peerdesk import recoverees FILE --org imp\`, one transaction)" | tee -a "$IMPORT_OUT"
}

# ---- the machine -----------------------------------------------------------------

CPU=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
NPROC=$(nproc)
KERNEL=$(uname -r)
DATE=$(date -u '+%Y-%m-%d %H:%M UTC')
REV=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
[ -z "$(git status --porcelain -- src templates static 2>/dev/null)" ] || REV="$REV (with uncommitted changes)"
WRKV=$(wrk -v 2>&1 | head -n 1 | awk '{ print $2 }')
NGXV=$(nginx -v 2>&1 | sed 's/.*nginx\///')
LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)
echo "peerdesk bench: $DATE; $NPROC x $CPU; kernel $KERNEL; load average $LOAD0"
echo "binary $BIN (source $REV); wrk $WRKV; nginx $NGXV; SCALE=$SCALE LIST_SCALE=$LIST_SCALE DURATION=${DURATION}s"

# ---- SQLite ----------------------------------------------------------------------

case " $STORES " in *" sqlite "*)
    bench_store sqlite "sqlite:$TMP/main.db" "sqlite:$TMP/list.db"
    bench_import sqlite "sqlite:$TMP/import.db" ;;
esac

# ---- PostgreSQL ------------------------------------------------------------------

case " $STORES " in *" pg "*)
    echo
    echo "== pg: private server on 127.0.0.1:$PG_PORT"
    was_running=0
    if [ -f "$PG_DIR/data/postmaster.pid" ] &&
        kill -0 "$(head -n 1 "$PG_DIR/data/postmaster.pid")" 2>/dev/null; then
        was_running=1
    fi
    command -v psql >/dev/null 2>&1 || die "psql is missing (run: sh tools/deps.sh bench)"
    show env PEERDESK_PG_PORT=$PG_PORT PEERDESK_PG_DIR=$PG_DIR sh tests/pg.sh start
    PEERDESK_PG_PORT=$PG_PORT PEERDESK_PG_DIR=$PG_DIR sh tests/pg.sh start
    [ $was_running = 1 ] || PG_STARTED=1
    base="postgresql://postgres@127.0.0.1:$PG_PORT"
    for d in peerdesk_bench peerdesk_bench_list; do
        run psql -X -q -v ON_ERROR_STOP=1 "$base/postgres" -c "DROP DATABASE IF EXISTS $d" \
            -c "CREATE DATABASE $d"
    done
    bench_store pg "$base/peerdesk_bench" "$base/peerdesk_bench_list"
    run psql -X -q -v ON_ERROR_STOP=1 "$base/postgres" -c "DROP DATABASE IF EXISTS peerdesk_bench_import" \
        -c "CREATE DATABASE peerdesk_bench_import"
    bench_import pg "$base/peerdesk_bench_import"
    ;;
esac

# ---- the ceiling: a private nginx serving a file of the home page's size -----------

if [ -n "$HOME_BYTES" ]; then
    echo
    echo "== nginx: static file of $HOME_BYTES bytes (the home page's size)"
    mkdir -p "$TMP/nginx/html" "$TMP/nginx/logs"
    cp "$HOME_FILE" "$TMP/nginx/html/home.html"
    chmod -R a+rX "$TMP/nginx"
    PORT=$(free_port)
    user=
    [ "$(id -u)" = 0 ] && user="user www-data;"
    cat >"$TMP/nginx/nginx.conf" <<EOF
$user
daemon off;
worker_processes auto;
pid $TMP/nginx/nginx.pid;
error_log $TMP/nginx/logs/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    default_type text/html;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    client_body_temp_path $TMP/nginx/tmp_body;
    proxy_temp_path $TMP/nginx/tmp_proxy;
    fastcgi_temp_path $TMP/nginx/tmp_fastcgi;
    uwsgi_temp_path $TMP/nginx/tmp_uwsgi;
    scgi_temp_path $TMP/nginx/tmp_scgi;
    server {
        listen 127.0.0.1:$PORT;
        root $TMP/nginx/html;
        location = / { try_files /home.html =404; }
    }
}
EOF
    sed 's/^/    /' "$TMP/nginx/nginx.conf"
    show nginx -p "$TMP/nginx/" -e "$TMP/nginx/logs/error.log" -c "$TMP/nginx/nginx.conf"
    nginx -p "$TMP/nginx/" -e "$TMP/nginx/logs/error.log" -c "$TMP/nginx/nginx.conf" \
        >"$TMP/nginx/logs/stdout.log" 2>&1 &
    NGINX_PID=$!
    wait_http "http://127.0.0.1:$PORT/" "$NGINX_PID" "$TMP/nginx/logs/error.log"
    run curl -sS -o /dev/null -w '%{http_code} %{size_download}\n' "http://127.0.0.1:$PORT/" \
        >"$TMP/nginx.code"
    read -r code size <"$TMP/nginx.code"
    if [ "$code" != 200 ] || [ "$size" != "$HOME_BYTES" ]; then
        die "nginx answered $code with $size bytes, not 200 with $HOME_BYTES"
    fi
    bench "static file, $HOME_BYTES B" nginx $CONNS /
    stop_pid "$NGINX_PID"
    NGINX_PID=
fi

# ---- the report --------------------------------------------------------------------

mkdir -p "$OUT"
REPORT=$OUT/latest.md
awk -F'\t' -v date="$DATE" -v cpu="$CPU" -v nproc="$NPROC" -v kernel="$KERNEL" -v rev="$REV" \
    -v bin="$BIN" -v wrkv="$WRKV" -v ngxv="$NGXV" -v scale="$SCALE" -v lscale="$LIST_SCALE" \
    -v dur="$DURATION" -v conns="$CONNS" -v big="$BIGCONNS" -v bytes="$HOME_BYTES" -v mem="$MEM" \
    -v load0="$LOAD0" -v load1="$(cut -d' ' -f1-3 /proc/loadavg)" '
function mb(kb) { return sprintf("%.1f", kb / 1024) }
function verdict(ok) { return ok ? "met" : "not met" }
BEGIN {
    print "# peerdesk bench, " date
    print ""
    print "Machine: " nproc " x " cpu ", kernel " kernel ". Binary: `" bin "`; work tree at run time: " rev "."
    print "wrk " wrkv ", 2 threads, " dur " s per run, `--latency`; nginx " ngxv "."
    print "Main runs on `demo --scale " scale "`; staff list on `demo --scale " lscale "`."
    print ""
    print "Load average at the start: " load0 "; at the end: " load1 "."
    print "Every GET run checks with curl that the page answers 200 before and after (wrk counts only"
    print "statuses >= 400). The last column is how busy the machine was (all CPUs, %) in the second"
    print "before the run: anything well above 0 means other work shared the CPUs (noisy figures)."
    print ""
    print "| store | request | conns | req/s | p50 ms | p99 ms | HTTP >= 400 | socket errors | CPU busy before % |"
    print "|---|---|---:|---:|---:|---:|---:|---:|---:|"
}
{
    split($4, f, " ")
    printf "| %s | %s | %s | %s | %.2f | %.2f | %s | %s | %s |\n", $1, $2, $3, f[1], f[2], f[3], f[4], f[5], f[7]
    key = $1 SUBSEP $2 SUBSEP $3
    rps[key] = f[1]; p99[key] = f[3]
    if ($1 == "nginx") ngx = f[1]
}
END {
    print ""
    print "Memory of the peerdesk process (/proc/PID/status), MB:"
    print ""
    print "| store | idle VmRSS | idle VmHWM | GET /, " big " conns: peak VmRSS | VmHWM | " conns " concurrent sign-ins: peak VmRSS | VmHWM |"
    print "|---|---:|---:|---:|---:|---:|---:|"
    while ((getline line < mem) > 0) {
        split(line, m, "\t")
        printf "| %s | %s | %s | %s | %s | %s | %s |\n", m[1], mb(m[2]), mb(m[3]), mb(m[4]), mb(m[5]), mb(m[6]), mb(m[7])
        # VmHWM is updated lazily by the kernel: take the larger of it and the samples.
        hwm[m[1]] = m[5] > m[4] ? m[5] : m[4]; lhwm[m[1]] = m[7] > m[6] ? m[7] : m[6]
    }
    print ""
    print "VmHWM is reset (clear_refs) before each load, so each figure is the peak of that load alone;"
    print "the idle VmHWM includes the sign-in the bench itself made (Argon2id working memory)."
    print ""
    print "Targets (informational; nothing here fails the run):"
    print ""
    for (s = 1; s <= 2; s++) {
        st = s == 1 ? "sqlite" : "pg"
        k = st SUBSEP "GET /" SUBSEP conns
        share = st == "sqlite" ? 50 : 25
        if (ngx > 0 && (k in rps))
            printf "- %s: home page at %.1f%% of nginx static (%d / %d req/s), target >= %d%%: %s\n",
                st, 100 * rps[k] / ngx, rps[k], ngx, share, verdict(rps[k] * 100 >= ngx * share)
        # Issue 9: the workforce dashboard at LIST_SCALE, and every list page on SQLite.
        want = st == "sqlite" ? 2000 : 1000
        k = st SUBSEP "GET /workforce" SUBSEP conns
        if (k in rps)
            printf "- %s: workforce dashboard %d req/s, target >= %d: %s\n", st, rps[k], want,
                verdict(rps[k] >= want)
    }
    n = split("GET /recoverees|GET /users?page=1|GET /workforce", lists, "|")
    for (i = 1; i <= n; i++) {
        for (kk in rps) {
            split(kk, part, SUBSEP)
            if (part[1] == "sqlite" && part[3] == conns && index(part[2], lists[i]) == 1 &&
                part[2] !~ /one client/ && part[2] !~ /\?status/ && part[2] !~ /last/ &&
                part[2] !~ /\(admin/)
                printf "- sqlite: list page %s %d req/s, target >= 2000: %s\n", part[2], rps[kk],
                    verdict(rps[kk] >= 2000)
        }
    }
    n = split("GET /login|GET /|GET /api/v1/me", eps, "|")
    for (i = 1; i <= n; i++) {
        k = "sqlite" SUBSEP eps[i] SUBSEP conns
        if (k in p99)
            printf "- sqlite: %s p99 %.2f ms at %d conns, target < 5 ms: %s\n", eps[i], p99[k], conns,
                verdict(p99[k] < 5)
    }
    for (st in hwm) {
        printf "- %s: peak RSS %s MB with %d conns on GET /, target < 64 MB: %s\n", st, mb(hwm[st]),
            big, verdict(hwm[st] < 64 * 1024)
        printf "- %s: (not a target) peak RSS %s MB under %d concurrent sign-ins: %s 64 MB\n", st,
            mb(lhwm[st]), conns, lhwm[st] < 64 * 1024 ? "under" : "over"
    }
}' "$RES" >"$REPORT"
if [ -s "$PROFILES" ]; then
    { echo; echo "## Profiles (PROFILE=1)"; echo; cat "$PROFILES"; } >>"$REPORT"
fi
if [ -s "$IMPORT_OUT" ]; then
    { echo; echo "Spreadsheet import:"; echo; cat "$IMPORT_OUT"; } >>"$REPORT"
fi
{
    echo
    echo "Commands, in order:"
    echo
    echo '```'
    cat "$CMDLOG"
    echo '```'
} >>"$REPORT"

echo
sed '/^Commands, in order:/,$d' "$REPORT"
echo "bench: wrote $REPORT"
