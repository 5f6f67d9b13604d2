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
grep -A3 "p.bin" sess2 | grep -q 'pause=true' || fail "pause mark lost"
grep -A3 "e.bin" sess2 | grep -q 'done=true' || fail "--keep-done: $(cat sess2)"

# The same command run again continues the download and does not queue
# its URL twice; and the session names directories in full, so it
# resumes from anywhere with only --session.
for n in f g; do
	"$HAUL" --no-tui --session "sess$n" -d "dl$n" \
	    "$BASE/slow/300000/data/$size/$n.bin" > out4 2> err4 &
	pid=$!
	t_kill_at_exit "$pid"
	t_wait 10 test -s "dl$n/$n.bin.part" || fail "no partial $n.bin"
	kill -INT "$pid"
	wait "$pid" || true
	grep -q "^  dir=$T_DIR/dl$n\$" "sess$n" ||
		fail "dir not in full: $(cat "sess$n")"
done
"$HAUL" --no-tui --session sessf -d dlf "$BASE/slow/300000/data/$size/f.bin" \
	> out5 2> err5 || fail "the same command again failed: $(cat err5)"
expect_file dlf/f.bin $size
[ "$(ls dlf)" = f.bin ] || fail "f.bin was fetched twice: $(ls dlf)"
grep -q '^1 done' out5 || fail "expected one download: $(cat out5)"
mkdir elsewhere
(cd elsewhere && "$HAUL" --no-tui --session ../sessg > ../out6 2> ../err6) ||
	fail "resume from elsewhere failed: $(cat err6)"
expect_file dlg/g.bin $size
[ -z "$(ls elsewhere)" ] || fail "written in the wrong place: $(ls elsewhere)"
t_pass
