#!/bin/sh
# Ten URLs that all want the name same.bin end as ten distinct files,
# same.bin and same (1).bin to same (9).bin, each one whole.
. "$SRCDIR/tests/lib.sh"
t_setup
srv_start

i=1
while [ $i -le 10 ]; do
	# Different sizes make different bodies; the delays overlap them.
	echo "$BASE/delay/$((i * 7))/data/$((100000 + i))/same.bin"
	i=$((i + 1))
done > queue

"$HAUL" --no-tui -j 8 -i queue -d out > stdout 2> stderr ||
	fail "haul exited $?: $(cat stderr)"

[ "$(ls out | wc -l)" -eq 10 ] || fail "expected 10 files: $(ls out)"
[ -f out/same.bin ] || fail "same.bin missing"
n=1
while [ $n -le 9 ]; do
	[ -f "out/same ($n).bin" ] || fail "same ($n).bin missing: $(ls out)"
	n=$((n + 1))
done
# Every body arrived whole, each in exactly one file.
i=1
while [ $i -le 10 ]; do
	size=$((100000 + i))
	"$TESTSRV" -g "$size" same.bin > expected
	found=0
	for f in out/*; do
		if cmp -s expected "$f"; then
			found=$((found + 1))
		fi
	done
	[ $found -eq 1 ] || fail "body of size $size found $found times"
	i=$((i + 1))
done
t_pass
