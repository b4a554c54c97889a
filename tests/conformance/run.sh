#!/usr/bin/env bash
# Real clients' verdicts on the site: the W3C Nu HTML Checker on every page, and Lighthouse
# (accessibility, best practices, SEO) on the home, case, term, search and booklets pages in both
# languages.
#
#   tests/conformance/run.sh [--nu-only] [PROJECT_DIR]
#
# The project (default: this repository) is built twice into a temporary folder: as it is, and with
# `base_url` set to the address it is served at, so the pages with canonical, hreflang and preview
# tags are checked too. Both builds are served over HTTP on 127.0.0.1 for Lighthouse.
# Needs Java (Nu), Debian's Chromium (Lighthouse; CHROME_PATH overrides /usr/bin/chromium), Node.js,
# Python 3 (the HTTP server) and the npm packages of this folder: `npm ci --prefix tests/conformance`.
# Exits 1 when Nu reports an error or a Lighthouse score is below LIGHTHOUSE_MIN (default 0.95).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
nu_only=""
if [ "${1:-}" = "--nu-only" ]; then nu_only=1; shift; fi
project="$(cd "${1:-$repo}" && pwd)"
min="${LIGHTHOUSE_MIN:-0.95}"
export CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}"
casebook="${CASEBOOK:-}"
if [ -z "$casebook" ]; then
  cargo build --release --quiet --manifest-path "$repo/Cargo.toml"
  casebook="${CARGO_TARGET_DIR:-$repo/target}/release/casebook"
fi
vnu="$here/node_modules/vnu-jar/build/dist/vnu.jar"
lighthouse="$here/node_modules/.bin/lighthouse"
[ -f "$vnu" ] || { echo "vnu.jar is missing: run npm ci --prefix tests/conformance" >&2; exit 2; }
command -v java >/dev/null || { echo "Java is missing: apt-get install default-jre-headless" >&2; exit 2; }

work="$(mktemp -d)"
server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
origin="http://127.0.0.1:$port"

# Build 1: as it is (relative links only). Build 2: with base_url, served under a sub-path.
"$casebook" build --quiet --root "$project" --out "$work/www/plain"
mkdir -p "$work/abs"
cp -r "$project/content" "$work/abs/"
[ -d "$project/themes" ] && cp -r "$project/themes" "$work/abs/"
sed -i '/^base_url:/d' "$work/abs/content/site.yaml"
echo "base_url: $origin/abs/" >> "$work/abs/content/site.yaml"
"$casebook" build --quiet --root "$work/abs" --out "$work/www/abs"

status=0
echo "== Nu HTML Checker (errors) =="
for build in plain abs; do
  out="$work/nu-$build.json"
  java -Xss16m -jar "$vnu" --errors-only --skip-non-html --format json "$work/www/$build" 2>"$out" || true
  node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    // The stylesheet of the booklets uses the running headers of CSS Generated Content for Paged Media
    // (string-set, string(); a W3C draft that Paged.js implements), which the CSS
    // validator does not know. Only those two messages are set aside; every other error counts.
    const gcpm = (m) => /“string-set”: Property “string-set” doesn.t exist|“string\(running\)” is not a “content” value/.test(m.message);
    const errs = r.messages.filter((m) => m.type === "error" && !gcpm(m));
    for (const m of errs.slice(0, 40)) console.log(`  ${m.url.replace(/^file:.*?\/www\//, "")}:${m.lastLine}: ${m.message}`);
    console.log(`${process.argv[2]}: ${errs.length} errors`);
    process.exit(errs.length ? 1 : 0);
  ' "$out" "$build" || status=1
done
[ -n "$nu_only" ] && exit $status

echo "== Lighthouse (accessibility, best practices, SEO; minimum $min) =="
(cd "$work/www" && exec python3 -m http.server "$port" --bind 127.0.0.1 >/dev/null 2>&1) &
server=$!
for _ in $(seq 50); do curl -fs "$origin/plain/index.html" >/dev/null 2>&1 && break; sleep 0.1; done
case_page="$(cd "$work/www/plain/ja/cases" && ls -d */ | head -1)"
term_page="incidents/$(cd "$work/www/plain/ja/incidents" && ls -d */ | head -1)"
for build in plain abs; do
  for lang in ja en; do
    pages=("$lang/index.html" "$lang/cases/${case_page}index.html" "$lang/${term_page}index.html" "$lang/search/index.html")
    # The page of the booklets of site.yaml, when the project has some.
    [ -f "$work/www/plain/$lang/booklets/index.html" ] && pages+=("$lang/booklets/index.html")
    for page in "${pages[@]}"; do
      url="$origin/$build/$page"
      "$lighthouse" "$url" --quiet --only-categories=accessibility,best-practices,seo \
        --chrome-flags="--headless=new --no-sandbox --disable-gpu" \
        --output=json --output-path="$work/lh.json" >/dev/null 2>&1 || { echo "  lighthouse failed on $url"; status=1; continue; }
      node -e '
        const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
        const min = Number(process.argv[3]);
        const cats = Object.values(r.categories);
        const line = cats.map((c) => `${c.id} ${c.score}`).join(", ");
        console.log(`${process.argv[2]}: ${line}`);
        let bad = false;
        for (const c of cats) {
          if (c.score >= min) continue;
          bad = true;
          for (const ref of c.auditRefs) {
            const a = r.audits[ref.id];
            if (ref.weight > 0 && a.score !== null && a.score < 1) console.log(`  ${c.id}: ${a.id} — ${a.title}`);
          }
        }
        process.exit(bad ? 1 : 0);
      ' "$work/lh.json" "$build/$page" "$min" || status=1
    done
  done
done
exit $status
