#!/usr/bin/env bash
# Fetches a Debian cloud kernel (from Debian's own package archive) for the integration tests that
# boot a tiny TCG guest under a real libvirtd, and unpacks it to $RINGMASTER_TEST_CACHE
# (default: ~/.cache/ringmaster-test). Prints the kernel's path. Idempotent. Also keeps the two
# modules a busybox guest needs for a graceful ACPI shutdown (evdev, button) in $cache/modules.
set -euo pipefail
cache="${RINGMASTER_TEST_CACHE:-$HOME/.cache/ringmaster-test}"
mkdir -p "$cache"
if [ -s "$cache/vmlinuz" ] && [ -s "$cache/modules/button.ko" ]; then
  echo "$cache/vmlinuz"
  exit 0
fi
apt-cache show linux-image-cloud-amd64 >/dev/null 2>&1 || apt-get update -qq
pkg=$(apt-cache depends linux-image-cloud-amd64 | awk '/Depends: linux-image-/{print $2; exit}')
[ -n "$pkg" ] || { echo "fetch-test-kernel: no linux-image-cloud-amd64 in the apt lists (run apt-get update)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && apt-get download "$pkg" >/dev/null 2>&1)
dpkg-deb -x "$tmp"/*.deb "$tmp/x"
mkdir -p "$cache/modules"
find "$tmp/x/lib/modules" \( -name evdev.ko -o -name button.ko \) -exec cp {} "$cache/modules/" \;
cp "$tmp"/x/boot/vmlinuz-* "$cache/vmlinuz"
echo "$cache/vmlinuz"
