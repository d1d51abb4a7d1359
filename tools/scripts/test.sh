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
log="$(mktemp -t swespot-test.XXXXXX)"
trap 'rm -f "$log"' EXIT
run_check() {
  local name="$1"
  shift
  printf '\n== %s: %s\n' "$name" "$*"
  local status=0
  "$@" 2>&1 | tee -a "$log" || status=$?
  if [ "$status" -eq 0 ]; then passed+=("$name"); else failed+=("$name (exit $status)"); fi
}

run_check layering pnpm check:layers
# CI must prove the commit, not replay an earlier run's results from Nx's cache.
nx_flags=(--outputStyle=stream)
if [ -n "${CI:-}" ]; then nx_flags+=(--skip-nx-cache); fi
run_check nx pnpm exec nx run-many -t build typecheck test check:package "${nx_flags[@]}"
# Benchmarks print their figures (ratios against a baseline measured in the same run) on
# small generated inputs; they assert nothing, so a slow machine cannot fail them.
run_check bench pnpm bench

# Sum vitest's own "Tests  N failed | N passed | N skipped (N)" summaries (Nx replays
# them for cached tasks too). A failed check adds one failure, so a build or type error
# that stops tests from running is never reported as a clean run.
read -r tests_passed tests_failed tests_skipped < <(
  sed -E 's/\x1b\[[0-9;]*m//g' "$log" | awk '
    / Tests +[0-9]/ {
      for (i = 1; i <= NF; i++) {
        if ($(i + 1) ~ /^passed/) passed += $i
        if ($(i + 1) ~ /^failed/) failed += $i
        if ($(i + 1) ~ /^skipped/) skipped += $i
      }
    }
    END { print passed + 0, failed + 0, skipped + 0 }'
)
printf '\ntest.sh: checks passed: %s; checks failed: %s\n' "${passed[*]:-none}" "${failed[*]:-none}"
printf 'tests: %d passed, %d failed, %d skipped\n' "$tests_passed" "$((tests_failed + ${#failed[@]}))" "$tests_skipped"
if [ "${#failed[@]}" -gt 0 ]; then
  printf 'test.sh: failed: %s\n' "${failed[*]}"
  exit 1
fi
