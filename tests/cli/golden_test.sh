#!/usr/bin/env bash
# The CLI end to end against a small golden report. The counts asserted below were
# worked out by hand from golden/mini.csv (see the comments); the golden JSON pins
# every other byte of the report.
set -euo pipefail
cli="$1"
here="$(cd "$(dirname "$0")" && pwd)"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
cd "$here/golden"   # file names in the report are as given: keep them relative

"$cli" analyze mini.csv --journey mini_journey.json --format json --output "$out/report.json"

python3 - "$out/report.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
assert r["schema"] == "frictionlens.report/1"
i = r["input"]
# 14 data rows; u5's time does not parse -> 1 rejected, line 11 (header is line 1), column 2.
assert (i["rows"], i["rejected"], i["events"], i["users"]) == (14, 1, 13, 6), i
assert i["rejections"][0]["line"] == 11 and i["rejections"][0]["column"] == 2, i["rejections"]
assert (i["first_time"], i["last_time"]) == ("2024-03-01T10:00:00Z", "2024-03-01T14:10:00Z"), i
s = r["funnel"]["steps"]
# Product page: u1 u2 u3 u4 u6 u7. Cart: u1 u2 u4 (1-Click) u6.
# Checkout is optional: passed by u1 and u4, who reach Order placed. Order placed: u1, u4
# (u6 orders 70 minutes after the start: outside the 1 h window).
assert [x["count"] for x in s] == [6, 4, 2, 2], s
# Cart: u3 dropped (window closed 13:00); u7 started 13:30, window open past 14:10 -> in progress.
assert (s[1]["dropped"], s[1]["in_progress"]) == (1, 1), s[1]
# Checkout: u2 and u6 stopped at Cart with closed windows.
assert (s[2]["dropped"], s[2]["in_progress"]) == (2, 0), s[2]
assert abs(s[1]["conversion"] - 4 / 6) < 1e-6 and abs(s[3]["step_conversion"] - 1.0) < 1e-6
lo, hi = s[1]["conversion_ci95"]
assert abs(lo - 0.299993) < 1e-5 and abs(hi - 0.903229) < 1e-5, (lo, hi)   # Wilson 4/6
# Time from Product page to Cart: u1 5m, u2 2m, u4 1m, u6 50m -> median (2m+5m)/2 = 210 s.
assert s[1]["median_seconds_from_previous"] == 210, s[1]
segments = {g["value"]: [x["count"] for x in g["steps"]] for g in r["funnel"]["breakdown"]["segments"]}
assert segments == {"ios": [2, 2, 2, 2], "android": [3, 1, 0, 0], "desktop": [1, 1, 0, 0]}, segments
b = r["funnel"]["breakdown"]
assert (b["values"], b["values_in_other"]) == (3, 0), b   # three devices, all under the top 25
# Input quality: the one rejected row is a bad time; every used row is one event of one
# file whose range is the input's; no event repeats another (same user, time, event, properties).
q = r["input_quality"]
assert r["sections"] == ["funnel", "friction", "forms", "input_quality", "survival", "delivery", "paths",
                        "correlation", "conformance"], r["sections"]
# Orders: u1, u4 and u6 place one each, none with a promise: nothing to judge, no rate.
d = r["delivery"]
assert (d["orders"], d["with_promise"], d["no_promise"], d["findings"]) == (3, 0, 3, []), d
assert d["rules"][0]["on_time_rate"] is None and d["sentence"] == "", d
assert (r["forms"]["forms_found"], r["forms"]["forms"]) == (0, []), r["forms"]   # no form events in mini.csv
assert q["rejected_by_reason"] == [{"reason": "bad_time", "rows": 1}], q
assert (q["rows"], q["events"], q["rejected"], q["users"], q["duplicate_events"]) == (14, 13, 1, 6, 0), q
assert q["files"] == [{"file": "mini.csv", "rows": 14, "rejected": 1, "events": 13,
                       "first_time": i["first_time"], "last_time": i["last_time"]}], q["files"]
