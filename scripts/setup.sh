#!/usr/bin/env bash
# Install everything readylens needs on a fresh Debian machine, without any download
# from GitHub (only crates.io, npm and Debian's packages). Idempotent: each step is
# skipped when already done, so a second run takes seconds.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1msetup:\033[0m %s\n' "$*" >&2; }
SUDO=""
if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null; then SUDO=sudo; fi
export PATH="$HOME/.cargo/bin:$PATH"

# 1. The WASM target.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# 2. wasm-pack (builds pkg/ and runs the browser tests).
if ! command -v wasm-pack >/dev/null; then
  say "installing wasm-pack from crates.io (~4 min)"
  cargo install wasm-pack --locked
fi

# 3. wasm-bindgen CLI at exactly the version in Cargo.lock; otherwise wasm-pack tries
#    to download one from GitHub, which fails on these machines.
WBG=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock)
if [ -z "$WBG" ]; then echo "setup: cannot find wasm-bindgen in Cargo.lock" >&2; exit 1; fi
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WBG" ]; then
  say "installing wasm-bindgen-cli $WBG from crates.io (~5 min)"
  # --locked first; its lock file can name a crate version the registry mirror lacks,
  # in which case resolve afresh (same wasm-bindgen-cli version).
  cargo install wasm-bindgen-cli --version "$WBG" --locked || cargo install wasm-bindgen-cli --version "$WBG" --force
fi

# 4. Chromium and ChromeDriver from Debian, for the WASM browser tests and the
#    extension's end-to-end tests.
if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
  say "installing chromium and chromium-driver from Debian (~1 min)"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver >/dev/null
fi

# 4b. Firefox ESR from Debian, for the Firefox end-to-end tests (tests/firefox/).
bash "$(dirname "$0")/setup-firefox.sh"

# 5. npm dev tools: wasm-opt (binaryen), TypeScript, playwright-core.
if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -x node_modules/.bin/tsc ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm dev tools"
  npm ci --no-audit --no-fund --loglevel=error
fi
say "ready"
