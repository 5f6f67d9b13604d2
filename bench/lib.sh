# lib.sh: what the benchmark scripts in bench/ share.
#
# A script sources this file, calls b_init, and then has a private scratch
# directory ($B_DIR, removed at exit unless KEEP=1), a haul to measure
# ($HAUL), and helpers to start nginx on 127.0.0.1, run a command under
# /usr/bin/time with a time limit, and take medians.  Everything talks to
# 127.0.0.1 only; no proxy is ever used.

unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy \
    ftp_proxy FTP_PROXY 2>/dev/null || true
no_proxy='*'
NO_PROXY='*'
export no_proxy NO_PROXY

B_TOP=$(cd "$(dirname "$0")/.." && pwd)	# the checkout
B_NAME=${0##*/}				# the script, for messages
B_DIR=					# scratch directory
B_OUT=					# where the downloads go
B_PIDS=					# processes to stop at exit
B_TMUX=					# private tmux socket, if used
NBASE=					# http://127.0.0.1:PORT of nginx
NGINX_PID=

# Prints a message on stderr.
say()
{
	printf '%s: %s\n' "$B_NAME" "$*" >&2
}

# Says what went wrong and stops the script.
die()
{
	say "$*"
	exit 1
}

# Makes sure the program $1 is there: b_need PROGRAM PACKAGE...  When
# it is missing and the script runs as root with apt-get, installs the
# first of the Debian packages that installs; otherwise says so and goes
# on (the scripts skip what they cannot run).
b_need()
{
	_b_prog=$1
	shift
	command -v "$_b_prog" >/dev/null && return 0
	if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
		say "$_b_prog is missing (install $1 as root); going on"
		return 1
	fi
	if [ -z "${_b_updated:-}" ]; then
		apt-get update -qq >/dev/null 2>&1 || true
		_b_updated=1
	fi
	for _b_p in "$@"; do
		say "installing $_b_p for $_b_prog"
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		    --no-install-recommends "$_b_p" >/dev/null 2>&1 &&
		    command -v "$_b_prog" >/dev/null && return 0
	done
	say "could not install $_b_prog; going on without it"
	return 1
}

# Sets HAUL to the program to measure: $HAUL, else src/haul, built with
# ./setup when missing.
b_find_haul()
{
	HAUL=${HAUL:-$B_TOP/src/haul}
	if [ ! -x "$HAUL" ]; then
		say "no $HAUL yet: building it with ./setup"
		"$B_TOP/setup" >&2 || die "./setup failed"
	fi
	[ -x "$HAUL" ] || die "$HAUL is not a program"
	case $HAUL in
	/*)	;;
	*)	HAUL=$(pwd)/$HAUL ;;
	esac
}

# Stops what the script started and removes the scratch directory.
b_cleanup()
{
	_b_rc=$?
	trap - EXIT
	if [ -n "$B_TMUX" ] && [ -S "$B_TMUX" ]; then
		tmux -S "$B_TMUX" kill-server 2>/dev/null || true
	fi
	for _b_p in $B_PIDS; do
		kill "$_b_p" 2>/dev/null || true
	done
	for _b_p in $B_PIDS; do
		wait "$_b_p" 2>/dev/null || true
	done
	cd /
	if [ "${KEEP:-0}" = 1 ]; then
		say "kept $B_DIR $B_OUT"
	elif [ -n "$B_DIR" ]; then
		rm -rf "$B_DIR" "$B_OUT"
	fi
	exit "$_b_rc"
}

# Makes a new private directory PREFIX.PID.N and prints its name; mkdir
# alone is enough for that.
b_mkdir_new()
{
	_b_k=0
	until mkdir -m 700 "$1.$$.$_b_k" 2>/dev/null; do
		_b_k=$((_b_k + 1))
		[ "$_b_k" -lt 100 ] || return 1
	done
	echo "$1.$$.$_b_k"
}

# Makes the scratch directory (under $TMPDIR) and a private HOME in it, so
# no user configuration of any tool leaks into a measurement.
b_init()
{
	B_DIR=$(b_mkdir_new "${TMPDIR:-/tmp}/haul-bench") ||
	    die "cannot make a scratch directory"
	trap b_cleanup EXIT
	trap 'exit 129' HUP
	trap 'exit 130' INT
	trap 'exit 143' TERM
	HOME=$B_DIR/home
	XDG_CONFIG_HOME=$HOME/.config
	XDG_STATE_HOME=$HOME/.state
	export HOME XDG_CONFIG_HOME XDG_STATE_HOME
	mkdir -p "$HOME" "$B_DIR/www" "$B_DIR/logs" "$B_DIR/res"
	B_TMUX=$B_DIR/tmux.sock
	b_out_dir
	RUNS=${RUNS:-3}
	case $RUNS in
	'' | *[!0-9]* | 0)	die "RUNS must be a positive number" ;;
	esac
}

# Prints the free space in KiB of the file system holding $1 (default:
# the scratch directory).
b_free_kib()
{
	df -Pk "${1:-$B_DIR}" | awk 'NR == 2 { print $4 }'
}

# Picks B_OUT, where the tools write: a directory on /dev/shm when that is
# a tmpfs with 3 GiB free, so that what is measured is the downloaders
# and not the disk (on ext4 without a journal, creating inodes right
# after many were deleted is slow, and every run deletes the last run's
# files); else, or with OUT_ON=disk, beside the scratch directory.
b_out_dir()
{
	if [ "${OUT_ON:-tmpfs}" != disk ] &&
	    [ "$(stat -f -c %T /dev/shm 2>/dev/null)" = tmpfs ] &&
	    [ "$(b_free_kib /dev/shm)" -ge $((3 * 1024 * 1024)) ]; then
		B_OUT=$(b_mkdir_new /dev/shm/haul-bench-out) ||
		    die "cannot make a directory on /dev/shm"
		B_OUT_FS=tmpfs
	else
		B_OUT=$B_DIR/dl
		mkdir -p "$B_OUT"
		B_OUT_FS=$(stat -f -c %T "$B_OUT")
	fi
}

# Writes nginx.conf for port $1; www/ is the root, /t/NAME serves one of
# ten tiny files (by NAME's last digit), so a long queue of tiny files
# needs ten files on disk, and /z/NAME serves zero.bin, so any number of
# large downloads need one sparse file.
_b_nginx_conf()
{
	_b_user=
	[ "$(id -u)" -ne 0 ] || _b_user="user root;"
	cat > "$B_DIR/nginx.conf" <<EOF
$_b_user
daemon off;
worker_processes ${NGINX_WORKERS:-auto};
pid $B_DIR/nginx.pid;
error_log $B_DIR/logs/error.log;
events { worker_connections 1024; }
http {
	access_log off;
	default_type application/octet-stream;
	sendfile on;
	tcp_nopush on;
	keepalive_requests 1000000;
	keepalive_timeout 60s;
	open_file_cache max=64;
	client_body_temp_path $B_DIR/logs;
	proxy_temp_path $B_DIR/logs;
	fastcgi_temp_path $B_DIR/logs;
	uwsgi_temp_path $B_DIR/logs;
	scgi_temp_path $B_DIR/logs;
	server {
		listen 127.0.0.1:$1;
		root $B_DIR/www;
		location /t/ {
			rewrite "([0-9])\$" /tiny/\$1.bin break;
		}
		location /z/ {
			rewrite ^ /zero.bin break;
		}
	}
}
EOF
}

# Prints a port that nothing listens on now, asked of the kernel.
_b_free_port()
{
	if command -v python3 >/dev/null; then
		python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
	else
		echo $(( 20000 + ($$ * 31 + ${1:-0} * 977) % 40000 ))
	fi
}

# Succeeds once nginx has written its pid file; fails if it died.
_b_nginx_up()
{
	_b_n=0
	while [ $_b_n -lt 50 ]; do
		kill -0 "$NGINX_PID" 2>/dev/null || return 1
		[ -s "$B_DIR/nginx.pid" ] && return 0
		sleep 0.1
		_b_n=$((_b_n + 1))
	done
	return 1
}

# Starts nginx on a free port of 127.0.0.1 and sets NBASE.
b_nginx_start()
{
	_b_nginx=$(command -v nginx || echo /usr/sbin/nginx)
	[ -x "$_b_nginx" ] || die "nginx is not installed"
	for _b_try in 1 2 3 4 5 6 7 8 9 10; do
		_b_port=$(_b_free_port "$_b_try")
		_b_nginx_conf "$_b_port"
		rm -f "$B_DIR/nginx.pid"
		"$_b_nginx" -p "$B_DIR" -c "$B_DIR/nginx.conf" \
		    2> "$B_DIR/logs/start.err" &
		NGINX_PID=$!
		if _b_nginx_up; then
			B_PIDS="$B_PIDS $NGINX_PID"
			NBASE=http://127.0.0.1:$_b_port
			return 0
		fi
		kill "$NGINX_PID" 2>/dev/null || true
		wait "$NGINX_PID" 2>/dev/null || true
	done
	die "nginx did not start: $(cat "$B_DIR"/logs/*)"
}

# Makes N files of SIZE bytes of random data, www/s/f0000 on, and the
# workload files "small.list" (URLs), "small.expect" (count and bytes)
# and "small.sample" (names to compare with their sources).
b_gen_small()
{
	mkdir -p "$B_DIR/www/s"
	head -c $(($1 * $2)) /dev/urandom |
	    split -b "$2" -a 4 -d - "$B_DIR/www/s/f"
	awk -v n="$1" -v b="$NBASE" \
	    'BEGIN { for (i = 0; i < n; i++) printf "%s/s/f%04d\n", b, i }' \
	    > "$B_DIR/small.list"
	echo "$1 $(($1 * $2))" > "$B_DIR/small.expect"
	printf 'f%04d s/f%04d\n' 0 0 $(($1 / 2)) $(($1 / 2)) $(($1 - 1)) \
	    $(($1 - 1)) > "$B_DIR/small.sample"
}

# Makes www/zero.bin, a sparse file of SIZE bytes served as /z/NAME.
b_gen_zero()
{
	truncate -s "$1" "$B_DIR/www/zero.bin"
}

# Prints nanoseconds since the epoch.
b_now_ns()
{
	date +%s%N
}

# Runs a command with a time limit under /usr/bin/time:
#	b_measure LIMIT_SECS RESULT_PREFIX CMD [ARG]...
# and prints "WALL CPU RSS_KIB STATUS": wall seconds, user+sys seconds,
# peak resident set of the largest process in KiB, and the exit status
# (137: killed at the limit).  Output goes to PREFIX.out and PREFIX.err.
b_measure()
{
	_b_lim=$1
	_b_pre=$2
	shift 2
	_b_t0=$(b_now_ns)
	_b_st=0
	/usr/bin/time -f '%U %S %M' -o "$_b_pre.time" \
	    timeout -s KILL "$_b_lim" "$@" > "$_b_pre.out" \
	    2> "$_b_pre.err" || _b_st=$?
	_b_t1=$(b_now_ns)
	tail -n 1 "$_b_pre.time" | awk -v t0="$_b_t0" -v t1="$_b_t1" \
	    -v st="$_b_st" '{
		printf "%.3f %.2f %d %d\n", (t1 - t0) / 1e9, $1 + $2, $3, st
	}'
}

# Prints the median of the numbers on standard input ("-" if none).
b_median()
{
	sort -g | awk '{ v[NR] = $1 }
	END {
		if (NR == 0) { print "-"; exit }
		if (NR % 2) print v[(NR + 1) / 2]
		else print (v[NR / 2] + v[NR / 2 + 1]) / 2
	}'
}

# Prints "FILES BYTES" for the regular files under directory $1.
b_count()
{
	find "$1" -type f -printf '%s\n' |
	    awk '{ n++; b += $1 } END { printf "%d %d\n", n, b }'
}

# Checks a download directory against workload $1: b_verify WORKLOAD DIR
# compares the file count, the total bytes and a sample of files with
# their sources, and prints "ok" or what is wrong.
b_verify()
{
	_b_wl=$1
	_b_out=$2
	read -r _b_n _b_b < "$B_DIR/$_b_wl.expect"
	read -r _b_gn _b_gb <<EOF
$(b_count "$_b_out")
EOF
	if [ "$_b_gn" != "$_b_n" ] || [ "$_b_gb" != "$_b_b" ]; then
		echo "got $_b_gn files, $_b_gb bytes; expected $_b_n, $_b_b"
		return
	fi
	while read -r _b_got _b_src; do
		if ! cmp -s "$_b_out/$_b_got" "$B_DIR/www/$_b_src"; then
			echo "$_b_got differs from the source"
			return
		fi
	done < "$B_DIR/$_b_wl.sample"
	echo ok
}

# Prints one line about the machine: date, cores, CPU model, kernel, and
# the load average, since other work on the machine skews the times.
b_machine()
{
	_b_cpu=$(sed -n 's/^model name[^:]*: *//p' /proc/cpuinfo | head -n 1)
	printf '%s; nproc %s; %s; Linux %s; load %s\n' \
	    "$(date '+%Y-%m-%d %H:%M %Z')" "$(nproc)" "${_b_cpu:-unknown CPU}" \
	    "$(uname -r)" "$(cut -d' ' -f1-3 /proc/loadavg)"
}

# Prints the first line of a program's version output, or "absent".
b_version()
{
	command -v "$1" >/dev/null || { echo absent; return; }
	case $1 in
	nginx)	nginx -v 2>&1 | head -n 1 ;;
	tmux)	tmux -V ;;
	*)	"$@" 2>&1 | head -n 1 ;;
	esac
}

# Starts a private tmux server (socket in the scratch directory) with one
# detached session of COLS x ROWS running CMD: b_tmux_start COLS ROWS CMD.
b_tmux_start()
{
	tmux -S "$B_TMUX" -f /dev/null new-session -d -s bench -x "$1" \
	    -y "$2" "$3"
}

# Prints the visible screen of the private tmux session.
b_tmux_screen()
{
	tmux -S "$B_TMUX" capture-pane -p -t bench 2>/dev/null
}

# Sends keys to the private tmux session.
b_tmux_keys()
{
	tmux -S "$B_TMUX" send-keys -t bench "$@"
}

# Stops the private tmux server.
b_tmux_stop()
{
	tmux -S "$B_TMUX" kill-server 2>/dev/null || true
}