# Events per user: u1 3, u2 2, u3 1, u4 3, u6 2, u7 2 -> p50 is the 3rd smallest of 1,2,2,2,3,3 = 2.
assert [p["events"] for p in q["events_per_user"]["percentiles"]] == [2, 3, 3], q["events_per_user"]
assert r["friction"]["top"] == [], r["friction"]["top"]   # nothing in 6 users has enough data
# Survival, Cart, minutes after Product page: u4 1, u2 2, u1 5, u6 50 reached; u7 entered at
# 13:30 and the data ends at 14:10: still open, censored at 40; u3's hour closed: censored at 60.
# S = 5/6 at 1, 4/6 at 2, 3/6 at 5 (exactly one half until the next event, at 50: the
# median is the middle, 27.5 min), 3/6 * 1/2 = 1/4 at 50 -> 75% reach Cart within the hour,
# where the funnel, counting u7 as not converted, shows 4/6.
v = r["survival"]
cart = v["steps"][0]
assert (v["entered"], v["window_ms"], cart["name"]) == (6, 3600000, "Cart"), v
assert (cart["reached"], cart["still_open"], cart["reach_by_window"]) == (4, 1, 0.75), cart
assert cart["funnel_conversion"] == round(4 / 6, 6) and cart["median_ms"] == 1650000, cart
assert [(p["t_ms"], p["at_risk"]) for p in cart["curve"]] == [(60000, 6), (120000, 5), (300000, 4), (3000000, 2)], cart
# Checkout is optional: u4 and u1 pass it when they order (2 and 10 min): 2 of 6, u7 censored after.
assert v["steps"][1]["reach_by_window"] == round(2 / 6, 6), v["steps"][1]
# Cart by device: ios (1, 5), android (2; u7 40+, u3 60+), desktop (50): three curves, 2 df.
assert v["comparison"]["log_rank"][0]["df"] == 2, v["comparison"]
# Paths. After Product page: add_to_cart for u1 (5 min), u2 (2), u6 (50); one_click_buy
# for u4; nothing more for u3 and u7 -> add_to_cart 3 (median 5 min, p90 the 3rd of 3 =
# 50 min), "(no further event)" 2, one_click_buy 1. Dropped there: u3 only (u7's hour is
# still open when the data ends at 14:10).
p = r["paths"]
pv = p["steps"][0]
assert (p["units"], pv["with_event"]) == (6, 6), p["units"]
assert [(e["event"], e["units"]) for e in pv["after"]["events"]] == [
    ("add_to_cart", 3), ("(no further event)", 2), ("one_click_buy", 1)], pv["after"]
assert (pv["after"]["events"][0]["median_ms"], pv["after"]["events"][0]["p90_ms"]) == (300000, 3000000), pv["after"]
assert [(e["event"], e["units"]) for e in pv["dropped"]["events"]] == [("(no further event)", 1)], pv["dropped"]
assert [(e["event"], e["units"]) for e in pv["before"]["events"]] == [("(start)", 6)], pv["before"]
# Cart (u1, u2, u4, u6): next u1's and u4's order (5 and 1 min: median 3 min); u2 nothing;
# u6's order at 14:10 is past its window (13:00 + 1 h). Dropped: u2 and u6, both nothing.
cart = p["steps"][1]
assert [(e["event"], e["units"]) for e in cart["after"]["events"]] == [("(no further event)", 2), ("order_placed", 2)]
assert cart["after"]["events"][1]["median_ms"] == 180000, cart["after"]
assert cart["dropped"]["units"] == 2 and cart["before"]["events"][0] == {**cart["before"]["events"][0], "event": "product_view", "units": 4}
# Checkout is passed by skipping (u1, u4): no event of its own, so no list.
assert p["steps"][2]["with_event"] == 0 and p["steps"][3]["dropped"] is None
# Variants: [Product page] u3 u7, [Product page, Cart] u2 u6, [.., Order placed] u1 u4.
assert [(v["steps"], v["units"], v["converted"]) for v in p["variants"]["top"]] == [
    (["Product page"], 2, 0), (["Product page", "Cart"], 2, 0), (["Product page", "Cart", "Order placed"], 2, 2)]
