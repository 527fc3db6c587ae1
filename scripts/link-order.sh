#!/bin/bash
# Regenerates Sources/feedwatch/link-order.txt: the functions `feedwatch run`
# executes while it polls loopback feeds with the benchmark's 10,000 topics,
# recorded by valgrind's callgrind (see scripts/link_order.py for why).
# Needs valgrind and a few minutes. usage: scripts/link-order.sh [FEEDS]
set -euo pipefail
cd "$(dirname "$0")/.."
feeds=${1:-150}
work=$(mktemp -d)
trap 'exec 3>&-; kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
swift build -c release
bin=$(swift build -c release --show-bin-path)
# valgrind 3.19 cannot read the DWARF 5 the toolchain writes: profile a copy without it.
strip --strip-debug "$bin/feedwatch" -o "$work/feedwatch"
"$bin/feedwatch-bench" daemon --write-config "$work/all.conf" >/dev/null
mkfifo "$work/in"
"$bin/feedwatch-bench" serve .build/bench-corpus/feeds --feeds "$feeds" --limit "$feeds" <"$work/in" >"$work/port" &
server=$!
exec 3>"$work/in"
until [ -s "$work/port" ]; do
    kill -0 "$server" 2>/dev/null || { echo "the feed server did not start" >&2; exit 1; }
    sleep 0.2
done
port=$(head -1 "$work/port")
# The first FEEDS feeds, on this server's port, and every topic.
awk -v n="$feeds" -v port="$port" '
    /^\[feed f/ { keep = substr($2, 2) + 0 < n }
    /^\[(topic|defaults)/ { keep = 1 }
    keep { sub(/127\.0\.0\.1:[0-9]+/, "127.0.0.1:" port); print }' "$work/all.conf" >"$work/feeds.conf"
valgrind --tool=callgrind --demangle=no --callgrind-out-file="$work/profile" \
    "$work/feedwatch" run --config "$work/feeds.conf" --state-dir "$work/state" >/dev/null 2>"$work/log" &
daemon=$!
python3 - "$work/state/feedwatch.sqlite" "$feeds" "$daemon" <<'PY'
import os, sqlite3, sys, time
path, feeds, daemon = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
for _ in range(1800):
    time.sleep(1)
    try:
        os.kill(daemon, 0)
    except OSError:
        sys.exit("the profiled daemon ended before it had polled every feed")
    try:
        polled = sqlite3.connect(path).execute("SELECT count(*) FROM feed WHERE last_poll IS NOT NULL").fetchone()[0]
    except sqlite3.Error:
        continue
    if polled >= feeds:
        time.sleep(20)  # the polls' tail: alerts written, stories compacted
        sys.exit(0)
sys.exit("the daemon did not poll every feed in 30 minutes")
PY
kill -TERM "$daemon"
wait "$daemon" || true
python3 scripts/link_order.py "$work/profile" feedwatch >"$work/order"
mv "$work/order" Sources/feedwatch/link-order.txt
echo "wrote $(grep -vc '^#' Sources/feedwatch/link-order.txt) functions to Sources/feedwatch/link-order.txt" >&2
# SwiftPM does not know the file is an input of the link.
rm "$bin/feedwatch"
swift build -c release --product feedwatch
