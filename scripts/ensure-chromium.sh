#!/usr/bin/env bash
# Makes sure Debian's Chromium is installed for the Playwright e2e tests (Playwright cannot download its own
# browser on this network). Installs it with apt when missing; uses sudo when not root.
set -euo pipefail
chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$chromium" ]; then exit 0; fi
echo "Chromium not found at $chromium: installing Debian's chromium with apt-get" >&2
sudo=""
if [ "$(id -u)" != "0" ]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq chromium >/dev/null
test -x "$chromium" || { echo "chromium is still missing at $chromium" >&2; exit 1; }
