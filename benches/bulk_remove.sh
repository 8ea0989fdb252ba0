#!/usr/bin/env bash
# Removing 1,000 tracks from the 20,000-track demo Archive on a local `freddy-music serve`, timed as whole
# processes, on the server's default kind of database (a file) and on `:memory:`:
#   (b) a loop of the seed page's Python `requests` snippet (one process, a request per track),
#   (c) `freddy-music tracks remove COLLECTION -` (one process, keep-alive pool, 32 at once).
# Each run gets a fresh server; the server's CPU time during the run (every thread's `sum_exec_runtime`
# from /proc/PID/task/*/schedstat, in ns) is divided by the 1,000 removals. The runs go in pairs, (b) and
# (c) back to back, and the ratio is each pair's: this machine's speed drifts from minute to minute.
#
#   bash benches/bulk_remove.sh            (needs curl and python3 with requests)
#   CONC=16 bash benches/bulk_remove.sh    (tracks remove --concurrency 16 instead of its default 32)
#   RUNS=9 bash benches/bulk_remove.sh     (pairs per database; 5 by default)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
BIN=$PWD/target/release/freddy-music
PORT=${PORT:-18990}
URL="http://127.0.0.1:$PORT"
COLL=mcoll_0a0a0a0a0a0a
N=1000
ARCHIVE=${ARCHIVE:-20000}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
IDS=$WORK/ids
# The CLI journals every removal: keep that journal out of the real home.
export XDG_DATA_HOME=$WORK/data
# Every 20th track of the Archive: removals spread over the whole collection.
for i in $(seq 0 $((N - 1))); do printf 'mtrack_arc%06d\n' $((i * ARCHIVE / N)); done > "$IDS"

fresh_server() { # db
  rm -f "$WORK"/server.db*
  "$BIN" serve --addr "127.0.0.1:$PORT" --db "$1" --archive-size "$ARCHIVE" > /dev/null 2>&1 &
  SERVER=$!
  # The Archive is written in the background: wait until it answers.
  for _ in $(seq 100); do
    curl -sf -o /dev/null -H "X-API-Key: ak_demo_listener" "$URL/v1/music/org_demo/collections/$COLL" && return
    sleep 0.1
  done
  echo "server did not start" >&2; exit 1
}

server_cpu_ns() {
  cat /proc/"$SERVER"/task/*/schedstat 2>/dev/null | awk '{ s += $1 } END { printf "%d", s }'
}

members_left() {
  curl -s -H "X-API-Key: ak_demo_listener" "$URL/v1/music/org_demo/collections/$COLL" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["track_count"])'
}

# One run on a fresh server: prints "seconds server_cpu_ns".
timed() { # db, command...
  local db=$1; shift
  fresh_server "$db"
  local start end cpu0 cpu1
  cpu0=$(server_cpu_ns)
  start=$(date +%s%N)
  "$@"
  end=$(date +%s%N)
  cpu1=$(server_cpu_ns)
  local left; left=$(members_left)
  kill "$SERVER"; wait "$SERVER" 2>/dev/null || true
  [ "$left" = $((ARCHIVE - N)) ] || { echo "expected $((ARCHIVE - N)) members left, found $left" >&2; exit 1; }
  echo "$(( end - start )) $(( cpu1 - cpu0 ))"
}

# RUNS pairs, each a run of (b) and one of (c) back to back (which goes first alternates), so a slow spell
# of this shared machine weighs on both sides of a ratio: "b_s c_s median_ratio min_ratio max_ratio
# b_cpu_µs c_cpu_µs" (medians; CPU per removal).
pairs() { # runs, db
  for r in $(seq "$1"); do
    if [ $((r % 2)) = 1 ]; then
      read -r b bc < <(timed "$2" python_loop); read -r c cc < <(timed "$2" freddy)
    else
      read -r c cc < <(timed "$2" freddy); read -r b bc < <(timed "$2" python_loop)
    fi
    echo "$b $c $bc $cc"
  done | python3 -c '
import statistics as st, sys
rows = [list(map(int, l.split())) for l in sys.stdin if l.strip()]
ratios = sorted(b / c for b, c, _, _ in rows)
med = lambda i: st.median(r[i] for r in rows)
print(f"{med(0) / 1e9:.3f} {med(1) / 1e9:.3f} {st.median(ratios):.1f} {ratios[0]:.1f} {ratios[-1]:.1f} "
      f"{med(2) / 1e3 / '"$N"':.1f} {med(3) / 1e3 / '"$N"':.1f}")'
}

python_loop() {
  FREDDY_API_KEY=ak_demo_listener python3 - "$URL" "$COLL" "$IDS" <<'PY'
import os, sys
import requests
url, coll, ids = sys.argv[1], sys.argv[2], sys.argv[3]
api_key = os.environ["FREDDY_API_KEY"]
for track in open(ids).read().split():
    response = requests.delete(
        f"{url}/v1/music/org_demo/collections/{coll}/tracks/{track}",
        headers={"X-API-Key": api_key},
    )
    response.json()["detail"]
PY
}

# Its standard error goes to a file (shown if it fails): on a terminal it would draw a progress bar, and the
# figures would depend on where the script is run.
freddy() {
  FREDDY_API_KEY=ak_demo_listener FREDDY_ORGANIZATION_ID=org_demo FREDDY_BASE_URL="$URL" \
    "$BIN" tracks remove "$COLL" - ${CONC:+--concurrency $CONC} < "$IDS" > /dev/null 2> "$WORK/freddy.err" ||
    { cat "$WORK/freddy.err" >&2; exit 1; }
}

# The same command's reads alone (get-collection and every member page), for one id that is no member.
freddy_reads() {
  FREDDY_API_KEY=ak_demo_listener FREDDY_ORGANIZATION_ID=org_demo FREDDY_BASE_URL="$URL" \
    "$BIN" tracks remove "$COLL" mtrack_nosuchtrack > /dev/null 2> "$WORK/freddy.err" ||
    { cat "$WORK/freddy.err" >&2; exit 1; }
}

RUNS=${RUNS:-5}
echo "| database | (b) python requests loop | (c) freddy-music tracks remove | (b) / (c): median (range) | server CPU per removal: (b) / (c) / (c) without its reads |"
echo "| --- | --- | --- | --- | --- |"
for db in "$WORK/server.db" ":memory:"; do
  read -r B C RATIO LOW HIGH BCPU CCPU < <(pairs "$RUNS" "$db")
  # The reads' CPU, from a run that lists and removes nothing (N is left as it is: members stay).
  fresh_server "$db"; r0=$(server_cpu_ns); freddy_reads; r1=$(server_cpu_ns); kill "$SERVER"; wait "$SERVER" 2>/dev/null || true
  READS=$(python3 -c "print(f'{($r1 - $r0) / 1000 / $N:.1f}')")
  kind=file; [ "$db" = ":memory:" ] && kind=":memory:"
  python3 -c "print(f'| {\"$kind\"} | {$B:.2f} s | {$C:.3f} s | {$RATIO}x ({$LOW}x to {$HIGH}x) | {$BCPU} µs / {$CCPU} µs / {$CCPU - $READS:.1f} µs |')"
done
