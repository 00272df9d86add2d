#!/usr/bin/env bash
# Run the README's Quick start as a new user would: a fresh clone of HEAD, a system Python that
# is externally managed (PEP 668), each command exactly as the README writes it.
#
#   bash scripts/try_quickstart.sh            # the first command (install + check a report)
#   bash scripts/try_quickstart.sh --full     # also the second (test dependencies + whole suite)
#
# PYTHON_DIR (default /usr/bin, Debian's python3) is put first on PATH so that `python3` in the
# commands is that interpreter. The script first shows that it really is externally managed
# (`python3 -m pip install .` is refused), then runs the commands and checks their exit status:
# the first must end with 1 (the report has findings) and print VL101, the second with 0.
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
python_dir="${PYTHON_DIR:-/usr/bin}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
git clone -q "$root" "$work/vetlint"
cd "$work/vetlint"
export PATH="$python_dir:$PATH"
mapfile -t commands < <(awk '
  /^## / { inside = ($0 == "## Quick start") }
  inside && /^```sh$/ { getline; print }
' README.md)
[ "${#commands[@]}" -eq 2 ] || { echo "expected two Quick start commands" >&2; exit 1; }

echo "python3 is $(command -v python3) ($(python3 --version))"
marker="$(python3 -c 'import sysconfig; print(sysconfig.get_path("stdlib"))')/EXTERNALLY-MANAGED"
if [ -f "$marker" ]; then
  echo "externally managed: $marker"
  if python3 -m pip install --dry-run --no-deps . >/dev/null 2>&1; then
    echo "FAIL: pip installs into the system Python although it is marked" >&2; exit 1
  fi
  echo "python3 -m pip install . is refused (externally-managed-environment), as expected"
else
  echo "note: $marker does not exist; this Python is not externally managed"
fi

run() {  # run README command $1, expect exit status $2
  echo "\$ ${commands[$1]}"
  local started=$SECONDS
  bash -c "${commands[$1]}" >"$work/out$1.txt" 2>&1
  local status=$?
  tail -n 3 "$work/out$1.txt"
  echo "exit status $status after $((SECONDS - started)) s"
  [ "$status" -eq "$2" ] || { echo "FAIL: expected exit status $2" >&2; exit 1; }
}

run 0 1
grep -q "VL101" "$work/out0.txt" || { echo "FAIL: no VL101 finding printed" >&2; exit 1; }
if [ "${1:-}" = "--full" ]; then
  rm -rf .venv
  run 1 0
fi
echo "OK: the Quick start works as written"
