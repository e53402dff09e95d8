#!/usr/bin/env bash
# Runs Ringmaster's whole test suite, real-server tests included (they start libvirtd, sshd and
# QEMU themselves, in temporary directories, and stop them by PID). Installs what is missing first.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test --no-build
exec ./mvnw -B verify "$@"
