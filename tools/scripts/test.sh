#!/usr/bin/env bash
# The whole test suite, from a fresh machine: setup, the layering check, then
# build, typecheck, test and check:package for every project through Nx. Both
# checks run even when the first fails, so one run shows everything; the exit
# status is non-zero when either failed.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"

bash tools/scripts/setup.sh

export NX_DAEMON=false NX_NO_CLOUD=true

passed=()
failed=()
run_check() {
  local name="$1"
  shift
  printf '\n== %s: %s\n' "$name" "$*"
  local status=0
  "$@" || status=$?
  if [ "$status" -eq 0 ]; then passed+=("$name"); else failed+=("$name (exit $status)"); fi
}

run_check layering pnpm check:layers
run_check nx pnpm exec nx run-many -t build typecheck test check:package --outputStyle=stream

printf '\ntest.sh: %d passed, %d failed (checks: layering, nx run-many -t build typecheck test check:package)\n' \
  "${#passed[@]}" "${#failed[@]}"
if [ "${#failed[@]}" -gt 0 ]; then
  printf 'test.sh: failed: %s\n' "${failed[*]}"
  exit 1
fi
