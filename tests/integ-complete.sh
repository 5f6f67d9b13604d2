#!/bin/sh
# Completeness: a body shorter than its Content-Length, or a chunked body
# whose last chunk never comes, is a failure that keeps NAME.part and is
# never renamed into place; a retry resumes it; a complete part answered
# with 416 is finished without another transfer; empty bodies give empty
# files; a body without a length ends when the server closes; every
# request asks for the identity encoding.
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

# Prints the size of file $1 in bytes.
size() {
	wc -c < "$1" | tr -d ' '
}

mkdir out
N=300000

# Cut short, no retries: failures that keep their parts.
run 1 --retries=0 "$BASE/short/$N/short.bin" "$BASE/chunkcut/$N/cut.bin"
grep -q "failed  $BASE/short/$N/short.bin: connection closed early" \
	stderr || fail "short body not reported: $(cat stderr)"
grep -q "failed  $BASE/chunkcut/$N/cut.bin: connection closed early" \
	stderr || fail "missing last chunk not reported: $(cat stderr)"
grep -q '^0 done, 2 failed' stdout || fail "summary: $(tail -n 1 stdout)"
grep -q '^done' stdout && fail "a cut body reported done: $(cat stdout)"
[ ! -e out/short.bin ] || fail "short.bin renamed into place"
[ ! -e out/cut.bin ] || fail "cut.bin renamed into place"
[ "$(size out/short.bin.part)" -eq $((N / 2)) ] ||
	fail "short.bin.part: $(size out/short.bin.part) bytes"
# Every data byte of cut.bin came, but not the end of the body.
[ "$(size out/cut.bin.part)" -eq $N ] ||
	fail "cut.bin.part: $(size out/cut.bin.part) bytes"

# Run again with retries: the rest of cut.bin is nothing, and the server
# says so with a 416 whose total matches; haul finishes it.
run 0 --retries=1 "$BASE/chunkcut/$N/cut.bin"
expect_file out/cut.bin $N
expect_answers /chunkcut/$N/cut.bin "200 416"

# Cut short once, then retried: the retry resumes where the part ends.
u=/shortonce/k1/data/$N/once.bin
run 0 --retries=1 "$BASE$u"
expect_file out/once.bin $N
expect_sent $u Range "- bytes=$((N / 2))-"
expect_answers $u "200 206"

# A part that holds the whole file: one 416 and no body finish it.
"$TESTSRV" -g $N whole.bin > out/whole.bin.part
run 0 --retries=0 "$BASE/data/$N/whole.bin"
expect_file out/whole.bin $N
expect_answers /data/$N/whole.bin "416"
grep -q "done .*out/whole.bin" stdout || fail "whole.bin: $(cat stdout)"

# Empty bodies, whatever their framing; a body ended by closing; a
# chunked one.
run 0 --retries=0 "$BASE/data/0/empty.bin" "$BASE/nolen/0/empty2.bin" \
	"$BASE/chunked/0/empty3.bin" "$BASE/nolen/$N/nolen.bin" \
	"$BASE/chunked/$N/chunked.bin"
for f in empty empty2 empty3; do
	[ -f out/$f.bin ] && [ ! -s out/$f.bin ] ||
		fail "$f.bin: not an empty file: $(ls -l out)"
	grep -q "^done .*out/$f.bin" stdout || fail "$f.bin: $(cat stdout)"
done
expect_file out/nolen.bin $N
expect_file out/chunked.bin $N
grep -q '^5 done, 0 failed' stdout || fail "summary: $(tail -n 1 stdout)"
# Only the failed short.bin is still a part.
[ "$(ls out | grep -v '\.bin$' | flat)" = \
    "short.bin.part short.bin.part.meta" ] || fail "parts: $(ls out)"

# Every request haul made asked for the identity encoding.
total=$(grep -c ' GET /' "$LOG")
ident=$(grep -c ' GET /.*; Accept-Encoding: identity$' "$LOG")
[ "$total" -gt 0 ] && [ "$total" -eq "$ident" ] ||
	fail "$ident of $total requests asked for identity encoding"
t_pass
