#!/usr/bin/env bash
# How long `cargo test --no-run` takes after a one-line change in the TUI's drawing code (the "⟳ loading… "
# literal in the header), here and at a commit given (default 3223b94, the last single-crate layout),
# in alternating pairs (before, after, before, after …) so a drift of the machine hits both alike.
# Prints each pair and the median, minimum and maximum of the ratio after/before.
#
#   bash benches/incremental_build.sh [BEFORE_COMMIT] [PAIRS]
#
# Both trees are built once first (not timed); the before tree is a git worktree in a temp directory
# with its own target directory, removed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
before_commit=${1:-3223b94}
pairs=${2:-5}
after_dir=$(pwd)
after_file=crates/tui/src/ui/header.rs
before_dir=$(mktemp -d)
trap 'git worktree remove --force "$before_dir" >/dev/null 2>&1 || rm -rf "$before_dir"' EXIT
git worktree add -q --detach "$before_dir" "$before_commit"
before_file=src/ui/header.rs
[ -f "$before_dir/$before_file" ] || before_file=$after_file

# One content change (a new number in the literal), then the incremental test build; prints seconds.
one() {
  local dir=$1 file=$2 start end
  sed -i -E "s/\"⟳ loading…[^\"]*\"/\"⟳ loading… $(date +%s%N) \"/" "$dir/$file"
  start=$(date +%s.%N)
  (cd "$dir" && cargo test --no-run -q >/dev/null 2>&1)
  end=$(date +%s.%N)
  echo "$end - $start" | bc
}

echo "building both trees once (not timed)…" >&2
(cd "$before_dir" && cargo test --no-run -q >/dev/null 2>&1)
(cd "$after_dir" && cargo test --no-run -q >/dev/null 2>&1)
cp "$after_dir/$after_file" "$before_dir/.header.keep"
restore_after() { cp "$before_dir/.header.keep" "$after_dir/$after_file"; }
trap 'restore_after; git worktree remove --force "$before_dir" >/dev/null 2>&1 || rm -rf "$before_dir"' EXIT

ratios=()
for i in $(seq 1 "$pairs"); do
  b=$(one "$before_dir" "$before_file")
  a=$(one "$after_dir" "$after_file")
  r=$(echo "scale=3; $a / $b" | bc)
  ratios+=("$r")
  printf 'pair %d: before %.1f s, after %.1f s, after/before %s\n' "$i" "$b" "$a" "$r"
done
sorted=$(printf '%s\n' "${ratios[@]}" | sort -n)
median=$(echo "$sorted" | sed -n "$(((pairs + 1) / 2))p")
printf 'after/before: median %s, min %s, max %s (%d pairs)\n' "$median" "$(echo "$sorted" | head -1)" \
  "$(echo "$sorted" | tail -1)" "$pairs"
