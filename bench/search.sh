#!/usr/bin/env bash
# Search against Pagefind on the same built site: bytes per first query, time to results, and
# recall and precision on a query set of our own (bench/search-queries.json), from file:// and
# over HTTP. See bench/README.md ("Search against Pagefind").
#
#     bench/search.sh [PROJECT_ROOT]       # default: this repository (the real collection)
#
# Environment: RUNS (timed runs per query and engine, default 5), BENCH_DIR (work folder, default
# /tmp/casebook-search-bench), PAGEFIND (a pagefind_extended binary; default: installed from PyPI's
# pagefind-bin-extended into $BENCH_DIR/venv), CHROMIUM (default /usr/bin/chromium),
# CASEBOOK_BIN (default: built with cargo).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
project="${1:-$here}"
work="${BENCH_DIR:-/tmp/casebook-search-bench}"
runs="${RUNS:-5}"
chromium="${CHROMIUM:-/usr/bin/chromium}"
mkdir -p "$work"

if [ -z "${CASEBOOK_BIN:-}" ]; then
  (cd "$here" && cargo build --release --quiet)
  CASEBOOK_BIN="$here/target/release/casebook"
fi
if [ -z "${PAGEFIND:-}" ]; then
  if [ ! -x "$work/venv/bin/python" ]; then python3 -m venv "$work/venv"; fi
  "$work/venv/bin/pip" install --quiet --disable-pip-version-check "pagefind-bin-extended==1.5.2"
  PAGEFIND="$(find "$work/venv" -name pagefind_extended -type f | head -1)"
fi
[ -d "$here/tests/browser/node_modules/playwright-core" ] || npm ci --prefix "$here/tests/browser" --no-audit --no-fund

# One build; Pagefind indexes a copy of it, so neither sees the other's files.
rm -rf "$work/casebook" "$work/pagefind"
"$CASEBOOK_BIN" build --root "$project" --out "$work/casebook" >/dev/null
cp -r "$work/casebook" "$work/pagefind"
# The same documents and the same text of each: the case pages, and of each what casebook indexes —
# the title, the summary, the labels of its facts and its text (<main> without the collection line,
# notices, the facts' headings, the source and the links to the neighbouring cases). The same
# selectors define the relevant cases (bench/search.mjs).
exclude=".eyebrow, .notice, #facts-heading, .facts dt, .group-note, footer.source, nav.prev-next"
"$PAGEFIND" --site "$work/pagefind" --glob "{ja,en}/cases/*/index.html" --root-selector main --exclude-selectors "$exclude" --quiet
for lang in ja en; do
  cat >"$work/pagefind/pagefind-$lang.html" <<EOF
<!DOCTYPE html><html lang="$lang"><head><meta charset="utf-8"><title>Pagefind</title></head><body>
<script type="module">
const q = new URLSearchParams(location.search).get("q");
const started = performance.now();
try {
  const pagefind = await import("./pagefind/pagefind.js");
  const search = await pagefind.search(q);
  const shown = await Promise.all(search.results.slice(0, 10).map((r) => r.data()));
  window.pagefindDone = { at: performance.now(), ms: performance.now() - started, urls: search.results.map((r) => r.id), shown: shown.map((d) => d.url), excerpts: shown.map((d) => d.excerpt) };
} catch (e) {
  window.pagefindDone = { error: String(e) };
}
</script></body></html>
EOF
done
du -sb "$work/pagefind/pagefind" | awk '{printf "Pagefind index: %.1f MiB\n", $1/1048576}'
du -sb "$work/casebook/static/search" | awk '{printf "casebook index: %.1f MiB\n", $1/1048576}'
EXCLUDE="$exclude" node "$here/bench/search.mjs" "$chromium" "$work" "$here/bench/search-queries.json" "$runs"
