#!/bin/sh
# Looking into tasks from the screen, in a real terminal (tmux): Enter
# opens the details of the selected task (URL, path, state, size, bytes,
# attempts, HTTP status, every error, escaped), which scroll when they do
# not fit and close again; Tab moves the focus into the error pane, which
# then lists every failure, scrolls, and retries (r), removes (x) or
# shows (Enter) the failure selected there; a mouse click selects a task
# row or focuses the error pane.
set -eu
. "${SRCDIR:-.}/tests/lib.sh"
t_setup
. "${SRCDIR:-.}/tests/tui-lib.sh"
srv_start

# Prints how many lines of the window match extended regexp $1.
count_lines()
{
	tm capture-pane -p -t haul >"$SCREEN" 2>/dev/null
	grep -Ec -- "$1" "$SCREEN" || true
}

# Clicks the left button at column $1, row $2 (both from 0), as an xterm
# reports a press and a release once the program asked for mouse reports.
click()
{
	_cx=$(printf '%02x' $(($1 + 33)))
	_cy=$(printf '%02x' $(($2 + 33)))
	keys -H 1b 5b 4d 20 "$_cx" "$_cy" 1b 5b 4d 23 "$_cx" "$_cy"
}

# Prints the row (from 0) of the first line of the window matching $1.
row_of()
{
	tm capture-pane -p -t haul >"$SCREEN" 2>/dev/null
	_r=$(grep -En -- "$1" "$SCREEN" | head -n 1 | cut -d: -f1)
	[ -n "$_r" ] || fail "no line shows /$1/: $(cat "$SCREEN")"
	echo $((_r - 1))
}

# A slow download, one that finishes, one that fails whose URL holds a
# right-to-left override (it would turn the rest of the line around),
# and seven more that fail.
{
	echo "$BASE/slow/50000/data/3000000/s.bin"
	echo "$BASE/data/1000/ok.bin"
	printf '%s/status/404/rlo\342\200\256evil.bin\n' "$BASE"
	for i in 1 2 3 4 5 6 7; do
		echo "$BASE/status/404/e$i.bin"
	done
} >queue

tm new-session -d -s haul -x 100 -y 30 -c "$T_DIR" \
    "\"$HAUL\" --retries=0 -j 4 -i queue -d out; echo \$? >rc" ||
	fail "tmux could not start haul"
wait_for '^active +s\.bin'
wait_for '^done +ok\.bin'
wait_for '8 failed, last 4 shown'

# Enter shows the running task: URL, path, state, size, bytes, speed,
# attempts, status and no errors.
keys Enter
wait_for 'Details'
now_has 'URL +http://127\.0\.0\.1:[0-9]+/slow/50000/data/3000000/s\.bin'
now_has 'Path +out/s\.bin '
now_has 'State +active '
now_has 'Size +2\.9 MiB \(3000000 bytes\)'
now_has 'Done +[0-9.]+ [KM]iB \([0-9]+ bytes\), [0-9]+%'
now_has 'Speed +[0-9.]+ [KM]?i?B/s'
now_has 'Attempts +1 '
now_has 'HTTP status +200 '
now_has 'Errors +none '
tm has-session -t haul 2>/dev/null || fail "haul died in the details"
keys Escape
wait_gone 'Details'
now_has '^active +s\.bin'

# The failed task whose URL holds U+202E: it shows escaped, as text.
keys j j Enter
wait_for 'URL +http://127\.0\.0\.1:[0-9]+/status/404/rlo\\u202eevil\.bin'
now_has 'State +failed '
now_has 'HTTP status +404 '
now_has 'Error 1 +HTTP 404'
now_has 'Attempts +1 '
# q closes the details; it does not quit.
keys q
wait_gone 'Details'
tm has-session -t haul 2>/dev/null || fail "q in the details quit haul"
now_has '^haul +'

# Details too long for a small window scroll, and close again.
resize 40 8
wait_for '^STATE +NAME'
keys Enter
wait_for 'rows 1-5 of [0-9]+'
keys j
wait_for 'rows 2-6 of [0-9]+'
keys G
wait_for 'Error 1 +HTTP 404'
keys g
wait_for 'rows 1-5 of'
keys Enter
wait_gone 'Details'
resize 100 30
wait_for '^STATE +NAME'

# Tab focuses the error pane, which then lists all eight failures.
keys Tab
wait_for '8 failed, 1-8 shown: r retries, x removes, Tab returns'
[ "$(count_lines '^ e[0-9]\.bin: HTTP 404')" -eq 7 ] ||
	fail "the focused pane does not list all seven e*.bin:
$(cat "$SCREEN")"
now_has '^ rlo.*evil\.bin: HTTP 404'

# In a small window the focused pane scrolls to the selection, which
# Tab put on the last failure.
resize 100 12
wait_for '8 failed, 5-8 shown'
now_has '^ e7\.bin: HTTP 404'
keys g
wait_for '8 failed, 1-4 shown'
now_has '^ rlo.*evil\.bin: HTTP 404'
keys j j j j
wait_for '8 failed, 2-5 shown'
keys G
wait_for '8 failed, 5-8 shown'
keys g
wait_for '8 failed, 1-4 shown'
resize 100 30
wait_for '8 failed, 1-8 shown'

# Enter in the pane shows the failure selected there (the first).
keys Enter
wait_for 'URL +http://127\.0\.0\.1:[0-9]+/status/404/rlo\\u202e'
keys Escape
wait_gone 'Details'

# r in the pane retries the selected failure: it runs again, fails
# again, and its details count two attempts and two errors.
keys j
keys Enter
wait_for 'URL +http://127\.0\.0\.1:[0-9]+/status/404/e1\.bin'
keys Escape
wait_gone 'Details'
keys r
keys Tab
wait_gone 'r retries, x removes'
keys g j j j Enter
wait_for 'URL +http://127\.0\.0\.1:[0-9]+/status/404/e1\.bin'
wait_for 'Attempts +2 '
now_has 'Error 1 +HTTP 404'
now_has 'Error 2 +HTTP 404'
keys Escape
wait_gone 'Details'

# x in the pane removes the failure selected there.
keys Tab
wait_for 'r retries, x removes'
keys G x
wait_for 'Removed e7\.bin'
wait_for '7 failed, 1-7 shown'
wait_gone '^ e7\.bin'
keys Escape
wait_gone 'r retries, x removes'
wait_gone '^failed +e7\.bin'

# The mouse: haul asks for reports, a click on a row selects that task,
# and a click in the error pane focuses it.
[ "$(tm display -p -t haul '#{mouse_any_flag}')" = 1 ] ||
	fail "haul did not ask the terminal for mouse reports"
click 10 "$(row_of '^done +ok\.bin')"
wait_for 'task 2/'
keys Enter
wait_for 'URL +http://127\.0\.0\.1:[0-9]+/data/1000/ok\.bin'
keys Escape
wait_gone 'Details'
click 10 "$(row_of '^failed +e3\.bin')"
wait_for 'task 6/'
click 5 "$(row_of '^ e4\.bin: HTTP 404')"
wait_for 'r retries, x removes'
keys Enter
wait_for 'URL +http://127\.0\.0\.1:[0-9]+/status/404/e4\.bin'
keys Escape
wait_gone 'Details'
keys Escape
wait_gone 'r retries, x removes'

keys q
wait_for 'Quit with'
keys y
t_wait 15 haul_exited || fail "haul did not exit after q y"
t_pass
