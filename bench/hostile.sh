#!/usr/bin/env bash
# Time of a build whose one case holds N equal headings or N footnotes (issue 14, item 8): the
# time per heading must not grow with N. Usage: bench/hostile.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
cargo build --release --quiet --bin casebook
bin=$PWD/target/release/casebook
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
echo "| input | N | median build | µs per item |"
echo "| --- | ---: | ---: | ---: |"
for kind in headings footnotes; do
  for n in 1000 4000 16000 40000; do
    site=$work/$kind-$n
    cp -r tests/fixtures/basic "$site"
    python3 - "$site/content/cases/alpha-001.md" "$kind" "$n" <<'PY'
import sys
path, kind, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
text = open(path, encoding="utf-8").read()
ja, en = text.split("<!-- en -->", 1)
if kind == "headings":
    extra = "".join("## a\n\n本文\n\n" for _ in range(n))
else:
    extra = "".join(f"注[^{i}]\n" for i in range(n)) + "\n" + "".join(f"[^{i}]: 注記{i}\n" for i in range(n))
open(path, "w", encoding="utf-8").write(ja + "\n" + extra + "\n<!-- en -->" + en)
PY
    for r in $(seq "$runs"); do
      /usr/bin/time -f "%e" -o "$work/t" "$bin" check --root "$site" >/dev/null 2>&1
      cat "$work/t"
    done > "$work/times"
    t=$(median < "$work/times")
    awk -v k="$kind" -v n="$n" -v t="$t" 'BEGIN { printf "| %s | %d | %.2f s | %.1f |\n", k, n, t, t * 1e6 / n }'
  done
done
