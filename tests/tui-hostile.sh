#!/bin/sh
# Text from strangers on the screen: names and URLs carrying escape
# sequences, control characters, invalid UTF-8, right-to-left marks and
# double-width characters are drawn escaped or replaced; they never clear
# the screen, move the cursor or change colours, and the columns stay
# aligned with wide names.
set -eu
. "${SRCDIR:-.}/tests/lib.sh"
command -v tmux >/dev/null 2>&1 || skip "tmux is not installed"
PY=/usr/bin/python3
[ -x "$PY" ] || skip "python3 is needed to measure display widths"
t_setup
. "$SRCDIR/tests/tui-lib.sh"
srv_start
export LANG=C.UTF-8 LC_ALL=C.UTF-8

esc=$(printf '\033')
# A URL with a raw escape sequence (it would clear the screen if printed
# raw): the queue-file parser refuses it, and the screen says a line was
# skipped.
printf '%s\n' "$BASE/slow/20000/data/900000/clear${esc}[2J${esc}[31mred" \
	> queue
# Server names: a right-to-left override, wide CJK, invalid UTF-8, a bell.
for cd in 'attachment;%20filename*=UTF-8%27%27evil%E2%80%AEtxt.exe' \
    'attachment;%20filename*=UTF-8%27%27%E4%B8%AD%E6%96%87%E5%90%8D.bin' \
    'attachment;%20filename="bad%FF%FEutf8%07.bin"'; do
	echo "$BASE/cdraw/$cd/slow/20000/data/900000/x"
done >> queue
# A reason phrase that would clear the screen, turn text red and set the
# window title if printed raw.
echo "$BASE/reason/404/Not%1b%5b2J%1b%5b31mFound%1b%5d0;owned%07" >> queue

tm new-session -d -s haul -x 110 -y 20 -c "$T_DIR" \
    "\"$HAUL\" --retries=0 -j 5 -i queue -d out 2>err; echo \$? >rc" ||
	fail "tmux could not start haul"
wait_for '^haul +[0-9]+ active'
wait_for '1 queue-file line skipped'
wait_for 'HTTP 404 Not\\x1b\[2J\\x1b\[31mFound\\x1b\]0;owned\\x07'
wait_for '中文名\.bin'
wait_for 'evil\\u202etxt\.exe'
# The escape sequences did nothing: the header is still there, no colour
# was switched on by them, and the window title is tmux's own.
screen_has '^STATE +NAME' || fail "the screen was cleared"
title=$(tm display-message -p -t haul '#{pane_title}')
[ "$title" != owned ] || fail "an escape sequence set the window title"
tm capture-pane -e -p -t haul > "$T_LIB/attrs"
if grep -q "$(printf '\033')\[31mFound" "$T_LIB/attrs"; then
	fail "an escape sequence from a URL switched colours on"
fi

# Columns line up: the bar starts at the same display column on every
# task row, wide names included.
tm capture-pane -p -t haul > "$SCREEN"
"$PY" - "$SCREEN" <<'PYEOF' || fail "columns are not aligned: $(cat "$SCREEN")"
import sys, unicodedata
cols = set()
for line in open(sys.argv[1], encoding="utf-8"):
    if not line.startswith("active "):
        continue
    width = 0
    for ch in line:
        if ch == "[":
            break
        width += 2 if unicodedata.east_asian_width(ch) in "WF" else 1
    cols.add(width)
sys.exit(0 if len(cols) == 1 and cols != {0} else 1)
PYEOF

# The skipped lines are printed again once the screen is gone.
tm send-keys -t haul q
wait_for 'Quit with'
tm send-keys -t haul y
t_wait 15 haul_exited || fail "haul did not exit"
[ "$(grep -c '^haul: queue:1: not a URL' err)" -eq 2 ] ||
	fail "line 1's warning not repeated at exit: $(cat err)"
t_pass
