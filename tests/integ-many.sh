#!/bin/sh
# 100 files from 0 B to 8 MiB with -j 4: every byte on disk must match
# what the server sent, every file gets its own line and the summary adds
# up; nothing is left as .part.
. "$SRCDIR/tests/lib.sh"
t_setup
srv_start

# Sizes cycle through empty, tiny, odd, block-sized, large and 8 MiB.
size_of() {
	case $(($1 % 10)) in
	0) echo 0 ;;
	1) echo 1 ;;
	2) echo 1000 ;;
	3) echo 4096 ;;
	4) echo 65537 ;;
	5) echo $((300 * 1024 + $1)) ;;
	6) echo $((1024 * 1024)) ;;
	7) echo 12345 ;;
	8) echo 777 ;;
	9) if [ $(($1 % 20)) -eq 9 ]; then echo $((8 * 1024 * 1024)); \
	   else echo $((2 * 1024 * 1024 + 3)); fi ;;
	esac
}

i=1
while [ $i -le 100 ]; do
	echo "$BASE/data/$(size_of $i)/f$i.bin"
	i=$((i + 1))
done > queue

"$HAUL" --no-tui -j 4 -i queue -d out > stdout 2> stderr ||
	fail "haul exited $? (stderr: $(cat stderr))"

i=1
while [ $i -le 100 ]; do
	expect_file "out/f$i.bin" "$(size_of $i)" "f$i.bin"
	i=$((i + 1))
done
[ "$(grep -c '^done ' stdout)" -eq 100 ] || fail "expected 100 done lines"
grep -q '^100 done, 0 failed, 0 not finished' stdout ||
	fail "summary wrong: $(tail -n 1 stdout)"
[ -z "$(find out -name '*.part')" ] || fail ".part files left behind"
[ "$(ls out | wc -l)" -eq 100 ] || fail "expected exactly 100 files"
[ ! -s stderr ] || fail "unexpected stderr: $(cat stderr)"
t_pass
