#!/bin/sh
# 404, 500 and a refused port fail with exit status 1 and say why, in
# words, naming the URL; the good files around them still complete and no
# error body is saved as a file.
. "$SRCDIR/tests/lib.sh"
t_setup

# A port that refuses: start a server, note its port, stop it.
srv_start
DEAD=$PORT
srv_stop
srv_start

cat > queue <<EOF2
$BASE/data/5000/good1.bin
$BASE/status/404/missing.bin
$BASE/status/500/broken.bin
http://127.0.0.1:$DEAD/data/10/refused.bin
$BASE/data/70000/good2.bin
EOF2

status=0
"$HAUL" --no-tui --retries=0 -j 3 -i queue -d out > stdout 2> stderr ||
	status=$?
[ "$status" -eq 1 ] || fail "exit status $status, expected 1"

expect_file out/good1.bin 5000 good1.bin
expect_file out/good2.bin 70000 good2.bin
grep -q "$BASE/status/404/missing.bin: HTTP 404 Not Found" stderr ||
	fail "404 not reported: $(cat stderr)"
grep -q "$BASE/status/500/broken.bin: HTTP 500 Internal Server Error" \
	stderr || fail "500 not reported: $(cat stderr)"
grep -q "127.0.0.1:$DEAD/data/10/refused.bin: connection refused" stderr ||
	fail "refused port not reported: $(cat stderr)"
grep -q '^2 done, 3 failed' stdout || fail "summary: $(tail -n 1 stdout)"
[ "$(ls out)" = "$(printf 'good1.bin\ngood2.bin')" ] ||
	fail "unexpected files in out/: $(ls out)"
t_pass
