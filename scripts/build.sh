#!/usr/bin/env bash
# Build everything: the WASM package (pkg/), the native CLI, the extension and the
# dashboard (dist/).
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
echo "build: WASM package -> pkg/" >&2
wasm-pack build --target web --profile wasm-release --mode no-install --out-dir pkg >&2
# The npm package: the JS entry, <readylens-report>, the package README, the Node command
# (`npx readylens check …`) and package.json exports (scripts/build-pkg.mjs).
node scripts/build-pkg.mjs >&2
echo "build: native CLI -> target/release/readylens" >&2
cargo build --release --quiet --bin readylens
if [ -f scripts/build-web.mjs ]; then
  echo "build: extension and dashboard -> dist/" >&2
  node scripts/build-web.mjs >&2
fi
