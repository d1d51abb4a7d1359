#!/usr/bin/env bash
# Prepares this machine for swespot, from nothing but Node 20 + npm: the pinned
# pnpm, the workspace's dependencies, and (on Debian/Ubuntu, as root or with
# passwordless sudo) git, Docker, bubblewrap and shellcheck, with a Docker engine
# running. Safe to run again: every step checks first and skips what is done.
#
#   bash tools/scripts/setup.sh [--dry-run]
#
# --dry-run prints what would be installed or started, and changes nothing.
#
# Environment:
#   SWESPOT_SETUP_SYSTEM=0   skip the system packages and the Docker engine.
#   SWESPOT_DOCKERD_LOG      where a dockerd started here logs
#                            (default: /tmp/swespot-dockerd.log).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"

say() { printf 'setup: %s\n' "$*"; }

dry_run=false
case "${1:-}" in
  '') ;;
  --dry-run) dry_run=true ;;
  *)
    say "unknown argument '$1'; usage: bash tools/scripts/setup.sh [--dry-run]" >&2
    exit 64
    ;;
esac

# --- pnpm, pinned to the root package.json's packageManager -------------------
if ! command -v node >/dev/null 2>&1; then
  say "node is not on PATH; install Node >= 20.19 first (https://nodejs.org)." >&2
  exit 1
fi
pnpm_version="$(node -p "require('./package.json').packageManager.replace(/^pnpm@/, '').split('+')[0]")"
current_pnpm="$(pnpm --version 2>/dev/null || true)"
if [ "$current_pnpm" != "$pnpm_version" ] && [ "$dry_run" = true ]; then
  say "would install pnpm@$pnpm_version (found: ${current_pnpm:-none})"
elif [ "$current_pnpm" != "$pnpm_version" ]; then
  say "installing pnpm@$pnpm_version (found: ${current_pnpm:-none})"
  if ! npm install -g "pnpm@$pnpm_version"; then
    say "could not install pnpm globally; run 'npm install -g pnpm@$pnpm_version' with the right permissions (or use a Node version manager) and run this again." >&2
    exit 1
  fi
  hash -r
fi

# --- workspace dependencies -----------------------------------------------------
if [ "$dry_run" = true ]; then
  say "would run pnpm install --frozen-lockfile"
else
  say "pnpm install --frozen-lockfile"
  pnpm install --frozen-lockfile
fi

# --- system packages and Docker engine (optional) -------------------------------
if [ "${SWESPOT_SETUP_SYSTEM:-1}" = "0" ]; then
  say "SWESPOT_SETUP_SYSTEM=0: skipping system packages and Docker."
  exit 0
fi

can_root=true
if [ "$(id -u)" -ne 0 ] && ! { command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; }; then
  can_root=false
fi
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo -n "$@"; fi; }

docker_answers() { docker info >/dev/null 2>&1; }

# Each Debian package, and the command whose presence means it is not needed.
missing=()
command -v git >/dev/null 2>&1 || missing+=(git)
command -v bwrap >/dev/null 2>&1 || missing+=(bubblewrap)
command -v shellcheck >/dev/null 2>&1 || missing+=(shellcheck)
# The sandbox tests: patch (the patch fallback), debootstrap (base images), and the test
# runners whose real output the log parsers are tested on.
command -v patch >/dev/null 2>&1 || missing+=(patch)
{ command -v debootstrap >/dev/null 2>&1 || [ -x /usr/sbin/debootstrap ]; } || missing+=(debootstrap)
# Remote Docker engines in the tests: a second dockerd with --tlsverify (certificates made
# with openssl) and an sshd in front of it (Debian's sshd is not started by installing it here).
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
{ command -v sshd >/dev/null 2>&1 || [ -x /usr/sbin/sshd ]; } || missing+=(openssh-server)
{ command -v ssh-keygen >/dev/null 2>&1; } || missing+=(openssh-client)
command -v go >/dev/null 2>&1 || missing+=(golang-go)
command -v cargo >/dev/null 2>&1 || missing+=(cargo)
# Headless Chromium: the eval report test checks from the DOM that every chart is drawn.
{ command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; } || missing+=(chromium)
# pytest for the python3 the bubblewrap sandboxes run, which need not be this shell's first
# python3 (see sandbox-python.sh). Debian's python3-pytest serves /usr/bin/python3 only.
sandbox_python_status=0
sandbox_python="$(bash "$root/tools/scripts/sandbox-python.sh" pytest)" || sandbox_python_status=$?
case "$sandbox_python_status" in
  0) ;;
  1)
    if [ "$sandbox_python" = /usr/bin/python3 ]; then
      missing+=(python3-pytest)
    else
      say "bubblewrap sandboxes run $sandbox_python, which has no pytest, and Debian's python3-pytest would not reach it: install pytest for $sandbox_python, or put /usr/bin before its folder on PATH (the test-run tests need it)." >&2
    fi
    ;;
  *) missing+=(python3 python3-pytest) ;;
