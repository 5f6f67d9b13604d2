# lib.sh: what haul's integration tests share.  A test reads like this:
#
#	#!/bin/sh
#	set -eu
#	. "${SRCDIR:-.}/tests/lib.sh"
#	t_setup
#	srv_start
#	"$HAUL" --no-tui "$BASE/data/1000/a" || fail "haul failed"
#	expect_file a 1000
#	t_pass
#
# make check exports HAUL (the program), TESTSRV (tests/testsrv) and
# SRCDIR.  Every helper works under "set -eu"; call fail, t_pass and skip
# from the script itself, not inside $(...), where exit leaves only the
# subshell.  Tests talk to 127.0.0.1 alone: servers come from srv_start,
# and no proxy is ever used.
#
# Exit status follows automake: 0 pass, 1 fail, 77 skip.  KEEP=1 keeps
# the scratch directory for a look afterwards.

# A proxy would carry requests for 127.0.0.1 to another host: use none.
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy \
    ftp_proxy FTP_PROXY 2>/dev/null || true
no_proxy='*'
NO_PROXY='*'
export no_proxy NO_PROXY

T_NAME=${0##*/}		# the test script, for messages
T_ROOT=			# the scratch directory: work/ and lib/
T_DIR=			# $T_ROOT/work, where the test runs
T_LIB=			# $T_ROOT/lib: server ports, logs, expected files
PORT=			# the last server's port
BASE=			# http://127.0.0.1:$PORT
SRV_PID=		# the last server's process id
_t_pids=		# servers still to stop at exit
_t_nsrv=0		# servers started so far

# Says what went wrong on stderr and ends the test as failed.
fail()
{
	printf 'FAIL: %s\n' "$*" >&2
	exit 1
}

# Ends the test as passed.
t_pass()
{
	printf 'PASS: %s\n' "$T_NAME"
	exit 0
}

# Ends the test as skipped (automake's 77), saying why.
skip()
{
	printf 'SKIP: %s: %s\n' "$T_NAME" "$*" >&2
	exit 77
}

# Sleeps a tenth of a second, or a second where sleep takes whole ones.
_t_nap()
{
	sleep 0.1 2>/dev/null || sleep 1
}

# Runs a command every tenth of a second until it succeeds: t_wait SECS
# CMD [ARG]...; returns 1 if SECS pass first.
t_wait()
{
	_t_left=$(($1 * 10))
	shift
	until "$@"; do
		[ "$_t_left" -gt 0 ] || return 1
		_t_left=$((_t_left - 1))
		_t_nap
	done
}

# Prints a path made absolute, so it survives changes of directory.
_t_abs()
{
	case $1 in
	/*)	printf '%s\n' "$1" ;;
	*)	printf '%s/%s\n' "$(pwd)" "$1" ;;
	esac
}

# Stops the servers, shows their logs if the test failed, removes the
# scratch directory unless KEEP=1, and exits with the test's status.
_t_cleanup()
{
	_t_rc=$?
	trap - EXIT
	for _t_p in $_t_pids; do
		kill "$_t_p" 2>/dev/null || true
	done
	for _t_p in $_t_pids; do
		wait "$_t_p" 2>/dev/null || true
	done
	cd /
	if [ "$_t_rc" -ne 0 ] && [ "$_t_rc" -ne 77 ]; then
		_t_logs
	fi
	if [ "${KEEP:-0}" = 1 ]; then
		printf '%s: kept %s\n' "$T_NAME" "$T_ROOT" >&2
	else
		rm -rf "$T_ROOT"
	fi
	exit "$_t_rc"
}

# Prints the end of each server's log, to explain a failure.
_t_logs()
{
	for _t_f in "$T_LIB"/srv*.log; do
		[ -s "$_t_f" ] || continue
		printf -- '--- last lines of %s\n' "${_t_f##*/}" >&2
		tail -n 20 "$_t_f" >&2
	done
}

# Makes T_ROOT, a new private directory under $TMPDIR; mkdir alone is
# enough for that, and unlike mktemp it is POSIX.
_t_mkroot()
{
	_t_n=0
	T_ROOT=${TMPDIR:-/tmp}/haul-$T_NAME.$$.0
	until mkdir -m 700 "$T_ROOT" 2>/dev/null; do
		_t_n=$((_t_n + 1))
		[ "$_t_n" -lt 100 ] ||
		    fail "cannot make a scratch directory in ${TMPDIR:-/tmp}"
		T_ROOT=${TMPDIR:-/tmp}/haul-$T_NAME.$$.$_t_n
	done
}

# Makes the scratch directory, arranges its removal, and moves into it.
t_setup()
{
	[ -n "${HAUL:-}" ] || fail "HAUL is not set: run the tests with make"
	HAUL=$(_t_abs "$HAUL")
	[ -x "$HAUL" ] || fail "HAUL=$HAUL is not a program"
	if [ -n "${TESTSRV:-}" ]; then
		TESTSRV=$(_t_abs "$TESTSRV")
	fi
	export HAUL TESTSRV
	_t_mkroot
	trap _t_cleanup EXIT
	trap 'exit 129' HUP
	trap 'exit 130' INT
	trap 'exit 143' TERM
	T_DIR=$T_ROOT/work
	T_LIB=$T_ROOT/lib
	mkdir "$T_DIR" "$T_LIB"
	# No user configuration of haul or curl may leak into a test.
	HOME=$T_ROOT
	XDG_CONFIG_HOME=$T_ROOT/.config
	export HOME XDG_CONFIG_HOME
	cd "$T_DIR" || fail "cannot enter $T_DIR"
}

