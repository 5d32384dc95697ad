#!/usr/bin/env bash
# Regenerate the application icons from nelm_desktop/resources/icons/nelm-desktop.svg:
#   nelm_desktop/resources/icons/hicolor/<N>x<N>/nelm-desktop.png  (Linux hicolor sizes, used by the .deb)
#   nelm_desktop/resources/icons/nelm-desktop.ico                   (Windows: exe + installer)
#   nelm_desktop/resources/icons/nelm-desktop.icns                  (macOS .app)
# The outputs are committed, so builds need neither rsvg-convert nor Pillow. Needs: rsvg-convert
# (Debian: librsvg2-bin) and the project venv (Pillow comes with PyInstaller).
set -euo pipefail
cd "$(dirname "$0")/.."
svg=nelm_desktop/resources/icons/nelm-desktop.svg
command -v rsvg-convert >/dev/null || { echo "make-icons: install librsvg2-bin" >&2; exit 1; }
for n in 16 24 32 48 64 128 256 512; do
  mkdir -p "nelm_desktop/resources/icons/hicolor/${n}x${n}"
  rsvg-convert -w "$n" -h "$n" "$svg" -o "nelm_desktop/resources/icons/hicolor/${n}x${n}/nelm-desktop.png"
done
.venv/bin/python - <<'PY'
from PIL import Image

big = Image.open("nelm_desktop/resources/icons/hicolor/512x512/nelm-desktop.png").convert("RGBA")
big.save("nelm_desktop/resources/icons/nelm-desktop.ico", sizes=[(n, n) for n in (16, 24, 32, 48, 64, 128, 256)])
big.save("nelm_desktop/resources/icons/nelm-desktop.icns")
PY
echo "make-icons: done"
