#!/usr/bin/env bash
# Installs what Ringmaster needs on Debian 12 and builds it.
#   scripts/setup.sh          runtime: JDK 17, libvirt client library, git; then builds
#   scripts/setup.sh --test   also what the test suite starts for real: libvirtd + QEMU, OpenSSH
#                             sshd, Nix (nix-instantiate), busybox and a Debian cloud kernel for
#                             the tiny TCG guest; dosfstools, mtools and blkid read back the
#                             first-boot seed images; mmdebstrap builds the Debian 12 guest image
#                             of the real-guest end-to-end test (scripts/build-guest-image.sh);
#                             BIND 9 (named, tsig-keygen, nsupdate) for the DNS tests (they
#                             start their own named on 127.0.0.1)
# Idempotent: installs only what is missing. Needs root (or sudo) for apt-get.
set -euo pipefail
cd "$(dirname "$0")/.."

runtime_packages=(openjdk-17-jdk-headless libvirt0 git ca-certificates curl)
test_packages=(libvirt-clients libvirt-daemon-system libvirt-daemon-driver-qemu qemu-system-x86
  qemu-utils openssh-server openssh-client nix-bin busybox-static cpio iproute2 dnsmasq-base
  chromium prometheus dosfstools mtools util-linux mmdebstrap e2fsprogs python3
  bind9 bind9-dnsutils)

want=("${runtime_packages[@]}")
build=1
for arg in "$@"; do
  case "$arg" in
    --test) want+=("${test_packages[@]}") ;;
    --no-build) build=0 ;;
    *) echo "usage: scripts/setup.sh [--test] [--no-build]" >&2; exit 1 ;;
  esac
done

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "setup: installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [[ " $* " == *" --test "* ]]; then
  scripts/fetch-test-kernel.sh
  scripts/build-guest-image.sh
fi

if [ "$build" -eq 1 ]; then
  echo "setup: building (first build downloads dependencies; a few minutes)"
  ./mvnw -B -q -DskipTests -Dspotless.check.skip=true package
fi
