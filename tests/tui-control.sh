#!/bin/sh
# Steering downloads from the screen, in a real terminal (tmux): K and J
# reorder the queue and the moved task starts first, p pauses a download
# (its .part stops growing) and p resumes it into a byte-identical file,
# + and - change the jobs in the header without cutting a transfer, l
# sets and clears the speed limit and refuses a bad one, P pauses and
# resumes everything, r retries a failed task, and x removes a running
# task only after y, leaving its partial file on disk.
set -eu
. "${SRCDIR:-.}/tests/lib.sh"
t_setup
. "${SRCDIR:-.}/tests/tui-lib.sh"
srv_start

# Succeeds when the task rows name the tasks in the order given.
order_is()
{
	tm capture-pane -p -t haul >"$SCREEN" 2>/dev/null || return 1
	_order=$(sed -n 's/^[a-z]*  *\([a-z]\.bin\) .*/\1/p' "$SCREEN" |
	    tr '\n' ' ')
	[ "$_order" = "$* " ]
}

# Waits for the task rows to be in the order given.
wait_order()
{
	t_wait 15 order_is "$@" ||
	    fail "the tasks never came in the order $*:
$(cat "$SCREEN" 2>/dev/null)"
}

# Prints the size of file $1, or -1 when it is missing.
fsize()
{
	if [ -f "$1" ]; then
		wc -c <"$1" | tr -d ' '
	else
		echo -1
	fi
}

# ---- Run 1: order, pause, jobs, limit, pause all, with -j 1 ----------
# Each body comes at 200000 bytes a second, so a file lasts 10 s.
cat >queue <<EOF
$BASE/slow/200000/data/2000000/a.bin
$BASE/slow/200000/data/2000000/b.bin
$BASE/slow/200000/data/2000000/c.bin
EOF
haul_start --retries=0 -j 1 -i queue -d out
wait_for '^active +a\.bin'
wait_for '^jobs 1 '
wait_order a.bin b.bin c.bin

# K moves the last task up; the selection follows it (Enter shows it).
keys G K
wait_order a.bin c.bin b.bin
keys Enter
wait_for 'URL +http://127\.0\.0\.1:[0-9]+/slow/200000/data/2000000/c\.bin'
keys Escape
wait_gone 'URL +http'
keys J
wait_order a.bin b.bin c.bin
keys K
wait_order a.bin c.bin b.bin

# p pauses a; its worker is free, and the moved task c starts before b.
keys g p
wait_for '^paused +a\.bin'
wait_for '1 paused'
wait_for '^active +c\.bin'
now_has '^queued +b\.bin'

# The paused download's partial file stops growing.
sleep 1
s1=$(fsize out/a.bin.part)
[ "$s1" -gt 0 ] || fail "a.bin.part is missing or empty after pausing"
sleep 1
s2=$(fsize out/a.bin.part)
[ "$s1" = "$s2" ] || fail "a.bin.part grew from $s1 to $s2 while paused"
[ ! -f out/a.bin ] || fail "a.bin is complete although it was paused"

# + lets b start beside c; - lowers the limit but cuts neither transfer.
keys +
wait_for '^jobs 2 '
wait_for '^active +b\.bin'
wait_for '^haul +2 active'
keys -
wait_for '^jobs 1 '
now_has '^haul +2 active'
now_has '^active +b\.bin'
now_has '^active +c\.bin'

# l sets the limit shown in the header; a bad one is refused; 0 clears.
keys l
wait_for '^Speed limit \(e\.g\. 500K, 2M, 0 for none\): *$'
keys -l 100K
keys Enter
wait_for 'limit 100 KiB/s'
keys l
keys -l fast
keys Enter
wait_for 'Not a speed: fast'
now_has 'limit 100 KiB/s'
keys l
keys -l 0
keys Enter
wait_gone 'limit [0-9]'

# P pauses everything still running; P again resumes all of it.
keys + +
wait_for '^jobs 3 '
keys P
wait_for '^paused +b\.bin'
wait_for '^paused +c\.bin'
wait_for '^haul +0 active .*3 paused'
keys P
wait_for '^active +a\.bin'
t_wait 30 screen_has '^done +a\.bin' || fail "a.bin never finished:
$(cat "$SCREEN")"
t_wait 30 screen_has '^haul +0 active .*3 done' ||
	fail "not everything finished: $(cat "$SCREEN")"

# Paused and resumed, each file is the exact body.
expect_file out/a.bin 2000000
expect_file out/b.bin 2000000
expect_file out/c.bin 2000000
[ ! -f out/a.bin.part ] || fail "a.bin.part stayed after a.bin finished"
haul_quit

# ---- Run 2: retry, remove ---------------------------------------------
# f fails once and then works, when the server can do that; m always
# fails; big runs long enough to be removed while it is active.
rm -rf out
if "$TESTSRV" -l | grep -q '^/failn/'; then
	FIRST=$BASE/failn/1/503/ctl-f/data/5000/f.bin
	FIXED=1
else
	FIRST=$BASE/status/404/f.bin
	FIXED=0
fi
cat >queue <<EOF
$FIRST
$BASE/status/404/m.bin
$BASE/slow/100000/data/3000000/z.bin
EOF
haul_start --retries=0 -j 3 -i queue -d out
wait_for '^failed +f\.bin'
wait_for '^failed +m\.bin'
wait_for '^active +z\.bin'

# r on a task that has not failed does nothing and says why.
keys G r
wait_for 'z\.bin has not failed'
now_has '^active +z\.bin'

# r on the failed f runs it again.
keys g r
if [ "$FIXED" = 1 ]; then
	wait_for '^done +f\.bin'
	expect_file out/f.bin 5000
else
	wait_for '^(queued|active|failed) +f\.bin'
	keys Enter
	wait_for 'Attempts +2 '
	keys Escape
fi

# x on the running z asks first; n keeps it.
keys G x
wait_for 'Remove z\.bin\? Its partial file stays\. \(y/n\)'
keys n
wait_for 'Nothing removed'
now_has '^active +z\.bin'

# x and y remove it: gone from the screen, its partial file kept.
keys x
wait_for 'Remove z\.bin\?'
keys y
wait_for 'Removed z\.bin; its partial file stays: out/z\.bin\.part'
wait_gone 'z\.bin +\['
sleep 1
s1=$(fsize out/z.bin.part)
[ "$s1" -gt 0 ] || fail "z.bin.part is missing or empty after removal"
sleep 1
[ -f out/z.bin.part ] || fail "z.bin.part went away after removal"
[ ! -f out/z.bin ] || fail "z.bin exists although it was removed"
s2=$(fsize out/z.bin.part)
[ "$s1" = "$s2" ] || fail "z.bin.part grew from $s1 to $s2 after removal"

# x on a task that is not running removes it without asking.
keys g j x
wait_for 'Removed m\.bin'
wait_gone '^failed +m\.bin'
haul_quit
t_pass