# The graph: 6 starts, product_view -> add_to_cart 3, 18 transitions in all, all listed.
g = p["graph"]
assert [(e["from"], e["to"], e["count"]) for e in g["edges"][:2]] == [("(start)", "product_view", 6), ("product_view", "add_to_cart", 3)]
assert sum(e["count"] for e in g["edges"]) == 18 and g["transitions_not_listed"] == 0, g
# Correlation. Product page -> Cart: converted u1 u2 u4 u6, dropped u3 (its hour closed at
# 13:00), u7 in progress (left out). Nobody did anything between the two steps, so the
# candidates are device's three values (device is on every row: "auto" tests it), each had
# by fewer than min_units 5 units: nothing tested, nothing listed.
c = r["correlation"]
assert [(x["property"], x["values"], x["tested"]) for x in c["properties"]] == [("device", 3, True)], c["properties"]
s0 = c["steps"][0]
assert (s0["step"], s0["next_step"], s0["units"], s0["dropped"], s0["converted"], s0["in_progress"]) == (
    "Product page", "Cart", 5, 1, 4, 1), s0
assert (s0["candidates"], s0["below_min_units"], s0["tested"], s0["with_dropping"]) == (3, 3, 0, []), s0
# Cart -> Checkout: u1 and u4 go on (Checkout is optional: their order passes it), u2 and u6
# drop (u6's order at 14:10 is past its window and ends no span).
s1 = c["steps"][1]
assert (s1["units"], s1["dropped"], s1["converted"], s1["in_progress"], s1["drop_rate"]) == (4, 2, 2, 0, 0.5), s1
# Checkout -> Order placed: the two who reached it skipped it: no event to start from.
assert (c["steps"][2]["units"], c["steps"][2]["skipped"]) == (0, 2) and c["sentences"] == [], c["steps"][2]
# Conformance. Each unit's step events from its start, within its hour: u1 Product page,
# Cart, Order placed (Checkout is optional: passing it by is no deviation); u2 Product page,
# Cart; u3 Product page; u4 Product page, Cart (one_click_buy), Order placed; u6 Product
# page, Cart (its order at 14:10 is past 14:00); u7 Product page. Nobody skips a required
# step, comes back or repeats: all 6 conformed; u1 and u4 got to the last step (completed),
# the other 4 stopped early. Got as far as: Product page 6, Cart 4 (u1 u2 u4 u6),
# Checkout and Order placed 2 (u1 u4).
c = r["conformance"]
assert (c["units"], c["conformed"]["units"], c["conformed"]["completed"], c["conformed"]["stopped_early"]) == (6, 6, 2, 4), c["conformed"]
assert c["conformed"]["share"] == 1.0 and c["deviated"]["units"] == 0, c
lo, hi = c["conformed"]["share_ci95"]
assert abs(lo - 0.609666) < 1e-5 and hi == 1.0, (lo, hi)   # Wilson 6/6
assert [s["units"] for s in c["steps"]] == [6, 4, 2, 2], c["steps"]
assert all(s[k]["units"] == 0 and s[k]["examples"] == [] for s in c["steps"]
           for k in ("skipped", "out_of_order", "went_back", "repeated")), c["steps"]
# The funnel converts u1 and u4 of the 6 conformed; no unit deviated, so nothing to compare.
cv = c["conversion"]
assert (cv["conformed"]["converted"], cv["conformed"]["conversion"]) == (2, round(2 / 6, 6)), cv
assert cv["deviated"]["conversion"] is None and cv["difference"] is None and cv["p_value"] is None, cv
# Past the first step (got to Cart): u1 u2 u4 u6, all conformed; u1 and u4 convert.
pf = cv["past_first_step"]
assert (pf["conformed"]["units"], pf["conformed"]["converted"], pf["deviated"]["units"]) == (4, 2, 0), pf
assert c["sentences"][0].startswith("6 of 6 units followed the designed order: 100.0% (95% CI 61.0"), c["sentences"]
assert len(c["sentences"]) == 1, c["sentences"]
print("golden assertions hold")
PY

# --format csv: the funnel table, numbers as the report has them (JavaScript's forms).
"$cli" analyze mini.csv --journey mini_journey.json --format csv --output "$out/funnel.csv" 2> /dev/null
python3 - "$out/funnel.csv" "$out/report.json" <<'PY'
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
steps = json.load(open(sys.argv[2]))["funnel"]["steps"]
def js(v):  # JavaScript's String() of a JSON number, "" for null
    return "" if v is None else str(int(v)) if float(v).is_integer() else repr(float(v))
