#!/bin/sh
# A retrying download on the screen shows its state, the number of its
# next attempt and when that attempt starts, then finishes normally.
set -eu
. "${SRCDIR:-.}/tests/lib.sh"
command -v tmux >/dev/null 2>&1 || skip "tmux is not installed"
t_setup
. "$SRCDIR/tests/tui-lib.sh"
srv_start

# A 503 asking for a 3 s wait, two more 503s with backoff, then the file.
echo "$BASE/retryafter/3/k1/failn/2/503/k2/data/4000/r.bin" > queue

tm new-session -d -s haul -x 100 -y 20 -c "$T_DIR" \
    "\"$HAUL\" --retries=3 -i queue -d out; echo \$? >rc" ||
	fail "tmux could not start haul"
wait_for '^retry +r\.bin .* try 2 +in [1-3]s'
wait_for '^retry +r\.bin .* try 3 +in [0-9]s'
wait_for '^done +r\.bin +\[#+\] +100%'
expect_file out/r.bin 4000 r.bin
tm send-keys -t haul Enter
wait_for 'Attempts +4'
wait_for 'HTTP 503 Service Unavailable'
tm send-keys -t haul Escape
tm send-keys -t haul q
t_wait 15 haul_exited || fail "haul did not quit"
[ "$(cat rc)" = 0 ] || fail "exit status $(cat rc)"
t_pass
