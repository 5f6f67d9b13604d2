#!/bin/sh
# HTTPS: certificates are verified by default against a local server with
# its own CA; --ca-certificate trusts that CA; --insecure skips the check
# and says so.  Only http, https, ftp and ftps are fetched: file://, scp://
# and the like are refused with a clear error.
. "$SRCDIR/tests/lib.sh"
command -v openssl >/dev/null 2>&1 || skip "openssl is not installed"
t_setup
_t_need_srv

# A CA, and a certificate it signs for 127.0.0.1.
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=haul test CA" \
	-keyout ca.key -out ca.pem 2> /dev/null || fail "cannot make a CA"
openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" \
	-keyout srv.key -out srv.csr 2> /dev/null || fail "cannot make a CSR"
printf 'subjectAltName=IP:127.0.0.1\n' > san.ext
openssl x509 -req -in srv.csr -CA ca.pem -CAkey ca.key -CAcreateserial \
	-days 2 -extfile san.ext -out srv.pem 2> /dev/null ||
	fail "cannot sign the server certificate"

mkdir www dl
"$TESTSRV" -g 100000 s.bin > www/s.bin

# openssl s_server -WWW serves files from its directory; it needs a port
# number, so try a few until one binds.
started=0
for try in 1 2 3 4 5 6 7 8; do
	TPORT=$(( 20000 + ($$ * 17 + try * 1231) % 40000 ))
	(cd www && exec openssl s_server -quiet -WWW \
	    -accept "127.0.0.1:$TPORT" -cert ../srv.pem -key ../srv.key) \
	    > "$T_LIB/srv-tls.log" 2>&1 &
	pid=$!
	sleep 0.5
	if kill -0 "$pid" 2>/dev/null; then
		t_kill_at_exit "$pid"
		started=1
		break
	fi
done
[ $started -eq 1 ] || fail "openssl s_server did not start"
URL=https://127.0.0.1:$TPORT/s.bin

status=0
"$HAUL" --no-tui --retries=0 -d dl "$URL" > out 2> err || status=$?
[ "$status" -eq 1 ] || fail "untrusted certificate: exit $status"
grep -q "$URL: TLS certificate not trusted" err ||
	fail "untrusted certificate not explained: $(cat err)"
[ -z "$(ls dl)" ] || fail "files left after a refused certificate"

"$HAUL" --no-tui --retries=0 --ca-certificate=ca.pem -d dl "$URL" \
	> out 2> err || fail "--ca-certificate: $(cat err)"
expect_file dl/s.bin 100000
if grep -q insecure err; then
	fail "warned about --insecure without it"
fi

rm dl/s.bin
"$HAUL" --no-tui --retries=0 --insecure -d dl "$URL" > out 2> err ||
	fail "--insecure: $(cat err)"
expect_file dl/s.bin 100000
grep -q 'warning: --insecure: TLS certificates are not checked' err ||
	fail "--insecure gave no warning"

# Other protocols are refused, on the first request.
for url in file:///etc/passwd scp://127.0.0.1/x dict://127.0.0.1/x; do
	status=0
	"$HAUL" --no-tui --retries=0 -d dl "$url" > out 2> err || status=$?
	[ "$status" -eq 1 ] || fail "$url: exit $status"
	grep -q "$url: protocol not allowed" err ||
		fail "$url not refused clearly: $(cat err)"
done
# ... and after a redirect.
srv_start
url=$BASE/location/file%3A%2F%2F%2Fetc%2Fpasswd
status=0
"$HAUL" --no-tui --retries=0 -d dl "$url" > out 2> err || status=$?
[ "$status" -eq 1 ] || fail "redirect to file://: exit $status"
grep -q "$url: protocol not allowed" err ||
	fail "redirect to file:// not refused clearly: $(cat err)"
[ -z "$(ls dl | grep -v s.bin)" ] || fail "refused URLs left files"
t_pass
