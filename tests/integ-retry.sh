#!/bin/sh
# Retries and time: 408, 429, 500, 502, 503 and 504 are retried up to
# --retries times and other 4xx never; Retry-After is obeyed in both its
# forms, and one longer than --max-wait fails at once saying so; a
# transfer that stalls for --timeout seconds is aborted, retried and
# resumed; redirect loops and over-long chains fail in words.
. "$SRCDIR/tests/lib.sh"
t_setup
srv_start

# Prints the time in milliseconds.
now_ms() {
	t=$(date +%s%N)
	case $t in
	*N)	echo $((${t%N} * 1000)) ;;
	*)	echo $((t / 1000000)) ;;
	esac
}

# Runs haul (see haul_expect) into out/, expecting exit status $1, and
# sets ms to how long it took.
run() {
	w=$1
	shift
	t0=$(now_ms)
	haul_expect "$w" -d out "$@"
	ms=$(($(now_ms) - t0))
}

mkdir out
N=100000

# Status codes: which are retried, and how often.
cat > queue <<EOF2
$BASE/failn/2/503/a/data/$N/twice.bin
$BASE/failn/1/404/c/data/$N/missing.bin
$BASE/failn/1/408/d/data/$N/r408.bin
$BASE/failn/1/429/e/data/$N/r429.bin
$BASE/failn/1/500/f/data/$N/r500.bin
$BASE/failn/1/502/g/data/$N/r502.bin
$BASE/failn/1/504/h/data/$N/r504.bin
$BASE/loop/x
$BASE/redirect/12/data/$N/far.bin
$BASE/redirect/3/data/$N/near.bin
EOF2
run 1 -j 10 --retries=2 -i queue
expect_file out/twice.bin $N
expect_answers /failn/2/503/a/data/$N/twice.bin "503 503 200"
for code in 408 429 500 502 504; do
	expect_file out/r$code.bin $N
done
expect_answers /failn/1/408/d/data/$N/r408.bin "408 200"
expect_answers /failn/1/429/e/data/$N/r429.bin "429 200"
expect_answers /failn/1/500/f/data/$N/r500.bin "500 200"
expect_answers /failn/1/502/g/data/$N/r502.bin "502 200"
expect_answers /failn/1/504/h/data/$N/r504.bin "504 200"
# 404 is final at once.
u=/failn/1/404/c/data/$N/missing.bin
expect_answers "$u" "404"
grep -q "failed  $BASE$u: HTTP 404 Not Found" stderr ||
	fail "404 not reported: $(cat stderr)"
grep -q "failed  $BASE/loop/x: too many redirects" stderr ||
	fail "redirect loop not reported: $(cat stderr)"
grep -q "failed  $BASE/redirect/12/data/$N/far.bin: too many redirects" \
	stderr || fail "12 redirects not reported: $(cat stderr)"
expect_file out/near.bin $N
# A loop is not worth a retry: one chain of 11 requests.
[ "$(answers /loop/x | wc -l)" -eq 11 ] ||
	fail "/loop/x: $(answers /loop/x | wc -l) requests, expected 11"
grep -q '^7 done, 3 failed' stdout || fail "summary: $(tail -n 1 stdout)"
[ "$(ls out | wc -l)" -eq 7 ] || fail "files in out/: $(ls out)"

# One retry is not enough for two 503s; nothing is left on disk.
u=/failn/2/503/i/data/$N/short.bin
run 1 --retries=1 "$BASE$u"
grep -q "failed  $BASE$u: HTTP 503 Service Unavailable$" stderr ||
	fail "503 not reported: $(cat stderr)"
expect_answers "$u" "503 503"
[ ! -e out/short.bin ] && [ ! -e out/short.bin.part ] ||
	fail "files left for a failed 503: $(ls out)"

# Retry-After: 2 seconds, then a date 3 seconds ahead (which the client
# may read up to a second late, as dates have whole seconds).
run 0 --retries=1 "$BASE/retryafter/2/j/data/$N/after.bin"
expect_file out/after.bin $N
expect_answers /retryafter/2/j/data/$N/after.bin "503 200"
[ "$ms" -ge 2000 ] || fail "Retry-After: 2 obeyed after $ms ms"
[ "$ms" -lt 8000 ] || fail "Retry-After: 2 took $ms ms"
run 0 --retries=1 "$BASE/retrydate/3/k/data/$N/date.bin"
expect_file out/date.bin $N
expect_answers /retrydate/3/k/data/$N/date.bin "503 200"
[ "$ms" -ge 2000 ] || fail "Retry-After date 3 s ahead obeyed after $ms ms"
[ "$ms" -lt 9000 ] || fail "Retry-After date 3 s ahead took $ms ms"

# A wait beyond --max-wait fails at once and says how long it was.
u=/retryafter/1000/l/data/$N/long.bin
v=/retrydate/1000/m/data/$N/longdate.bin
run 1 --retries=3 --max-wait=5 "$BASE$u" "$BASE$v"
[ "$ms" -lt 4000 ] || fail "a refused Retry-After took $ms ms"
grep -q "failed  $BASE$u: HTTP 503 .* wait 1000 s" stderr ||
	fail "long Retry-After not reported: $(cat stderr)"
grep -q "failed  $BASE$v: HTTP 503 .* wait \(99[89]\|1000\) s" stderr ||
	fail "long Retry-After date not reported: $(cat stderr)"
grep -q 'max-wait' stderr || fail "--max-wait not named: $(cat stderr)"
expect_answers "$u" "503"
expect_answers "$v" "503"

# A transfer that stalls: aborted after --timeout (not seconds later),
# resumed, whole.
u=/stallonce/n/40000/data/$N/stall.bin
run 0 --retries=1 --timeout=2 "$BASE$u"
expect_file out/stall.bin $N
expect_answers "$u" "200 206"
[ "$(sent "$u" Range | flat)" = "- bytes=40000-" ] ||
	fail "stall.bin: Range sent: $(sent "$u" Range | flat)"
[ "$ms" -ge 2000 ] && [ "$ms" -lt 4500 ] ||
	fail "a stall with --timeout=2 took $ms ms to overcome"

# Without a retry, the stall is a failure that says what happened.
u=/stallonce/o/40000/data/$N/stall2.bin
run 1 --retries=0 --timeout=1 "$BASE$u"
grep -q "failed  $BASE$u: timed out (no data for 1 s)" stderr ||
	fail "stall not reported: $(cat stderr)"
[ "$ms" -lt 3000 ] || fail "a stall with --timeout=1 took $ms ms"
[ ! -e out/stall2.bin ] && [ -s out/stall2.bin.part ] ||
	fail "stall2.bin: $(ls out)"
t_pass
