#!/usr/bin/env bash
# Hostile input through the CLI (issue 21): no byte of input reaches a terminal raw
# (escape sequences, C1 controls and bidirectional overrides in event names, values and
# rejection reasons come out escaped in the table, validate and stderr); an unclosed
# quote does not swallow the file and fails --strict; --output naming an input and a
# file given twice are refused; `-` reads standard input.
set -uo pipefail
cli="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
limit="${FL_CLI_TIMEOUT:-20}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"

failures=0
fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}
run() {  # NAME EXPECTED_EXIT ARGS...: NAME.out, NAME.err
  local name="$1" expected="$2"
  shift 2
  timeout "$limit" "$cli" "$@" > "$name.out" 2> "$name.err" < "${STDIN_FILE:-/dev/null}"
  local rc=$?
  [ "$rc" -eq "$expected" ] || { fail "$name: exit $rc, expected $expected: $*"; head -5 "$name.err" >&2; }
}
expect() {  # NAME out|err TEXT
  grep -qaF -- "$3" "$1.$2" || { fail "$1: std$2 lacks: $3"; head -5 "$1.$2" >&2; }
}
# raw NAME: neither stream holds ESC, BEL, a C1 control or U+202E.
no_raw() {
  for stream in out err; do
    if LC_ALL=C grep -qaP '\x1b|\x07|\xc2[\x80-\x9f]|\xe2\x80\xae' "$1.$stream"; then
      fail "$1: std$stream holds a raw control byte"
    fi
  done
}

printf 'user_id,event,ts\nu1,\x1b]0;pwned\x07\x1b[2Jevil\xc2\x9b\xe2\x80\xae,1700000000\nu2,view,bad\x1b[31m\n' > evil.csv
run table 0 analyze evil.csv --format table
no_raw table
expect table err 'unparseable time "bad\x1b[31m" in column ts'
run validate 0 validate evil.csv
no_raw validate
expect validate out '\x1b]0;pwned\x07\x1b[2Jevil\u009b\u202e'
# JSON is for programs: it escapes C0 controls itself (C1 and U+202E are valid JSON text).
run json 0 analyze evil.csv --format json
LC_ALL=C grep -qaP '\x1b|\x07' json.out && fail "json: raw ESC or BEL"
printf 'user_id,ev\x1bent\n' > nocol.csv
run nocol 3 analyze nocol.csv
no_raw nocol
expect nocol err 'ev\x1bent'

# A quote that never closes: its line is rejected, the rest is read; --strict fails.
{ printf 'user_id,event,ts\nu1,view,1700000000\nu2,"view,1700000001\n'
  for i in $(seq 1 200); do printf 'u%d,view,%d\n' "$i" $((1700000002 + i)); done; } > quote.csv
run quote 0 analyze quote.csv --format json
expect quote out '"rejected": 1,'
expect quote out '"events": 201,'
expect quote out '"reason": "a quoted field opened here is never closed"'
run quote_strict 4 analyze quote.csv --format json --strict

# Refusals: the output is an input; a file named twice.
cp quote.csv copy.csv
run overwrite 2 analyze copy.csv --output copy.csv
expect overwrite err 'refusing to overwrite it'
cmp -s quote.csv copy.csv || fail "overwrite: the input was changed"
run twice 2 analyze quote.csv ./quote.csv
expect twice err 'given twice'

# `-` is standard input, with the same report as the file.
run file 0 analyze quote.csv --format json
STDIN_FILE=quote.csv run stdin 0 analyze - --format json
sed 's/"-"/"quote.csv"/' stdin.out | cmp -s - file.out || fail "stdin: the report differs from the file's"

# The hostile corpus: each case with its documented outcome, and nothing else lost.
# json_field NAME EXPR EXPECTED: a value of the JSON report on NAME.out (Python expression over r).
json_field() {
  local got
  got=$(python3 -c "import json,sys; r=json.load(open(sys.argv[1])); print($2)" "$1.out" 2>&1)
  [ "$got" = "$3" ] || fail "$1: $2 is $got, expected $3"
}
# A byte-order mark and CRLF line endings: read as plain text, 2 events.
printf '\xef\xbb\xbfuser_id,event,ts\r\nu1,view,1700000000\r\nu2,view,1700000001\r\n' > bom.csv
run bom 0 analyze bom.csv --format json
json_field bom 'r["input"]["events"], r["input"]["rejected"]' "2 0"
run bom_validate 0 validate bom.csv
grep -qE '^  user_id +user$' bom_validate.out || fail "bom: the first column is not user_id (the mark kept in its name?)"
# Old Mac line endings (lone CR): refused, naming the cause and the fix.
printf 'user_id,event,ts\ru1,view,1700000000\ru2,view,1700000001\r' > cr.csv
run cr 3 analyze cr.csv --format json
expect cr err 'lines end with CR only'
# Invalid UTF-8: the value is kept with U+FFFD and the line is named in a warning.
printf 'user_id,event,ts\nu1,vi\xffew,1700000000\nu2,view,1700000001\n' > utf.csv
run utf 0 analyze utf.csv --format json
json_field utf 'r["input"]["events"], r["input"]["rejected"]' "2 0"
expect utf err 'utf.csv: line 2: invalid UTF-8 replaced by U+FFFD in 1 value'
# A repeated header name: the first column keeps the name, the second is renamed, said.
printf 'user_id,event,ts,event\nu1,view,1700000000,x\n' > dup.csv
run dup 0 analyze dup.csv --format json
expect dup err 'the header repeats column names: column 4 "event" is read as "event_2"'
json_field dup 'r["input"]["events"], r["funnel"]["steps"][0]["count"]' "1 0"
run dup_validate 0 validate dup.csv
grep -qE '^  event +event$' dup_validate.out && grep -qE '^  event_2 +property$' dup_validate.out ||
  fail "dup: the first 'event' column is not the event role"
