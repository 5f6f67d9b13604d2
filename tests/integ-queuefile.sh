#!/bin/sh
# Queue files: comments, blank lines, out= and dir=, several files with
# -i; bad lines are reported as FILE:LINE and skipped while every good
# entry still downloads; dir= cannot leave the download directory.
. "$SRCDIR/tests/lib.sh"
t_setup
srv_start

cat > q1 <<EOF2
# a comment

$BASE/data/100/a.bin
  out=alpha.bin
$BASE/data/200/b.bin
  dir=sub/deeper
  colour=blue
not a url
  out=orphan-is-skipped
$BASE/data/300/c.bin
  dir=../escape
EOF2
printf '%s\r\n' "$BASE/data/400/d.bin" > q2

status=0
"$HAUL" --no-tui -d out -i q1 -i q2 > stdout 2> stderr || status=$?
[ "$status" -eq 0 ] || fail "exit $status: $(cat stderr)"

expect_file out/alpha.bin 100 a.bin
expect_file out/sub/deeper/b.bin 200 b.bin
expect_file out/d.bin 400 d.bin
grep -q '^haul: q1:7: .*colour' stderr || fail "unknown key: $(cat stderr)"
grep -q '^haul: q1:8: ' stderr || fail "bad URL line not reported"
grep -q '^haul: q1:9: ' stderr || fail "orphan option not reported"
grep -q '^haul: q1:10: dir=\.\./escape leaves' stderr ||
	fail "dir=../escape not reported: $(cat stderr)"
[ ! -e c.bin ] && [ ! -e out/c.bin ] && [ ! -e escape ] ||
	fail "dir=../escape was written"
[ "$(find out -type f | wc -l)" -eq 3 ] || fail "files: $(find out)"
# Text from a queue file reaches the terminal escaped: a key that would
# set the window title is printed as \x1b...\x07.
printf '%s\n  \033]0;owned\007=x\n' "$BASE/data/10/e.bin" > q3
"$HAUL" --no-tui -d out3 -i q3 > stdout 2> stderr || fail "q3 failed"
grep -q "q3:2: unknown option '\\\\x1b\]0;owned\\\\x07'" stderr ||
	fail "the key was not escaped: $(cat -v stderr)"
if grep -q "$(printf '\033')" stderr; then
	fail "a raw escape reached stderr"
fi
t_pass
