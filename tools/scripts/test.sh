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

# The closing line counts tests only, from vitest's own "Tests" summaries (Nx replays them
# for cached tasks too); a check that failed (a build or type error that stopped tests from
# running) is named on it, so such a run never reads as clean.
read -r tests_passed tests_failed tests_skipped < <(bash "$root/tools/scripts/count-tests.sh" "$log")
printf '\ntest.sh: checks passed: %s; checks failed: %s\n' "${passed[*]:-none}" "${failed[*]:-none}"
closing="$(printf 'tests: %d passed, %d failed, %d skipped' "$tests_passed" "$tests_failed" "$tests_skipped")"
if [ "${#failed[@]}" -gt 0 ]; then
  printf '%s; failed checks: %s\n' "$closing" "${failed[*]}"
  exit 1
fi
printf '%s\n' "$closing"
