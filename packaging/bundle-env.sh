# Sourced by the bundle builds: make build/bundle-venv, CPython 3.12 (packaging/python-version) with
# exactly the locked packages (packaging/locks/<platform>.txt, hashes required), and set $BUNDLE_PY.
# Works from a fresh clone: nothing else needs to exist. Re-installs only when the lock or the
# interpreter changed. $PYTHON overrides the interpreter (it must be the same minor version).
# The project itself is not installed: the spec reads nelm_desktop from the source tree.
set -euo pipefail
_want=$(cat packaging/python-version)
case "$(uname -s)" in
  Linux*) _platform=linux ;;
  Darwin*) _platform=macos ;;
  MINGW* | MSYS* | CYGWIN*) _platform=windows ;;
  *) echo "bundle-env: unsupported system $(uname -s)" >&2; return 1 ;;
esac
_lock=packaging/locks/$_platform.txt
_find_python() {
  local root=${PYENV_ROOT:-$HOME/.pyenv} c
  for c in ${PYTHON:-} "python$_want" "$root"/versions/"$_want".*/bin/python3 python3 python; do
    if command -v "$c" >/dev/null 2>&1 &&
      [ "$("$c" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)" = "$_want" ]; then
      echo "$c"
      return 0
    fi
  done
  echo "bundle-env: no Python $_want found (install it, or set PYTHON=/path/to/python$_want)" >&2
  return 1
}
_venv=build/bundle-venv
if [ -x "$_venv/bin/python" ]; then BUNDLE_PY=$_venv/bin/python; else BUNDLE_PY=$_venv/Scripts/python.exe; fi
_stamp=$_venv/.locked
_base=$(_find_python)
_key=$( (cat "$_lock"; "$_base" -c 'import sys; print(sys.version)') | sha256sum 2>/dev/null | cut -d' ' -f1 ||
  (cat "$_lock"; "$_base" -c 'import sys; print(sys.version)') | shasum -a 256 | cut -d' ' -f1)
if [ ! -f "$_stamp" ] || [ "$(cat "$_stamp")" != "$_key" ]; then
  echo "bundle-env: $_venv from $_lock (Python $("$_base" -c 'import sys; print(sys.version.split()[0])'))"
  rm -rf "$_venv"
  "$_base" -m venv "$_venv"
  if [ -x "$_venv/bin/python" ]; then BUNDLE_PY=$_venv/bin/python; else BUNDLE_PY=$_venv/Scripts/python.exe; fi
  "$BUNDLE_PY" -m pip install -q --disable-pip-version-check --require-hashes --no-deps -r "$_lock"
  echo "$_key" >"$_stamp"
fi
export BUNDLE_PY
