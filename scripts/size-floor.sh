#!/usr/bin/env bash
# The dependency floor of the `.wasm` (issue #10, docs/size.md): builds a throw-away crate
# that makes the smallest real use of each run-time dependency of readylens's WebAssembly
# build (the same versions, from this repository's Cargo.lock; the same features, profile
# and wasm-opt flags as the shipped build), then the same crate without each dependency in
# turn, and prints the gzip -9 size of each. What readylens's own code adds comes on top.
# Usage: bash scripts/size-floor.sh   (needs the wasm32 target, wasm-bindgen and
# node_modules/.bin/wasm-opt, which scripts/setup.sh installs; works offline once the
# crates are in cargo's cache).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${READYLENS_FLOOR_DIR:-$(mktemp -d)}
mkdir -p "$WORK/src"
cp "$ROOT/Cargo.lock" "$WORK/Cargo.lock"
cat > "$WORK/Cargo.toml" <<'TOML'
[package]
name = "floor"
version = "0.1.0"
edition = "2021"
publish = false

[lib]
crate-type = ["cdylib"]

# The .wasm's dependencies with the features Cargo.toml gives them for wasm32.
[dependencies]
serde = { version = "1", features = ["derive"] }
serde_json = "1"
csv = "1"
pulldown-cmark = { version = "0.13", default-features = false }
regex = { version = "1", default-features = false, features = ["std", "perf-dfa", "perf-literal", "perf-cache", "unicode-perl", "unicode-case"] }
aho-corasick = "1"
unicode-segmentation = "1"
rust-stemmers = "1"
wasm-bindgen = "=0.2.130"
js-sys = "0.3"

# readylens's wasm-release profile, without its opt-level 2 for readylens itself.
[profile.release]
opt-level = "s"
lto = true
codegen-units = 1

[profile.release.package.regex-syntax]
opt-level = "z"

[features]
default = ["csv", "markdown", "regex", "aho-corasick", "words"]
csv = []
markdown = []
regex = []
aho-corasick = []
words = []
TOML
cat > "$WORK/src/lib.rs" <<'RS'
//! One small, real use of every run-time dependency (scripts/size-floor.sh).
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

#[derive(Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum Block {
    Paragraph { text: String },
    List { ordered: bool, items: Vec<String> },
    Heading { level: u8, text: String },
}

#[derive(Serialize, Deserialize)]
struct Issue {
    key: String,
    title: String,
    #[serde(default)]
    labels: Vec<String>,
    #[serde(default)]
    estimate: Option<f64>,
    #[serde(default)]
    description: Vec<Block>,
}

fn err(e: impl std::fmt::Display) -> JsError {
    JsError::new(&e.to_string())
}

#[wasm_bindgen]
#[allow(unused_variables, unused_mut)]
pub fn run(json: &str, csv_text: &str, markdown: &str, pattern: &str) -> Result<String, JsError> {
    let issues: Vec<Issue> = serde_json::from_str(json).map_err(err)?;
    let mut out: Vec<String> = Vec::new();
    #[cfg(feature = "csv")]
    for rec in csv::ReaderBuilder::new().flexible(true).from_reader(csv_text.as_bytes()).records() {
        out.extend(rec.map_err(err)?.iter().map(str::to_owned));
    }
    #[cfg(feature = "markdown")]
    for ev in pulldown_cmark::Parser::new_ext(markdown, pulldown_cmark::Options::all()) {
        if let pulldown_cmark::Event::Text(t) = ev {
            out.push(t.into_string());
        }
    }
    #[cfg(feature = "regex")]
    let re = regex::RegexBuilder::new(pattern).case_insensitive(true).build().map_err(err)?;
    #[cfg(feature = "aho-corasick")]
    let ac = aho_corasick::AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .match_kind(aho_corasick::MatchKind::LeftmostLongest)
        .build(["as a", "so that", "i want"])
        .map_err(err)?;
    #[cfg(feature = "words")]
    let stemmer = rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English);
    for issue in &issues {
        #[cfg(feature = "words")]
        for w in unicode_segmentation::UnicodeSegmentation::unicode_words(issue.title.as_str()) {
            out.push(stemmer.stem(&w.to_lowercase()).into_owned());
        }
        #[cfg(feature = "regex")]
        if let Some(c) = re.captures(&issue.title) {
            out.push(c.get(0).map_or("", |m| m.as_str()).to_owned());
        }
        #[cfg(feature = "aho-corasick")]
        out.extend(ac.find_iter(&issue.title).map(|m| format!("{}", m.start() as f64 / 3.0)));
    }
    js_sys::JSON::parse(&serde_json::to_string(&issues).map_err(err)?).map_err(|_| JsError::new("parse"))?;
    serde_json::to_string(&out).map_err(err)
}
RS
cd "$WORK"
size() {
  RUSTFLAGS="-C target-feature=+simd128" CARGO_TARGET_DIR="$WORK/target" \
    cargo build -q --release --lib --target wasm32-unknown-unknown "$@"
  rm -rf out
  wasm-bindgen --target web --out-dir out target/wasm32-unknown-unknown/release/floor.wasm
  "$ROOT/node_modules/.bin/wasm-opt" -Os --enable-bulk-memory --enable-nontrapping-float-to-int \
    --enable-sign-ext --enable-mutable-globals --enable-simd out/floor_bg.wasm -o out/floor_bg.wasm
  node -e 'const b = require("fs").readFileSync("out/floor_bg.wasm");
    process.stdout.write(`${b.length} | ${require("zlib").gzipSync(b, { level: 9 }).length}`)'
}
ALL="csv markdown regex aho-corasick words"
echo "| build | raw B | gzip B |"
echo "|---|---:|---:|"
echo "| every dependency | $(size) |"
for f in $ALL; do
  rest=$(printf '%s\n' $ALL | grep -vx "$f" | paste -sd, -)
  echo "| without $f | $(size --no-default-features --features "$rest") |"
done
echo "| serde_json, wasm-bindgen and js-sys only | $(size --no-default-features) |"
[ -n "${READYLENS_FLOOR_DIR:-}" ] || rm -rf "$WORK"
