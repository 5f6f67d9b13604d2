#!/bin/sh
# make demo: serve a set of generated files on 127.0.0.1 with the test
# server and open haul on a queue of them.  Works offline.  Some transfers
# are throttled so the bars have time to move, and two URLs fail on
# purpose so the error pane has something to show.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
TESTSRV=${TESTSRV:-$top/tests/testsrv}
HAUL=${HAUL:-$top/src/haul}
work=${DEMO_DIR:-$top/demo}

rm -rf "$work"
mkdir -p "$work/downloads"
cd "$work"
"$TESTSRV" -f port -t 3600 > /dev/null &
srv=$!
trap 'kill $srv 2>/dev/null' EXIT INT TERM
n=0
while [ ! -s port ] && [ $n -lt 100 ]; do
	sleep 0.1
	n=$((n + 1))
done
base=http://127.0.0.1:$(cat port)

{
	echo "# haul demo queue: throttled files, fast files, two failures"
	for i in 1 2 3 4 5 6; do
		rate=$((i * 256 * 1024))
		size=$((i * 3 * 1024 * 1024))
		echo "$base/slow/$rate/data/$size/video-$i.mkv"
	done
	echo "$base/status/404/missing.iso"
	echo "$base/status/403/secret.tar.gz"
	for i in 1 2 3 4 5 6 7 8 9 10 11 12; do
		size=$((i * 200 * 1024))
		echo "$base/slow/$((512 * 1024))/data/$size/photo-$i.jpg"
	done
	echo "$base/nolen/$((4 * 1024 * 1024))/stream.bin"
	for i in 1 2 3 4 5 6 7 8 9 10; do
		echo "$base/data/$((i * 50000))/doc-$i.pdf"
	done
	echo "$base/slow/$((1024 * 1024))/data/$((24 * 1024 * 1024))/debian.iso"
	echo "  out=debian-netinst.iso"
} > queue.txt

echo "demo: serving on $base; queue in $work/queue.txt"
if [ -t 1 ]; then
	"$HAUL" -j 4 -d downloads -i queue.txt --retries=0 || true
else
	"$HAUL" --no-tui -j 4 -d downloads -i queue.txt --retries=0 || true
fi
echo "demo: files are in $work/downloads"
