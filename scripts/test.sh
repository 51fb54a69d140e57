#!/usr/bin/env bash
# Every test: formatting, lints, native tests, the WASM package and its types, the
# WASM tests in headless Chromium, and the JavaScript / extension tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source scripts/env.sh
step() { printf '\n\033[1m== %s\033[0m\n' "$*" >&2; }

step "cargo fmt --check"
cargo fmt --check
step "cargo clippy -D warnings (native and wasm32)"
cargo clippy --all-targets -- -D warnings
cargo clippy --lib --target wasm32-unknown-unknown -- -D warnings
step "cargo test"
cargo test --quiet
step "wasm-pack build (pkg/)"
wasm-pack build --target web --profile wasm-release --mode no-install --out-dir pkg
node scripts/build-pkg.mjs
step "TypeScript types type-check (generated types, the package entry, its JS)"
tsc -p tests/ts/tsconfig.json
tsc -p tests/ts/tsconfig.entry.json
tsc -p tests/ts/tsconfig.entry-js.json
step "wasm-bindgen tests in headless Chromium"
export WASM_BINDGEN_TEST_TIMEOUT=300
wasm-pack test --headless --chrome --mode no-install -- --test wasm --test wasm_ascii
step "build the extension and dashboard (dist/)"
node scripts/build-web.mjs
step "JavaScript unit tests (node --test tests/js/)"
node --test tests/js/
step "end-to-end tests in headless Chromium (node --test tests/e2e/)"
node --test --test-concurrency=1 tests/e2e/
step "end-to-end tests in headless Firefox (node --test tests/firefox/)"
node --test --test-concurrency=1 tests/firefox/
step "all tests passed"
