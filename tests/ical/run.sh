#!/bin/sh
# iCalendar tests (GR-1): group schedules written by `peerdesk recur --ics`, read and expanded by
# a real RFC 5545 parser (ical.js, check.mjs), must give exactly the sessions that
# `peerdesk recur` itself prints, over 2027, which holds both US changes of clock (March 14 and
# November 7) and both European ones (March 28, October 31).
# Usage: tests/ical/run.sh   (PEERDESK_BUILD defaults to build in the repo root)
# Last line "N passed, N failed"; exits non-zero on any failure.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
b=${PEERDESK_BUILD:-$root/build}
case "$b" in /*) ;; *) b="$root/$b" ;; esac
pd=$b/peerdesk
command -v node >/dev/null 2>&1 || { echo "ical: node is missing (apt-get install nodejs npm)" >&2; exit 2; }
[ -x "$pd" ] || { echo "ical: $pd is missing; run 'make'" >&2; exit 2; }
cd "$here"
# node_modules must match package-lock.json exactly; npm ci keeps a copy of the lock inside it.
if [ ! -f node_modules/.package-lock.json ] || [ ! -f node_modules/ical.js/package.json ] ||
   [ package-lock.json -nt node_modules/.package-lock.json ]; then
    npm ci --no-audit --no-fund >/dev/null
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/peerdesk-ical.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

from=2027-01-01
to=2027-12-31
# One fixed DTSTAMP, so a failing feed can be compared byte for byte between runs.
stamp=1798761600

# series NAME ARGS...: the feed and the expansion of one schedule.
series() {
    name=$1
    shift
    "$pd" recur "$@" --ics --stamp "$stamp" --uid "$name@demo.peerdesk" >"$tmp/$name.ics"
    "$pd" recur "$@" --from "$from" --to "$to" >"$tmp/$name.txt"
    echo "$from $to" >"$tmp/$name.window"
}

# Issue 12's three: weekly on Tuesday at 18:00 with a cancelled session, one moved within the
# week of the November change and one moved into the year from December 2026 ...
series weekly-tuesday --tz America/New_York --start 2026-11-03 --time 18:00 --minutes 90 \
    --rrule 'FREQ=WEEKLY;BYDAY=TU' --cancel 2027-03-16 --cancel 2027-07-06 \
    --move 2027-11-09=2027-11-06T10:00/120 --move 2026-12-29=2027-01-02T18:00 \
    --move 2027-12-28=2028-01-04T18:00 \
    --summary 'Tuesday peer group; newcomers, family \ friends welcome' \
    --location "$(printf 'Room 2, 14 Elm St.\nSide door')" \
    --description "$(printf 'Bring nothing; a café, coffee & tea.\nCall 988 in a crisis. %s' \
        'Grupo de apoyo entre pares: reunión semanal; niñas, niños y mayores, ¡bienvenidos! 日本語も')"
# ... every other Thursday (a video group) ...
series every-other-thursday --tz America/New_York --start 2027-01-07 --time 19:30 --minutes 60 \
    --rrule 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TH' --url 'https://video.example.org/room/42?pin=7'
# ... and the second Tuesday of each month.
series second-tuesday --tz America/New_York --start 2027-01-12 --time 18:00 --minutes 120 \
    --rrule 'FREQ=MONTHLY;BYDAY=2TU' --cancel 2027-08-10

# More shapes: the last Friday with a COUNT in London, twice a week until June in a zone
# without daylight saving, the 31st (months without one have none), an UNTIL that falls on a
# session, and an early morning group in Sydney, whose summer spans the new year.
series last-friday-london --tz Europe/London --start 2027-01-29 --time 10:00 --minutes 60 \
    --rrule 'FREQ=MONTHLY;BYDAY=-1FR;COUNT=10'
series kolkata-mon-wed --tz Asia/Kolkata --start 2027-01-04 --time 07:00 --minutes 45 \
    --rrule 'FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20270630' --move 2027-03-03=2027-03-04T08:00
series thirty-first --tz America/Chicago --start 2027-01-31 --time 12:00 --minutes 30 \
    --rrule 'FREQ=MONTHLY;BYMONTHDAY=31'
series until-on-a-session --tz America/Los_Angeles --start 2027-02-02 --time 23:30 --minutes 60 \
    --rrule 'FREQ=WEEKLY;INTERVAL=3;BYDAY=TU;UNTIL=20271109'
series sydney-daily --tz Australia/Sydney --start 2027-03-20 --time 06:15 --minutes 30 \
    --rrule 'FREQ=DAILY;INTERVAL=4;COUNT=90'

# The text values as written (check.mjs reads them back from the weekly feed).
cat >"$tmp/weekly-tuesday.text" <<'EOF'
{"summary": "Tuesday peer group; newcomers, family \\ friends welcome",
 "location": "Room 2, 14 Elm St.\nSide door",
 "description": "Bring nothing; a café, coffee & tea.\nCall 988 in a crisis. Grupo de apoyo entre pares: reunión semanal; niñas, niños y mayores, ¡bienvenidos! 日本語も"}
EOF

"$pd" --help >"$tmp/help.txt"
cat "$root/docs/peerdesk.1" >"$tmp/man.txt"
node check.mjs "$tmp"
