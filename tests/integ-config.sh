#!/bin/sh
# $XDG_CONFIG_HOME/haul/config sets defaults with the long option names;
# the command line wins; a bad line is reported with its line number and
# the rest still applies.  --log writes a timestamped log.
. "$SRCDIR/tests/lib.sh"
t_setup
srv_start

mkdir -p "$XDG_CONFIG_HOME/haul"
# The file starts with a UTF-8 byte order mark, as some editors write.
printf '\357\273\277' > "$XDG_CONFIG_HOME/haul/config"
cat >> "$XDG_CONFIG_HOME/haul/config" <<EOF2
# defaults for tests
on-exists = skip
colour = blue
jobs = 0
dir = from-config
no-tui
EOF2

mkdir -p from-config && echo old > from-config/x.bin
status=0
"$HAUL" "$BASE/data/10/x.bin" > out 2> err || status=$?
[ "$status" -eq 0 ] || fail "exit $status: $(cat err)"
grep -q "config:3: unknown option 'colour'" err || fail "line 3: $(cat err)"
if grep -q "config:1:" err; then
	fail "the byte order mark spoiled line 1: $(cat err)"
fi
grep -q "config:4: line ignored" err || fail "line 4 (jobs = 0): $(cat err)"
[ "$(cat from-config/x.bin)" = old ] || fail "on-exists=skip not applied"
grep -q '^skipped' out || fail "not reported as skipped: $(cat out)"

"$HAUL" --on-exists=overwrite --log=haul.log "$BASE/data/10/x.bin" \
	> out 2> err || fail "override run failed: $(cat err)"
expect_file from-config/x.bin 10 x.bin
grep -Eq '^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:.]+ task 0: GET ' haul.log ||
	fail "log has no request line: $(cat haul.log)"
grep -q 'task 0: HTTP 200' haul.log || fail "log has no response line"
grep -q 'task 0: complete' haul.log || fail "log has no outcome line"
t_pass
