#!/usr/bin/env bash
# One real Debian 12 guest, end to end (RealGuestIT): builds the guest image from Debian's packages
# if it is not cached (scripts/build-guest-image.sh, a few minutes the first time), starts a
# private libvirtd in its own mount and network namespaces, lets Ringmaster create the VM from YAML
# with its cloud-init seed, converge it over SSH with the shipped Debian activation, and prints what
# it read from inside the guest (accounts, swap, /tmp, the nftables ruleset), the boot and
# first-converge times, and the drift and service-user checks. Needs root and scripts/setup.sh --test.
#   scripts/guest-e2e.sh            about 3-6 minutes on a 2-core machine
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$(id -u)" -eq 0 ] || { echo "guest-e2e: needs root (libvirtd in private namespaces)" >&2; exit 1; }
scripts/build-guest-image.sh >/dev/null
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
./mvnw -B -o -pl reconciler -am verify -Dit.test=RealGuestIT -Dtest=NONE \
  -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false \
  -Dspotless.check.skip=true >"$log" 2>&1 || status=$?
report=reconciler/target/real-guest-report.txt
[ -f "$report" ] && cat "$report"
grep -E 'Tests run:|FAIL|BUILD' "$log" | tail -5
exit "$status"
