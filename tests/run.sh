#!/bin/sh
# run.sh - run every test suite and count the results; `make test` calls it after building.
#
# For each build directory (default: build build-asan; set BUILDS to override):
#   unit   every $B/tests/test_* (test_mustache gets the mustache spec directory; without it
#          the spec suite is skipped, said plainly, and counted as skipped)
#   http   every $B/tests/http_* on SQLite, then again on a private PostgreSQL
# then (first build only) `make install` into a temporary DESTDIR, and tests/browser/run.sh if it
# exists, and tests/x12/run.sh (the 837P read with node-x12), tests/openapi/run.sh
# (docs/openapi.yaml validated by swagger-parser) and tests/ical/run.sh (group schedules'
# iCalendar feeds expanded by ical.js against peerdesk's own expansion). SUITES (default
# "unit http install x12 openapi ical browser") runs fewer. Counts come from cmocka's
# "[  PASSED  ] N test(s).", "[  FAILED  ] N test(s)" and "[  SKIPPED ] N test(s)" lines (the browser
# suite ends with "N passed, N failed"); a program that crashes or exits
# non-zero without a failure count counts as one failure.
#
# Quiet on success: one line per suite. A failing program's output is shown. Lines a unit
# program prints starting "[  REPORT  ]" (measured figures, e.g. test_boundary's SV-5 recall and
# false alarms) are shown for the first build.
# The last line is exactly "N passed, N failed, N skipped"; the exit status is 1 if anything
# failed (a skip is not a failure).
#
# Environment: BUILDS; PEERDESK_PG_PORT / PEERDESK_PG_DIR (tests/pg.sh; default port 55432);
# PEERDESK_SHARED (default ../shared beside the repository). Programs get PEERDESK_BIN,
# PEERDESK_TEST_DB (http) and PEERDESK_TEST_PG (the PostgreSQL server URL).
set -u

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 1
BUILDS=${BUILDS:-build build-asan}
SUITES=${SUITES:-unit http install x12 openapi ical browser}
want() {
    case " $SUITES " in *" $1 "*) return 0 ;; esac
    return 1
}
shared=${PEERDESK_SHARED:-$root/../shared}
mustache_spec=$shared/testdata/mustache-spec

# Sanitizer builds stop at the first error and report leaks; plain builds ignore these.
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
# cmocka's default output is what we count.
unset CMOCKA_MESSAGE_OUTPUT CMOCKA_XML_FILE CMOCKA_TEST_ABORT

