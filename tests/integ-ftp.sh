#!/bin/sh
# FTP: a download over FTP from a local server is exact; a .part resumes
# with REST; a server whose PASV reply names an address nothing listens on
# still works (haul uses the control connection's address); a missing file
# fails with a message.  Skipped without Debian's python3-pyftpdlib.
. "$SRCDIR/tests/lib.sh"
PY=/usr/bin/python3
[ -x "$PY" ] && "$PY" -c 'import pyftpdlib' 2>/dev/null ||
	skip "python3-pyftpdlib is not installed"
t_setup
_t_need_srv

mkdir -p root dl
"$TESTSRV" -g 300000 f.bin > root/f.bin
"$TESTSRV" -g 200000 g.bin > root/g.bin

# Starts the FTP server (extra args: the PASV address to claim); sets FTP.
ftp_start() {
	rm -f "$T_LIB/ftp.port"
	"$PY" "$SRCDIR/tests/ftpsrv.py" "$PWD/root" "$T_LIB/ftp.port" "$@" \
	    2> "$T_LIB/srv-ftp$#.log" &
	t_kill_at_exit $!
	t_wait 10 test -s "$T_LIB/ftp.port" || fail "FTP server did not start"
	FTP=ftp://127.0.0.1:$(cat "$T_LIB/ftp.port")
}

ftp_start
"$HAUL" --no-tui --retries=0 -d dl "$FTP/f.bin" > out 2> err ||
	fail "FTP download failed: $(cat err)"
cmp -s root/f.bin dl/f.bin || fail "dl/f.bin differs"

head -c 123456 root/g.bin > dl/g.bin.part
"$HAUL" --no-tui --retries=0 -d dl "$FTP/g.bin" > out 2> err ||
	fail "FTP resume failed: $(cat err)"
cmp -s root/g.bin dl/g.bin || fail "resumed dl/g.bin differs"
grep -q 'REST 123456' "$T_LIB"/srv-ftp0.log ||
	fail "no REST 123456 in the server log"

status=0
"$HAUL" --no-tui --retries=0 -d dl "$FTP/nothere.bin" > out 2> err ||
	status=$?
[ "$status" -eq 1 ] || fail "missing file: exit $status"
grep -q "$FTP/nothere.bin: " err || fail "missing file not reported"
[ ! -e dl/nothere.bin ] || fail "a missing file left a file"

# 127.0.0.2 is loopback but nothing listens there: the PASV address is
# unreachable, and haul must connect to the server's own address.
ftp_start 127.0.0.2
rm -f dl/f.bin
"$HAUL" --no-tui --retries=0 --connect-timeout=5 -d dl "$FTP/f.bin" \
	> out 2> err || fail "unreachable PASV address: $(cat err)"
cmp -s root/f.bin dl/f.bin || fail "dl/f.bin differs (PASV case)"
grep -q '227 Entering passive mode (127,0,0,2' "$T_LIB"/srv-ftp1.log ||
	fail "the server did not send the unreachable PASV address"
t_pass
