#!/usr/bin/env bash
# CI (Linux): build the PyInstaller bundle and run its self-test offscreen. A few minutes at most.
#   packaging/ci-bundle.sh
# Installs what it needs with apt-get when missing (binutils for PyInstaller, Qt's runtime libraries
# for the offscreen run), builds dist/nelm-desktop/ (its own locked env, build-bundle.sh), runs
# `dist/nelm-desktop/nelm-desktop --self-test` and fails on any FAIL or on a bundle over the size
# budget. Timing is printed, never asserted. The clean-root install test is separate:
# packaging/linux/test-install.sh (needs root, a few more minutes).
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive
BUDGET_MIB=${BUDGET_MIB:-160}

need="binutils file libegl1 libgl1 libfontconfig1 libxkbcommon0 libdbus-1-3 libglib2.0-0 fonts-dejavu-core"
if command -v dpkg >/dev/null && ! dpkg -s $need >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && apt-get install -y -qq $need >/dev/null
  else
    sudo apt-get update -qq && sudo apt-get install -y -qq $need >/dev/null
  fi
fi

t0=$(date +%s)
packaging/build-bundle.sh
echo "ci-bundle: built in $(($(date +%s) - t0)) s"

size_mib=$(($(du -sk dist/nelm-desktop | cut -f1) / 1024))
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
start=$(date +%s%N)
NELM_DESKTOP_DATA_DIR="$data/data" NELM_DESKTOP_CONFIG_DIR="$data/config" QT_QPA_PLATFORM=offscreen \
  dist/nelm-desktop/nelm-desktop --self-test
ms=$((($(date +%s%N) - start) / 1000000))
echo "ci-bundle: bundle ${size_mib} MiB (budget ${BUDGET_MIB}), start to self-test done ${ms} ms"
if [ "$size_mib" -gt "$BUDGET_MIB" ]; then
  echo "ci-bundle: bundle is over the ${BUDGET_MIB} MiB budget" >&2
  exit 1
fi
