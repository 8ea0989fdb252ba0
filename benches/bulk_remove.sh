#!/usr/bin/env bash
# Removing 1,000 tracks from one collection on a local `freddy-music serve`, timed as whole processes:
#   (a) a shell loop of the seed page's curl command,
#   (b) a loop of the seed page's Python `requests` snippet (one process, a request per track),
#   (c) `freddy-music tracks remove COLLECTION -` (one process, keep-alive pool, 8 at once).
# Each run gets a fresh in-memory server seeded with an Archive of 1,000 tracks.
#
#   bash benches/bulk_remove.sh            (needs curl and python3 with requests)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
BIN=target/release/freddy-music
PORT=${PORT:-18990}
URL="http://127.0.0.1:$PORT"
COLL=mcoll_0a0a0a0a0a0a
N=1000
IDS=$(mktemp)
# The CLI journals every removal: keep that journal out of the real home.
XDG_DATA_HOME=$(mktemp -d)
export XDG_DATA_HOME
for i in $(seq 0 $((N - 1))); do printf 'mtrack_arc%06d\n' "$i"; done > "$IDS"

fresh_server() {
  "$BIN" serve --addr "127.0.0.1:$PORT" --db :memory: --archive-size "$N" > /dev/null 2>&1 &
  SERVER=$!
  for _ in $(seq 50); do curl -s -o /dev/null "$URL/" && break; sleep 0.1; done
}

members_left() {
  FREDDY_API_KEY=ak_demo_listener FREDDY_ORGANIZATION_ID=org_demo FREDDY_BASE_URL="$URL" \
    "$BIN" tracks list "$COLL" --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["items"]))'
}

timed() { # label, command...
  local label=$1; shift
  fresh_server
  local start end
  start=$(date +%s.%N)
  "$@"
  end=$(date +%s.%N)
  local left; left=$(members_left)
  kill "$SERVER"; wait "$SERVER" 2>/dev/null || true
  local secs; secs=$(python3 -c "print(f'{$end - $start:.2f}')")
  echo "$label: ${secs}s (members left: $left)" >&2
  echo "$secs"
}

curl_loop() {
  while read -r id; do
    curl -s -o /dev/null -X DELETE "$URL/v1/music/org_demo/collections/$COLL/tracks/$id" -H "X-API-Key: ak_demo_listener"
  done < "$IDS"
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

freddy() {
  FREDDY_API_KEY=ak_demo_listener FREDDY_ORGANIZATION_ID=org_demo FREDDY_BASE_URL="$URL" \
    "$BIN" tracks remove "$COLL" - < "$IDS" > /dev/null
}

A=$(timed "(a) curl loop" curl_loop)
B=$(timed "(b) python requests loop" python_loop)
C=$(timed "(c) freddy-music tracks remove" freddy)
python3 - "$A" "$B" "$C" <<'PY'
import sys
a, b, c = map(float, sys.argv[1:])
print(f"| method | {int(1000)} removals | vs freddy-music |")
print("| --- | --- | --- |")
print(f"| (a) curl loop | {a:.2f} s | {a / c:.1f}x slower |")
print(f"| (b) python requests loop | {b:.2f} s | {b / c:.1f}x slower |")
print(f"| (c) freddy-music tracks remove | {c:.2f} s | 1x |")
PY
rm -f "$IDS"
rm -rf "$XDG_DATA_HOME"