# Times before 1970 and far in the future: kept, and a warning names the range.
printf 'user_id,event,ts\nu1,view,1969-07-20T20:17:00Z\nu2,view,9999-12-31T23:59:59Z\nu3,view,1700000000\n' > times.csv
run times 0 analyze times.csv --format json
json_field times 'r["input"]["events"], r["input"]["first_time"], r["input"]["last_time"]' \
  "3 1969-07-20T20:17:00Z 9999-12-31T23:59:59Z"
expect times err '2 times in column ts fall before 1990 or after 2099 (earliest 1969-07-20T20:17:00Z'
# A truncated last line: rejected with its line, the rest kept.
printf 'user_id,event,ts\nu1,view,1700000000\nu2,vi' > trunc.csv
run trunc 0 analyze trunc.csv --format json
json_field trunc 'r["input"]["events"], r["input"]["rejected"], r["input"]["rejections"][0]["line"]' "1 1 3"

# A column of ids in the event column: 3,000 names, the 1,000 most frequent listed and the
# rest counted (no report of a million rows, no name lost without a count).
python3 -c "
print('user_id,event,ts')
for i in range(3000): print(f'u{i % 50},ev{i},{1700000000 + i}')
for i in range(5): print(f'u1,common,{1700000000 + i}')" > names.csv
run names 0 analyze names.csv --format json
json_field names 'len(r["input"]["event_counts"]), r["input"]["event_counts"][0]["event"], r["input"]["event_names_not_listed"], r["input"]["events_not_listed"], r["input"]["events"]' \
  "1000 common 2001 2001 3005"
run names_validate 0 validate names.csv
expect names_validate out 'and 2,001 more names (2,001 events)'

# A breakdown on a property with a value per user (an id by mistake) keeps the top 25
# values and adds up the other 4,975 in one "(other)" segment: 26 rows, nothing lost.
python3 -c "
print('user_id,event,ts,order_ref')
for i in range(5000):
    print(f'u{i},view,{1700000000 + i},ref{i}')
    if i % 3 == 0: print(f'u{i},buy,{1700000100 + i},ref{i}')" > refs.csv
echo '{"steps": [{"name": "View", "event": "view"}, {"name": "Buy", "event": "buy"}], "breakdown": "order_ref"}' > refs.json
run refs 0 analyze refs.csv --journey refs.json --format json
json_field refs '[(len(b["segments"]), b["values"], b["values_in_other"], b["segments"][-1]["value"], b["segments"][-1].get("other"), sum(g["steps"][0]["count"] for g in b["segments"]), sum(g["steps"][1]["count"] for g in b["segments"])) for b in [r["funnel"]["breakdown"]]][0]' \
  "(26, 5000, 4975, '(other)', True, 5000, 1667)"
run refs_table 0 analyze refs.csv --journey refs.json --format table
expect refs_table out '(other: 4,975 values)'

# Table cells are cut and aligned by display width: a wide (CJK) name, an accented one, a
# combining accent, an escape sequence and 40 stacked combining marks all leave the step
# counts in one column, and no cell is cut inside a UTF-8 sequence.
{ printf 'user_id,event,ts,plan\n'
  for i in $(seq 1 30); do
    printf 'u%d,view,%d,\xe8\xb3\xbc\xe7\x89\xa9\xe8\xbb\x8a\xe8\xb3\xbc\xe7\x89\xa9\xe8\xbb\x8a\xe8\xb3\xbc\xe7\x89\xa9\n' "$i" $((1700000000 + i))
    printf 'u%d,cart,%d,x\n' "$i" $((1700000010 + i))
    [ $((i % 2)) -eq 0 ] && printf 'u%d,pay,%d,x\n' "$i" $((1700000020 + i))
  done; } > wide.csv
zalgo=$(python3 -c 'print("z" + "\\u0301" * 40)')
cat > wide.json <<JSON
{"steps": [{"name": "\u8cfc\u7269\u8eca\u8cfc\u7269\u8eca\u8cfc\u7269\u8eca", "event": "view"},
           {"name": "Caf\u00e9 e\u0301 \u001b[2Jcart", "event": "cart"},
           {"name": "$zalgo", "event": "pay"}],
 "breakdown": {"property": "plan"}}
JSON
run wide 0 analyze wide.csv --journey wide.json --format table
no_raw wide
python3 - wide.out <<'PY' || fail "wide: table columns misaligned (see above)"
import re, sys, unicodedata
def width(ch):
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
text = open(sys.argv[1], encoding="utf-8").read()  # raises on a cut UTF-8 sequence
bad = 0
rows = [l for l in text.splitlines() if re.match(r"^[123] ", l)]
if len(rows) != 3:
    print("expected 3 step rows, got", rows); sys.exit(1)
for row in rows:
    # "#" (2) + space + the 16-column name + space: the count's 8 columns start at column 20.
    col, i = 0, 0
    while i < len(row) and col < 20:
        col += width(row[i]); i += 1
    while i < len(row) and width(row[i]) == 0:  # marks sit on the character before them
        i += 1
    if col != 20 or not re.match(r"^ *[0-9,]+$", row[i:i + 8]) or row[i + 8] != " ":
        print("misaligned:", repr(row)); bad += 1
sys.exit(1 if bad else 0)
PY
expect wide out '~'

echo "hostile input test: $failures failure(s)"
[ "$failures" -eq 0 ]