esac
# A machine that already has an engine (Docker Desktop, docker-ce, a remote
# DOCKER_HOST) needs no docker.io, which would conflict with docker-ce.
if ! command -v dockerd >/dev/null 2>&1 && ! docker_answers; then missing+=(docker.io); fi

if [ "${#missing[@]}" -gt 0 ] && [ "$dry_run" = true ]; then
  say "would install Debian packages: ${missing[*]}"
elif [ "${#missing[@]}" -gt 0 ]; then
  if [ "$can_root" = true ] && command -v apt-get >/dev/null 2>&1; then
    say "installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    as_root apt-get update -qq
    as_root apt-get install -y -qq --no-install-recommends "${missing[@]}"
  else
    say "missing: ${missing[*]}. Install them with your package manager (as root); Docker and bubblewrap are optional sandboxes, git is required."
  fi
fi

if [ "$dry_run" = false ] && [ "$sandbox_python_status" -ne 0 ]; then
  if sandbox_python="$(bash "$root/tools/scripts/sandbox-python.sh" pytest)"; then
    say "bubblewrap sandboxes run $sandbox_python, with pytest: ok"
  else
    say "bubblewrap sandboxes run ${sandbox_python:-no python3}, still without pytest; Python test runs in bubblewrap will report 'No module named pytest'." >&2
  fi
fi

if docker_answers; then
  say "Docker engine: ok"
elif [ "$dry_run" = true ]; then
  say "would start a Docker engine (none answers)"
elif ! command -v dockerd >/dev/null 2>&1; then
  say "no Docker engine and no dockerd; the Docker sandbox will be unavailable (install docker.io or Docker Engine to use it)."
elif [ "$can_root" != true ]; then
  say "no Docker engine answers; start it as root (e.g. 'sudo systemctl start docker') to use the Docker sandbox."
else
  log_file="${SWESPOT_DOCKERD_LOG:-/tmp/swespot-dockerd.log}"
  say "starting dockerd in the background (log: $log_file)"
  # No bridge network and no iptables rules: sandboxes run with --network none,
  # and this also works inside containers that may not touch the host's firewall.
  # setsid: in a session of its own, so the engine outlives the shell (or job runner's
  # process group) that started it; a group kill of that shell left tests with no engine.
  as_root setsid nohup dockerd --bridge=none --iptables=false --ip-forward=false >"$log_file" 2>&1 </dev/null &
  for _ in $(seq 1 60); do
    if docker_answers || as_root docker info >/dev/null 2>&1; then break; fi
    sleep 1
  done
  if docker_answers; then
    say "Docker engine: started"
  elif as_root docker info >/dev/null 2>&1; then
    say "Docker engine: started, but only root can reach /var/run/docker.sock; add yourself to the docker group to use the Docker sandbox."
  else
    say "dockerd did not come up within 60 s; the Docker sandbox will be unavailable. Last lines of $log_file:"
    tail -n 15 "$log_file" >&2 || true
  fi
fi
