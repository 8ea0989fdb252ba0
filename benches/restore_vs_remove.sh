#!/usr/bin/env bash
# Taking a large removal back costs about what the removal did: `tracks remove` of 3,000 tracks from the
# demo Archive, then `restore --last`, against `freddy-music serve --latency-ms 200` (every answer 200 ms
# late, as over a slow link), timed as whole processes, RUNS times on a fresh server each.
#
#   bash benches/restore_vs_remove.sh          (RUNS=3 by default; needs curl)
#   N=1000 LATENCY=500 bash benches/restore_vs_remove.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
BIN=$PWD/target/release/freddy-music
PORT=${PORT:-18991}
URL="http://127.0.0.1:$PORT"
COLL=mcoll_0a0a0a0a0a0a
N=${N:-3000}
LATENCY=${LATENCY:-200}
RUNS=${RUNS:-3}
WORK=$(mktemp -d)
trap 'kill "${SERVER:-0}" 2>/dev/null || true; rm -rf "$WORK"' EXIT
export XDG_DATA_HOME=$WORK/data FREDDY_API_KEY=ak_demo_listener FREDDY_ORGANIZATION_ID=org_demo FREDDY_BASE_URL=$URL
for i in $(seq 0 $((N - 1))); do printf 'mtrack_arc%06d\n' "$i"; done > "$WORK/ids"

ms() { date +%s%3N; }
for run in $(seq "$RUNS"); do
  rm -rf "$WORK"/server.db* "$WORK/data"
  "$BIN" serve --addr "127.0.0.1:$PORT" --db "$WORK/server.db" --archive-size "$N" --latency-ms "$LATENCY" > /dev/null 2>&1 &
  SERVER=$!
  for _ in $(seq 200); do
    curl -sf -o /dev/null -H "X-API-Key: ak_demo_listener" "$URL/v1/music/org_demo/collections/$COLL/tracks?limit=1&offset=$((N - 1))" && break
    sleep 0.1
  done
  t0=$(ms); "$BIN" tracks remove "$COLL" - --quiet < "$WORK/ids" > /dev/null 2>&1; t1=$(ms)
  "$BIN" restore --last --quiet > /dev/null 2>&1; t2=$(ms)
  left=$(curl -sf -H "X-API-Key: ak_demo_listener" "$URL/v1/music/org_demo/collections/$COLL" | grep -o '"track_count":[0-9]*')
  echo "run $run: remove $N: $(( t1 - t0 )) ms, restore: $(( t2 - t1 )) ms ($left after the restore)"
  kill "$SERVER"; wait "$SERVER" 2>/dev/null || true
done
