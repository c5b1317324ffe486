#!/usr/bin/env bash
# time_ordered.sh: turns the generator's user-grouped CSV (stdin) into a real-shaped
# export (stdout), shape (b) of issue 24: rows in time order across users, so users
# interleave, and a session_id column after `event` (17 columns).
#
# Usage: frictionlens generate ... --output - | time_ordered.sh TMPDIR > shape-b.csv
#
# Why this shape: analytics exports are written in time order and key rows by an
# anonymous visitor id that changes with each visit (cookie, device). So each visit
# (a user's events with no gap over 30 minutes) becomes its own visitor: user_id is a
# new number per visit, and session_id keeps the generated person and the visit as
# "<person>-<visit number>" (the "user id plus a suffix" form the issue names).
#
# A visitor id is also lost in the middle of a visit: a redirect to a payment or login
# domain, Safari's tracking prevention, a hand-off from app to web. So each row after
# a visit's first starts a new visitor, and with it a new session, with chance 1/10.
# The generator makes about 4.6 events per visit, which alone gives 2.2 visitors per
# 10 events; with the lost ids it is about 3 per 10, the issue's shape. The chance
# comes from a fixed-seed Park-Miller generator (exact in awk's doubles: 16807 times
# a 31-bit number stays below 2^53), so the same input always gives the same file.
#
# Streaming: awk holds one row; GNU sort orders by the ISO timestamp (fixed width, so
# byte order is time order), stable so that ties keep the generator's order, spilling
# to TMPDIR. 10 M rows take about a minute on the 2-core machine.
set -euo pipefail
tmp=${1:?usage: time_ordered.sh TMPDIR}

IFS= read -r header
# The header with session_id inserted after the third column (event).
awk -F, -v OFS=, '{ $3 = $3 ",session_id"; print }' <<< "$header"

# Epoch seconds of the ISO time (UTC, whole seconds are enough for a 30-minute gap),
# by the days-from-civil formula, since mawk has no mktime.
awk -F, -v OFS=, -v rng=42 '
  function epoch(ts,   y, m, d, era, yoe, doy, doe) {
    y = substr(ts, 1, 4) + 0; m = substr(ts, 6, 2) + 0; d = substr(ts, 9, 2) + 0
    if (m <= 2) y -= 1
    era = int(y / 400); yoe = y - era * 400
    doy = int((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1
    doe = yoe * 365 + int(yoe / 4) - int(yoe / 100) + doy
    return (era * 146097 + doe - 719468) * 86400 + substr(ts, 12, 2) * 3600 + substr(ts, 15, 2) * 60 + substr(ts, 18, 2)
  }
  {
    s = epoch($2)
    if ($1 != person) { person = $1; visit = 0; last = -1e18 }
    rng = (rng * 16807) % 2147483647
    if (s - last > 1800 || rng % 10 == 0) { visit++; visitor++ }
    last = s
    id = $1
    $1 = 10000000 + visitor
    $3 = $3 "," id "-" visit
    print
  }' | LC_ALL=C sort -t, -k2,2 -s -S 25% --parallel=2 -T "$tmp"
