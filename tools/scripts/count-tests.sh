#!/usr/bin/env bash
# Sums the tests in vitest's own summaries in a test log (Nx's stream output, or a plain
# vitest run) and prints "PASSED FAILED SKIPPED". Only the per-run "Tests  N failed |
# N passed | N skipped (N)" lines count: never "Test Files" (files, not tests), never a
# failed check (test.sh reports those on their own), never text a test printed.
#
#   bash tools/scripts/count-tests.sh LOG
set -euo pipefail

if [ "$#" -ne 1 ] || [ ! -r "$1" ]; then
  echo "usage: count-tests.sh LOG (a readable log file)" >&2
  exit 64
fi

# Vitest prints "      Tests  1 failed | 673 passed | 2 skipped (676)"; Nx in stream mode puts
# the project, "@swespot/cli: ", in front.
sed -E 's/\x1b\[[0-9;]*m//g' "$1" | awk '
  {
    line = $0
    sub(/^[^ ]+: +/, "", line)
    if (line !~ /^ *Tests +[0-9]+ (passed|failed|skipped|todo)( \| [0-9]+ (passed|failed|skipped|todo))* \([0-9]+\)$/) next
    n = split(line, fields, / +/)
    for (i = 1; i < n; i++) {
      if (fields[i + 1] == "passed") passed += fields[i]
      if (fields[i + 1] == "failed") failed += fields[i]
      if (fields[i + 1] == "skipped" || fields[i + 1] == "todo") skipped += fields[i]
    }
  }
  END { print passed + 0, failed + 0, skipped + 0 }'
