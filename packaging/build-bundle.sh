#!/usr/bin/env bash
# Build the one-folder PyInstaller bundle from packaging/nelm-desktop.spec.
#   packaging/build-bundle.sh            # -> dist/nelm-desktop/ (+ "dist/NELM Desktop.app" on macOS)
#   packaging/build-bundle.sh --hello    # the bare PySide6 hello window, PyInstaller defaults,
#                                        #   -> build/hello-dist/hello/ (size baseline only)
# Sets up its own build environment from a fresh clone: build/bundle-venv with CPython 3.12 and the
# hash-checked lock for this platform (packaging/bundle-env.sh). Prints the bundle size at the end.
# Works on Linux, macOS and Windows (Git Bash) alike.
set -euo pipefail
cd "$(dirname "$0")/.."
source packaging/bundle-env.sh
PY=$BUNDLE_PY
if [ "${1:-}" = "--hello" ]; then
  "$PY" -m PyInstaller --noconfirm --log-level WARN --onedir --name hello \
    --distpath build/hello-dist --workpath build/hello-work --specpath build/hello-work \
    packaging/hello/hello.py
  du -sh build/hello-dist/hello
  exit 0
fi
# A clean build: stale files in dist/ would otherwise ship.
rm -rf dist/nelm-desktop "dist/NELM Desktop.app"
"$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller packaging/nelm-desktop.spec
bytes=$(du -sk dist/nelm-desktop | cut -f1)
echo "build-bundle: dist/nelm-desktop is $((bytes / 1024)) MiB ($(find dist/nelm-desktop -type f | wc -l) files)"