assert [r["step"] for r in rows] == [s["name"] for s in steps], rows
for r, s in zip(rows, steps):
    assert r["count"] == js(s["count"]) and r["conversion"] == js(s["conversion"]), (r, s)
    assert (r["conversion_ci95_low"], r["conversion_ci95_high"]) == tuple(js(x) for x in s["conversion_ci95"]), (r, s)
    assert r["median_seconds_from_previous"] == js(s.get("median_seconds_from_previous")), (r, s)
assert rows[1]["count"] == "4" and rows[1]["median_seconds_from_previous"] == "210", rows[1]
PY

# explain: u6's order came 10 min after its hour closed; u7 is still inside its hour.
"$cli" explain mini.csv --journey mini_journey.json --user u6 --format json > "$out/u6.json"
"$cli" explain mini.csv --journey mini_journey.json --user u7 > "$out/u7.txt"
python3 - "$out/u6.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
u = s["units"][0]
assert (u["level"], u["outcome"]) == (2, "window_closed"), u
assert u["reason"] == ("dropped after Cart: the window closed at 2024-03-01T14:00:00Z; "
                       "order_placed came at 2024-03-01T14:10:00Z, 10.0 min later"), u["reason"]
assert [e["chain"] for e in s["events"]] == [[{"unit": 1, "step": "Product page"}], [{"unit": 1, "step": "Cart"}], []], s
PY
grep -q -- "-> in progress: reached Product page" "$out/u7.txt" || { echo "explain u7 is not in progress" >&2; exit 1; }
if "$cli" explain mini.csv --journey mini_journey.json --user nobody > /dev/null 2> "$out/nobody.err"; then
  echo "explain of an unknown user succeeded" >&2; exit 1
fi
grep -q 'user "nobody" is not in the data' "$out/nobody.err" || { echo "explain: no message for an unknown user" >&2; exit 1; }

if ! diff -u mini_report.json "$out/report.json"; then
  echo "report differs from tests/cli/golden/mini_report.json" >&2
  exit 1
fi

# The same bytes whatever the chunking and the number of runs: run again and compare.
"$cli" analyze mini.csv --journey mini_journey.json --format json > "$out/again.json"
cmp "$out/report.json" "$out/again.json"

# Any thread count gives the same bytes (users are analysed in shards); a pipe (read
# in one stream, not in parts) too; a bad count is a usage error.
for threads in 1 3 8; do
  "$cli" analyze mini.csv --journey mini_journey.json --format json --threads "$threads" > "$out/threads.json"
  cmp "$out/report.json" "$out/threads.json"
done
"$cli" analyze /dev/stdin --journey mini_journey.json --format json < mini.csv |
  sed 's|"/dev/stdin"|"mini.csv"|' > "$out/stdin.json"
cmp "$out/report.json" "$out/stdin.json"
status=0
"$cli" analyze mini.csv --journey mini_journey.json --threads 0 > /dev/null 2>&1 || status=$?
[ "$status" = 2 ]

# Table and HTML render the same report.
"$cli" analyze mini.csv --journey mini_journey.json --format table > "$out/table.txt"
grep -q "Order placed" "$out/table.txt"
python3 - "$out/table.txt" <<'PY'
import sys
for line in open(sys.argv[1], encoding="utf-8"):
    assert len(line.rstrip("\n")) <= 80, "table line wider than 80 columns: " + line
PY
"$cli" analyze mini.csv --journey mini_journey.json --format html --output "$out/report.html"
# The HTML report is the element, inlined, handed the report: no module loaded from anywhere.
grep -q '<frictionlens-report id="report"' "$out/report.html"
grep -q "customElements.define('frictionlens-report'" "$out/report.html"
if grep -Eq '^import |^<script[^>]* src=' "$out/report.html"; then echo "HTML report loads a script" >&2; exit 1; fi
# "<!--" in a script would put the parser in a state where "</script>" does not close it
# (report_html.cc writes the JSON with no "<"; this holds the element's own code to it).
if grep -q '<!--' "$out/report.html"; then echo "HTML report holds <!-- (see report_html.cc)" >&2; exit 1; fi
if grep -Eq '(src|href)="https?:' "$out/report.html"; then echo "HTML report loads something from the network" >&2; exit 1; fi
echo "golden test passed"
