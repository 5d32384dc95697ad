#!/usr/bin/env bash
# Build dist/nelm-desktop_<version>_<arch>.deb from the PyInstaller bundle. One command:
#   packaging/linux/build-deb.sh               # builds the bundle first, then the .deb, then lintian
#   packaging/linux/build-deb.sh --no-bundle   # reuse dist/nelm-desktop/ as it is
#
# Layout: the bundle under /opt/nelm-desktop, /usr/bin/nelm-desktop -> /opt/nelm-desktop/nelm-desktop,
# .desktop entry, its own MIME types (.nelmcase, .nelmlib), hicolor icons, AppStream metainfo, man page, copyright and changelog.
# Depends: every ELF file of the bundle goes through ldd; each library resolved outside the bundle
# is mapped to its Debian package with dpkg -S. A library that is "not found" fails the build unless
# a file of that name is inside the bundle. So that ldd can resolve them, the libraries the Qt
# plugins need are installed on the build machine first (RESOLVE_PKGS; skip with NO_APT=1).
# Needs: Debian/Ubuntu, dpkg-deb >= 1.19 (--root-owner-group), binutils; lintian if present.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
export LC_ALL=C.UTF-8

build_bundle=1
for arg in "$@"; do
  case "$arg" in
    --no-bundle) build_bundle=0 ;;
    *) echo "build-deb: unknown argument $arg" >&2; exit 2 ;;
  esac
done

PKG=nelm-desktop
VERSION=$(sed -n 's/^__version__ = "\(.*\)"/\1/p' nelm_desktop/__init__.py)
ARCH=$(dpkg --print-architecture)
MAINTAINER=${DEB_MAINTAINER:-"NELM Desktop release team <release@nelm-desktop.invalid>"}
BUNDLE=dist/nelm-desktop
STAGE=build/deb/root
OUT=dist/${PKG}_${VERSION}_${ARCH}.deb
# Libraries the bundled Qt plugins link (xcb, wayland, GL, fonts, D-Bus, CUPS). Installed here only
# so ldd can resolve them; the Depends line comes from what ldd actually finds, not from this list.
RESOLVE_PKGS="binutils file libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-randr0
  libxcb-render-util0 libxcb-shape0 libxcb-xkb1 libxcb-util1 libxkbcommon-x11-0 libegl1 libgl1
  libfontconfig1 libdbus-1-3 libglib2.0-0 libcups2 libwayland-client0 libwayland-cursor0
  libwayland-egl1 libx11-xcb1"
# Needed at run time but invisible to ldd: a UI font for Qt (reports embed their own DejaVu copy),
# and fontconfig, whose trigger builds the system font cache at install time (otherwise each user's
# first start builds a private cache, ~0.5 s).
EXTRA_DEPENDS="fonts-dejavu-core fontconfig"

if [ "${NO_APT:-0}" != 1 ]; then
  # shellcheck disable=SC2086
  if ! dpkg -s $RESOLVE_PKGS >/dev/null 2>&1; then
    echo "build-deb: installing the libraries ldd must resolve"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $RESOLVE_PKGS >/dev/null
  fi
fi

if [ "$build_bundle" = 1 ]; then
  packaging/build-bundle.sh
fi
[ -x "$BUNDLE/nelm-desktop" ] || { echo "build-deb: no bundle at $BUNDLE (run packaging/build-bundle.sh)" >&2; exit 1; }

rm -rf build/deb
mkdir -p "$STAGE/DEBIAN" "$STAGE/opt" "$STAGE/usr/bin" "$STAGE/usr/share/applications" \
  "$STAGE/usr/share/metainfo" "$STAGE/usr/share/doc/$PKG" "$STAGE/usr/share/man/man1" \
  "$STAGE/usr/share/lintian/overrides"
cp -a "$BUNDLE" "$STAGE/opt/$PKG"
ln -s "/opt/$PKG/nelm-desktop" "$STAGE/usr/bin/nelm-desktop"
install -m 644 packaging/linux/nelm-desktop.desktop "$STAGE/usr/share/applications/"
install -D -m 644 packaging/linux/nelm-desktop-mime.xml "$STAGE/usr/share/mime/packages/nelm-desktop.xml"
install -m 644 packaging/linux/*.metainfo.xml "$STAGE/usr/share/metainfo/"
for png in nelm_desktop/resources/icons/hicolor/*/nelm-desktop.png; do
  size=$(basename "$(dirname "$png")")
  install -D -m 644 "$png" "$STAGE/usr/share/icons/hicolor/$size/apps/nelm-desktop.png"
done
install -D -m 644 nelm_desktop/resources/icons/nelm-desktop.svg "$STAGE/usr/share/icons/hicolor/scalable/apps/nelm-desktop.svg"
install -m 644 packaging/linux/copyright "$STAGE/usr/share/doc/$PKG/copyright"
gzip -9n <packaging/linux/changelog >"$STAGE/usr/share/doc/$PKG/changelog.gz"
gzip -9n <packaging/linux/nelm-desktop.1 >"$STAGE/usr/share/man/man1/nelm-desktop.1.gz"
install -m 644 packaging/linux/lintian-overrides "$STAGE/usr/share/lintian/overrides/$PKG"

# Permissions: directories 755, files 644, executables (ELF with a program interpreter) 755.
find "$STAGE" -type d -exec chmod 755 {} +
find "$STAGE" -type f -exec chmod 644 {} +
chmod 755 "$STAGE/opt/$PKG/nelm-desktop"

