#!/bin/sh
# --limit-rate holds the overall speed near the limit with one transfer
# and with eight.  The bound here is generous (the machine may be busy);
# bench/limit measures the accuracy exactly.
. "$SRCDIR/tests/lib.sh"
t_setup
srv_start

# Prints milliseconds since the epoch.
now_ms() {
	echo $(($(date +%s%N) / 1000000))
}

# Runs haul on the queue in $1 at 1 MiB/s and checks it took 2.4-4.5 s
# for the 3 MiB it holds.
timed() {
	start=$(now_ms)
	"$HAUL" --no-tui -q -j 8 --limit-rate=1M -d "out$2" -i "$1" ||
		fail "haul failed on $1"
	took=$(($(now_ms) - start))
	[ "$took" -ge 2400 ] || fail "$1: 3 MiB at 1 MiB/s took $took ms"
	[ "$took" -le 4500 ] || fail "$1: 3 MiB at 1 MiB/s took $took ms"
	echo "$1: $took ms"
}

echo "$BASE/data/3145728/one.bin" > q1
i=1
while [ $i -le 8 ]; do
	echo "$BASE/data/393216/eight$i.bin"
	i=$((i + 1))
done > q8

timed q1 1
expect_file out1/one.bin 3145728
timed q8 8
expect_file out8/eight8.bin 393216

# Without a limit the same bytes take well under the limited time.
start=$(now_ms)
"$HAUL" --no-tui -q -j 8 -d out0 -i q8 || fail "unlimited run failed"
[ $(($(now_ms) - start)) -lt 2000 ] || fail "unlimited run was slow"
t_pass
