#!/bin/sh
# Disk: a write that fails (here: past a file size limit, EFBIG) fails
# its task with the reason in words and keeps what was written, while
# the other tasks complete; a dir= that cannot be created fails only its
# own task.
. "$SRCDIR/tests/lib.sh"
t_setup
srv_start

# Runs haul (see haul_expect) expecting exit status $1.
run() {
	w=$1
	shift
	haul_expect "$w" "$@"
}

# Prints the size of file $1 in bytes.
size() {
	wc -c < "$1" | tr -d ' '
}

mkdir out
cat > queue <<EOF2
$BASE/data/20000/small1.bin
$BASE/data/2000000/big.bin
$BASE/data/30000/small2.bin
$BASE/data/40000/small3.bin
EOF2

# 512 blocks of 512 bytes: 256 KiB.  haul ignores SIGXFSZ, so a write
# past the limit fails with EFBIG instead of killing it.
got=0
(
	ulimit -f 512 || exit 99
	exec timeout 30 "$HAUL" --no-tui --retries=2 -d out -i queue
) > stdout 2> stderr || got=$?
[ "$got" -ne 99 ] || skip "ulimit -f is not available"
[ "$got" -eq 1 ] || fail "exit $got, expected 1: $(cat stderr)"
why="cannot write out/big.bin.part: File too large"
grep -q "failed  $BASE/data/2000000/big.bin: $why" stderr ||
	fail "write error not reported: $(cat stderr)"
expect_file out/small1.bin 20000
expect_file out/small2.bin 30000
expect_file out/small3.bin 40000
grep -q '^3 done, 1 failed' stdout || fail "summary: $(tail -n 1 stdout)"
[ ! -e out/big.bin ] || fail "big.bin renamed into place"
# What was written is kept, and it is the start of the body.
kept=$(size out/big.bin.part)
[ "$kept" -gt 0 ] && [ "$kept" -le 262144 ] ||
	fail "big.bin.part holds $kept bytes"
"$TESTSRV" -g 2000000 big.bin | head -c "$kept" > prefix
cmp -s prefix out/big.bin.part || fail "big.bin.part is not a prefix"
# Write errors are not retried: one request.
[ "$(grep -c 'GET /data/2000000/big.bin ' "$T_LIB/srv1.log")" -eq 1 ] ||
	fail "a write error was retried"

# Without the limit, the next run resumes the part and completes it.
run 0 -d out "$BASE/data/2000000/big.bin"
expect_file out/big.bin 2000000

# A directory that cannot be made: a file stands in its way.
: > out/blocker
cat > queue <<EOF2
$BASE/data/1000/one.bin
  dir=blocker/sub
$BASE/data/1000/two.bin
  dir=blocker
$BASE/data/1000/three.bin
  dir=fine/sub
EOF2
run 1 -d out -i queue
why="cannot create directory out/blocker/sub: Not a directory"
grep -q "failed  $BASE/data/1000/one.bin: $why" stderr ||
	fail "blocked dir= not reported: $(cat stderr)"
grep -q "failed  $BASE/data/1000/two.bin: .*Not a directory" stderr ||
	fail "dir= naming a file not reported: $(cat stderr)"
expect_file out/fine/sub/three.bin 1000
[ -f out/blocker ] && [ ! -s out/blocker ] || fail "out/blocker was changed"

# A directory without write permission, where permissions hold.
if [ "$(id -u)" -ne 0 ]; then
	mkdir out/locked
	chmod 555 out/locked
	run 1 -d out/locked "$BASE/data/1000/locked.bin"
	chmod 755 out/locked
	grep -q "failed  $BASE/data/1000/locked.bin: .*Permission denied" \
		stderr || fail "unwritable dir not reported: $(cat stderr)"
fi

# A full disk, where a small file system can be mounted (root, and a
# machine that allows it): the big file fails with ENOSPC and keeps what
# it wrote; the small one, fetched first, completes.
mkdir full
if mount -t tmpfs -o size=256k tmpfs full 2>/dev/null; then
	printf '%s\n' "$BASE/data/1000/small.bin" \
	    "$BASE/data/2000000/big.bin" > queue
	status=0
	timeout 30 "$HAUL" --no-tui -j 1 -d full -i queue > stdout \
	    2> stderr || status=$?
	kept=$(wc -c < full/big.bin.part 2>/dev/null || echo 0)
	"$TESTSRV" -g 1000 small.bin | cmp -s - full/small.bin
	small_ok=$?
	umount full
	[ "$status" -eq 1 ] || fail "full disk: exit $status"
	grep -q "big.bin: cannot write .*No space left on device" stderr ||
		fail "full disk not reported: $(cat stderr)"
	[ "$small_ok" -eq 0 ] || fail "small.bin did not complete"
	[ "$kept" -gt 0 ] || fail "big.bin.part lost what was written"
else
	echo "no tmpfs mount here: the full-disk case is skipped"
fi
t_pass
