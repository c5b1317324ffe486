#!/usr/bin/env bash
# The command restarts itself once with glibc's huge-pages tunable where the kernel
# gives huge pages on request only (native-cli/huge_pages.h). That restart must be
# invisible: standard input still reaches the restarted process, the arguments and
# exit code are the same, and the report's bytes do not depend on it, whether it
# happens, is turned off (FRICTIONLENS_HUGE_PAGES=0), or is left to a GLIBC_TUNABLES
# the user set. On a machine whose kernel mode is not "madvise" all three runs are the
# plain run, and the test still holds.
set -euo pipefail
cli="$1"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

"$cli" generate --users 300 --seed 5 --format csv --output "$out/events.csv" 2>/dev/null

# From a pipe, so that a restart that lost standard input would show.
cat "$out/events.csv" | "$cli" analyze - --journey store --format json > "$out/default.json"
cat "$out/events.csv" | FRICTIONLENS_HUGE_PAGES=0 "$cli" analyze - --journey store --format json > "$out/off.json"
cat "$out/events.csv" | GLIBC_TUNABLES=glibc.malloc.hugetlb=0 "$cli" analyze - --journey store --format json > "$out/user.json"
cmp "$out/default.json" "$out/off.json"
cmp "$out/default.json" "$out/user.json"
grep -q '"events": ' "$out/default.json" || grep -q '"events":' "$out/default.json"

# The exit code and stderr of a usage error pass through the restart.
set +e
"$cli" analyze --no-such-flag > /dev/null 2> "$out/err.txt"
code=$?
set -e
[ "$code" = 2 ] || { echo "usage error exit $code, expected 2"; exit 1; }
grep -q -- "--no-such-flag" "$out/err.txt" || { echo "stderr lost:"; cat "$out/err.txt"; exit 1; }

if grep -q '\[madvise\]' /sys/kernel/mm/transparent_hugepage/enabled 2>/dev/null; then
  echo "huge pages test passed (kernel mode madvise: the restart ran)"
else
  echo "huge pages test passed (kernel mode not madvise: no restart)"
fi
