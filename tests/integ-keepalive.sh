#!/bin/sh
# Each worker keeps one CURL handle for all its jobs, so 60 small files
# with -j 2 travel over about two connections, not 60.
. "$SRCDIR/tests/lib.sh"
t_setup
srv_start

i=1
while [ $i -le 60 ]; do
	echo "$BASE/data/2000/k$i"
	i=$((i + 1))
done > queue

"$HAUL" --no-tui -j 2 -i queue -d out > stdout 2> stderr ||
	fail "haul exited $?: $(cat stderr)"
expect_file out/k60 2000 k60

# Reading each counter costs one connection and one request, counted.
reqs=$(srv_stat requests)
conns=$(srv_stat connections)
[ "$reqs" -ge 61 ] || fail "server saw only $reqs requests"
[ "$conns" -le 6 ] || fail "$conns connections for 60 files: no keep-alive"
t_pass
