#!/bin/sh
# SIGKILL in the middle of several large transfers, twice: no file is
# ever named NAME before it is whole, each later run on the same queue
# continues every NAME.part exactly where it ends, and every file ends
# byte-identical to the source.
. "$SRCDIR/tests/lib.sh"
t_setup
srv_start
LOG=$T_LIB/srv1.log

SIZE=4194304
RATE=1048576
NAMES="k1.bin k2.bin k3.bin k4.bin"
# Four bodies at about 1 MiB/s each, framed three ways.
cat > queue <<EOF2
$BASE/slow/$RATE/data/$SIZE/k1.bin
$BASE/slow/$RATE/data/$SIZE/k2.bin
$BASE/slow/$RATE/chunked/$SIZE/k3.bin
$BASE/slow/$RATE/nolen/$SIZE/k4.bin
EOF2

# Prints the size of file $1 in bytes, 0 if it does not exist.
size() {
	if [ -f "$1" ]; then wc -c < "$1" | tr -d ' '; else echo 0; fi
}

# Succeeds when every part holds at least $1 bytes.
parts_have() {
	for n in $NAMES; do
		[ "$(size "out/$n.part")" -ge "$1" ] || return 1
	done
}

# Prints the Range of the latest request the server logged for name $1.
last_range() {
	awk -v p="/$1 HTTP/" 'index($0, p) {
		i = index($0, "; Range: ")
		v = i ? substr($0, i + 9) : "-"
		sub(/; .*/, "", v)
	} END { print v }' "$LOG"
}

# Starts haul on the queue, waits until every part holds $1 bytes, and
# kills it with SIGKILL; then checks that nothing was named too early
# and notes each part's size in the file sizes.$1.
run_and_kill() {
	"$HAUL" --no-tui -j 4 -d out -i queue > stdout 2> stderr &
	pid=$!
	t_kill_at_exit $pid
	t_wait 15 parts_have "$1" ||
		fail "parts never reached $1 bytes: $(ls -l out 2>&1)"
	kill -KILL $pid
	wait $pid 2>/dev/null
	for n in $NAMES; do
		[ ! -e "out/$n" ] || fail "$n named before it was whole"
		s=$(size "out/$n.part")
		[ "$s" -lt $SIZE ] || fail "$n.part already whole: $s bytes"
		echo "$n $s"
	done > "sizes.$1"
}

# Fails unless the last request for each name asked for the rest of the
# part, as noted in file $1.
check_ranges() {
	while read -r n s; do
		r=$(last_range "$n")
		[ "$r" = "bytes=$s-" ] ||
			fail "$n: resumed with '$r', the part held $s bytes"
	done < "$1"
}

run_and_kill 300000
run_and_kill 900000
check_ranges sizes.300000

got=0
timeout 30 "$HAUL" --no-tui -j 4 -d out -i queue > stdout 2> stderr ||
	got=$?
[ "$got" -eq 0 ] || fail "the last run exited $got: $(cat stderr)"
check_ranges sizes.900000
for n in $NAMES; do
	expect_file "out/$n" $SIZE
done
grep -q '^4 done, 0 failed' stdout || fail "summary: $(tail -n 1 stdout)"
[ "$(ls out | wc -l)" -eq 4 ] || fail "left behind: $(ls out)"
t_pass