tmp=$(mktemp -d "${TMPDIR:-/tmp}/peerdesk-run.XXXXXX") || exit 1
pg_started=""
cleanup() {
    if [ -n "$pg_started" ]; then
        sh tests/pg.sh stop >/dev/null 2>&1 || true
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

total_pass=0
total_fail=0
total_skip=0

now() {
    date +%s
}

# Suite counters, reset by suite_begin and reported by suite_end.
suite_begin() {
    suite_name=$1
    suite_pass=0
    suite_fail=0
    suite_skip=0
    suite_start=$(now)
}

suite_end() {
    printf '%-34s %5d passed, %d failed, %d skipped  (%ds)\n' "$suite_name" "$suite_pass" \
        "$suite_fail" "$suite_skip" $(($(now) - suite_start))
    total_pass=$((total_pass + suite_pass))
    total_fail=$((total_fail + suite_fail))
    total_skip=$((total_skip + suite_skip))
}

# Record a failure that is not a program's (a missing build, PostgreSQL down).
suite_problem() {
    echo "$suite_name: $*" >&2
    suite_fail=$((suite_fail + 1))
}

# Show a failing program's output without cmocka's per-test RUN/OK lines.
show_output() {
    echo "---- $1 (exit $2) ----"
    grep -v -e '^\[ RUN      \]' -e '^\[       OK \]' "$3" | tail -n 400
    echo "---- end of $1 ----"
}

# Run one cmocka program (the rest of the arguments), counting its tests.
run_cmocka() {
    out=$tmp/out
    "$@" >"$out" 2>&1
    rc=$?
    p=$(sed -n 's/^\[  PASSED  \] \([0-9][0-9]*\) test(s)\..*/\1/p' "$out" | awk '{s += $1} END {print s + 0}')
    f=$(sed -n 's/^\[  FAILED  \] \([0-9][0-9]*\) test(s).*/\1/p' "$out" | awk '{s += $1} END {print s + 0}')
    k=$(sed -n 's/^\[  SKIPPED \] \([0-9][0-9]*\) test(s).*/\1/p' "$out" | awk '{s += $1} END {print s + 0}')
    # cmocka reports a failed group setup or teardown (the server crashed or
    # leaked) without counting it and may still exit 0.
    g=$(grep -c '^\[  FAILED  \] GROUP' "$out")
    f=$((f + g))
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
        f=1 # crashed, a sanitizer stopped it, or setup failed
    fi
    suite_pass=$((suite_pass + p))
    suite_fail=$((suite_fail + f))
    suite_skip=$((suite_skip + k))
    if [ "$f" -ne 0 ]; then
        show_output "$*" "$rc" "$out"
    elif [ -n "${show_reports:-}" ]; then
        grep '^\[  REPORT  \]' "$out"
    fi
}

# Every program matching a glob in a build directory; none is a problem.
programs() {
    found=""
    for prog in "$1"/tests/$2; do
        [ -x "$prog" ] && found="$found $prog"
    done
    echo "$found"
}

# PostgreSQL for the store unit tests and the HTTP suites.
pg_url=""
if ! want unit && ! want http; then
    : # neither needs it
elif sh tests/pg.sh start >"$tmp/pg.log" 2>&1; then
    # Stop it at the end only if this run started it.
    grep -q 'already running' "$tmp/pg.log" || pg_started=1
    pg_url=$(sh tests/pg.sh url)
else
    echo "tests/pg.sh start failed:" >&2
    cat "$tmp/pg.log" >&2
fi
export PEERDESK_TEST_PG="$pg_url"

for b in $BUILDS; do
    case $b in /*) B=$b ;; *) B=$root/$b ;; esac
    label=$(basename "$b")
    export PEERDESK_BIN="$B/peerdesk"

    want unit && {
    suite_begin "unit ($label)"
    show_reports=""
    [ "$b" = "$(echo "$BUILDS" | awk '{print $1}')" ] && show_reports=1
    progs=$(programs "$B" 'test_*')
    [ -n "$progs" ] || suite_problem "no unit test programs in $B/tests (build first)"
    for prog in $progs; do
        case $(basename "$prog") in
        test_mustache)
            if [ ! -d "$mustache_spec" ]; then
                echo "mustache spec suite skipped: no spec at $mustache_spec (set PEERDESK_SHARED" \
                    "to the shared directory holding testdata/mustache-spec)" >&2
            fi
            run_cmocka "$prog" "$mustache_spec"
            ;;
        *) run_cmocka "$prog" ;;
        esac
    done
    show_reports=""
    suite_end
    }
    want http || continue

    progs=$(programs "$B" 'http_*')
    suite_begin "http sqlite ($label)"
    [ -n "$progs" ] || suite_problem "no HTTP test programs in $B/tests (build first)"
    [ -x "$PEERDESK_BIN" ] || suite_problem "$PEERDESK_BIN is missing (build first)"
    export PEERDESK_TEST_DB=sqlite
    for prog in $progs; do
        run_cmocka "$prog"
    done
    suite_end

    suite_begin "http postgresql ($label)"
    if [ -z "$pg_url" ]; then
        suite_problem "PostgreSQL did not start: the HTTP suites did not run on it"
    else
        [ -n "$progs" ] || suite_problem "no HTTP test programs in $B/tests (build first)"
        export PEERDESK_TEST_DB="$pg_url"
        for prog in $progs; do
            run_cmocka "$prog"
        done
    fi
    suite_end
done

# make install puts the binary and the man page under DESTDIR/PREFIX (issue 7, item 25).
if want install; then
    suite_begin "install"
    first=$(echo "$BUILDS" | awk '{print $1}')
    dest=$tmp/install
    if make --no-print-directory -s B="$first" DESTDIR="$dest" PREFIX=/usr install \
        >"$tmp/install.log" 2>&1 && [ -x "$dest/usr/bin/peerdesk" ] &&
        [ -f "$dest/usr/share/man/man1/peerdesk.1" ] &&
        "$dest/usr/bin/peerdesk" --help | grep -q 'man peerdesk'; then
        suite_pass=1
    else
        suite_problem "make install did not install usr/bin/peerdesk and usr/share/man/man1/peerdesk.1"
        cat "$tmp/install.log" >&2
    fi
    suite_end
fi

# SV-8: the 837P files read with a real X12 parser (tests/x12), counted like the browser suite.
if want x12 && [ -f tests/x12/run.sh ]; then
    suite_begin "x12"
    first=$(echo "$BUILDS" | awk '{print $1}')
    case $first in /*) ;; *) first=$root/$first ;; esac
    out=$tmp/x12
    PEERDESK_BUILD="$first" sh tests/x12/run.sh >"$out" 2>&1
    rc=$?
    last=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$out" | tail -n 1)
    p=0
    f=0
    if [ -n "$last" ]; then
        p=$(echo "$last" | awk '{print $1}')
        f=$(echo "$last" | awk '{print $3}')
    fi
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
        f=1
    fi
    suite_pass=$p
    suite_fail=$f
    if [ "$f" -ne 0 ]; then
        show_output "tests/x12/run.sh" "$rc" "$out"
    fi
    suite_end
fi

# docs/openapi.yaml read with a real OpenAPI parser (tests/openapi), counted like the browser suite.
if want openapi && [ -f tests/openapi/run.sh ]; then
    suite_begin "openapi"
    out=$tmp/openapi
    sh tests/openapi/run.sh >"$out" 2>&1
    rc=$?
    last=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$out" | tail -n 1)
    p=0
    f=0
    if [ -n "$last" ]; then
        p=$(echo "$last" | awk '{print $1}')
        f=$(echo "$last" | awk '{print $3}')
    fi
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
        f=1
    fi
    suite_pass=$p
    suite_fail=$f
    if [ "$f" -ne 0 ]; then
        show_output "tests/openapi/run.sh" "$rc" "$out"
    fi
    suite_end
fi

# GR-1: the iCalendar feeds read and expanded by a real parser (tests/ical), counted the same way.
if want ical && [ -f tests/ical/run.sh ]; then
    suite_begin "ical"
    first=$(echo "$BUILDS" | awk '{print $1}')
    case $first in /*) ;; *) first=$root/$first ;; esac
    out=$tmp/ical
    PEERDESK_BUILD="$first" sh tests/ical/run.sh >"$out" 2>&1
    rc=$?
    last=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$out" | tail -n 1)
    p=0
    f=0
    if [ -n "$last" ]; then
        p=$(echo "$last" | awk '{print $1}')
        f=$(echo "$last" | awk '{print $3}')
    fi
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
        f=1
    fi
    suite_pass=$p
    suite_fail=$f
    if [ "$f" -ne 0 ]; then
        show_output "tests/ical/run.sh" "$rc" "$out"
    fi
    suite_end
fi

if want browser && [ -f tests/browser/run.sh ]; then
    suite_begin "browser"
    first=$(echo "$BUILDS" | awk '{print $1}')
    case $first in /*) ;; *) first=$root/$first ;; esac
    out=$tmp/browser
    PEERDESK_BIN="$first/peerdesk" sh tests/browser/run.sh >"$out" 2>&1
    rc=$?
    last=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$out" | tail -n 1)
    p=0
    f=0
    if [ -n "$last" ]; then
        p=$(echo "$last" | awk '{print $1}')
        f=$(echo "$last" | awk '{print $3}')
    fi
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
        f=1
    fi
    suite_pass=$p
    suite_fail=$f
    if [ "$f" -ne 0 ]; then
        echo "---- tests/browser/run.sh (exit $rc) ----"
        tail -n 200 "$out"
        echo "---- end of tests/browser/run.sh ----"
    fi
    suite_end
fi

echo "$total_pass passed, $total_fail failed, $total_skip skipped"
[ "$total_fail" -eq 0 ]
