#!/usr/bin/env bash
# diptych's search beside Pagefind on the same section pages, in headless Chromium.
#
#   benches/search/run.sh [CORPUS_DIR] [QUERIES_PER_CLASS]
#
# CORPUS_DIR is a site to build (default: a 300-transcript archive written by a corpus
# generator named by BENCH_GEN, e.g. BENCH_GEN=path/to/gen_corpus.py). Needs Chromium,
# node with playwright-core in target/e2e (as .ci/run installs them), python3 and
# `pip install pagefind-bin-extended`. Prints recall, precision, the rank of the best
# section, latency and bytes per query for each engine, class by class.
set -euo pipefail
cd "$(dirname "$0")/../.."
corpus=${1:-}
per_class=${2:-25}
work=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
if [ -z "$corpus" ]; then
  : "${BENCH_GEN:?give CORPUS_DIR, or BENCH_GEN naming a corpus generator}"
  corpus=$work/corpus
  python3 "$BENCH_GEN" --transcripts 300 --sections 8 --seed 1 --out "$corpus" --force >/dev/null
fi
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cargo build --release --quiet
./target/release/diptych --root "$corpus" build --quiet --base-url "http://127.0.0.1:$port/" --output-dir "$work/site"
# Pagefind indexes the same section pages: only those have an element marked as the body.
find "$work/site" -path '*/index.html' -exec grep -l '<article class="section-page">' {} + \
  | xargs sed -i 's/<article class="section-page">/<article class="section-page" data-pagefind-body>/'
python3 -m pagefind_bin_extended --site "$work/site" --output-subdir pagefind >/dev/null
for lang in zh en; do
  locale=$(grep -o "<html lang=\"[^\"]*\"" "$work/site/$lang/index.html" | head -1 | cut -d'"' -f2)
  cat > "$work/site/pagefind-$lang.html" <<HTML
<!DOCTYPE html><html lang="$locale"><head><meta charset="utf-8"><title>Pagefind</title></head><body>
<script type="module">
const pagefind = await import("/pagefind/pagefind.js");
await pagefind.init();
window.pagefindSearch = async (q) => {
  const found = await pagefind.search(q);
  const data = await Promise.all(found.results.slice(0, 50).map((r) => r.data()));
  return { count: found.results.length, urls: data.map((d) => new URL(d.url, location.href).pathname) };
};
window.ready = true;
</script></body></html>
HTML
done
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$work/site" >/dev/null 2>&1 &
server=$!
sleep 1
node benches/search/compare.mjs "http://127.0.0.1:$port/" "$work/site" "$per_class"
