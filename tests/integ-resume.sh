#!/bin/sh
# Resume: a .part holding a good prefix is continued with a Range request;
# a server that ignores the Range, answers from an earlier or a later
# byte, or says 416 never leaves a corrupt file; --no-continue ignores
# the .part; the validator saved beside the part goes out as If-Range,
# and a resource that changed on the server is fetched again from byte 0.
. "$SRCDIR/tests/lib.sh"
t_setup
srv_start

# Runs haul (see haul_expect) into out/, expecting exit status $1.
run() {
	w=$1
	shift
	haul_expect "$w" -d out "$@"
}

# Asks the server for path $1, for what it does (/bump).
srv_get() {
	if command -v curl >/dev/null 2>&1; then
		curl -q -sS --noproxy '*' -o /dev/null "$BASE$1"
	else
		"$HAUL" --no-tui -q -d "$T_LIB" -o get --on-exists=overwrite \
		    "$BASE$1"
	fi || fail "cannot read $BASE$1"
}

mkdir out
N=200000

# A good prefix; a garbage part longer than a body whose server ignores
# Range; a good prefix whose last 5000 bytes are wrong, for a server
# that answers 5000 bytes early (they must be written again); a prefix
# for a server that answers late; a part longer than the file (416).
"$TESTSRV" -g $N good.bin | head -c 70000 > out/good.bin.part
head -c 250000 /dev/zero > out/norange.bin.part
"$TESTSRV" -g $N early.bin | head -c 65000 > out/early.bin.part
head -c 5000 /dev/zero >> out/early.bin.part
"$TESTSRV" -g $N late.bin | head -c 70000 > out/late.bin.part
"$TESTSRV" -g $N long.bin > out/long.bin.part
head -c 1000 /dev/zero >> out/long.bin.part
cat > queue <<EOF2
$BASE/data/$N/good.bin
$BASE/norange/data/$N/norange.bin
$BASE/early/5000/data/$N/early.bin
$BASE/late/5000/data/$N/late.bin
$BASE/data/$N/long.bin
EOF2
run 0 --retries=2 -i queue
for f in good norange early late long; do
	expect_file out/$f.bin $N
done
[ "$(ls out | flat)" = "early.bin good.bin late.bin long.bin norange.bin" ] ||
	fail "unexpected files in out/: $(ls out)"
grep -q '^5 done, 0 failed' stdout || fail "summary: $(tail -n 1 stdout)"

p=/data/$N/good.bin
expect_sent $p Range "bytes=70000-"
expect_answers $p "206"
p=/norange/data/$N/norange.bin
expect_sent $p Range "bytes=250000-"
expect_answers $p "200"
p=/early/5000/data/$N/early.bin
expect_answers $p "206"
# A 206 from byte 75000 is refused; the next try starts from byte 0.
p=/late/5000/data/$N/late.bin
expect_sent $p Range "bytes=70000- -"
expect_answers $p "206 200"
p=/data/$N/long.bin
expect_sent $p Range "bytes=201000- -"
expect_answers $p "416 200"

# An error answer to a resume never reaches the part: a 404 leaves it
# as it was, and after a 503 the retry still continues it.
"$TESTSRV" -g $N err.bin | head -c 70000 > out/err.bin.part
cp out/err.bin.part prefix
run 1 --retries=0 "$BASE/failn/1/404/e1/data/$N/err.bin"
grep -q "err.bin: HTTP 404 Not Found" stderr || fail "404: $(cat stderr)"
cmp -s out/err.bin.part prefix || fail "a 404 answer changed err.bin.part"
u=/failn/1/503/e2/data/$N/err.bin
run 0 --retries=1 "$BASE$u"
expect_file out/err.bin $N
expect_sent $u Range "bytes=70000- bytes=70000-"

# --no-continue: a garbage part is ignored, not continued.
head -c 50000 /dev/zero > out/fresh.bin.part
run 0 --no-continue "$BASE/data/$N/fresh.bin"
expect_file out/fresh.bin $N
expect_sent /data/$N/fresh.bin Range "-"
[ ! -e out/fresh.bin.part ] || fail "fresh.bin.part left behind"

# The validator: a first run cut short keeps NAME.part and its ETag in
# NAME.part.meta; when nothing changed, the next run resumes with it.
u=/shortonce/same/versioned/$N/same.bin
run 1 --retries=0 "$BASE$u"
grep -q "failed  $BASE$u: connection closed early" stderr ||
	fail "short body not reported: $(cat stderr)"
[ -s out/same.bin.part.meta ] || fail "no same.bin.part.meta"
[ "$(wc -c < out/same.bin.part | tr -d ' ')" -eq $((N / 2)) ] ||
	fail "same.bin.part: $(wc -c < out/same.bin.part) bytes"
[ ! -e out/same.bin ] || fail "same.bin exists after a short body"
etag=$(cat out/same.bin.part.meta)
run 0 --retries=0 "$BASE$u"
expect_file out/same.bin $N same.bin.v0
expect_sent $u If-Range "- $etag"
expect_sent $u Range "- bytes=$((N / 2))-"
expect_answers $u "200 206"
[ ! -e out/same.bin.part.meta ] || fail "same.bin.part.meta left behind"

# Now three parts, then the resource changes (/bump).  If-Range with the
# old ETag gets the new body whole; a server that ignores If-Range sends
# a 206 with the new ETag, which haul must refuse and start over; with
# no ETag, the Last-Modified date is the validator.
cat > queue <<EOF2
$BASE/shortonce/a/versioned/$N/chg.bin
$BASE/shortonce/b/noifrange/versioned/$N/noif.bin
$BASE/shortonce/c/noetag/versioned/$N/date.bin
EOF2
run 1 --retries=0 -i queue
grep -q '^0 done, 3 failed' stdout || fail "summary: $(tail -n 1 stdout)"
for f in chg noif date; do
	[ -s out/$f.bin.part.meta ] || fail "no $f.bin.part.meta"
	[ ! -e out/$f.bin ] || fail "$f.bin exists after a short body"
done
grep -q '^Wed, 01 Jan 2020 00:00:00 GMT$' out/date.bin.part.meta ||
	fail "date.bin.part.meta: $(cat out/date.bin.part.meta)"
etag=$(cat out/chg.bin.part.meta)
srv_get /bump
run 0 --retries=2 -i queue
expect_file out/chg.bin $N chg.bin.v1
expect_file out/noif.bin $N noif.bin.v1
expect_file out/date.bin $N date.bin.v1

u=/shortonce/a/versioned/$N/chg.bin
expect_sent $u If-Range "- $etag"
expect_answers $u "200 200"
u=/shortonce/b/noifrange/versioned/$N/noif.bin
expect_sent $u Range "- bytes=$((N / 2))- -"
expect_answers $u "200 206 200"
u=/shortonce/c/noetag/versioned/$N/date.bin
expect_sent $u If-Range "- Wed, 01 Jan 2020 00:00:00 GMT"
expect_answers $u "200 200"
[ -z "$(ls out | grep -v '\.bin$')" ] || fail "left behind: $(ls out)"
t_pass
