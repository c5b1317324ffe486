#!/usr/bin/env bash
# Scale-out (issue 22): `shard` -> `partial` per shard -> `merge` -> `report` writes the
# bytes `analyze` writes, in JSON, HTML and CSV, for a store with every section on
# (an A/B test, the checkout form), for input split by day with persons spanning the
# files, through pipes, in any merge order; and every way to get a wrong report is
# refused: a shard missing, a shard twice, another journey, another input, a file that
# is not a shard, a bad --shards or --by.
set -euo pipefail
cli="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
journey="$(cd "$(dirname "$0")/../.." && pwd)/examples/store-experiment.json"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"

fail() { echo "FAIL: $*" >&2; exit 1; }
# Runs a command that must fail with exit code $1 and a stderr line containing $2.
refused() {
  local code="$1" text="$2"; shift 2
  set +e; "$@" > out.txt 2> err.txt; local got=$?; set -e
  [ "$got" = "$code" ] || fail "$* exited $got, expected $code: $(cat err.txt)"
  grep -qF -- "$text" err.txt || fail "$* said: $(cat err.txt); expected: $text"
}

"$cli" generate --users 2500 --seed 21 --experiment-lift 0.04 --checkout-form --output store.csv > /dev/null
"$cli" analyze store.csv --journey "$journey" --format json --output whole.json
"$cli" analyze store.csv --journey "$journey" --format html --output whole.html
"$cli" analyze store.csv --journey "$journey" --format csv --table friction --output whole.csv

"$cli" shard store.csv --shards 3 --by user --output-dir shards 2> shard.log
[ "$(ls shards | wc -l)" = 3 ] || fail "expected 3 shard files: $(ls shards)"
grep -q "shard-00002-of-00003.fltable: " shard.log || fail "shard's stderr names each file: $(cat shard.log)"
s0=shards/shard-00000-of-00003.fltable s1=shards/shard-00001-of-00003.fltable s2=shards/shard-00002-of-00003.fltable
"$cli" partial "$s0" --journey "$journey" --output p0.state
"$cli" partial - --journey "$journey" --json < "$s1" > p1.json          # stdin in, JSON view out
"$cli" partial "$s2" --journey "$journey" --threads 2 --output p2.state
head -c 23 p0.state | grep -q "frictionlens.partial/1" || fail "the binary form starts with its schema"
# Two groupings and orders; a pipe between merge and report.
"$cli" merge p2.state p0.state --output a.state
"$cli" merge p1.json a.state --output all.state
"$cli" merge p0.state p1.json p2.state | "$cli" report - --format json > merged.json
cmp whole.json merged.json || fail "shard/partial/merge/report differs from analyze (JSON)"
"$cli" report all.state --format json --output merged2.json
cmp whole.json merged2.json || fail "another merge order differs"
"$cli" report all.state --format html --output merged.html
cmp whole.html merged.html || fail "the HTML report differs"
"$cli" report all.state --format csv --table friction --output merged.csv
cmp whole.csv merged.csv || fail "the friction CSV differs"
# partial over two shards at once is the merge of the two.
"$cli" partial "$s0" "$s2" --journey "$journey" --output p02.state
"$cli" merge p02.state p1.json | "$cli" report - --format json | cmp - whole.json || fail "partial of two shards"

# Input split by day (persons span the files): still exact after sharding.
python3 - <<'PY'
import csv
rows = list(csv.reader(open("store.csv", newline="")))
header, body = rows[0], rows[1:]
days = sorted({r[1][:10] for r in body})
cut = [days[len(days) // 3], days[2 * len(days) // 3]]
out = [csv.writer(open(f"day{i}.csv", "w", newline="")) for i in range(3)]
for w in out: w.writerow(header)
for r in body:
    out[0 if r[1][:10] < cut[0] else 1 if r[1][:10] < cut[1] else 2].writerow(r)
PY
"$cli" analyze day0.csv day1.csv day2.csv --journey "$journey" --format json --output days.json
"$cli" shard day0.csv day1.csv day2.csv --shards 4 --by user --output-dir day-shards 2> /dev/null
for f in day-shards/*.fltable; do "$cli" partial "$f" --journey "$journey" --output "$f.state"; done
"$cli" merge day-shards/*.state | "$cli" report - --format json | cmp - days.json || fail "split by day"

# Bytes that are not UTF-8 (an event name, a rejected row quoted in its reason): the
# shard and the state carry them as they are, and the report is still analyze's.
printf 'user_id,timestamp,event\nu1,2026-11-02T12:00:00Z,page_view\nu1,2026-11-02T12:01:00Z,caf\351_view\nu2,17\260672\260,page_view\nu2,2026-11-02T13:00:00Z,product_view\n' > latin1.csv
"$cli" analyze latin1.csv --format json --output latin1.json 2> /dev/null
"$cli" shard latin1.csv --shards 2 --output-dir latin1-shards 2> /dev/null
for f in latin1-shards/*.fltable; do "$cli" partial "$f" --output "$f.state"; done
"$cli" merge latin1-shards/*.state | "$cli" report - --format json | cmp - latin1.json || fail "non-UTF-8 bytes"
"$cli" merge latin1-shards/*.state --json --output latin1-view.json  # a file: grep -q would cut a pipe short
grep -q '"rejected"' latin1-view.json || fail "the JSON view of a state with non-UTF-8 bytes"

# Refusals.
refused 3 "the state covers 2 of 3 shards; merge the states of shards 1 into it first" "$cli" report a.state
refused 3 "shard 0 is in two of the states" "$cli" merge a.state p0.state
"$cli" partial "$s1" --journey store --output other-journey.state
refused 3 "is of another journey than state 1" "$cli" merge p0.state other-journey.state
"$cli" generate --users 300 --seed 4 --experiment-lift 0.04 --checkout-form --output small.csv > /dev/null
"$cli" shard small.csv --shards 3 --output-dir small-shards 2> /dev/null
"$cli" partial small-shards/shard-00001-of-00003.fltable --journey "$journey" --output other-input.state
refused 3 "is of another input than state 1" "$cli" merge p0.state other-input.state
refused 3 "store.csv: not a shard file; \`frictionlens shard\` makes them" "$cli" partial store.csv
refused 3 "not a partial state this build can use" "$cli" report store.csv
refused 2 "--shards: expected a whole number from 1 to 65536" "$cli" shard store.csv --shards 0 --output-dir x
refused 2 "--by: only \`user\`" "$cli" shard store.csv --shards 2 --by session --output-dir x
refused 2 "--output-dir is required" "$cli" shard store.csv --shards 2
head -c 4000 p0.state > cut.state
refused 3 "cut.state: not a partial state this build can use" "$cli" merge cut.state p1.json
echo "scale-out: shard/partial/merge/report byte-identical to analyze; refusals hold"
