#!/bin/sh
# The many-files run again, against nginx on 127.0.0.1: a real server that
# nobody here wrote.  Skipped when nginx is not installed.
. "$SRCDIR/tests/lib.sh"
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$NGINX" ] || skip "nginx is not installed"
t_setup

mkdir -p www logs out
i=1
while [ $i -le 100 ]; do
	size=$(( (i * 7919) % 9 == 0 ? 8 * 1024 * 1024 : (i * 7919) % 300000 ))
	"$TESTSRV" -g "$size" "n$i" > "www/n$i.bin"
	echo "$size" > "www/n$i.size"
	i=$((i + 1))
done

# nginx needs a port in its configuration: try free-looking ones until one
# binds.
started=0
for try in 1 2 3 4 5 6 7 8 9 10; do
	NPORT=$(( 20000 + ($$ * 31 + try * 977) % 40000 ))
	# As root, nginx would serve as nobody, who cannot read here.
	user=
	[ "$(id -u)" -ne 0 ] || user="user root;"
	cat > nginx.conf <<EOF2
$user
daemon off;
worker_processes 1;
pid $PWD/nginx.pid;
error_log $PWD/logs/error.log;
events { worker_connections 256; }
http {
	access_log off;
	client_body_temp_path $PWD/logs;
	proxy_temp_path $PWD/logs;
	fastcgi_temp_path $PWD/logs;
	uwsgi_temp_path $PWD/logs;
	scgi_temp_path $PWD/logs;
	server {
		listen 127.0.0.1:$NPORT;
		root $PWD/www;
		keepalive_requests 10000;
	}
}
EOF2
	"$NGINX" -p "$PWD" -c "$PWD/nginx.conf" 2> logs/start.err &
	NGINX_PID=$!
	n=0
	while [ $n -lt 50 ]; do
		if ! kill -0 "$NGINX_PID" 2>/dev/null; then
			break
		fi
		if [ -s nginx.pid ]; then
			started=1
			break
		fi
		sleep 0.1
		n=$((n + 1))
	done
	[ $started -eq 1 ] && break
	kill "$NGINX_PID" 2>/dev/null
done
[ $started -eq 1 ] || fail "nginx did not start: $(cat logs/*)"
t_kill_at_exit "$NGINX_PID"
NBASE=http://127.0.0.1:$NPORT

i=1
while [ $i -le 100 ]; do
	echo "$NBASE/n$i.bin"
	i=$((i + 1))
done > queue
echo "$NBASE/not-there.bin" >> queue

status=0
"$HAUL" --no-tui --retries=0 -j 4 -i queue -d out > stdout 2> stderr ||
	status=$?
[ "$status" -eq 1 ] || fail "exit $status, expected 1 (one 404)"
grep -q "$NBASE/not-there.bin: HTTP 404 Not Found" stderr ||
	fail "404 from nginx not reported: $(cat stderr)"
i=1
while [ $i -le 100 ]; do
	cmp -s "www/n$i.bin" "out/n$i.bin" || fail "out/n$i.bin differs"
	i=$((i + 1))
done
[ "$(ls out | wc -l)" -eq 100 ] || fail "expected 100 files in out/"
t_pass