# --- Depends: ldd over every bundled ELF file -------------------------------------------------
elfs=$(find "$STAGE/opt/$PKG" -type f -print0 | xargs -0 file -N | awk -F': ' '/ELF/ {print $1}')
[ -n "$elfs" ] || { echo "build-deb: no ELF files found" >&2; exit 1; }
bundled_names=$(find "$STAGE/opt/$PKG" \( -type f -o -type l \) -printf '%f\n' | sort -u)
missing=""
: >build/deb/system-libs
while IFS= read -r elf; do
  # Only the file's own NEEDED entries count (ldd also lists their dependencies, which are the
  # business of the packages that ship them); ldd says where each one resolves.
  needed=$(objdump -p "$elf" | awk '/^ *NEEDED/ {print $2}')
  [ -n "$needed" ] || continue
  resolved=$(ldd "$elf" 2>/dev/null || true)
  for lib in $needed; do
    case "$lib" in ld-linux*) continue ;; esac  # the dynamic loader: libc6, listed anyway
    line=$(awk -v lib="$lib" '$1 == lib {print; exit}' <<<"$resolved")
    case "$line" in
      *"=> not found"*|"")
        grep -qxF "$lib" <<<"$bundled_names" || missing="$missing $lib(needed-by:${elf#"$STAGE"})" ;;
      *"=> /"*)
        path=$(awk '{print $3}' <<<"$line")
        case "$path" in "$ROOT"/*|"$STAGE"/*) ;; *) echo "$path" >>build/deb/system-libs ;; esac ;;
    esac
  done
done <<<"$elfs"
if [ -n "$missing" ]; then
  echo "build-deb: libraries not found (install the package that provides each on this machine):" >&2
  tr ' ' '\n' <<<"$missing" | sed '/^$/d' | sort -u >&2
  exit 1
fi

owner() {  # the Debian package that ships a library path (merged-/usr aware)
  local path=$1 real candidates c
  real=$(readlink -f "$path")
  candidates="$path $real ${path#/usr} ${real#/usr} /usr$path /usr$real"
  for c in $candidates; do
    if out=$(dpkg -S "$c" 2>/dev/null); then
      echo "$out" | grep -v '^diversion' | head -n1 | cut -d: -f1
      return 0
    fi
  done
  return 1
}
: >build/deb/depends
unowned=""
for lib in $(sort -u build/deb/system-libs); do
  if pkg=$(owner "$lib"); then
    echo "$pkg" >>build/deb/depends
    printf '%-40s %s\n' "$(basename "$lib")" "$pkg" >>build/deb/lib-to-package
  else
    unowned="$unowned $lib"
  fi
done
if [ -n "$unowned" ]; then
  echo "build-deb: libraries outside the bundle that no Debian package ships:$unowned" >&2
  exit 1
fi
# The highest glibc symbol version the bundle uses sets libc6's minimum version.
glibc_min=$(while IFS= read -r elf; do objdump -T "$elf" 2>/dev/null; done <<<"$elfs" |
  grep -o 'GLIBC_[0-9.]*' | sed 's/GLIBC_//' | sort -uV | tail -n1)
depends=$(
  for pkg in $(sort -u build/deb/depends) $EXTRA_DEPENDS; do
    if [ "$pkg" = libc6 ] && [ -n "$glibc_min" ]; then echo "libc6 (>= $glibc_min)"; else echo "$pkg"; fi
  done | sort -u | paste -sd, | sed 's/,/, /g'
)

installed_kb=$(du -sk --exclude=DEBIAN "$STAGE" | cut -f1)
cat >"$STAGE/DEBIAN/control" <<EOF
Package: $PKG
Version: $VERSION
Architecture: $ARCH
Maintainer: $MAINTAINER
Installed-Size: $installed_kb
Depends: $depends
Section: science
Priority: optional
Description: treatment options for neuroendocrine liver metastases
 NELM Desktop helps clinicians prepare tumour-board discussions for patients
 with neuroendocrine liver metastases: it records a pseudonymous case, shows
 which treatment options the cited sources list and why, and prints a board
 summary and a plain-language patient handout.
 .
 It works offline and keeps cases in the user's own data folder, which is
 never touched when the package is removed or purged. Check an installation
 with "nelm-desktop --self-test".
EOF
(cd "$STAGE" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | sort -z | xargs -0 md5sum) \
  >"$STAGE/DEBIAN/md5sums"
chmod 644 "$STAGE/DEBIAN/control" "$STAGE/DEBIAN/md5sums"

mkdir -p dist
dpkg-deb --root-owner-group -Zxz -z9 --build "$STAGE" "$OUT" >/dev/null
echo "build-deb: $OUT ($(du -k "$OUT" | cut -f1) KiB; installed $((installed_kb / 1024)) MiB)"
echo "build-deb: Depends: $depends"
packaging/sbom.sh packaging/locks/linux.txt "$OUT" linux

if command -v desktop-file-validate >/dev/null; then
  desktop-file-validate packaging/linux/nelm-desktop.desktop && echo "build-deb: desktop-file-validate OK"
fi
if command -v appstreamcli >/dev/null; then
  appstreamcli validate --no-net --pedantic packaging/linux/*.metainfo.xml || true
fi
if command -v lintian >/dev/null; then
  echo "build-deb: lintian (see packaging/linux/lintian-notes.md for each override)"
  lintian --info --display-info --show-overrides "$OUT" | tee build/deb/lintian.txt || true
else
  echo "build-deb: lintian not installed (apt-get install lintian)"
fi
