#!/usr/bin/env bash
# Firefox ESR from Debian, for the Firefox end-to-end tests (tests/firefox/): the
# extension and the dashboard in headless Firefox over WebDriver BiDi. No geckodriver
# and no download from GitHub: Firefox itself speaks BiDi on --remote-debugging-port.
# Idempotent: does nothing when a Firefox new enough for BiDi's webExtension.install
# (>= 138) is already installed. FIREFOX_BIN points the tests at another binary.
set -euo pipefail

say() { printf '\033[1msetup-firefox:\033[0m %s\n' "$*" >&2; }
SUDO=""
if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null; then SUDO=sudo; fi

BIN="${FIREFOX_BIN:-/usr/bin/firefox-esr}"
major() { "$1" --version 2>/dev/null | sed -n 's/^Mozilla Firefox \([0-9]*\).*/\1/p'; }

have=$( [ -x "$BIN" ] && major "$BIN" || true )
if [ -n "$have" ] && [ "$have" -ge 138 ]; then
  exit 0
fi
say "installing firefox-esr from Debian (~1 min)"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends firefox-esr >/dev/null
have=$(major /usr/bin/firefox-esr || true)
if [ -z "$have" ] || [ "$have" -lt 138 ]; then
  echo "setup-firefox: /usr/bin/firefox-esr is version '${have:-none}'; the tests need >= 138 (WebDriver BiDi webExtension.install)" >&2
  exit 1
fi
say "firefox-esr $have ready"
