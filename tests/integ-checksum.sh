#!/bin/sh
# Checksums: checksum=TYPE=HEX in a queue file is verified for md5,
# sha-1, sha-256 and sha-512; a mismatch fails the task, says so and
# keeps the data as NAME.part; a resumed part is verified whole, so a
# corrupt prefix is caught; a malformed checksum= is reported as
# FILE:LINE and its entry skipped.
. "$SRCDIR/tests/lib.sh"
t_setup
srv_start
LOG=$T_LIB/srv1.log

# Runs haul (see haul_expect) into out/, expecting exit status $1.
run() {
	w=$1
	shift
	haul_expect "$w" -d out "$@"
}

# Prints the hex digest of /data/$N/$2 made by program $1 (sha256sum...).
digest() {
	"$TESTSRV" -g $N "$2" | "$1" | cut -d ' ' -f 1
}

# Prints one line per request the server logged for path $1: its Range,
# or "-" when it had none.
ranges() {
	awk -v p="GET $1 HTTP/" 'index($0, p) {
		i = index($0, "; Range: ")
		v = i ? substr($0, i + 9) : "-"
		sub(/; .*/, "", v)
		print v
	}' "$LOG"
}

# Flips byte $2 of file $1 (writes 0x00, or 0x01 where it was 0x00).
corrupt() {
	old=$(od -An -tx1 -j "$2" -N 1 "$1" | tr -d ' ')
	if [ "$old" = 00 ]; then new='\001'; else new='\000'; fi
	printf "$new" | dd of="$1" bs=1 seek="$2" conv=notrunc 2>/dev/null
}

mkdir out
N=150000
zero=0000000000000000000000000000000000000000000000000000000000000000

# Prefixes to resume: good ones for good.part and early.bin, a corrupt
# one for bad-prefix.bin, a whole but corrupt file for bad-whole.bin.
"$TESTSRV" -g $N resumed.bin | head -c 60000 > out/resumed.bin.part
"$TESTSRV" -g $N early.bin | head -c 60000 > out/early.bin.part
"$TESTSRV" -g $N bad-prefix.bin | head -c 60000 > out/bad-prefix.bin.part
corrupt out/bad-prefix.bin.part 1234
"$TESTSRV" -g $N whole.bin > out/whole.bin.part
"$TESTSRV" -g $N bad-whole.bin > out/bad-whole.bin.part
corrupt out/bad-whole.bin.part 99999
upper=$(digest sha256sum upper.bin | tr 'a-f' 'A-F')

cat > queue <<EOF2
$BASE/data/$N/md5.bin
  checksum=md5=$(digest md5sum md5.bin)
$BASE/data/$N/sha1.bin
  checksum=sha-1=$(digest sha1sum sha1.bin)
$BASE/data/$N/sha256.bin
  checksum=sha-256=$(digest sha256sum sha256.bin)
$BASE/data/$N/sha512.bin
  checksum=sha-512=$(digest sha512sum sha512.bin)
$BASE/data/$N/upper.bin
  checksum=SHA256=$upper
$BASE/data/$N/wrong.bin
  checksum=sha-256=$zero
$BASE/data/$N/resumed.bin
  checksum=sha-256=$(digest sha256sum resumed.bin)
$BASE/early/10000/data/$N/early.bin
  checksum=sha-256=$(digest sha256sum early.bin)
$BASE/data/$N/bad-prefix.bin
  checksum=sha-256=$(digest sha256sum bad-prefix.bin)
$BASE/data/$N/whole.bin
  checksum=sha-1=$(digest sha1sum whole.bin)
$BASE/data/$N/bad-whole.bin
  checksum=sha-1=$(digest sha1sum bad-whole.bin)
$BASE/data/$N/malformed1.bin
  checksum=sha-256=xyz
$BASE/data/$N/malformed2.bin
  checksum=crc32=0badf00d
$BASE/data/$N/malformed3.bin
  checksum=md5=$zero
EOF2
run 1 --retries=0 -i queue

for f in md5 sha1 sha256 sha512 upper resumed early whole; do
	expect_file out/$f.bin $N
	grep -q "^done .*out/$f.bin\$" stdout || fail "$f.bin not done"
done
grep -q '^8 done, 3 failed' stdout || fail "summary: $(tail -n 1 stdout)"

# A wrong digest: said in words; the whole body stays in the part.
want="checksum mismatch: expected sha-256=$zero, got"
grep -q "failed  $BASE/data/$N/wrong.bin: $want" stderr ||
	fail "wrong digest not reported: $(cat stderr)"
grep -q "wrong.bin: .*kept in out/wrong.bin.part" stderr ||
	fail "the kept part is not named: $(cat stderr)"
[ ! -e out/wrong.bin ] || fail "wrong.bin renamed into place"
"$TESTSRV" -g $N wrong.bin > gen
cmp -s out/wrong.bin.part gen || fail "wrong.bin.part does not hold the body"

# Resumed parts were read back, not fetched again.
[ "$(ranges /data/$N/resumed.bin)" = "bytes=60000-" ] ||
	fail "resumed.bin: Range $(ranges /data/$N/resumed.bin)"
[ "$(ranges /data/$N/bad-prefix.bin)" = "bytes=60000-" ] ||
	fail "bad-prefix.bin: Range $(ranges /data/$N/bad-prefix.bin)"
# A corrupt byte in the kept prefix, or in a part already whole, is
# caught by the digest.
for f in bad-prefix bad-whole; do
	grep -q "failed  $BASE/data/$N/$f.bin: checksum mismatch" stderr ||
		fail "$f.bin: corruption not caught: $(cat stderr)"
	[ ! -e out/$f.bin ] && [ -s out/$f.bin.part ] ||
		fail "$f.bin: $(ls out)"
done

# Malformed checksums: reported with the line of their entry, which is
# skipped and never fetched.
for n in 23 25 27; do
	grep -q "^haul: queue:$n: checksum: .*; entry skipped" stderr ||
		fail "line $n not reported: $(cat stderr)"
done
! grep -q malformed "$LOG" || fail "a malformed entry was fetched"
! ls out | grep -q malformed || fail "a malformed entry left files"
t_pass
