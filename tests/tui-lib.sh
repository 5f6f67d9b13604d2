# tui-lib.sh: what the screen tests share, sourced after lib.sh's
# t_setup.  A private tmux server (its socket in the scratch directory,
# killed when the test ends) runs haul in a window named "haul"; the
# helpers read the window back and wait, bounded, for what it shows.

command -v tmux >/dev/null 2>&1 || skip "tmux is not installed"

# A private tmux server, never the user's: its socket lives in the scratch
# directory and the server dies with the test.
TM_SOCK=$T_LIB/tmux
SCREEN=$T_LIB/screen
unset TMUX
tm()
{
	tmux -S "$TM_SOCK" -f /dev/null "$@"
}

# Kills the tmux server (and haul in it), then does lib.sh's cleanup.
tui_cleanup()
{
	_tui_rc=$?
	set +e
	tm kill-server >/dev/null 2>&1
	(exit "$_tui_rc")
	_t_cleanup
}
trap tui_cleanup EXIT

# Succeeds when the window shows a line matching extended regexp $1.
screen_has()
{
	tm capture-pane -p -t haul >"$SCREEN" 2>/dev/null &&
	    grep -Eq -- "$1" "$SCREEN"
}

# Succeeds when the window shows no line matching extended regexp $1.
screen_lacks()
{
	tm capture-pane -p -t haul >"$SCREEN" 2>/dev/null &&
	    ! grep -Eq -- "$1" "$SCREEN"
}

# Waits up to 15 s for the window to show $1; fails with what it shows.
wait_for()
{
	t_wait 15 screen_has "$1" ||
	    fail "the screen never showed /$1/:
$(cat "$SCREEN" 2>/dev/null)"
}

# Waits up to 15 s for $1 to leave the window.
wait_gone()
{
	t_wait 15 screen_lacks "$1" ||
	    fail "the screen kept showing /$1/:
$(cat "$SCREEN" 2>/dev/null)"
}

# Resizes the window to $1 columns and $2 rows.
resize()
{
	tm resize-window -t haul -x "$1" -y "$2" ||
	    fail "tmux could not resize the window to $1x$2"
}

# Succeeds once haul has exited and written its status.
haul_exited()
{
	[ -s rc ]
}

# Fails unless the window shows $1 right now.
now_has()
{
	screen_has "$1" || fail "the screen does not show /$1/:
$(cat "$SCREEN" 2>/dev/null)"
}

# Sends keys to haul.
keys()
{
	tm send-keys -t haul "$@"
}

# Starts haul in a 100x30 window with arguments "$@".
haul_start()
{
	tm kill-session -t haul >/dev/null 2>&1 || true
	rm -f rc
	tm new-session -d -s haul -x 100 -y 30 -c "$T_DIR" \
	    "\"$HAUL\" $*; echo \$? >rc" || fail "tmux could not start haul"
}

# Quits haul with q (and y, if it asks) and waits for it to exit.
haul_quit()
{
	keys q
	_t_nap
	if screen_has 'Quit with'; then
		keys y
	fi
	t_wait 15 haul_exited || fail "haul did not exit after q"
}
