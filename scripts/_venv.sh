# Sourced by scripts/run and scripts/test: make .venv with the project installed (editable) and its
# test tools, re-installing only when pyproject.toml or the interpreter changed.
#
# Interpreter: Python >= 3.12 where one is available. PySide6 6.12.0 leaks references to None/True/False
# on CPython 3.11 (harmless from 3.12, where they are immortal); on 3.11 the app applies a workaround
# (nelm_desktop/ui/widgets/qt_compat.py), but 3.12 does not need one. $PYTHON overrides the choice.
set -euo pipefail
pick_python() {
  if [ -n "${PYTHON:-}" ]; then echo "$PYTHON"; return; fi
  local root=${PYENV_ROOT:-$HOME/.pyenv} candidate
  for candidate in python3.12 "$root"/versions/3.12*/bin/python3 python3.13 "$root"/versions/3.13*/bin/python3 python3 python; do
    if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import sys, venv; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      echo "$candidate"; return
    fi
  done
  echo "no Python >= 3.11 found (set PYTHON=/path/to/python3)" >&2; return 1
}
PY=$(pick_python)
# POSIX venvs keep their programs in bin/, Windows ones (Git Bash on the windows-latest runner) in Scripts/.
venv_bin() { if [ -d .venv/Scripts ] && [ ! -d .venv/bin ]; then echo .venv/Scripts; else echo .venv/bin; fi; }
want_version=$("$PY" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
if [ -x "$(venv_bin)/python" ] && [ "$("$(venv_bin)/python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')" != "$want_version" ]; then
  echo "== recreating .venv for Python $want_version"
  rm -rf .venv
fi
if [ ! -x "$(venv_bin)/python" ] && [ ! -x "$(venv_bin)/python.exe" ]; then
  "$PY" -m venv .venv
fi
VENV_BIN=$(venv_bin)
export VENV_BIN
stamp=.venv/.nelm-installed
want=$( (cat pyproject.toml; echo "$want_version") | sha256sum | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  "$VENV_BIN/python" -m pip install -q --upgrade pip
  "$VENV_BIN/python" -m pip install -q -e ".[test,packaging,release]"
  echo "$want" >"$stamp"
fi
