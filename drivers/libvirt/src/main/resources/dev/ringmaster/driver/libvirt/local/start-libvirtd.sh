#!/bin/sh
# Starts virtlogd and libvirtd for one private instance (PrivateLibvirtd) in the current (private) mount and network namespace:
# libvirt's state, config, log and runtime directories are bind-mounted from $1, so nothing of the
# host's libvirt is seen or changed, and of the host's /etc/libvirt only the *.conf files are used. Run as: unshare -m -n --propagation private sh THIS DIR
set -eu
d="$1"
mkdir -p "$d/etc" "$d/run" "$d/lib/qemu" "$d/lib/images" "$d/lib/network" "$d/cache" "$d/log/qemu" "$d/pool"
# Only the daemons' configuration files come from the host (libvirtd.conf, qemu.conf, virtlogd.conf,
# ...: the top-level *.conf files). Persistent definitions (qemu/*.xml domains, qemu/networks,
# storage, nwfilter, secrets, hooks) are never copied: the host's own pools, networks and domains
# would collide with the test's names ("pool 'vms' already exists").
for f in /etc/libvirt/*.conf; do
  if [ -f "$f" ]; then cp -p "$f" "$d/etc/"; fi
done
cat >> "$d/etc/qemu.conf" <<'CONF'
user = "root"
group = "root"
dynamic_ownership = 0
security_driver = "none"
CONF
echo 'log_outputs = "3:file:/var/log/libvirt/libvirtd.log"' >> "$d/etc/libvirtd.conf"
for dir in /etc/libvirt /run/libvirt /var/lib/libvirt /var/cache/libvirt /var/log/libvirt; do
  mkdir -p "$dir"
done
mount --bind "$d/etc" /etc/libvirt
mount --bind "$d/run" /run/libvirt
mount --bind "$d/lib" /var/lib/libvirt
mount --bind "$d/cache" /var/cache/libvirt
mount --bind "$d/log" /var/log/libvirt
ip link set lo up
if [ -e /dev/kvm ]; then chgrp kvm /dev/kvm 2>/dev/null && chmod 0660 /dev/kvm || true; fi
virtlogd -d -p "$d/virtlogd.pid"
libvirtd -d -p "$d/libvirtd.pid"
