#!/usr/bin/env bash
# Runs the swespot command from this checkout on a fresh machine: setup, build
# the CLI (and what it depends on), then `swespot "$@"`. Setup and build output
# goes to stderr, so the command's own stdout can be piped or redirected.
#   bash tools/scripts/swespot.sh doctor
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

bash "$root/tools/scripts/setup.sh" >&2
(cd "$root" && NX_DAEMON=false NX_NO_CLOUD=true pnpm exec nx run @swespot/cli:build --outputStyle=stream) >&2
# Run from the caller's folder, so relative paths in the arguments mean what the caller meant.
exec node "$root/packages/cli/dist/bin.js" "$@"
