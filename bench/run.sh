#!/usr/bin/env bash
# Benchmark: casebook against Hugo (Debian's `hugo` package) on the same synthetic corpus, and
# against the write floor (copying the built site). Usage:
#
#   bench/run.sh [RUNS] [CASES...]        default: 5 runs of 1000 and 10000 cases
#   BENCH_DIR=/dev/shm/cb bench/run.sh    run on tmpfs to take the disk out of the comparison
#
# Every run is cold: it writes into a folder that does not exist yet. Output folders are removed
# only at the end, not between runs: on ext4 without a journal (this machine's disk) the kernel
# skips inodes deleted in the last 60-360 s when it creates files, one by one, so a program that
# writes 24,000 files right after 24,000 were deleted spends most of its time in the kernel's
# inode search (perf: find_inode_bit / recently_deleted), whichever program it is. Prints medians,
# peak memory (from /usr/bin/time) and ratios as a Markdown table, then the real collection's
# build time (content/ of this repository).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
shift || true
sizes=${*:-1000 10000}
work=${BENCH_DIR:-/tmp/casebook-bench}
command -v hugo >/dev/null || { echo "hugo is missing: apt-get install hugo" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time is missing: apt-get install time" >&2; exit 1; }
cargo build --release --quiet --bin casebook --example gen_corpus
bin=$PWD/target/release/casebook
mkdir -p "$work"

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

# timed OUTFILE CMD...: appends "seconds peak_kib" to OUTFILE
timed() {
  local out=$1; shift
  /usr/bin/time -f "%e %M" -o "$out.last" "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; exit 1; }
  cat "$out.last" >> "$out"
}

echo "| cases | casebook | peak | Hugo $(hugo version | grep -o 'v[0-9.]*') | peak | Hugo ÷ casebook | write floor (cp -r) | casebook ÷ floor | ms per case | ms per page | output |"
echo "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
for n in $sizes; do
  dir=$work/$n
  [ -d "$dir/casebook" ] || ./target/release/examples/gen_corpus "$n" "$dir" --hugo 2>/dev/null
  rm -f "$dir"/*.times "$dir"/*.times.last
  for r in $(seq "$runs"); do
    sync
    timed "$dir/cb.times" "$bin" build --quiet --root "$dir/casebook" --out "$dir/out-cb-$r"
    sync
    timed "$dir/hugo.times" hugo --quiet --source "$dir/hugo" --destination "$dir/out-hugo-$r"
    sync
    timed "$dir/copy.times" cp -r "$dir/out-cb-1" "$dir/out-copy-$r"
  done
  pages=$(find "$dir/out-cb-1" -name '*.html' | wc -l)
  # Sum of file sizes: `du` counts each folder as a 4 KiB block on ext4 and as nothing on tmpfs.
  mib=$(find "$dir/out-cb-1" -type f -printf '%s\n' | awk '{s += $1} END {print int(s / 1048576)}')
  cb=$(cut -d' ' -f1 "$dir/cb.times" | median); cbm=$(cut -d' ' -f2 "$dir/cb.times" | median)
  hu=$(cut -d' ' -f1 "$dir/hugo.times" | median); hum=$(cut -d' ' -f2 "$dir/hugo.times" | median)
  cp=$(cut -d' ' -f1 "$dir/copy.times" | median)
  awk -v n="$n" -v cb="$cb" -v cbm="$cbm" -v hu="$hu" -v hum="$hum" -v cp="$cp" -v pages="$pages" -v mib="$mib" 'BEGIN {
    printf "| %d | %.2f s | %d MiB | %.2f s | %d MiB | %.1f× | %.2f s | %.1f× | %.3f | %.3f | %d MiB |\n",
      n, cb, cbm/1024, hu, hum/1024, hu/cb, cp, cb/cp, cb*1000/n, cb*1000/pages, mib }'
done

# The real collection, built the way a user builds it (into a new output folder), RUNS × 2 times.
real=$work/real
rm -f "$real.times" "$real.times.last"
for r in $(seq $((runs * 2))); do
  timed "$real.times" "$bin" build --quiet --root . --out "$real/out-$r"
done
echo
echo "real collection ($(ls content/cases | wc -l) cases): median $(cut -d' ' -f1 "$real.times" | median) s," \
  "peak $(( $(cut -d' ' -f2 "$real.times" | median | cut -d. -f1) / 1024 )) MiB"

# Removed last, so that no timed run follows a mass deletion (see the top).
for n in $sizes; do rm -rf "$work/$n"/out-*; done
rm -rf "$real"
