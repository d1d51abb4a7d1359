#!/usr/bin/env bash
# Prints the python3 that swespot's bubblewrap sandboxes run, and checks that it can import
# MODULE. That is not always the host's first python3: a sandbox starts from PATH alone (no
# PYTHONPATH, no virtualenv), sees its own /tmp, and as root runs as nobody (uid 65534), who
# skips PATH folders it cannot enter (a pyenv under /root). This looks the same way: in bwrap
# when it can start one, as nobody when root.
#
#   bash tools/scripts/sandbox-python.sh pytest
#
# Exit status: 0 python3 found and MODULE imports; 1 python3 found without MODULE; 2 no
# python3 on the sandbox's PATH. The interpreter's path is printed on stdout either way.
set -euo pipefail

module="${1:-}"
if [ -n "$module" ] && ! [[ "$module" =~ ^[A-Za-z_][A-Za-z0-9_.]*$ ]]; then
  echo "sandbox-python: '$module' is not a module name" >&2
  exit 64
fi

# What the sandbox does before the command: the same user (nobody when root), the same kind
# of namespace with a private /tmp (when bubblewrap can start one here), the same environment.
# The helpers come from this PATH, else /usr/bin (as the sandbox takes them from its host's
# PATH, not from the PATH its command gets).
helper() { command -v "$1" 2>/dev/null || { [ -x "/usr/bin/$1" ] && echo "/usr/bin/$1"; } || true; }
as_user=()
setpriv="$(helper setpriv)"
if [ "$EUID" -eq 0 ] && [ -n "$setpriv" ]; then
  as_user=("$setpriv" --reuid=65534 --regid=65534 --clear-groups --)
fi
jail=()
bwrap="$(helper bwrap)"
if [ -n "$bwrap" ]; then
  candidate=("$bwrap" --ro-bind / / --tmpfs /tmp --proc /proc --dev /dev --unshare-all --die-with-parent --chdir / --)
  if (cd / && "${as_user[@]}" "${candidate[@]}" true) >/dev/null 2>&1; then jail=("${candidate[@]}"); fi
fi
clean_env=("$(helper env)" -i "PATH=${PATH:-/usr/bin:/bin}" HOME=/tmp LANG=C.UTF-8)
in_sandbox() { (cd / && "${as_user[@]}" "${jail[@]}" "${clean_env[@]}" "$@"); }

interpreter="$(in_sandbox /bin/sh -c 'command -v python3' 2>/dev/null || true)"
if [ -z "$interpreter" ]; then
  exit 2
fi
printf '%s\n' "$interpreter"
if [ -n "$module" ] && ! in_sandbox "$interpreter" -c "import $module" >/dev/null 2>&1; then
  exit 1
fi
