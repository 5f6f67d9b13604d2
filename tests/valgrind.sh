#!/bin/sh
# A download under valgrind's memcheck: no invalid reads or writes, no use
# of uninitialised memory, and nothing definitely leaked.  Skipped without
# valgrind, or when haul was built with a sanitizer (the two cannot run
# together).
. "$SRCDIR/tests/lib.sh"
command -v valgrind >/dev/null 2>&1 || skip "valgrind is not installed"
t_setup
if ldd "$HAUL" 2>/dev/null | grep -Eq 'lib(asan|tsan|ubsan)'; then
	skip "haul is built with a sanitizer"
fi
srv_start

{
	echo "$BASE/data/300000/v1.bin"
	echo "$BASE/data/0/v2.bin"
	echo "$BASE/status/404/v3.bin"
	echo "$BASE/chunked/70000/v4.bin"
	echo "$BASE/redirect/2/data/5000/v5.bin"
} > queue

status=0
valgrind --quiet --error-exitcode=99 --leak-check=full \
	--errors-for-leak-kinds=definite --show-leak-kinds=definite \
	--log-file="$T_LIB/valgrind.log" \
	"$HAUL" --no-tui --retries=0 -j 3 -i queue -d out > out.txt 2> err ||
	status=$?
[ "$status" -ne 99 ] ||
	fail "memcheck found errors: $(cat "$T_LIB/valgrind.log")"
[ "$status" -eq 1 ] || fail "exit $status, expected 1 (one 404)"
expect_file out/v1.bin 300000
expect_file out/v4.bin 70000
expect_file out/v5.bin 5000
t_pass
