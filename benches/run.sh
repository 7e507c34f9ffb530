#!/usr/bin/env bash
# sct at scale: check, status, overdue and list over generated corpora of 1k, 10k and 100k
# actions, against the I/O floor (cat of the same files) and against Taskwarrior
# (`task overdue` over a database holding one task per action).
#
#   benches/run.sh [REVIEWS...]      default: 10 100 1000 (one review is about 100 actions)
#   RUNS=10 WARMUP=2 benches/run.sh 10 100
#   NICE=-10 benches/run.sh          # as root on a shared machine: measure ahead of other
#                                    # work (every command alike), not behind it
#
# Installs what it needs with apt-get (hyperfine, taskwarrior, GNU time), builds release,
# generates each corpus under target/bench/ once (reused afterwards; delete it to remake),
# imports each Taskwarrior database once, then writes for each size:
#   target/bench/results-N.json   hyperfine --export-json (every run's time)
#   target/bench/meta-N.json      files, bytes, actions, peak memory, load average, machine
# and finally target/bench/report.md (benches/report.py) from every size present.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10 100 1000)
today=2012-06-30
runs=${RUNS:-10}
warmup=${WARMUP:-2}
bench=$root/target/bench
mkdir -p "$bench"

need() { # need COMMAND PACKAGE
  command -v "$1" >/dev/null 2>&1 && return
  echo "installing $2" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq "$2" >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq "$2" >/dev/null; }
}
need hyperfine hyperfine
need task taskwarrior
[ -x /usr/bin/time ] || need /usr/bin/time time

cargo build --release --quiet --bin sct --example gen-corpus
sct=$root/target/release/sct
gen=$root/target/release/examples/gen-corpus

load() { cut -d' ' -f1-3 /proc/loadavg; }
nice=()
[ -z "${NICE:-}" ] || nice=(nice -n "$NICE")

# Peak resident memory in MB of one run of a shell command (GNU time's %M is in KB).
peak() {
  /usr/bin/time -f '%M' -o "$bench/.peak" bash -c "$1" >/dev/null 2>&1 || true
  awk '{printf "%.1f", $1/1024}' "$bench/.peak"
}

# A sealed Taskwarrior: its own rc file and data folder, no hooks, no questions, no
# garbage collection during the timed runs, no colour, no news, no recurrence.
taskrc() { # taskrc DIR
  cat > "$1/taskrc" <<EOF
data.location=$1/data
confirmation=off
hooks=off
verbose=nothing
gc=off
color=off
recurrence=off
detection=off
defaultwidth=120
news.version=9.9.9
uda.lead.type=string
EOF
}

