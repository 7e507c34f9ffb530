#!/usr/bin/env bash
# sct similar (issue 18) over a generated corpus: wall time and peak memory, the goal being
# under 10 s and under 1 GB for the 1,000-review corpus (about 40,000 recommendations) on
# 2 cores.
#
#   benches/similar.sh [REVIEWS]     default: 1000
#   RUNS=5 benches/similar.sh 100
#
# Builds release, generates the corpus under target/bench/plans-N once (reused; delete it to
# remake: the generator writes themes and recommendations repeated across reviews), then
# times `sct similar --format json` (every pair at the default threshold) and
# `sct check` (which notes repeats), with hyperfine when installed, and takes the peak
# resident memory of one run of each with GNU time. The parse cache is off, so that every
# run reads and parses every file.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
n=${1:-1000}
runs=${RUNS:-5}
target=${CARGO_TARGET_DIR:-$root/target}
bench=$root/target/bench
mkdir -p "$bench"
cargo build --release --quiet --bin sct --example gen-corpus
sct=$target/release/sct
plans=$bench/plans-$n
[ -d "$plans" ] || "$target/release/examples/gen-corpus" --reviews "$n" --out "$plans"
export SCT_NO_CACHE=1 SCT_TODAY=2012-06-30
recs=$(find "$plans" -name '*.toml' ! -name review.toml ! -name themes.toml | wc -l)
echo "corpus: $plans, $n reviews, $recs recommendations; $(nproc) cores"

peak() { # peak COMMAND...: peak resident memory in MB
  /usr/bin/time -f '%M' -o "$bench/.peak" "$@" >/dev/null 2>&1 || true
  awk '{printf "%.0f MB", $1/1024}' "$bench/.peak"
}
pairs=$("$sct" --plans "$plans" similar --format json | grep -c '"a":' || true)
echo "similar: $pairs pairs at the default threshold; peak $(peak "$sct" --plans "$plans" similar --format json)"
echo "check:   peak $(peak "$sct" --plans "$plans" check)"
if command -v hyperfine >/dev/null 2>&1; then
  hyperfine --runs "$runs" --warmup 1 \
    "$sct --plans $plans similar --format json" \
    "$sct --plans $plans check"
else
  for c in "similar --format json" "check"; do
    s=$(date +%s.%N); for _ in $(seq "$runs"); do "$sct" --plans "$plans" $c >/dev/null 2>&1 || true; done
    e=$(date +%s.%N)
    echo "$c: $(echo "($e - $s) / $runs" | bc -l | cut -c1-5) s a run (mean of $runs)"
  done
fi
