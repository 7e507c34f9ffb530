#!/usr/bin/env bash
# sct import docx / xlsx (issue 17) on one long generated plan: wall time and peak memory
# of a --dry-run (everything read, checked and shown, nothing written).
#
#   benches/office.sh [RECOMMENDATIONS]     default: 1000 (3,000 actions)
#
# Builds release, writes target/bench/office/plan-N.docx and .xlsx with
# examples/gen-office.rs, then imports each into an empty review.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
n=${1:-1000}
target=${CARGO_TARGET_DIR:-$root/target}
bench=$root/target/bench/office
cargo build --release --quiet --bin sct --example gen-office
"$target/release/examples/gen-office" "$n" "$bench"
sct=$target/release/sct
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/plans/big"
printf 'title = "Bench"\nboard = "Bench LSCB"\n\n[agencies]\nBHFT = "Berkshire Healthcare NHS Foundation Trust"\n' \
  > "$work/plans/big/review.toml"
export SCT_NO_CACHE=1 SCT_TODAY=2012-06-30
echo "$n recommendations, $((3 * n)) actions; $(nproc) cores"
for kind in docx xlsx; do
  file=$bench/plan-$n.$kind
  /usr/bin/time -f "%e s %M" -o "$work/time" \
    "$sct" --plans "$work/plans" import "$kind" "$file" --review big --agency BHFT --dry-run \
    > "$work/out" 2> "$work/err" || { cat "$work/err"; exit 1; }
  read -r secs _ kb < "$work/time"
  printf '%s: %s, %s s, peak %d MB (%s)\n' "$kind" "$(du -h "$file" | cut -f1)" "$secs" \
    $((kb / 1024)) "$(tail -1 "$work/out")"
done
