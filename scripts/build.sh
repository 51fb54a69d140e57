#!/usr/bin/env bash
# Build everything: the WASM package (pkg/), the native CLI, the extension and the
# dashboard (dist/).
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
echo "build: WASM package -> pkg/" >&2
wasm-pack build --target web --release --mode no-install --out-dir pkg >&2
# The Node command (`npx readylens check …`) ships inside the npm package.
mkdir -p pkg/bin && cp bin/readylens.mjs pkg/bin/readylens.mjs
node -e "const fs=require('fs'),f='pkg/package.json',p=JSON.parse(fs.readFileSync(f));p.bin={readylens:'bin/readylens.mjs'};p.files=[...new Set([...(p.files||[]),'bin/readylens.mjs'])];p.engines={node:'>=18'};fs.writeFileSync(f,JSON.stringify(p,null,2)+'\\n')"
echo "build: native CLI -> target/release/readylens" >&2
cargo build --release --quiet --bin readylens
if [ -f scripts/build-web.mjs ]; then
  echo "build: extension and dashboard -> dist/" >&2
  node scripts/build-web.mjs >&2
fi
