// check.mjs - peerdesk's iCalendar feeds read by a real RFC 5545 parser (ical.js), GR-1.
// Usage: node check.mjs DIR   (run.sh fills DIR)
//
// DIR holds, per series NAME: NAME.ics (`peerdesk recur ... --ics`), NAME.txt (the same
// series expanded by `peerdesk recur ... --from --to`: "startZ local endZ [moved]" per line)
// and NAME.window ("FROM TO" local days). For each series ical.js parses the feed, expands the
// master VEVENT with its EXDATEs and its RECURRENCE-ID exceptions (ICAL.Event.iterator,
// relateException, getOccurrenceDetails) in the zone of the feed's own VTIMEZONE, keeps the
// sessions whose local start day is in the window, and the UTC starts and ends must equal
// peerdesk's exactly. Then the feed's form: CRLF line ends, no line over 75 octets, folds
// that keep UTF-8 characters whole, and the text values read back as written (DIR/NAME.text,
// JSON, when present). DIR/help.txt and DIR/man.txt: `peerdesk --help` and the man page name
// the command. The last line is "N passed, N failed".
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import ICAL from 'ical.js';

const dir = process.argv[2];
let passed = 0;
let failed = 0;

function check(name, ok, detail) {
  if (ok) {
    passed++;
    console.log(`ok   ${name}`);
  } else {
    failed++;
    console.log(`FAIL ${name}${detail ? `\n     ${detail.split('\n').join('\n     ')}` : ''}`);
  }
}

const iso = (unix) => new Date(unix * 1000).toISOString().replace('.000Z', 'Z');

// A session moved into the window comes from at most 92 days outside it (RECUR_MOVE_MAX_DAYS).
const MOVE_DAYS = 92;

function expand(text, from, to) {
  const cal = new ICAL.Component(ICAL.parse(text));
  const vevents = cal.getAllSubcomponents('vevent');
  const master = vevents.find((v) => !v.hasProperty('recurrence-id'));
  const event = new ICAL.Event(master);
  for (const v of vevents) {
    if (v !== master) event.relateException(v);
  }
  const zone = event.startDate.zone;
  const tzid = master.getFirstProperty('dtstart').getParameter('tzid');
  if (!zone || zone.tzid !== tzid || zone === ICAL.Timezone.localTimezone) {
    throw new Error(`DTSTART's zone ${tzid} did not resolve to the feed's VTIMEZONE`);
  }
  const day = (t) => t.year * 10000 + t.month * 100 + t.day;
  const lo = ICAL.Time.fromDateString(from);
  lo.adjust(-MOVE_DAYS, 0, 0, 0);
  const hi = ICAL.Time.fromDateString(to);
  hi.adjust(MOVE_DAYS + 1, 0, 0, 0);
  const fromDay = day(ICAL.Time.fromDateString(from));
  const toDay = day(ICAL.Time.fromDateString(to));
  const out = [];
  const it = event.iterator();
  for (let next = it.next(), n = 0; next && n < 5000; next = it.next(), n++) {
    if (next.compare(hi) > 0) break;
    if (next.compare(lo) < 0) continue;
    const d = event.getOccurrenceDetails(next);
    const local = d.startDate.convertToZone(zone);
    if (day(local) < fromDay || day(local) > toDay) continue;
    out.push(`${iso(d.startDate.toUnixTime())} ${iso(d.endDate.toUnixTime())}`);
  }
  return { list: out.sort(), vevents, cal };
}

function ours(text) {
  return text
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => {
      const [start, , end] = l.split(' ');
      return `${start} ${end}`;
    })
    .sort();
}

function diff(a, b) {
  const sa = new Set(a), sb = new Set(b);
  const only = (x, s) => x.filter((v) => !s.has(v)).slice(0, 8).join(', ');
  return `peerdesk ${a.length}, ical.js ${b.length}\nonly peerdesk: ${only(a, sb)}\nonly ical.js: ${only(b, sa)}`;
}

// Lines of the raw feed: CRLF, at most 75 octets, folds between whole UTF-8 characters.
function form(name, raw) {
  const bytes = Buffer.from(raw, 'binary');
  const text = raw.toString('binary');
  check(`${name}: every line ends with CRLF`, /\r\n$/.test(text) && !/[^\r]\n/.test(text) && !/\r[^\n]/.test(text));
  const lines = [];
  let start = 0;
  for (let i = 0; i + 1 < bytes.length; i++) {
    if (bytes[i] === 13 && bytes[i + 1] === 10) {
      lines.push(bytes.subarray(start, i));
      start = i + 2;
    }
  }
  const long = lines.filter((l) => l.length > 75);
  check(`${name}: no line is over 75 octets`, long.length === 0, long.map((l) => `${l.length}: ${l}`).join('\n'));
  // A continuation line must not start inside a UTF-8 sequence (a byte 10xxxxxx after the space).
  const split = lines.filter((l) => l[0] === 32 && l.length > 1 && (l[1] & 0xc0) === 0x80);
  check(`${name}: folding keeps UTF-8 characters whole`, split.length === 0, `${split.length} lines`);
}

const names = readdirSync(dir).filter((f) => f.endsWith('.ics')).map((f) => f.slice(0, -4)).sort();
for (const name of names) {
  const raw = readFileSync(join(dir, `${name}.ics`));
  const [from, to] = readFileSync(join(dir, `${name}.window`), 'utf8').trim().split(' ');
  const mine = ours(readFileSync(join(dir, `${name}.txt`), 'utf8'));
  let theirs;
  try {
    theirs = expand(raw.toString('utf8'), from, to);
  } catch (e) {
    check(`${name}: ical.js reads the feed`, false, String(e && e.stack ? e.stack : e));
    continue;
  }
  check(`${name}: ical.js reads the feed`, true);
  check(`${name}: a year of sessions, ${mine.length}, is not empty`, mine.length > 0);
  const same = mine.length === theirs.list.length && mine.every((v, i) => v === theirs.list[i]);
  check(`${name}: ical.js gives the same ${mine.length} UTC starts and ends as peerdesk`, same,
    same ? '' : diff(mine, theirs.list));
  form(name, raw);
  const textFile = join(dir, `${name}.text`);
  if (existsSync(textFile)) {
    const want = JSON.parse(readFileSync(textFile, 'utf8'));
    const master = theirs.vevents.find((v) => !v.hasProperty('recurrence-id'));
    for (const [prop, value] of Object.entries(want)) {
      const got = master.getFirstPropertyValue(prop);
      check(`${name}: ${prop.toUpperCase()} reads back as written`, got === value,
        `${JSON.stringify(got)} != ${JSON.stringify(value)}`);
    }
  }
}
check('at least the three series of issue 12 were checked', names.length >= 3, `${names.length}`);

const help = readFileSync(join(dir, 'help.txt'), 'utf8');
const man = readFileSync(join(dir, 'man.txt'), 'utf8');
check('peerdesk --help lists the recur command', /^\s+recur /m.test(help));
check('the man page documents peerdesk recur and its options',
  /^\.SS "recur/m.test(man) && ['\\-\\-rrule', '\\-\\-cancel', '\\-\\-move', '\\-\\-ics'].every((o) => man.includes(o)));

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
