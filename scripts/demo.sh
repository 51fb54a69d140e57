#!/usr/bin/env bash
# The main job: set up (if needed), build everything, and show readylens working on a
# bundled real backlog.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
source scripts/env.sh
echo
echo "== readylens check www/samples/g03-loudoun.txt"
echo "   (Loudoun County backlog: Dalpiaz user-story data set, CC BY 4.0)"
./target/release/readylens check www/samples/g03-loudoun.txt --format text || true
echo
echo "== readylens check www/samples/mesos-sample.csv"
echo "   (40 Apache Mesos Jira issues: Deep-SE data set, Choetkiertikul et al. 2018)"
./target/release/readylens check www/samples/mesos-sample.csv --format text || true
echo
echo "Built:"
echo "  CLI        target/release/readylens   (try: target/release/readylens check --help)"
echo "  npm/WASM   pkg/"
[ -d dist/extension ] && echo "  extension  dist/extension/ (load unpacked), dist/readylens-chrome.zip, dist/readylens-firefox.zip"
[ -d dist/www ] && echo "  dashboard  dist/www/index.html (serve it: python3 -m http.server -d dist/www)"
exit 0
