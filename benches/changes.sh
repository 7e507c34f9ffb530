#!/usr/bin/env bash
# `sct changes` with many recommendations added between two commits: the comparison must
# stay linear (issue 13 found it quadratic: 100,000 recommendations took 29 s).
#   benches/changes.sh [REVIEWS]     # default 2500 reviews ≈ 100,000 recommendation files
# Times one run of each of: sct changes between a commit with half the reviews and one with
# all of them (half the recommendations added), and sct status on the same tree (the floor:
# loading and judging the plans once).
set -euo pipefail
cd "$(dirname "$0")/.."
reviews=${1:-2500}
cargo build --release --quiet --bin sct --example gen-corpus
sct=${SCT:-$PWD/target/release/sct}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
target/release/examples/gen-corpus --reviews "$reviews" --out "$work/all" >/dev/null
mkdir -p "$work/repo/plans"
export GIT_CONFIG_GLOBAL=/dev/null GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.org \
  GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.org SCT_TODAY=2012-06-30
git -C "$work/repo" init -q -b main
half=$(( reviews / 2 ))
ls "$work/all" | head -n "$half" | while read -r r; do cp -r "$work/all/$r" "$work/repo/plans/"; done
git -C "$work/repo" add -A && git -C "$work/repo" commit -qm half
first=$(git -C "$work/repo" rev-parse HEAD)
cp -r "$work/all/." "$work/repo/plans/"
git -C "$work/repo" add -A && git -C "$work/repo" commit -qm all
files=$(find "$work/repo/plans" -name '*.toml' ! -name review.toml | wc -l)
echo "repository: $files recommendation files, $(( files / 2 )) or so added by the second commit"
cd "$work/repo"
export SCT_CACHE_DIR=$work/cache
t() { local t0 t1; t0=$(date +%s%N); "$@" >/dev/null; t1=$(date +%s%N); echo $(( (t1 - t0) / 1000000 )); }
t "$sct" status >/dev/null # fills the parse cache
echo "status:                 $(t "$sct" status) ms"
echo "changes --since HALF:   $(t "$sct" changes --since "$first" --until HEAD) ms"
