#!/usr/bin/env python3
"""draw_reference.py - an independent re-implementation of peerdesk's random test selection
(algorithm "peerdesk-draw-1", SPEC GR-8; the layout is in src/domain/draw.c's header comment),
with nothing but the Python standard library, so a day's draw can be checked outside peerdesk.

  python3 tools/draw_reference.py SEED_HEX YYYY-MM-DD EARLIEST LATEST STEP < pool.tsv
      pool.tsv: one member a line, tab-separated:
        id  daily|rate_month|window|colour  n  d  [win_pos win_left | colour]
      prints: id  selected(0/1)  test_by(-1 or minutes)  code
  python3 tools/draw_reference.py --commit SEED_HEX
      prints the commitment (lowercase hex SHA-256 of the 32 seed bytes)
  python3 tools/draw_reference.py --vector
      prints the cross-implementation vector hard-coded in tests/unit/test_draw.c
"""
import calendar
import datetime
import hashlib
import sys

ALGORITHM = "peerdesk-draw-1"
CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def stream(seed, day, label, suffix):
    """H = BLAKE2b-256 keyed with the seed of "peerdesk-draw-1|DAY|LABEL|SUFFIX"."""
    msg = "|".join([ALGORITHM, day, label, suffix]).encode("utf-8")
    return hashlib.blake2b(msg, key=seed, digest_size=32).digest()


def u64(h):
    return int.from_bytes(h[:8], "big")


def chance(member, day):
    """(num, den) of the member's chance on day ("YYYY-MM-DD")."""
    model, n, d = member["model"], member["n"], member["d"]
    if model == "rate_month":
        y, m = int(day[0:4]), int(day[5:7])
        num, den = n + d, 2 * calendar.monthrange(y, m)[1]
        return min(num, den), den
    if model == "window":
        return member["win_left"], d - member["win_pos"]
    return n, d


def code(h):
    v = int.from_bytes(h[:5], "big")
    s = "".join(CROCKFORD[(v >> (35 - 5 * i)) & 31] for i in range(8))
    return s[:4] + "-" + s[4:]


def draw_day(seed, day, pool, earliest, latest, step):
    """[(id, selected, test_by, code)] for the pool, in its order."""
    slots = (latest - earliest) // step + 1
    out = []
    for m in pool:
        pid = str(m["id"])
        if m["model"] == "colour":
            h = stream(seed, day, "colour", m["colour"])
        else:
            h = stream(seed, day, "select", pid)
        num, den = chance(m, day)
        selected = u64(h) * den < num << 64
        test_by = -1
        if selected:
            k = (u64(stream(seed, day, "time", pid)) * slots) >> 64
            test_by = earliest + k * step
        out.append((m["id"], int(selected), test_by, code(stream(seed, day, "code", pid))))
    return out


def commit(seed):
    return hashlib.sha256(seed).hexdigest()


# The vector of test_draw.c: seed 00 01 .. 1f, 2026-02-14, times 06:00-18:00 every 15 minutes.
VECTOR_SEED = bytes(range(32))
VECTOR_DAY = "2026-02-14"
VECTOR_TIMES = (360, 1080, 15)
VECTOR_POOL = (
    [{"id": i, "model": "daily", "n": 2, "d": 7} for i in range(1, 9)]
    + [{"id": 100 + i, "model": "rate_month", "n": 4, "d": 8} for i in range(4)]
    + [{"id": 200 + i, "model": "window", "n": 2, "d": 14, "win_pos": 10 + i, "win_left": 1}
       for i in range(4)]
    + [{"id": 300 + i, "model": "colour", "n": 1, "d": 3, "colour": c}
       for i, c in enumerate(["Blue", "Blue", "Gold", "Gold", "Red", "Red", "Green", "Green"])]
    + [{"id": 9000000000123, "model": "daily", "n": 366, "d": 366}]
)


def vector():
    print("/* tools/draw_reference.py --vector: seed 00..1f, %s, times %d..%d step %d */"
          % ((VECTOR_DAY,) + VECTOR_TIMES))
    for pid, sel, tb, c in draw_day(VECTOR_SEED, VECTOR_DAY, VECTOR_POOL, *VECTOR_TIMES):
        print('    {%d, %d, %d, "%s"},' % (pid, sel, tb, c))
    print("/* select stream of id 1: %s */" % stream(VECTOR_SEED, VECTOR_DAY, "select", "1").hex())


def read_pool(f):
    pool = []
    for line in f:
        if not line.strip():
            continue
        p = line.rstrip("\n").split("\t")
        m = {"id": int(p[0]), "model": p[1], "n": int(p[2]), "d": int(p[3])}
        if m["model"] == "window":
            m["win_pos"], m["win_left"] = int(p[4]), int(p[5])
        elif m["model"] == "colour":
            m["colour"] = p[4]
        pool.append(m)
    return pool


def main(argv):
    if len(argv) == 2 and argv[1] == "--vector":
        vector()
        return 0
    if len(argv) == 3 and argv[1] == "--commit":
        print(commit(bytes.fromhex(argv[2])))
        return 0
    if len(argv) != 6:
        sys.stderr.write(__doc__)
        return 2
    seed = bytes.fromhex(argv[1])
    if len(seed) != 32:
        sys.stderr.write("the seed is 64 hex digits\n")
        return 2
    datetime.date.fromisoformat(argv[2])
    for pid, sel, tb, c in draw_day(seed, argv[2], read_pool(sys.stdin), int(argv[3]),
                                    int(argv[4]), int(argv[5])):
        print("%d\t%d\t%d\t%s" % (pid, sel, tb, c))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