for n in "${sizes[@]}"; do
  plans=$bench/plans-$n
  tw=$bench/tw-$n
  if [ ! -f "$bench/plans-$n.summary" ]; then
    rm -rf "$plans"
    "$gen" --reviews "$n" --out "$plans" --today "$today" | tee "$bench/plans-$n.summary.tmp"
    mv "$bench/plans-$n.summary.tmp" "$bench/plans-$n.summary"
  fi
  # The corpus must be valid: a benchmark of error reports would measure something else.
  "$sct" --plans "$plans" --today "$today" check >/dev/null

  # Dates are moved to the real clock at import (see benches/taskwarrior.py): import again
  # on another day.
  if [ "$(cat "$tw/imported" 2>/dev/null)" != "$(date -u +%F) $(wc -c < "$bench/plans-$n.summary")" ]; then
    rm -rf "$tw"
    mkdir -p "$tw/data"
    taskrc "$tw"
    "$sct" --plans "$plans" --today "$today" list --format json \
      | python3 benches/taskwarrior.py "$today" > "$tw/import.json"
    TASKRC=$tw/taskrc TASKDATA=$tw/data task rc.gc=on import "$tw/import.json" >/dev/null
    # One collection, as any real use would have run: completed tasks move to completed.data.
    TASKRC=$tw/taskrc TASKDATA=$tw/data task rc.gc=on count >/dev/null
    echo "$(date -u +%F) $(wc -c < "$bench/plans-$n.summary")" > "$tw/imported"
  fi
  export TASKRC=$tw/taskrc TASKDATA=$tw/data

  files=$(find "$plans" -name '*.toml' | wc -l)
  bytes=$(find "$plans" -name '*.toml' -print0 | du -cb --files0-from=- | tail -1 | cut -f1)
  actions=$(sed -n 's/.* files, \([0-9]*\) actions.*/\1/p' "$bench/plans-$n.summary")
  tasks=$(task status:pending or status:completed count)
  sct_overdue=$("$sct" --plans "$plans" --today "$today" list --state overdue --format json | python3 -c 'import json,sys;print(len(json.load(sys.stdin)))')
  tw_overdue=$(task +OVERDUE count)
  echo "== $n reviews: $files files, $bytes bytes, $actions actions; Taskwarrior $tasks tasks; overdue: sct $sct_overdue, task $tw_overdue; load $(load)"

  # Warm: the parse cache (README, "The parse cache") filled by the check above and the
  # warm-up runs, as at a board's terminal after the first run. Cold: --no-cache, every
  # file read and parsed, as after a pull that touched every file.
  export SCT_CACHE_DIR=$bench/cache-$n
  s="$sct --plans $plans --today $today"
  floor="find $plans -name '*.toml' -print0 | xargs -0 cat >/dev/null"
  cmds=(
    "sct check" "$s check >/dev/null"
    "sct status" "$s status >/dev/null"
    "sct overdue" "$s overdue >/dev/null"
    "sct list" "$s list >/dev/null"
    "sct check --no-cache" "$s --no-cache check >/dev/null"
    "sct status --no-cache" "$s --no-cache status >/dev/null"
    "sct overdue --no-cache" "$s --no-cache overdue >/dev/null"
    "sct list --no-cache" "$s --no-cache list >/dev/null"
    "cat (I/O floor)" "$floor"
    "task overdue" "task overdue >/dev/null"
  )
  args=()
  for ((i = 0; i < ${#cmds[@]}; i += 2)); do args+=(-n "${cmds[i]}" "${cmds[i+1]}"); done
  load_before=$(load)
  "${nice[@]}" hyperfine --style basic --warmup "$warmup" --runs "$runs" \
    --export-json "$bench/results-$n.json" "${args[@]}"
  load_after=$(load)

  mem=""
  for ((i = 0; i < ${#cmds[@]}; i += 2)); do
    mem+="$(printf '"%s": %s, ' "${cmds[i]}" "$(peak "${cmds[i+1]}")")"
  done
  cat > "$bench/meta-$n.json" <<EOF
{"reviews": $n, "files": $files, "bytes": $bytes, "actions": $actions, "tasks": $tasks,
 "overdue": {"sct": $sct_overdue, "task": $tw_overdue},
 "peak_mb": {${mem%, }},
 "load_before": "$load_before", "load_after": "$load_after",
 "nproc": $(nproc), "cpu": "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)",
 "when": "$(date -u +%FT%TZ)", "runs": $runs, "warmup": $warmup, "nice": "${NICE:-0}"}
EOF
done

# The bundled plans: what a board actually has.
export SCT_CACHE_DIR=$bench/cache-bundled
load_before=$(load)
"${nice[@]}" hyperfine --style basic --warmup 3 --runs 20 --export-json "$bench/results-bundled.json" \
  -n "sct status (plans/)" "$sct --plans plans --today $today status >/dev/null" \
  -n "sct check (plans/)" "$sct --plans plans --today $today check >/dev/null" \
  -n "sct status --no-cache (plans/)" "$sct --plans plans --today $today --no-cache status >/dev/null"
cat > "$bench/meta-bundled.json" <<EOF
{"reviews": 2, "files": $(find plans -name '*.toml' | wc -l), "bytes": $(find plans -name '*.toml' -print0 | du -cb --files0-from=- | tail -1 | cut -f1),
 "actions": $("$sct" --plans plans --today $today list --format json | python3 -c 'import json,sys;print(len(json.load(sys.stdin)))'),
 "peak_mb": {"sct status (plans/)": $(peak "$sct --plans plans --today $today status"), "sct check (plans/)": $(peak "$sct --plans plans --today $today check")},
 "load_before": "$load_before", "load_after": "$(load)", "nproc": $(nproc), "when": "$(date -u +%FT%TZ)"}
EOF

python3 benches/report.py "$bench" | tee "$bench/report.md"
