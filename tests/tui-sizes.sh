#!/bin/sh
# Terminal sizes: 1x1, 20x5 and 500x200 while 50 transfers run, then a
# storm of resizes sent as fast as tmux takes them; the screen recovers to
# the right layout and haul keeps running.  Also: --insecure is shown.
set -eu
. "${SRCDIR:-.}/tests/lib.sh"
command -v tmux >/dev/null 2>&1 || skip "tmux is not installed"
t_setup
. "$SRCDIR/tests/tui-lib.sh"
srv_start

i=1
while [ $i -le 50 ]; do
	echo "$BASE/slow/50000/data/3000000/t$i.bin"
	i=$((i + 1))
done > queue

tm new-session -d -s haul -x 100 -y 30 -c "$T_DIR" \
    "\"$HAUL\" --insecure -j 50 -i queue -d out 2>err; echo \$? >rc" ||
	fail "tmux could not start haul"
wait_for '^haul +50 active'
wait_for 'INSECURE: certificates not checked'

resize 1 1
_t_nap
tm has-session -t haul 2>/dev/null || fail "haul died at 1x1"
resize 20 5
wait_for 'haul needs at'
wait_for '\(now 20x5\)'
resize 500 200
wait_for '^STATE +NAME +PROGRESS'
wait_for '^active +t50\.bin'
wait_gone 'haul needs'

# The storm: every size from tiny to huge, no pause between them.
n=0
while [ $n -lt 150 ]; do
	tm resize-window -t haul -x $(( (n * 37) % 300 + 1 )) \
	    -y $(( (n * 11) % 90 + 1 )) 2>/dev/null || true
	n=$((n + 1))
done
resize 100 30
wait_for '^STATE +NAME +PROGRESS +% +SIZE +SPEED +ETA'
wait_for '^haul +50 active'
wait_for '^active +t1\.bin +\[[#.]+\] +[0-9]+%'
tm has-session -t haul 2>/dev/null || fail "haul died in the storm"

tm send-keys -t haul q
wait_for 'Quit with 50 transfers running'
tm send-keys -t haul y
t_wait 15 haul_exited || fail "haul did not exit"
[ "$(cat rc)" = 1 ] || fail "exit status $(cat rc)"
[ -z "$(find out -name 't*.bin')" ] || fail "unfinished files were placed"
t_pass
