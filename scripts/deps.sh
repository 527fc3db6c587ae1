#!/bin/sh
# Installs the Debian packages feedwatch builds against, when they are missing.
# Safe to run again: it asks dpkg first and only calls apt-get if something is absent.
set -eu
# systemd: its systemd-analyze checks the unit file in the tests.
packages="libxml2-dev libcurl4-openssl-dev libssl-dev libsqlite3-dev pkg-config systemd"
missing=""
for p in $packages; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done
[ -z "$missing" ] && exit 0
echo "feedwatch: installing missing packages:$missing" >&2
if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
$SUDO apt-get update -qq
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing
