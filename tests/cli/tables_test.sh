#!/usr/bin/env bash
# Order tables end to end through the CLI (issue 19): the three Olist files as they are,
# with examples/olist-delivery.json, in every output format; `validate` shows each
# column's role in its table; a file that fits no table stops the run with exit 3 and a
# message naming the file and line. The numbers themselves are recomputed from the CSV
# text in tests/unit/delivery/delivery_olist_test.cc; here the doors are checked.
set -uo pipefail
cli="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
shared="${FL_SHARED_DIR:-$root/../shared}"
olist="$shared/data/olist"
journey="$root/examples/olist-delivery.json"
if [ ! -f "$olist/olist_orders_dataset.csv" ]; then
  echo "skipped: $olist is absent (../shared/data not beside the project)"
  exit 0
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
files=("$olist/olist_orders_dataset.csv" "$olist/olist_customers_dataset.csv" "$olist/olist_order_reviews_dataset.csv")

failures=0
fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}
expect() {  # expect FILE TEXT
  grep -qF -- "$2" "$1" || fail "$1 lacks: $2"
}

timeout 60 "$cli" analyze "${files[@]}" --journey "$journey" --format json > "$work/report.json" 2> "$work/json.err" ||
  fail "analyze --format json exited $?: $(cat "$work/json.err")"
python3 - "$work/report.json" <<'PY' || fail "the JSON report"
import json, sys
r = json.load(open(sys.argv[1]))
i = r["input"]
assert i["rejected"] == 0 and i["rows"] == 8135 + 8135 + 8225, i["rows"]
tables = {t["table"]: t for t in i["tables"]}
assert set(tables) == {"orders", "customers", "reviews"}, tables.keys()
assert tables["orders"]["joins"][0]["matched"] == 8135
assert tables["customers"]["joined_rows"] == 8135
what = {f["what"]: f["count"] for f in tables["orders"]["findings"]}
assert what["shipped before payment_approved"] == 77, what
assert r["journey"]["tables"]["orders"]["unit"] == "order_id"
d = r["delivery"]
assert [x["rule"] for x in d["rules"]] == ["timestamp", "calendar_day"]
assert d["rules"][0]["late"] > d["rules"][1]["late"] > 0
kinds = {f["kind"] for f in d["findings"]}
assert {"canceled_but_delivered", "delivered_status_without_time"} <= kinds, kinds
assert d["downstream"]["comparisons"][0]["measure"] == "review_score"
PY

timeout 60 "$cli" analyze "${files[@]}" --journey "$journey" --format table > "$work/table.txt" 2> /dev/null ||
  fail "analyze --format table exited $?"
expect "$work/table.txt" "Tables (rows into events)"
expect "$work/table.txt" "data: 77 rows with shipped before payment_approved"
expect "$work/table.txt" "Delivery (promise kept?)"
expect "$work/table.txt" "Late orders' reviews score"

timeout 60 "$cli" analyze "${files[@]}" --journey "$journey" --format html --output "$work/report.html" 2> /dev/null ||
  fail "analyze --format html exited $?"
expect "$work/report.html" "shipped before payment_approved"

timeout 60 "$cli" validate "${files[@]}" --journey "$journey" > "$work/validate.txt" 2>&1 || fail "validate exited $?"
expect "$work/validate.txt" "time of event shipped"
expect "$work/validate.txt" "key of table customers"

# A file that fits no table: exit 3, the file and line named.
printf 'a,b\n1,2\n' > "$work/stray.csv"
timeout 60 "$cli" analyze "${files[0]}" "$work/stray.csv" --journey "$journey" > /dev/null 2> "$work/stray.err"
code=$?
[ "$code" = 3 ] || fail "a file fitting no table exited $code, expected 3"
expect "$work/stray.err" "stray.csv: line 1: fits no table of the journey"

if [ "$failures" -gt 0 ]; then
  echo "$failures failure(s)" >&2
  exit 1
fi
echo "tables: all passed"