# Fails unless TESTSRV names the test server and t_setup has run.
_t_need_srv()
{
	[ -n "$T_ROOT" ] || fail "call t_setup before using the test server"
	[ -x "${TESTSRV:-}" ] ||
	    fail "TESTSRV is not the test server: run the tests with make"
}

# Starts a test server with testsrv options ARGS and sets PORT, BASE and
# SRV_PID; the server stops when the test ends.
srv_start()
{
	_t_need_srv
	_t_nsrv=$((_t_nsrv + 1))
	_t_pf=$T_LIB/srv$_t_nsrv.port
	_t_log=$T_LIB/srv$_t_nsrv.log
	"$TESTSRV" -v -f "$_t_pf" "$@" >"$T_LIB/srv$_t_nsrv.out" \
	    2>"$_t_log" &
	SRV_PID=$!
	_t_pids="$_t_pids $SRV_PID"
	t_wait 10 _t_srv_ready || fail "test server gave no port in 10 s"
	PORT=$(cat "$_t_pf")
	case $PORT in
	'' | *[!0-9]*)	fail "test server wrote a bad port: '$PORT'" ;;
	esac
	BASE=http://127.0.0.1:$PORT
	export PORT BASE
}

# Succeeds once the server has written its port; fails the test if the
# server died instead.
_t_srv_ready()
{
	[ -s "$_t_pf" ] && return 0
	kill -0 "$SRV_PID" 2>/dev/null ||
	    fail "test server exited: $(cat "$_t_log")"
	return 1
}

# Stops process PID (a server the test started itself) when the test
# ends, as srv_start's servers are.
t_kill_at_exit()
{
	_t_pids="$_t_pids $1"
}

# Stops the last server started (to test a refused connection, say).
srv_stop()
{
	kill "$SRV_PID" 2>/dev/null || true
	wait "$SRV_PID" 2>/dev/null || true
	_t_rest=
	for _t_p in $_t_pids; do
		[ "$_t_p" = "$SRV_PID" ] || _t_rest="$_t_rest $_t_p"
	done
	_t_pids=$_t_rest
}

# Prints counter NAME ("connections" or "requests") of the last server
# started.  Reading it costs one connection and one request, counted.
srv_stat()
{
	_t_need_srv
	_t_sf=$T_LIB/stats
	if command -v curl >/dev/null 2>&1; then
		curl -q -sS --noproxy '*' -o "$_t_sf" "$BASE/stats" ||
		    fail "cannot read $BASE/stats"
	else
		"$HAUL" --no-tui -q -d "$T_LIB" -o stats \
		    --on-exists=overwrite "$BASE/stats" ||
		    fail "cannot read $BASE/stats"
	fi
	sed -n "s/^$1 //p" "$_t_sf"
}

# Compares a downloaded file byte for byte with the body of
# /data/SIZE/GENNAME: expect_file NAME SIZE [GENNAME], where GENNAME is
# the percent-decoded name in the URL and defaults to NAME's last part.
expect_file()
{
	_t_need_srv
	_t_gen=${3:-${1##*/}}
	_t_want=$T_LIB/expected
	[ -f "$1" ] || fail "$1: missing (expected /data/$2/$_t_gen)"
	_t_size=$(wc -c <"$1" | tr -d ' ')
	[ "$_t_size" = "$2" ] || fail "$1: $_t_size bytes, expected $2"
	"$TESTSRV" -g "$2" -- "$_t_gen" >"$_t_want" ||
	    fail "$TESTSRV -g $2 $_t_gen failed"
	_t_diff=$(cmp "$1" "$_t_want" 2>&1) ||
	    fail "$1: not the body of /data/$2/$_t_gen: $_t_diff"
	rm -f "$_t_want"
}

# Runs haul without a screen, bounded in time, expecting exit status $1:
# haul_expect STATUS [ARG]...; its output goes to stdout and stderr.
haul_expect()
{
	_t_want=$1
	shift
	_t_got=0
	timeout 30 "$HAUL" --no-tui "$@" >stdout 2>stderr || _t_got=$?
	[ "$_t_got" -eq "$_t_want" ] ||
	    fail "haul $*: exit $_t_got, expected $_t_want: $(cat stderr)"
}

# Prints one line per request the last server logged for path $1: the
# value of header $2 ("Range" or "If-Range"), or "-" when it was not sent.
sent()
{
	awk -v p="GET $1 HTTP/" -v h="; $2: " 'index($0, p) {
		i = index($0, h)
		v = i ? substr($0, i + length(h)) : "-"
		sub(/; [A-Za-z-]+: .*/, "", v)
		print v
	}' "$T_LIB/srv$_t_nsrv.log"
}

# Prints the statuses the last server answered requests for path $1 with.
answers()
{
	awk -v p="GET $1 HTTP/" '
	    index($0, p) { want[$2] = 1; next }
	    $3 == "answered" && want[$2] { print $4; want[$2] = 0 }' \
	    "$T_LIB/srv$_t_nsrv.log"
}

# Joins the lines of standard input with spaces, for comparisons.
flat()
{
	tr '\n' ' ' | sed 's/ $//'
}

# Fails unless the requests for path $1 carried header $2 as in $3 (see
# sent; "-" for a request without it).
expect_sent()
{
	[ "$(sent "$1" "$2" | flat)" = "$3" ] ||
	    fail "$1: $2 sent: '$(sent "$1" "$2" | flat)', expected '$3'"
}

# Fails unless the requests for path $1 were answered as in $2.
expect_answers()
{
	[ "$(answers "$1" | flat)" = "$2" ] ||
	    fail "$1: answered $(answers "$1" | flat), expected $2"
}
