#!/usr/bin/env bash
# A CycloneDX SBOM beside an installer: what the bundle was built from, i.e. the lock it installed
# (every Python package with its version, hashes and PURL) plus NELM Desktop itself as the root
# component and the CPython version, bundled Qt and fonts noted as properties.
#   packaging/sbom.sh LOCK INSTALLER PLATFORM     # -> INSTALLER.cdx.json
# Uses .venv's cyclonedx-py when present, else a small venv of its own (build/sbom-venv).
set -euo pipefail
lock=$1 installer=$2 platform=$3
ROOT=$(cd "$(dirname "$0")/.." && pwd)
py=$(command -v python3 || command -v python)
tool=$ROOT/.venv/bin/cyclonedx-py
if [ ! -x "$tool" ]; then
  venv=$ROOT/build/sbom-venv
  if [ ! -x "$venv/bin/cyclonedx-py" ] && [ ! -x "$venv/Scripts/cyclonedx-py.exe" ]; then
    "$py" -m venv "$venv"
    if [ -x "$venv/bin/python" ]; then vpy=$venv/bin/python; else vpy=$venv/Scripts/python.exe; fi
    "$vpy" -m pip install -q --disable-pip-version-check "cyclonedx-bom>=5"
  fi
  if [ -x "$venv/bin/cyclonedx-py" ]; then tool=$venv/bin/cyclonedx-py; else tool=$venv/Scripts/cyclonedx-py.exe; fi
fi
out=$installer.cdx.json
PYTHONWARNINGS=ignore "$tool" requirements --pyproject "$ROOT/pyproject.toml" --mc-type application --output-reproducible \
  --of JSON -o "$out" "$lock"
# Facts the lock cannot carry: the interpreter and what PyInstaller adds, per installer.
"$py" - "$out" "$platform" "$(cat "$ROOT/packaging/python-version")" "$(basename "$installer")" <<'PY'
import json, sys
path, platform, pyver, installer = sys.argv[1:]
bom = json.load(open(path, encoding="utf-8"))
meta = bom.setdefault("metadata", {})
meta.setdefault("properties", []).extend([
    {"name": "nelm-desktop:installer", "value": installer},
    {"name": "nelm-desktop:platform", "value": platform},
    {"name": "nelm-desktop:python", "value": f"CPython {pyver} (bundled by PyInstaller)"},
    {"name": "nelm-desktop:fonts", "value": "DejaVu Sans (Bitstream Vera / DejaVu licence), nelm_desktop/resources/fonts"},
])
json.dump(bom, open(path, "w", encoding="utf-8"), indent=2)
print(f"sbom: {path} ({len(bom.get('components', []))} components)")
PY
