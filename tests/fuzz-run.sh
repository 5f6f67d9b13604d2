#!/bin/sh
# Fuzzes haul's parsers for a bounded time, each harness in
# tests/fuzz/ on its own, all at once.  Every run first replays the whole
# seed corpus in tests/fuzz/corpus/NAME/ (regression inputs included),
# then mutates a scratch copy of it for FUZZ_SECONDS (default 20; 0
# replays only).  A crash, leak or hang fails the test; its input is
# kept in tests/fuzz/corpus/NAME/ so that every later run replays it.
#
# FUZZ_ONLY="fuzz_range ..." picks harnesses; CC_FUZZ picks the clang.
# Exit status follows automake: 0 pass, 1 fail, 77 skip (no clang or no
# fuzzer runtime).
set -u

top=${SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
fuzz=$top/tests/fuzz
secs=${FUZZ_SECONDS:-20}
all="fuzz_queuefile fuzz_disposition fuzz_urlname fuzz_range fuzz_config"
names=${FUZZ_ONLY:-$all}

case $secs in
''|*[!0-9]*) echo "FAIL: FUZZ_SECONDS must be a whole number" >&2; exit 1 ;;
esac

tmp=$(mktemp -d "${TMPDIR:-/tmp}/haul-fuzz.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM

# Builds the harnesses into $tmp/bin; exits 77 when they cannot be built.
build() {
	if ! sh "$fuzz/build.sh" "$tmp/bin" >"$tmp/build.log" 2>&1; then
		cat "$tmp/build.log"
		echo "FAIL: the fuzz harnesses did not build" >&2
		exit 1
	fi
	if grep '^SKIP:' "$tmp/build.log"; then
		exit 77
	fi
}

# Runs harness $1 on a scratch copy of its corpus; its log and exit
# status go to $tmp/$1.log and $tmp/$1.rc.
run() {
	mkdir -p "$tmp/corpus/$1" "$tmp/art/$1" "$tmp/run/$1"
	cp "$fuzz/corpus/$1"/* "$tmp/corpus/$1/" 2>/dev/null
	set -- "$1" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
	    -artifact_prefix="$tmp/art/$1/"
	if [ "$secs" -eq 0 ]; then
		set -- "$@" -runs=0
	else
		set -- "$@" -max_total_time="$secs"
	fi
	# The config parser reports bad lines on stderr, thousands a second.
	[ "$1" = fuzz_config ] && set -- "$@" -close_fd_mask=2
	h=$1
	shift
	(cd "$tmp/run/$h" && TMPDIR="$tmp/run/$h" exec "$tmp/bin/$h" "$@" \
	    "$tmp/corpus/$h" >"$tmp/$h.log" 2>&1)
	echo $? >"$tmp/$h.rc"
}

# Copies the inputs that broke harness $1 into its corpus, unless there.
keep() {
	for a in "$tmp/art/$1"/*; do
		[ -f "$a" ] || continue
		kept=$fuzz/corpus/$1/${a##*/}
		for c in "$fuzz/corpus/$1"/*; do
			cmp -s "$a" "$c" && kept=$c
		done
		if [ ! -f "$kept" ] && ! cp "$a" "$kept" 2>/dev/null; then
			kept=$a
			echo "cannot write to $fuzz/corpus/$1; input left in $a"
			trap - EXIT
		fi
		echo "input: $kept ($(wc -c <"$a") bytes):"
		od -A x -t x1z "$a" | head -n 16
		echo "reproduce: tests/fuzz/build.sh /tmp/fz &&" \
		    "/tmp/fz/$1 $kept"
		echo "replayed here:"
		TMPDIR="$tmp/run/$1" "$tmp/bin/$1" "$a" 2>&1 |
		    grep -vE '^INFO:|fuzzer::|libc|_start|print_stack' |
		    grep -vE '^NOTE|Combine libFuzzer|^$' | head -n 60
	done
}

# Reports on harness $1 once it has stopped; returns 1 if it failed.
report() {
	done_re='s/^Done \([0-9]*\) runs in \([0-9]*\).*/\1 runs, \2 s/p'
	runs=$(sed -n "$done_re" "$tmp/$1.log")
	if [ "$(cat "$tmp/$1.rc")" -eq 0 ] && [ -n "$runs" ]; then
		echo "ok: $1: $runs"
		return 0
	fi
	echo "FAIL: $1 (exit $(cat "$tmp/$1.rc")):"
	grep -E '^(==[0-9]+==|SUMMARY|fuzz:)' "$tmp/$1.log" | head -n 20
	keep "$1"
	return 1
}

build
for name in $names; do
	if [ ! -x "$tmp/bin/$name" ]; then
		echo "FAIL: no harness called $name" >&2
		exit 1
	fi
	run "$name" &
done
wait

status=0
for name in $names; do
	report "$name" || status=1
done
[ "$status" -eq 0 ] && echo "PASS: fuzz-run ($secs s each)"
exit "$status"
