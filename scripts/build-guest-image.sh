#!/usr/bin/env bash
# Builds the Debian 12 guest image the real-guest end-to-end test boots (RealGuestIT,
# scripts/guest-e2e.sh), from Debian's own packages, without loop mounts or root-only tricks
# beyond what mmdebstrap needs. Output in $RINGMASTER_TEST_CACHE/debian12 (default
# ~/.cache/ringmaster-test/debian12):
#   root.qcow2   ext4 root file system (no partition table; boot with root=/dev/vda)
#   vmlinuz      the image's kernel (linux-image-cloud-amd64)
#   initrd.img   its initramfs
# Two cached stages: the package tree (rootfs/, minutes; keyed by the package list and the
# cloud-init settings below) and the disk image (seconds; keyed also by the shipped Debian
# activation guests/debian/ringmaster-activate, which the image carries like a real base image
# would). Prints the directory. Idempotent.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
cache="${RINGMASTER_TEST_CACHE:-$HOME/.cache/ringmaster-test}/debian12"
mkdir -p "$cache"

packages=(systemd-sysv udev dbus openssh-server cloud-init iproute2 nftables sudo
  linux-image-cloud-amd64 initramfs-tools e2fsprogs util-linux python3 prometheus-node-exporter
  qemu-guest-agent)

# cloud-init in the image: only the NoCloud seed Ringmaster attaches (no network probing for
# other data sources), no locale generation (no locales package), and the growing of the root
# file system when the root volume is larger than the image.
cloud_cfg='datasource_list: [ NoCloud, None ]
locale: false
'

tree_key=$(printf '%s\n' "${packages[*]}" "$cloud_cfg" | sha256sum | cut -c1-16)
activation="$here/guests/debian/ringmaster-activate"
image_key=$( (echo "$tree_key"; cat "$activation"; sed -n '/^# --- image stage/,$p' "$0") | sha256sum | cut -c1-16)

if [ -s "$cache/root.qcow2" ] && [ "$(cat "$cache/image.key" 2>/dev/null)" = "$image_key" ]; then
  echo "$cache"
  exit 0
fi

if [ ! -d "$cache/rootfs/boot" ] || [ "$(cat "$cache/tree.key" 2>/dev/null)" != "$tree_key" ]; then
  echo "build-guest-image: mmdebstrap bookworm (a few minutes)" >&2
  rm -rf "$cache/rootfs" "$cache/rootfs.part" "$cache/tree.key"
  include=$(IFS=,; echo "${packages[*]}")
  mmdebstrap --quiet --variant=minbase --include="$include" \
    --customize-hook='mkdir -p "$1/etc/cloud/cloud.cfg.d"' \
    --customize-hook="printf '%s' '$cloud_cfg' > \"\$1/etc/cloud/cloud.cfg.d/90-ringmaster-test.cfg\"" \
    --customize-hook='rm -f "$1"/etc/ssh/ssh_host_*' \
    bookworm "$cache/rootfs.part"
  mv "$cache/rootfs.part" "$cache/rootfs"
  echo "$tree_key" > "$cache/tree.key"
fi

# --- image stage (changes here or in the activation rebuild only the disk image)
echo "build-guest-image: disk image" >&2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ln -s "$cache/rootfs" "$tmp/root"
install -D -m 0755 "$activation" "$tmp/root/usr/local/sbin/ringmaster-activate"
# cloud-init renders the seed's network-config for systemd-networkd, which Debian leaves disabled
systemctl --root="$cache/rootfs" --quiet enable systemd-networkd.service
printf '/dev/vda / ext4 rw,errors=remount-ro 0 1\n' > "$tmp/root/etc/fstab"
cp -L "$tmp"/root/boot/vmlinuz-* "$cache/vmlinuz.part" && mv "$cache/vmlinuz.part" "$cache/vmlinuz"
cp -L "$tmp"/root/boot/initrd.img-* "$cache/initrd.img.part" && mv "$cache/initrd.img.part" "$cache/initrd.img"
mke2fs -q -t ext4 -d "$cache/rootfs" -L root "$tmp/root.raw" 2G
qemu-img convert -O qcow2 "$tmp/root.raw" "$cache/root.qcow2.part"
mv "$cache/root.qcow2.part" "$cache/root.qcow2"
echo "$image_key" > "$cache/image.key"
echo "$cache"
