#!/usr/bin/env bash
# macOS: build "dist/NELM Desktop.app" from packaging/nelm-desktop.spec, self-test it, wrap it in a dmg.
#   packaging/macos/build-dmg.sh        -> dist/NELM-Desktop-<version>.dmg
# NOT run on the project's (Linux) build machine; .github/workflows/build.yml runs it on macos-latest.
# The app is ad-hoc signed by PyInstaller, not notarized (see docs/clinic-it.md). It is built for the
# machine's architecture (arm64 on Apple silicon runners).
set -euo pipefail
cd "$(dirname "$0")/../.."
[ "$(uname)" = Darwin ] || { echo "build-dmg: run this on macOS" >&2; exit 2; }
VERSION=$(sed -n 's/^__version__ = "\(.*\)"/\1/p' nelm_desktop/__init__.py)
APP="dist/NELM Desktop.app"
DMG="dist/NELM-Desktop-$VERSION.dmg"

packaging/build-bundle.sh
[ -d "$APP" ] || { echo "build-dmg: $APP was not built" >&2; exit 1; }
QT_QPA_PLATFORM=offscreen "$APP/Contents/MacOS/nelm-desktop" --self-test
if codesign --verify --deep --strict "$APP"; then
  echo "build-dmg: ad-hoc signature verifies"
else
  echo "build-dmg: WARNING: codesign --verify failed; Gatekeeper may refuse the app" >&2
fi

staging=$(mktemp -d)
trap 'rm -rf "$staging"' EXIT
cp -R "$APP" "$staging/"
ln -s /Applications "$staging/Applications"
rm -f "$DMG"
hdiutil create -volname "NELM Desktop $VERSION" -srcfolder "$staging" -fs HFS+ -format UDZO -ov "$DMG"
hdiutil verify "$DMG"
packaging/sbom.sh packaging/locks/macos.txt "$DMG" macos
echo "build-dmg: $DMG ($(du -h "$DMG" | cut -f1))"
