#!/bin/sh
# Builds haul's libFuzzer harnesses with clang, AddressSanitizer and
# UndefinedBehaviorSanitizer into OUTDIR (default tests/fuzz/bin).
#
#	tests/fuzz/build.sh [OUTDIR]
#
# Each harness is compiled together with the few src/*.c files it needs,
# so no configure run is required.  CC_FUZZ names the compiler (default
# clang, else the newest clang-N installed).  When there is no clang or it has
# no fuzzer runtime, the script prints a line starting "SKIP:" saying
# why and exits 0; callers (tests/fuzz-run.sh) treat that as a skip.
set -u

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
out=${1:-$here/bin}

# Harness name, then the sources under src/ it links with.
harnesses='
fuzz_queuefile queuefile.c
fuzz_disposition httphdr.c naming.c format.c
fuzz_urlname naming.c
fuzz_range httphdr.c format.c
fuzz_config options.c format.c naming.c
'

# Harnesses that check names or print inputs link fuzzname.c as well.
extra_for() {
	case $1 in
	fuzz_disposition|fuzz_urlname|fuzz_range) echo "$here/fuzzname.c" ;;
	esac
}

# Prints the first clang that is installed.
find_clang() {
	for c in ${CC_FUZZ:-} clang clang-19 clang-18 clang-17 clang-16 \
	    clang-15 clang-14; do
		if command -v "$c" >/dev/null 2>&1; then
			echo "$c"
			return 0
		fi
	done
	return 1
}

if ! cc=$(find_clang); then
	echo "SKIP: no clang found (set CC_FUZZ, or apt-get install clang)"
	exit 0
fi

sanitize="-fsanitize=fuzzer,address,undefined"
cflags="-std=c11 -g -O1 -fno-omit-frame-pointer $sanitize
	-fno-sanitize-recover=undefined -Wall -Wextra -D_GNU_SOURCE"

mkdir -p "$out" || exit 1
probe=$(mktemp -d "${TMPDIR:-/tmp}/haul-fuzz-probe.XXXXXX") || exit 1
trap 'rm -rf "$probe"' EXIT
cat >"$probe/p.c" <<'PROBE'
#include <stddef.h>
#include <stdint.h>
int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);
int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{ (void)d; (void)n; return 0; }
PROBE
if ! "$cc" $sanitize -o "$probe/p" "$probe/p.c" >"$probe/log" 2>&1; then
	echo "SKIP: $cc cannot build with $sanitize" \
	    "(apt-get install libclang-rt-dev):"
	sed 's/^/	/' "$probe/log" | head -n 5
	exit 0
fi

status=0
echo "$harnesses" | while read -r name srcs; do
	[ -n "$name" ] || continue
	files=
	for s in $srcs; do
		files="$files $top/src/$s"
	done
	echo "  CC  $out/$name"
	# shellcheck disable=SC2046,SC2086
	if ! "$cc" $cflags -DPACKAGE_VERSION='"0.1.0"' -I"$top/src" \
	    -I"$here" -o "$out/$name" "$here/$name.c" \
	    $(extra_for "$name") $files -lm; then
		echo "build.sh: $name failed to build" >&2
		exit 1
	fi
done || status=1
exit "$status"
