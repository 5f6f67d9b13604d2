#!/bin/sh
# The command line: --help, --version, usage errors with exit status 2,
# -o, --on-exists policies, and -d creating the download directory.
. "$SRCDIR/tests/lib.sh"
t_setup

# Runs haul, expecting exit status $1; output in out.txt and err.txt.
run() {
	want=$1
	shift
	got=0
	"$HAUL" "$@" > out.txt 2> err.txt || got=$?
	[ "$got" -eq "$want" ] ||
		fail "haul $*: exit $got, expected $want: $(cat err.txt)"
}

run 0 --help
for opt in --input-file --dir --jobs --output --on-exists --no-continue \
    --retries --timeout --connect-timeout --no-tui --quiet --version; do
	grep -q -- "$opt" out.txt || fail "--help does not mention $opt"
done
run 0 --version
grep -q '^haul [0-9]' out.txt || fail "--version: $(cat out.txt)"

run 2 --no-such-option
run 2 -j 0 http://127.0.0.1:1/x
grep -q "jobs" err.txt || fail "-j 0 not explained: $(cat err.txt)"
run 2 --on-exists=maybe http://127.0.0.1:1/x
grep -q "rename, overwrite, skip or fail" err.txt || fail "policy words"
run 2 -o name http://127.0.0.1:1/a http://127.0.0.1:1/b
run 2 --no-tui
grep -q "no URLs" err.txt || fail "no URLs not explained"
run 2 --no-tui -i does-not-exist.txt
grep -q "does-not-exist.txt" err.txt || fail "missing queue file not named"

srv_start
run 0 --no-tui -o renamed.bin -d new/dir "$BASE/data/3000/orig.bin"
expect_file new/dir/renamed.bin 3000 orig.bin

# --on-exists: the existing file is "old"; each policy treats it its way.
mkdir p && echo old > p/x.bin
run 0 --no-tui -d p --on-exists=skip "$BASE/data/10/x.bin"
[ "$(cat p/x.bin)" = old ] || fail "skip replaced the file"
grep -q '^skipped' out.txt || fail "skip not reported: $(cat out.txt)"
run 1 --no-tui -d p --on-exists=fail "$BASE/data/10/x.bin"
[ "$(cat p/x.bin)" = old ] || fail "fail replaced the file"
grep -q 'exists' err.txt || fail "fail policy not explained"
run 0 --no-tui -d p --on-exists=rename "$BASE/data/10/x.bin"
[ "$(cat p/x.bin)" = old ] || fail "rename replaced the file"
expect_file "p/x (1).bin" 10 x.bin
run 0 --no-tui -d p --on-exists=overwrite "$BASE/data/10/x.bin"
expect_file p/x.bin 10 x.bin
t_pass
