#!/usr/bin/env bash
# `--format csv --table NAME` (issue 18): each section's main table for spreadsheets, on a
# generated store. The test rebuilds every expected row from the report's JSON with its
# own walk and compares field by field, so a sheet can never say what the report does not;
# it also checks that the tables are not empty and that misuse is refused.
set -euo pipefail
cli="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"

"$cli" generate --users 3000 --seed 11 --output store.csv > /dev/null
"$cli" analyze store.csv --journey store --format json --output report.json
for table in funnel friction paths correlation conformance; do
  "$cli" analyze store.csv --journey store --format csv --table "$table" --output "$table.csv"
done

python3 - <<'PY'
import csv, json, math

r = json.load(open("report.json"))

def form(v):
    """A JSON value as the CSV writes it: JavaScript's String() forms, null as empty."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float) and v.is_integer() and abs(v) < 9e15:
        return str(int(v))
    if isinstance(v, float) and v != 0 and abs(v) < 1e-3:
        return ("%.6f" % v).rstrip("0")
    if isinstance(v, float):
        return repr(v)
    return str(v)

def ci(x, key):
    pair = x.get(key)
    return [pair[0], pair[1]] if isinstance(pair, list) else [None, None]

def check(name, expected_rows, min_rows):
    rows = list(csv.reader(open(name + ".csv", newline="")))
    body = rows[1:]
    assert len(body) == len(expected_rows), (name, len(body), len(expected_rows))
    assert len(body) >= min_rows, (name, len(body))
    for got, want in zip(body, expected_rows):
        assert got == [form(v) for v in want], (name, got, [form(v) for v in want])
    return rows[0]

# friction: ranked points first, then the others.
points = r["friction"]["points"]
ranked = [t["point"] for t in r["friction"]["top"]]
order = [(t["rank"], points[t["point"]]) for t in r["friction"]["top"]]
order += [(None, p) for i, p in enumerate(points) if i not in ranked]
rows = []
for rank, p in order:
    rows.append([rank, p["stage"], p["next_step"], p["signal"], p.get("target"), p["affected"], p["baseline"],
                 p["compare"], p["affected_conversion"], p["baseline_conversion"], p["difference"],
                 *ci(p, "difference_ci95"), p["lost_conversions"], *ci(p, "lost_conversions_ci95"),
                 p.get("revenue_at_risk"), *ci(p, "revenue_at_risk_ci95"), p["test"], p["p_value"], p["q_value"],
                 p["significant"], p["sentence"]])
header = check("friction", rows, 3)
assert header[:4] == ["rank", "stage", "next_step", "signal"], header

# paths: per step, list and event.
rows = []
for s in r["paths"]["steps"]:
    for lst in ("before", "after", "dropped"):
        part = s.get(lst)
        if not part:
            continue
        for e in part["events"]:
            rows.append([s["step"], lst, e["event"], e["units"], e["share"], *ci(e, "share_ci95"), e.get("median_ms"), e.get("p90_ms")])
        if part["other"]["units"] > 0:
            o = part["other"]
            rows.append([s["step"], lst, "(other)", o["units"], o["share"], None, None, None, None])
check("paths", rows, 10)
# What those who dropped at Cart did instead is in the sheet.
assert any(x[0] == "Cart" and x[1] == "dropped" for x in csv.reader(open("paths.csv"))), "no dropped rows at Cart"

# correlation: per step and candidate.
rows = []
for s in r["correlation"]["steps"]:
    for key, label in (("with_dropping", "dropping"), ("with_converting", "going_on")):
        for c in s[key]:
            name = c["event"] if c["kind"] == "event" else "%s=%s" % (c["property"], c["value"])
            rows.append([s["step"], s["next_step"], label, name, c["kind"], c["dropped_with"], c["dropped_without"],
                         c["converted_with"], c["converted_without"], c["drop_rate_with"], *ci(c, "drop_rate_with_ci95"),
                         c["drop_rate_without"], *ci(c, "drop_rate_without_ci95"), c["odds_ratio"],
                         *ci(c, "odds_ratio_ci95"), c["corrected"], c["posthog_odds_ratio"], c["p_value"], c["q_value"]])
check("correlation", rows, 1)

# conformance: per step and deviation kind.
rows = []
for s in r["conformance"]["steps"]:
    for kind in ("skipped", "out_of_order", "went_back", "repeated"):
        k = s[kind]
        rows.append([s["step"], s["units"], kind, k["units"], k["share"], *ci(k, "share_ci95")])
check("conformance", rows, 4 * len(r["conformance"]["steps"]))

# funnel: one row per step (its columns are checked against the workbench in the golden test).
assert len(list(csv.reader(open("funnel.csv")))) == 1 + len(r["funnel"]["steps"])
print("csv tables: friction %d, paths %d, correlation %d, conformance %d rows" % tuple(
    sum(1 for _ in open(n + ".csv")) - 1 for n in ("friction", "paths", "correlation", "conformance")))
PY

# Misuse is refused before anything is read or written.
if "$cli" analyze store.csv --journey store --format json --table paths > /dev/null 2> err.txt; then
  echo "FAIL: --table without csv was accepted"; exit 1
fi
grep -q -- "--table needs --format csv" err.txt
if "$cli" analyze store.csv --journey store --format csv --table sankey > /dev/null 2> err.txt; then
  echo "FAIL: an unknown table was accepted"; exit 1
fi
grep -q -- "--table: expected funnel, friction, paths, correlation or conformance" err.txt
# A section turned off has no table: an error, not an empty sheet.
printf '%s' '{"window": "1h", "sections": {"correlation": false}, "steps": [{"name": "View", "event": "product_view"}, {"name": "Cart", "event": "add_to_cart"}]}' > off.json
if "$cli" analyze store.csv --journey off.json --format csv --table correlation > /dev/null 2> err.txt; then
  echo "FAIL: the table of a section turned off was written"; exit 1
fi
grep -q "the report has no correlation section" err.txt
echo "csv tables: ok"
