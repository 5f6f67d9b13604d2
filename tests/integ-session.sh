#!/bin/sh
# Sessions without a screen: SIGTERM mid-transfer saves the session and
# keeps the partial files; starting again with only --session finishes
# every file byte for byte.  Paused entries stay paused, done=true entries
# are not fetched again, and --keep-done keeps finished ones.
. "$SRCDIR/tests/lib.sh"
t_setup
srv_start

size=1500000
{
	echo "$BASE/slow/400000/data/$size/a.bin"
	echo "$BASE/slow/400000/data/$size/b.bin"
	echo "  out=bee.bin"
	echo "$BASE/data/1000/c.bin"
	echo "  dir=sub"
} > queue

"$HAUL" --no-tui -i queue --session sess -d dl > out1 2> err1 &
pid=$!
t_kill_at_exit "$pid"
t_wait 10 test -s dl/a.bin.part || fail "no partial file appeared"
sleep 0.5
kill -TERM "$pid"
status=0
wait "$pid" || status=$?
[ "$status" -eq 1 ] || fail "exit $status after SIGTERM, expected 1"
[ -s dl/a.bin.part ] && [ -s dl/bee.bin.part ] || fail "partials lost"
[ ! -e dl/a.bin ] || fail "a.bin placed though unfinished"
grep -q "^$BASE/slow/400000/data/$size/a.bin\$" sess || fail "a missing"
grep -q '^  out=bee.bin$' sess || fail "out= not kept: $(cat sess)"
if grep -q 'c.bin' sess; then
	fail "finished c.bin kept without --keep-done"
fi

"$HAUL" --no-tui --session sess -d dl > out2 2> err2 ||
	fail "second run failed: $(cat err2)"
expect_file dl/a.bin $size a.bin
expect_file dl/bee.bin $size b.bin
expect_file dl/sub/c.bin 1000 c.bin
grep -q 'http' sess && fail "finished tasks left in the session"

# A paused entry stays paused (and on disk nothing happens); done=true is
# remembered and not fetched again.
cat > sess2 <<EOF2
$BASE/data/2000/p.bin
  pause=true
$BASE/data/3000/d.bin
  done=true
  out=d.bin
$BASE/data/4000/e.bin
EOF2
status=0
"$HAUL" --no-tui --keep-done --session sess2 -d dl2 > out3 2> err3 ||
	status=$?
[ "$status" -eq 1 ] || fail "paused task should leave exit status 1"
[ ! -e dl2/p.bin ] && [ ! -e dl2/d.bin ] || fail "paused/done fetched"
expect_file dl2/e.bin 4000 e.bin
grep -A1 "p.bin" sess2 | grep -q 'pause=true' || fail "pause mark lost"
grep -A2 "e.bin" sess2 | grep -q 'done=true' || fail "--keep-done: $(cat sess2)"
t_pass
