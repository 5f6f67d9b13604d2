#!/bin/sh
# Under a speed limit the screen still shows a download's progress, size,
# speed and ETA as it goes (a limited transfer sleeps in its write
# callback, where curl's progress callback never runs).
set -eu
. "${SRCDIR:-.}/tests/lib.sh"
command -v tmux >/dev/null 2>&1 || skip "tmux is not installed"
t_setup
. "$SRCDIR/tests/tui-lib.sh"
srv_start

haul_start --limit-rate=40K -d out "$BASE/data/400000/lim.bin"
row='^active +lim\.bin +\[[#.]+\] +[0-9]+%'
wait_for "$row +[0-9.]+ KiB/391 KiB +[0-9.]+ KiB/s +[0-9]+s"
first=$(sed -n 's/^active  *lim\.bin .*\] *\([0-9]*\)%.*/\1/p' "$SCREEN")
sleep 2
wait_for '^active +lim\.bin'
second=$(sed -n 's/^active  *lim\.bin .*\] *\([0-9]*\)%.*/\1/p' "$SCREEN")
[ "$second" -gt "$first" ] ||
	fail "progress did not move under the limit: $first% then $second%"
haul_quit
t_pass
