#!/usr/bin/env bash
# The audit trail at scale: a repository of the bundled plans plus N commits of progress
# (default 5,000), then sct log, --at and check --history timed against it.
#   benches/history.sh [COMMITS]
# Needs hyperfine (apt-get install hyperfine); falls back to a plain loop without it.
set -euo pipefail
cd "$(dirname "$0")/.."
commits=${1:-5000}
cargo build --release --quiet --bin sct --example gen-history
sct=$PWD/target/release/sct
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
target/release/examples/gen-history --commits "$commits" --plans plans > "$work/history.fi"
git init -q -b main "$work/repo"
git -C "$work/repo" fast-import --quiet < "$work/history.fi"
git -C "$work/repo" reset -q --hard main
# fast-import leaves long delta chains; gc packs the way git itself does in a used repository.
git -C "$work/repo" gc -q
echo "repository: $(git -C "$work/repo" rev-list --count HEAD) commits, $(find "$work/repo/plans" -name '*.toml' | wc -l) plan files"
cd "$work/repo"
export SCT_TODAY=2012-12-31 GIT_CONFIG_GLOBAL=/dev/null
mid=2012-06-30
run() {
  if command -v hyperfine >/dev/null; then
    hyperfine --warmup 2 --runs "${RUNS:-10}" --style basic --export-json "$work/h.json" -n "$1" "$2" >/dev/null
    python3 -c "import json;r=json.load(open('$work/h.json'))['results'][0];print(f\"{r['command']:<28} mean {r['mean']*1000:8.1f} ms  ± {r['stddev']*1000:5.1f}\")"
  else
    local t0 t1; t0=$(date +%s%N); for _ in 1 2 3 4 5; do eval "$2" >/dev/null; done; t1=$(date +%s%N)
    printf '%-28s mean %8.1f ms\n' "$1" "$(( (t1 - t0) / 5000000 ))"
  fi
}
# Warm: the caches (plans and git blobs) filled by the warm-up runs, as on a second run.
# Cold: --no-cache, every blob read from git and parsed.
export SCT_CACHE_DIR=$work/cache
run "log (all), cold" "$sct --no-cache log >/dev/null"
run "log (all)" "$sct log >/dev/null"
run "log --format json" "$sct log --format json >/dev/null"
run "log ONE-ACTION" "$sct log wm-2011/21.1 >/dev/null"
run "status (working tree)" "$sct status >/dev/null"
run "status --no-cache" "$sct --no-cache status >/dev/null"
run "at=$mid status" "$sct --at $mid status >/dev/null"
run "at=$mid status, cold" "$sct --at $mid --no-cache status >/dev/null"
run "list (working tree)" "$sct list >/dev/null"
run "at=$mid list" "$sct --at $mid list >/dev/null"
run "changes --since $mid" "$sct changes --since $mid >/dev/null"
run "changes --since $mid, cold" "$sct --no-cache changes --since $mid >/dev/null"
run "check --history" "$sct check --history >/dev/null 2>&1"
echo "peak memory, log: $( { /usr/bin/time -f '%M' "$sct" log >/dev/null; } 2>&1 | tail -1 ) KB"
