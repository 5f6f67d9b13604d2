#!/bin/sh
# Sessions on the screen: q in the middle of transfers saves the session;
# haul started again with only --session brings every task back and
# finishes it byte for byte.  With no URLs and no -i on a terminal, haul
# opens the default session under $XDG_STATE_HOME.
set -eu
. "${SRCDIR:-.}/tests/lib.sh"
command -v tmux >/dev/null 2>&1 || skip "tmux is not installed"
t_setup
. "$SRCDIR/tests/tui-lib.sh"
srv_start

size=1200000
for n in a b c; do
	echo "$BASE/slow/300000/data/$size/$n.bin"
done > queue

# Runs haul with ARGS in the tmux window "haul"; its status goes to rc.
start_haul() {
	rm -f rc
	tm kill-server >/dev/null 2>&1 || true
	tm new-session -d -s haul -x 100 -y 24 -c "$T_DIR" \
	    "XDG_STATE_HOME=$T_ROOT/state \"$HAUL\" $*; echo \$? >rc" ||
		fail "tmux could not start haul $*"
}

start_haul -j 3 -i queue --session sess -d dl
wait_for '^active +a\.bin +\[[#.]+\] +[0-9]+%'
t_wait 10 test -s dl/c.bin.part || fail "c.bin.part never appeared"
tm send-keys -t haul q
wait_for 'Quit with 3 transfers running\? \(y/n\)'
tm send-keys -t haul y
t_wait 15 haul_exited || fail "haul did not exit after q y"
for n in a b c; do
	[ -s "dl/$n.bin.part" ] || fail "dl/$n.bin.part was not kept"
	[ ! -e "dl/$n.bin" ] || fail "dl/$n.bin placed before it finished"
	grep -q "/$n.bin\$" sess || fail "$n.bin missing from the session"
done

start_haul --session sess -d dl
wait_for '^haul +0 active +0 queued +3 done'
for n in a b c; do
	expect_file "dl/$n.bin" $size
done
tm send-keys -t haul q
t_wait 15 haul_exited || fail "haul did not quit when all was done"
[ "$(cat rc)" = 0 ] || fail "exit status $(cat rc) after all finished"

# The default session: no URLs, no -i.
start_haul -d dl2
wait_for '^haul +0 active'
wait_for 'session /.*/state/haul/session'
tm send-keys -t haul a
wait_for '^Add URLs:'
tm send-keys -t haul -l "$BASE/slow/200000/data/$size/d.bin"
tm send-keys -t haul Enter
wait_for '^active +d\.bin'
tm send-keys -t haul q
wait_for 'Quit with'
tm send-keys -t haul y
t_wait 15 haul_exited || fail "haul did not exit"
grep -q '/d\.bin$' "$T_ROOT/state/haul/session" ||
	fail "default session not written"
start_haul -d dl2
wait_for '^done +d\.bin'
expect_file dl2/d.bin $size
tm send-keys -t haul q
t_wait 15 haul_exited || fail "haul did not quit"
t_pass
