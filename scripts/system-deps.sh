#!/usr/bin/env bash
# Install the Debian packages kg's tests and notebooks need: chromium (browser tests) and a CJK font
# (readable Japanese in screenshots and charts). `system-deps.sh fonts` installs the font alone.
# Skips what is already there; needs root or sudo.
set -euo pipefail
need=()
if [ "${1:-all}" != "fonts" ]; then
    command -v chromium >/dev/null 2>&1 || need+=(chromium)
fi
# grep reads all of fc-list: with -q it could exit first, and pipefail would count the SIGPIPE as "no font"
fc-list 2>/dev/null | grep -i "noto sans cjk" >/dev/null || need+=(fonts-noto-cjk)
if [ ${#need[@]} -eq 0 ]; then
    exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "installing Debian packages: ${need[*]}" >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
