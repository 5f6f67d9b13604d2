#!/bin/sh
# Load: 10,000 URLs with -j 16, a tenth of them failing in assorted ways.
# Every good file is byte-exact, every bad URL is listed with its reason,
# and memory stays bounded.
. "$SRCDIR/tests/lib.sh"
t_setup
srv_start
N=${LOAD_N:-10000}

i=1
while [ $i -le "$N" ]; do
	case $((i % 40)) in
	0) echo "$BASE/status/404/bad$i" ;;
	10) echo "$BASE/status/500/bad$i" ;;
	20) echo "$BASE/short/2000/bad$i" ;;
	30) echo "$BASE/status/403/bad$i" ;;
	*) echo "$BASE/data/$((i % 97 * 13))/g$i" ;;
	esac
	i=$((i + 1))
done > queue

"$HAUL" --no-tui -q --retries=0 -j 16 -i queue -d out > out.txt 2> err &
pid=$!
t_kill_at_exit "$pid"
peak=0
while kill -0 "$pid" 2>/dev/null; do
	kb=$(sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\) kB/\1/p' \
	    "/proc/$pid/status" 2>/dev/null || true)
	[ -n "$kb" ] && [ "$kb" -gt "$peak" ] && peak=$kb
	sleep 0.2
done
status=0
wait "$pid" || status=$?
[ "$status" -eq 1 ] || fail "exit status $status, expected 1"

bad=$((N / 10))
good=$((N - bad))
grep -q "^$good done, $bad failed, 0 not finished" err ||
	fail "summary: $(tail -n 1 err)"
[ "$(grep -c ': HTTP 404 Not Found$' err)" -eq $((bad / 4)) ] ||
	fail "404s not all reported"
[ "$(grep -c ': HTTP 500 Internal Server Error$' err)" -eq $((bad / 4)) ] ||
	fail "500s not all reported"
[ "$(grep -c ': HTTP 403 Forbidden$' err)" -eq $((bad / 4)) ] ||
	fail "403s not all reported"
[ "$(grep -c 'short/2000/bad[0-9]*: connection closed early' err)" \
    -eq $((bad / 4)) ] || fail "short bodies not all reported"
[ "$(ls out | grep -cv '\.part')" -eq "$good" ] || fail "wrong file count"
# Short bodies stay as .part files, ready to resume.
[ "$(ls out | grep -c '^bad.*\.part$')" -eq $((bad / 4)) ] ||
	fail "short bodies did not all keep their .part"

i=1
while [ $i -le "$N" ]; do
	if [ $((i % 10)) -ne 0 ]; then
		"$TESTSRV" -g $((i % 97 * 13)) "g$i" | cmp -s - "out/g$i" ||
			fail "out/g$i differs"
	fi
	i=$((i + 1))
done

# A sanitizer build keeps shadow memory: judge memory elsewhere.
if ! ldd "$HAUL" 2>/dev/null | grep -Eq "lib(asan|tsan)"; then
	[ "$peak" -gt 0 ] || fail "could not read haul's memory use"
	[ "$peak" -lt 65536 ] || fail "peak RSS $peak KiB for $N tasks"
fi
echo "peak RSS $peak KiB"
t_pass
