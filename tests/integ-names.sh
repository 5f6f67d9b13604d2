#!/bin/sh
# Names: Content-Disposition of the final response (quoted strings with
# escapes, a trailing ';', unknown parameters, filename*= preferred over
# filename=) names the file unless out= or -o does; every name, from the
# server or the URL, becomes one safe file name in the download
# directory (no directory part, no leading '.' or '-', no control
# characters or invalid UTF-8, at most 240 bytes), and nothing is
# written outside it.
. "$SRCDIR/tests/lib.sh"
t_setup
srv_start

# Prints $1 with every byte percent-encoded, for /cdraw.
enc() {
	printf '%s' "$1" | od -An -v -tx1 | tr -d ' \n' | sed 's/../%&/g'
}

# Prints a /cdraw URL: the body of /data/1000/$2, Content-Disposition $1.
cd_url() {
	printf '%s/cdraw/%s/data/1000/%s\n' "$BASE" "$(enc "$1")" "$2"
}

# Fails unless file out/$1 holds the body of /data/1000/$2.
has() {
	expect_file "out/$1" 1000 "$2"
}

# Prints what exists in the scratch directory, out/ aside.
outside() {
	find "$T_ROOT" -maxdepth 1 | sort
	find . -path ./out -prune -o -print | sort
}

# Fails if a name that tried to escape out/ exists where it aimed.
escaped() {
	for d in "$T_DIR" "$T_ROOT" "$T_ROOT/.." /tmp /; do
		for n in up win star abs esc; do
			[ ! -e "$d/$T$n.bin" ] ||
				fail "written outside out/: $d/$T$n.bin"
		done
	done
}

# Names that try to escape carry this test's process id, so that other
# tests running meanwhile in the same places cannot be mistaken for them.
T=t$$
long=$(printf 'a%.0s' $(seq 296)).bin
wide=$(printf '\303\251%.0s' $(seq 150)).bin
star="filename*=UTF-8''na%C3%AFve%20x.bin"
star2="filename*=utf-8''first%20star.bin"
{
	cd_url 'attachment; filename="say \"hi\".bin"' n1
	cd_url 'attachment; filename="semi.bin";' n2
	cd_url 'attachment; foo=bar; filename=plain.bin; size="3;4"' n3
	cd_url "attachment; filename=\"fb.bin\"; $star" n4
	cd_url "attachment; $star2; filename=\"fb.bin\"" n5
	cd_url 'attachment; filename="chosen.bin"' n6
	echo '  out=mine.bin'
	cd_url 'attachment; filename="../../../'$T'up.bin"' h1
	cd_url 'attachment; filename=".."' h2
	cd_url 'attachment; filename=".hidden"' h3
	cd_url 'attachment; filename="-rf"' h4
	cd_url "$(printf 'attachment; filename="c\001t\033r\177l.bin"')" h5
	cd_url "attachment; filename=\"$long\"" h6
	cd_url "attachment; filename=\"$wide\"" h7
	cd_url 'attachment; filename="..\..\'$T'win.bin"' h8
	cd_url "attachment; filename*=UTF-8''..%2F..%2F${T}star.bin" h9
	cd_url 'attachment; filename="/tmp/'$T'abs.bin"' h10
	cd_url "$(printf 'attachment; filename="in\377val\300id.bin"')" h11
	echo "$BASE/data/1000/..%2F..%2F${T}esc.bin"
	echo "$BASE/data/1000/%2E%2E"
	echo "$BASE/data/1000/-dash"
	echo "$BASE/data/1000/a%5Cb%5Cback.bin"
	# The name comes from the final response, not from a redirect.
	printf '%s/cdraw/%s/redirect/1/cdraw/%s/data/1000/r1\n' "$BASE" \
	    "$(enc 'attachment; filename="first.bin"')" \
	    "$(enc 'attachment; filename="final.bin"')"
} > queue
: > stdout
: > stderr
: > after
outside > before

timeout 30 "$HAUL" --no-tui -d out -i queue > stdout 2> stderr ||
	fail "haul exited $?: $(cat stderr)"
outside > after
cmp -s before after ||
	fail "files appeared outside out/: $(diff before after)"
escaped
grep -q '^22 done, 0 failed' stdout || fail "summary: $(tail -n 1 stdout)"

has 'say "hi".bin' n1
has semi.bin n2
has plain.bin n3
has "$(printf 'na\303\257ve x.bin')" n4
has 'first star.bin' n5
has mine.bin n6
has ${T}up.bin h1
has h2 h2
has hidden h3
has rf h4
has ctrl.bin h5
has ${T}win.bin h8
has ${T}star.bin h9
has ${T}abs.bin h10
has invalid.bin h11
has ${T}esc.bin ../../${T}esc.bin
has index.html ..
# expect_file would hand "-dash" to testsrv -g as an option.
"$TESTSRV" -g 1000 -- -dash > expected || fail "testsrv -g -- -dash failed"
cmp -s out/dash expected || fail "out/dash: not the body of /data/1000/-dash"
has back.bin 'a\b\back.bin'
has final.bin r1

# Long names: cut to 240 bytes on a character boundary, extension kept.
cut=$(printf 'a%.0s' $(seq 236)).bin
has "$cut" h6
cut=$(printf '\303\251%.0s' $(seq 118)).bin
has "$cut" h7
[ "$(ls out | wc -l)" -eq 22 ] || fail "files in out/: $(ls out)"

# -o wins over the server's name.
timeout 30 "$HAUL" --no-tui -d out -o cli.bin \
	"$(cd_url 'attachment; filename="server.bin"' o1)" > stdout 2> stderr ||
	fail "haul -o exited $?: $(cat stderr)"
has cli.bin o1
[ ! -e out/server.bin ] || fail "-o lost to Content-Disposition"
t_pass
