#!/bin/sh
# The screen in a real terminal: tmux runs haul in a detached window of a
# fixed size and the test reads the window back.  Bars, percentages and
# totals appear, a failure shows in the error pane, the help overlay
# opens and closes, URLs typed or pasted at the `a` prompt download, the
# layout survives resizes down to 1x1 with the too-small message below
# 40x8, and q asks before quitting while transfers run.
set -eu
. "${SRCDIR:-.}/tests/lib.sh"
command -v tmux >/dev/null 2>&1 || skip "tmux is not installed"
t_setup
. "$SRCDIR/tests/tui-lib.sh"
srv_start

# Two slow transfers that outlast the test (one of unknown size), one
# quick file and one that fails.
cat >queue <<EOF
$BASE/slow/20000/data/2000000/slow1.bin
$BASE/slow/20000/nolen/2000000/nolen.bin
$BASE/data/300000/quick.bin
$BASE/status/404/missing.bin
EOF

tm new-session -d -s haul -x 100 -y 30 -c "$T_DIR" \
    "\"$HAUL\" --retries=0 -j 3 -i queue -d out; echo \$? >rc" ||
	fail "tmux could not start haul"

# Totals, bars, percent, the bouncing bar of an unknown size, a done row
# and the error pane.
wait_for '^haul +[0-9]+ active .*[0-9]+ queued +[0-9]+ done +[0-9]+ failed'
wait_for 'B/s +ETA '
wait_for '^active +slow1\.bin +\[[#.]+\] +[0-9]+%'
wait_for '^active +nolen\.bin +\[ *<=> *\]'
wait_for '^done +quick\.bin +\[#+\] +100%'
wait_for '^failed +.*missing\.bin'
wait_for 'missing\.bin: HTTP 404'
wait_for '1 failed \(e hides\)'
expect_file out/quick.bin 300000

# The error pane hides and comes back.
tm send-keys -t haul e
wait_gone 'missing\.bin: HTTP 404'
tm send-keys -t haul e
wait_for 'missing\.bin: HTTP 404'

# Help opens on ?, lists the keys, and any key closes it.
tm send-keys -t haul '?'
wait_for 'add URLs'
wait_for 'any key closes this'
tm send-keys -t haul x
wait_gone 'any key closes this'

# One URL typed at the prompt, then Enter.
tm send-keys -t haul a
wait_for '^Add URLs: *$'
tm send-keys -t haul -l "$BASE/data/12345/added.bin"
wait_for '^Add URLs: .*added\.bin'
tm send-keys -t haul Enter
wait_for '1 URL added'
wait_for '^done +added\.bin'
expect_file out/added.bin 12345

# Esc leaves the prompt without adding anything.
tm send-keys -t haul a
wait_for '^Add URLs:'
tm send-keys -t haul -l 'not-a-url'
tm send-keys -t haul Escape
wait_gone '^Add URLs:'

# Two URLs pasted on two lines: the line breaks only separate them.
printf '%s\n%s\n' "$BASE/data/2222/p1.bin" "$BASE/data/3333/p2.bin" \
    >"$T_LIB/paste"
tm load-buffer -b urls "$T_LIB/paste"
tm send-keys -t haul a
wait_for '^Add URLs:'
tm paste-buffer -p -d -b urls -t haul
wait_for '^Add URLs: .*p1\.bin .*p2\.bin'
tm send-keys -t haul Enter
wait_for '2 URLs added'
wait_for '^done +p2\.bin'
expect_file out/p1.bin 2222
expect_file out/p2.bin 3333

# Too small, then tiny, then the smallest layout, then large.
resize 30 6
wait_for 'haul needs at least 40x8'
wait_for '\(now 30x6\)'
resize 1 1
_t_nap
resize 2 2
_t_nap
tm has-session -t haul 2>/dev/null || fail "haul died at 1x1"
resize 40 8
wait_for '^STATE +NAME'
wait_for '[0-9]+ act .*[0-9]+ fail'
wait_gone 'haul needs'
resize 120 40
wait_for '^STATE +NAME +PROGRESS +% +SIZE +SPEED +ETA'
wait_for '^haul +[0-9]+ active'
wait_for '^active +slow1\.bin +\[[#.]+\] +[0-9]+%'

# q asks while transfers run; n keeps haul going, y quits.
tm send-keys -t haul q
wait_for 'Quit with [0-9]+ transfers? running\? \(y/n\)'
tm send-keys -t haul n
wait_gone 'Quit with'
tm has-session -t haul 2>/dev/null || fail "haul quit on n"
tm send-keys -t haul q
wait_for 'Quit with'
tm send-keys -t haul y
t_wait 15 haul_exited || fail "haul did not exit after q y"
[ "$(cat rc)" = 1 ] || fail "haul exited $(cat rc), expected 1"
t_pass
