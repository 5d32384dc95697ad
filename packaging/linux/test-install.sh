#!/usr/bin/env bash
# Prove the .deb on a clean machine: a fresh Debian bookworm root (debootstrap --variant=minbase),
# the package installed with apt from the Debian mirror only (its declared Depends, nothing else),
# `nelm-desktop --self-test` offscreen, under xvfb-run (X11/xcb) and on a headless Wayland
# compositor (weston), a user's data folder with a case, then `apt-get remove` and `purge`: the
# program is gone, the user's data is byte-identical.
#
#   sudo packaging/linux/test-install.sh [dist/nelm-desktop_<v>_amd64.deb]
#
# Needs root (debootstrap, chroot, mount) and the Debian mirror. The self-test and the user's
# commands run in a network namespace with no interfaces (unshare -n): the app works offline.
# Output: stdout and build/test-install.log. KEEP_ROOT=1 keeps the chroot for inspection.
set -euo pipefail
cd "$(dirname "$0")/../.."
export LC_ALL=C.UTF-8
SUITE=${SUITE:-bookworm}
MIRROR=${MIRROR:-$(sed -n 's/^URIs: *\(http[^ ]*debian\)$/\1/p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -n1)}
MIRROR=${MIRROR:-http://deb.debian.org/debian}
SECURITY=${SECURITY:-${MIRROR%/debian}/debian-security}
DEB=${1:-$(ls -t dist/nelm-desktop_*_amd64.deb 2>/dev/null | head -n1)}
[ -f "$DEB" ] || { echo "test-install: no .deb (run packaging/linux/build-deb.sh)" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "test-install: must run as root" >&2; exit 2; }

mkdir -p build
exec > >(tee build/test-install.log) 2>&1
step() { printf '\n=== %s\n' "$*"; }

if ! command -v debootstrap >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
fi

WORK=$(mktemp -d /var/tmp/nelm-test-install.XXXXXX)
ROOTFS=$WORK/root
cleanup() {
  for m in dev/shm dev/pts dev sys proc; do
    mountpoint -q "$ROOTFS/$m" 2>/dev/null && umount -l "$ROOTFS/$m"
  done
  if [ "${KEEP_ROOT:-0}" = 1 ]; then echo "test-install: kept $ROOTFS"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

in_root() { chroot "$ROOTFS" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C.UTF-8 "$@"; }
# As the clinic user, offline: a fresh network namespace has only a down loopback device.
as_user_offline() {
  unshare -n chroot "$ROOTFS" /usr/bin/env -i PATH=/usr/bin:/bin LC_ALL=C.UTF-8 HOME=/home/clinician \
    /usr/sbin/runuser -u clinician -- "$@"
}
data_digest() {  # every file of the user's data folder with its SHA-256, sorted
  (cd "$ROOTFS/home/clinician/.local/share/nelm-desktop" && find . -type f -print0 | sort -z | xargs -0 sha256sum)
}

step "package: $DEB ($(du -h "$DEB" | cut -f1))"
dpkg-deb -f "$DEB" Package Version Depends

step "debootstrap --variant=minbase $SUITE from $MIRROR"
start=$(date +%s)
debootstrap --variant=minbase "$SUITE" "$ROOTFS" "$MIRROR" >"$WORK/debootstrap.log" 2>&1 ||
  { tail -n 30 "$WORK/debootstrap.log"; exit 1; }
echo "clean root ready in $(($(date +%s) - start)) s: $(du -sh "$ROOTFS" | cut -f1), $(in_root dpkg-query -W | wc -l) packages"
cat >"$ROOTFS/etc/apt/sources.list" <<EOF
deb $MIRROR $SUITE main
deb $MIRROR $SUITE-updates main
deb $SECURITY $SUITE-security main
EOF
mount -t proc proc "$ROOTFS/proc"
mount -t sysfs sys "$ROOTFS/sys"
mount --bind /dev "$ROOTFS/dev"
mount --bind /dev/pts "$ROOTFS/dev/pts"
mount -t tmpfs shm "$ROOTFS/dev/shm"
cp /etc/resolv.conf "$ROOTFS/etc/resolv.conf"
in_root test ! -e /usr/bin/nelm-desktop
echo "no Qt, X or GL library present before install: $(in_root sh -c 'ls /usr/lib/x86_64-linux-gnu | grep -cE "^lib(xcb|GL|EGL|X11|fontconfig|Qt)" || true') matching files"

step "apt-get install ./$(basename "$DEB") (Depends from the mirror, nothing else)"
cp "$DEB" "$ROOTFS/tmp/"
in_root apt-get update -qq
before=$(in_root dpkg-query -W | wc -l)
in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
  "/tmp/$(basename "$DEB")" >"$WORK/install.log" 2>&1 || { tail -n 40 "$WORK/install.log"; exit 1; }
grep -E "^(Need to get|After this operation|Setting up nelm-desktop|[0-9]+ upgraded)" "$WORK/install.log"
echo "installed: nelm-desktop + $(($(in_root dpkg-query -W | wc -l) - before - 1)) dependency packages"
in_root dpkg -s nelm-desktop | grep -E "^(Status|Version|Installed-Size)"
ls -l "$ROOTFS/usr/bin/nelm-desktop"
for f in /usr/share/applications/nelm-desktop.desktop /usr/share/icons/hicolor/256x256/apps/nelm-desktop.png \
  /usr/share/icons/hicolor/scalable/apps/nelm-desktop.svg /usr/share/metainfo/org.nelm_desktop.NelmDesktop.metainfo.xml \
  /usr/share/man/man1/nelm-desktop.1.gz /usr/share/doc/nelm-desktop/copyright; do
  test -f "$ROOTFS$f" && echo "present: $f"
done
echo "libraries the bundle cannot resolve in the clean root (must be none):"
unresolved=$(in_root sh -c 'find /opt/nelm-desktop -name "*.so*" -type f -exec ldd {} + 2>/dev/null' |
  grep "not found" | sort -u | grep -vFf <(find "$ROOTFS/opt/nelm-desktop" -printf '%f\n' | sed 's/$/ => not found/') || true)
if [ -n "$unresolved" ]; then echo "$unresolved"; exit 1; else echo "  none"; fi

in_root useradd --create-home --shell /bin/bash clinician

step "nelm-desktop --self-test (offscreen, no network, as user clinician)"
start=$(date +%s.%N)
as_user_offline env QT_QPA_PLATFORM=offscreen nelm-desktop --self-test
echo "wall time (start to self-test done): $(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN {printf "%.2f", b - a}') s"
as_user_offline env QT_QPA_PLATFORM=offscreen nelm-desktop --self-test >/dev/null
start=$(date +%s.%N)
as_user_offline env QT_QPA_PLATFORM=offscreen nelm-desktop --self-test | tail -n1
echo "wall time, second run: $(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN {printf "%.2f", b - a}') s"

step "install xvfb + xauth in the root (for the X11 test only), then xvfb-run nelm-desktop --self-test"
in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends xvfb xauth \
  >"$WORK/xvfb.log" 2>&1 || { tail -n 20 "$WORK/xvfb.log"; exit 1; }
out=$(as_user_offline xvfb-run -a -s "-screen 0 1600x1000x24" nelm-desktop --self-test) || { echo "$out"; exit 1; }
echo "$out"
grep -q "platform 'xcb'" <<<"$out" || { echo "test-install: the X11 run did not use xcb" >&2; exit 1; }

step "install weston (headless compositor, for the Wayland test only), then nelm-desktop --self-test on Wayland"
in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends weston \
  >"$WORK/weston.log" 2>&1 || { tail -n 20 "$WORK/weston.log"; exit 1; }
out=$(as_user_offline sh -c '
  export XDG_RUNTIME_DIR=$(mktemp -d) WAYLAND_DISPLAY=wayland-nelm
  weston --backend=headless-backend.so --socket=$WAYLAND_DISPLAY --idle-time=0 >/dev/null 2>&1 &
  compositor=$!
  for _ in 1 2 3 4 5 6 7 8 9 10; do [ -S "$XDG_RUNTIME_DIR/$WAYLAND_DISPLAY" ] && break; sleep 0.5; done
  QT_QPA_PLATFORM=wayland nelm-desktop --self-test; rc=$?
  kill $compositor; rm -rf "$XDG_RUNTIME_DIR"; exit $rc') || { echo "$out"; exit 1; }
grep -E "^(PASS|FAIL) (qt|window)|^self-test" <<<"$out"
grep -q "platform 'wayland'" <<<"$out" || { echo "test-install: the Wayland run did not use wayland" >&2; exit 1; }

step "the user's data: import a case, list it, export a backup (offline)"
cat >"$ROOTFS/home/clinician/case.json" <<'EOF'
{"patient_label": "TI-001", "age_years": 61, "primary_site": "pancreas", "differentiation": "well",
 "ki67_pct": 8, "lesions": [{"segment": "II", "size_cm": 2.5, "count": 1}], "extrahepatic_disease": "none"}
EOF
in_root chown clinician: /home/clinician/case.json
as_user_offline nelm-desktop import /home/clinician/case.json
as_user_offline nelm-desktop export -o /home/clinician/library-backup.zip
data_digest >"$WORK/data-before"
echo "data folder /home/clinician/.local/share/nelm-desktop: $(wc -l <"$WORK/data-before") files"
sed 's/^[0-9a-f]\{56\}/…/' "$WORK/data-before"

step "apt-get remove nelm-desktop, then purge"
in_root apt-get remove -y -q nelm-desktop | grep -E "^(Removing|[0-9]+ upgraded)"
if in_root dpkg-query -W -f '${Status}' nelm-desktop 2>/dev/null | grep -q config-files; then
  in_root apt-get purge -y -q nelm-desktop | grep -E "^(Purging|[0-9]+ upgraded)"
else
  echo "purge: nothing left (the package has no conffiles and no maintainer scripts)"
fi
for p in /opt/nelm-desktop /usr/bin/nelm-desktop /usr/share/applications/nelm-desktop.desktop; do
  if [ -e "$ROOTFS$p" ] || [ -L "$ROOTFS$p" ]; then echo "left behind: $p"; exit 1; fi
done
echo "program removed: /opt/nelm-desktop, /usr/bin/nelm-desktop, the .desktop entry are gone"
in_root dpkg -s nelm-desktop >/dev/null 2>&1 && { echo "package still known to dpkg"; exit 1; }
data_digest >"$WORK/data-after"
if cmp -s "$WORK/data-before" "$WORK/data-after" && test -f "$ROOTFS/home/clinician/library-backup.zip"; then
  echo "user data untouched: $(wc -l <"$WORK/data-after") files, identical SHA-256; backup zip still there"
else
  diff "$WORK/data-before" "$WORK/data-after" || true
  echo "test-install: the user's data changed" >&2
  exit 1
fi

step "test-install: PASSED"
