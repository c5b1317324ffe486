#!/usr/bin/env bash
# Compressed input through the CLI: a gzip file, a zstd file, several gzip members, gzip
# and zstd on standard input, and a plain file named .gz all give the plain file's report
# byte for byte (only the name in input.files differs), at 1 and 2 threads; validate says
# the compression; a cut-off or corrupt file exits 3 naming the file and the byte.
# The demo store generator makes the export; `gzip` and `zstd` compress it (scripts/lib.sh
# installs the zstd command).
set -euo pipefail
cli="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"  # absolute: the test runs in a temp dir
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"   # names in messages are as given: keep them relative

fail() { echo "FAIL: $*" >&2; exit 1; }

"$cli" generate --users 1500 --seed 3 --output events.csv
"$cli" analyze events.csv --format json --threads 1 --output plain.json
gzip -c events.csv > events.csv.gz
zstd -q -c events.csv > events.csv.zst
head -n 7000 events.csv | gzip -c > members.csv.gz
tail -n +7001 events.csv | gzip -c >> members.csv.gz
cp events.csv plain-named.csv.gz

# same_report NAME FILE [ARGS...]: analyzes FILE; the report must be plain.json with FILE's name.
same_report() {
  local name="$1" file="$2"
  shift 2
  "$cli" analyze "$file" --format json "$@" | sed "s|\"$file\"|\"events.csv\"|" > "$name.json"
  cmp plain.json "$name.json" || fail "$name: report differs from the plain file's"
}

for threads in 1 2; do
  same_report "gzip-$threads" events.csv.gz --threads "$threads"
  same_report "zstd-$threads" events.csv.zst --threads "$threads"
done
same_report members members.csv.gz
same_report plain-named plain-named.csv.gz
gzip -c events.csv | same_report gzip-stdin /dev/stdin
zstd -q -c events.csv | same_report zstd-stdin /dev/stdin

# validate tells the compression (text and JSON) and sees the same rows.
"$cli" validate events.csv.zst > validate.txt
grep -qF 'events.csv.zst: csv in zstd, delimiter ,, header row' validate.txt || fail "validate: $(head -1 validate.txt)"
"$cli" validate events.csv.gz events.csv --format json > validate.json
python3 - validate.json <<'PY'
import json, sys
files = json.load(open(sys.argv[1]))["files"]
assert [f["compression"] for f in files] == ["gzip", ""], files
assert files[0]["rows"] == files[1]["rows"] > 10000, files
PY

# A cut-off copy and a corrupt one: exit 3, the file, the reason and the byte.
size=$(stat -c %s events.csv.gz)
head -c $((size / 2)) events.csv.gz > cut.csv.gz
status=0
"$cli" analyze cut.csv.gz --format json > /dev/null 2> cut.err || status=$?
[ "$status" = 3 ] || fail "cut: exit $status, expected 3"
grep -qF "cut.csv.gz: compressed data ends before the end of the gzip stream (byte $((size / 2)))" cut.err ||
  fail "cut: $(cat cut.err)"
status=0
head -c $((size / 2)) events.csv.gz | "$cli" validate /dev/stdin > /dev/null 2> cut-stdin.err || status=$?
[ "$status" = 3 ] || fail "cut on stdin: exit $status, expected 3"
grep -qF "/dev/stdin: compressed data ends before the end of the gzip stream" cut-stdin.err || fail "$(cat cut-stdin.err)"
python3 - events.csv.zst corrupt.csv.zst <<'PY'
import sys
data = bytearray(open(sys.argv[1], "rb").read())
data[len(data) // 3] ^= 0x40
open(sys.argv[2], "wb").write(data)
PY
status=0
"$cli" analyze corrupt.csv.zst --format json > /dev/null 2> corrupt.err || status=$?
[ "$status" = 3 ] || fail "corrupt: exit $status, expected 3"
grep -qE '^frictionlens: corrupt.csv.zst: corrupt zstd data: .* \(byte [0-9]+\)$' corrupt.err || fail "corrupt: $(cat corrupt.err)"
echo "compressed input test passed"
