#!/bin/sh
# Keeps the C sources and test scripts to the house style that a
# formatter does not enforce by itself: at most 80 columns (tabs count as
# 8), no trailing white space, no TODO/FIXME/XXX marks in src/.
set -u
cd "${SRCDIR:-.}" || exit 1
bad=0
for f in src/*.c src/*.h tests/*.c tests/*.sh; do
	[ -f "$f" ] || continue
	out=$(expand -t 8 "$f" | awk -v f="$f" '
	    length($0) > 80 { printf "%s:%d: %d columns\n", f, NR, length($0) }
	    /[ \t]$/ { printf "%s:%d: trailing white space\n", f, NR }')
	if [ -n "$out" ]; then
		echo "$out"
		bad=1
	fi
done
if grep -nE 'TODO|FIXME|XXX' src/*.c src/*.h; then
	echo "src/ holds unfinished-work marks (above)"
	bad=1
fi
[ "$bad" -eq 0 ] && echo "PASS: style"
exit "$bad"
