/*
 * testsrv: the HTTP/1.1 server that haul's integration tests run on
 * 127.0.0.1.
 *
 * It stores no files.  Every body is computed from the request path: the
 * bytes of "/data/SIZE/NAME" are a function of NAME and the offset alone,
 * so any range can be produced on demand and a test can make the file it
 * expects with "testsrv -g SIZE NAME".  The first component of a path picks
 * a row of the scenario table; the rest are that scenario's arguments.
 * Some scenarios wrap another path ("/delay/200/data/10/x" waits, then
 * serves "/data/10/x"), so faults combine without new code, and a new
 * fault is one handler function plus one table row.
 *
 * Wrappers that misbehave only at first ("/failn/2/503/k/data/10/x")
 * count the requests for their KEY in a small table shared by all
 * connections, so a test can make the first tries fail and the retries
 * succeed.  "/versioned" bodies change when "/bump" moves a global
 * version on, which lets a test change a resource between two runs.
 * With -v every request is logged to stderr with the Range, If-Range and
 * Accept-Encoding headers it carried, and every answer with its status,
 * so a test can read what its client asked for.
 *
 * The main thread only accepts connections and waits for SIGTERM, SIGINT
 * or the -t deadline; those signals are blocked everywhere except inside
 * its pselect.  Each connection gets a detached thread that reads requests
 * one after another (keep-alive) until the client closes, a request asks
 * to close, or a handler drops the connection on purpose.  SIGPIPE is
 * ignored and every send uses MSG_NOSIGNAL, so a client that vanishes
 * mid-body costs its thread an error return and nothing more.
 */

/* Everything used here is POSIX.1-2008; the build may ask for more. */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

#include <sys/types.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/uio.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#define BODY_BUF	(64 * 1024)	/* body bytes made and sent at once */
#define HEAD_MAX	(16 * 1024)	/* largest request head accepted */
#define TARGET_MAX	4096		/* longest request path */
#define REPLY_MAX	8192		/* largest response head */
#define EXTRA_MAX	2048		/* header lines added by wrappers */
#define NAME_LEN	1024		/* longest decoded name */
#define RANGE_LEN	128		/* longest Range value considered */
#define SIZE_LIMIT	(UINT64_C(1) << 40)	/* largest body: 1 TiB */
#define DEPTH_MAX	32		/* wrapper scenarios nested at most */
#define DELAY_MAX	600000		/* longest /delay in milliseconds */
#define RATE_MAX	1000000000	/* fastest /slow in bytes a second */
#define HOPS_MAX	1000		/* longest /redirect chain */
#define RETRY_MAX	UINT64_C(3153600000)	/* longest Retry-After */
#define VALUE_LEN	256		/* longest If-Range and the like */
#define KEYS_MAX	256		/* request counters kept */
#define KEY_LEN		64		/* longest counter name */
#define STALL_SECS	120		/* longest /stallonce silence */
#define IDLE_SECS	60		/* idle keep-alive connections end */
#define LINGER_MS	1000		/* draining a socket before close */
#define STACK_SIZE	(512 * 1024)	/* per connection thread */
#define NS		UINT64_C(1000000000)

/*
 * Last-Modified of every body, 2020-01-01, fixed so that clients
 * comparing dates always see the same resource; a /versioned body is
 * one day newer for each /bump.
 */
#define BODY_EPOCH	INT64_C(1577836800)
#define DAY_SECS	86400
#define HTTP_DATE	"%a, %d %b %Y %H:%M:%S GMT"

/* One parsed request head. */
struct request {
	const char	*line;		/* the request line, for the log */
	char		 target[TARGET_MAX];	/* path, query removed */
	char		 range[RANGE_LEN];	/* Range value or empty */
	char		 if_range[VALUE_LEN];	/* If-Range or empty */
	char		 accept[VALUE_LEN];	/* Accept-Encoding or empty */
	int		 head;		/* HEAD: headers only */
	int		 http10;	/* an HTTP/1.0 client */
	int		 closereq;	/* "Connection: close" seen */
	int		 keepreq;	/* "Connection: keep-alive" seen */
	int		 keep;		/* the client allows keep-alive */
	int		 body;		/* carries a body we do not read */
};

/* One client connection, owned by its thread. */
struct conn {
	int		 fd;
	unsigned long	 id;		/* accept order, for the log */
	size_t		 have;		/* bytes waiting in in[] */
	char		 in[HEAD_MAX];
	unsigned char	 body[BODY_BUF];
};

/* How a body ends before its time, if it does. */
enum body_cut {
	CUT_NONE,
	CUT_HALF,			/* half of it, then close */
	CUT_STALL,			/* cut_after bytes, then silence */
	CUT_NOLAST			/* chunked, closed before the last */
};

/* One request being answered: what handlers read and adjust. */
struct exchange {
	int		 fd;
	unsigned long	 id;		/* the connection, for the log */
	struct request	*req;
	unsigned char	*buf;		/* BODY_BUF bytes for bodies */
	char		 extra[EXTRA_MAX];	/* lines added by wrappers */
	size_t		 extralen;
	uint64_t	 bps;		/* body rate limit, 0 for none */
	int		 depth;		/* scenarios entered so far */
	int		 close;		/* announce close, then close */
	int		 norange;	/* ignore Range */
	int		 noifrange;	/* ignore If-Range */
	int		 noetag;	/* send no ETag */
	uint64_t	 early;		/* a 206 starts this much early */
	uint64_t	 late;		/* a 206 starts this much late */
	uint64_t	 days;		/* Last-Modified moves on by these */
	enum body_cut	 cut;
	uint64_t	 cut_after;	/* bytes sent before CUT_STALL */
	const char	*reason;	/* replaces the reason phrase */
};

/* A response head being built. */
struct reply {
	char		 buf[REPLY_MAX];
	size_t		 len;
	int		 code;		/* the status, for the log */
	int		 full;		/* something did not fit */
};

/* How a generated body is framed on the wire. */
enum body_mode {
	BODY_LENGTH,			/* Content-Length */
	BODY_NOLEN,			/* ended by closing */
	BODY_CHUNKED			/* Transfer-Encoding: chunked */
};

/* A generated body: which bytes of which resource, and how framed. */
struct body {
	uint64_t	 seed;		/* from the name; see gen_seed */
	uint64_t	 size;		/* the whole resource */
	uint64_t	 from;		/* first byte sent */
	uint64_t	 len;		/* bytes in this response */
	enum body_mode	 mode;
	int		 partial;	/* answering a Range: 206 */
	char		 etag[48];	/* quoted; empty for none */
	char		 mtime[40];	/* Last-Modified */
};

/* Keeps a body near a byte rate by sleeping between pieces. */
struct pacer {
	uint64_t	 bps;		/* 0: no limit */
	uint64_t	 start;		/* clock_ns() at the first byte */
	uint64_t	 sent;
};

/* A scenario handler: answers with ARGS, the path after its prefix. */
typedef int (*scen_fn)(struct exchange *, const char *);

/* A row of the scenario table. */
struct scenario {
	const char	*prefix;	/* first path component */
	const char	*args;		/* what follows it, for -l */
	scen_fn		 fn;
	const char	*help;		/* one line, for -l */
};

/* A request header we act on, and what to do with its value. */
struct req_header {
	const char	*name;
	void		(*fn)(struct request *, const char *);
};

/* An HTTP status code and its reason phrase. */
struct reason {
	int		 code;
	const char	*text;
};

/* Command line settings; read-only once threads run. */
static struct {
	int		 port;		/* -p, 0 for any */
	const char	*portfile;	/* -f */
	uint64_t	 secs;		/* -t, 0 for no limit */
	int		 verbose;	/* -v */
	int		 list;		/* -l */
	int		 gen;		/* -g */
	uint64_t	 gensize;
	const char	*genname;
} opt = { 0, NULL, 600, 0, 0, 0, 0, NULL };

static atomic_ulong		 n_conns;	/* connections accepted */
static atomic_ulong		 n_requests;	/* request heads read */
static atomic_ulong		 version;	/* of /versioned bodies */
static volatile sig_atomic_t	 stop_signal;

/* Requests seen for each KEY of /failn, /shortonce and the like. */
static struct {
	pthread_mutex_t	 lock;
	size_t		 n;
	char		 name[KEYS_MAX][KEY_LEN];
	unsigned long	 hits[KEYS_MAX];
} keys = { .lock = PTHREAD_MUTEX_INITIALIZER };

static int	scen_dispatch(struct exchange *, const char *);

static const struct reason reasons[] = {
	{ 200, "OK" },
	{ 201, "Created" },
	{ 202, "Accepted" },
	{ 203, "Non-Authoritative Information" },
	{ 204, "No Content" },
	{ 205, "Reset Content" },
	{ 206, "Partial Content" },
	{ 300, "Multiple Choices" },
	{ 301, "Moved Permanently" },
	{ 302, "Found" },
	{ 303, "See Other" },
	{ 304, "Not Modified" },
	{ 307, "Temporary Redirect" },
	{ 308, "Permanent Redirect" },
	{ 400, "Bad Request" },
	{ 401, "Unauthorized" },
	{ 402, "Payment Required" },
	{ 403, "Forbidden" },
	{ 404, "Not Found" },
	{ 405, "Method Not Allowed" },
	{ 406, "Not Acceptable" },
	{ 407, "Proxy Authentication Required" },
	{ 408, "Request Timeout" },
	{ 409, "Conflict" },
	{ 410, "Gone" },
	{ 411, "Length Required" },
	{ 412, "Precondition Failed" },
	{ 413, "Content Too Large" },
	{ 414, "URI Too Long" },
	{ 415, "Unsupported Media Type" },
	{ 416, "Range Not Satisfiable" },
	{ 417, "Expectation Failed" },
	{ 418, "I'm a teapot" },
	{ 421, "Misdirected Request" },
	{ 422, "Unprocessable Content" },
	{ 425, "Too Early" },
	{ 426, "Upgrade Required" },
	{ 428, "Precondition Required" },
	{ 429, "Too Many Requests" },
	{ 431, "Request Header Fields Too Large" },
	{ 451, "Unavailable For Legal Reasons" },
	{ 500, "Internal Server Error" },
	{ 501, "Not Implemented" },
	{ 502, "Bad Gateway" },
	{ 503, "Service Unavailable" },
	{ 504, "Gateway Timeout" },
	{ 505, "HTTP Version Not Supported" },
	{ 507, "Insufficient Storage" },
	{ 0, NULL }
};

/* ---------------------------------------------------------------------
 * Small helpers: errors, clocks, numbers, escapes.
 */

/* Reports a start-up failure with the errno text and exits. */
static _Noreturn void
fatal(const char *what)
{
	fprintf(stderr, "testsrv: %s: %s\n", what, strerror(errno));
	exit(1);
}

/* Prints how to run the program and exits with the usage status. */
static _Noreturn void
usage(void)
{
	fprintf(stderr,
	    "usage: testsrv [-lv] [-f portfile] [-p port] [-t secs]\n"
	    "       testsrv -g size name\n");
	exit(2);
}

/* Returns the monotonic clock in nanoseconds. */
static uint64_t
clock_ns(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * NS + (uint64_t)ts.tv_nsec;
}

/* Sleeps for NSEC nanoseconds, carrying on after signals. */
static void
clock_sleep(uint64_t nsec)
{
	struct timespec	 ts, left;

	ts.tv_sec = (time_t)(nsec / NS);
	ts.tv_nsec = (long)(nsec % NS);
	while (nanosleep(&ts, &left) == -1 && errno == EINTR)
		ts = left;
}

/* Reads a decimal number at *P and moves past it; -1 if none or huge. */
static int
num_parse(const char **p, uint64_t *v)
{
	const char	*s = *p;
	uint64_t	 n = 0;

	if (*s < '0' || *s > '9')
		return -1;
	for (; *s >= '0' && *s <= '9'; s++) {
		if (n > (UINT64_MAX - 9) / 10)
			return -1;
		n = n * 10 + (uint64_t)(*s - '0');
	}
	*p = s;
	*v = n;
	return 0;
}

/* Reads a path argument: a number up to MAX ending at '/' or the end. */
static int
num_arg(const char **p, uint64_t max, uint64_t *v)
{
	if (num_parse(p, v) == -1 || *v > max)
		return -1;
	return **p == '/' || **p == '\0' ? 0 : -1;
}

/* Returns the value of hex digit C, or -1. */
static int
pct_hex(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Decodes the %XX escapes of SRC[0..N) into DST, keeping a stray '%'
 * as it is; -1 if the result does not fit or holds NUL, CR or LF.
 */
static int
pct_decode(const char *src, size_t n, char *dst, size_t size)
{
	size_t	 i, o = 0;
	int	 c, hi, lo;

	for (i = 0; i < n; i++) {
		c = (unsigned char)src[i];
		if (c == '%' && i + 2 < n &&
		    (hi = pct_hex(src[i + 1])) >= 0 &&
		    (lo = pct_hex(src[i + 2])) >= 0) {
			c = hi * 16 + lo;
			i += 2;
		}
		if (c == '\0' || c == '\r' || c == '\n' || o + 1 >= size)
			return -1;
		dst[o++] = (char)c;
	}
	dst[o] = '\0';
	return 0;
}

/* ---------------------------------------------------------------------
 * Body content: byte OFF of the body named NAME depends on nothing else.
 */

#define GEN_STEP	UINT64_C(0x9e3779b97f4a7c15)

/* Scrambles a 64-bit value so that nearby inputs give unrelated outputs. */
static uint64_t
gen_mix(uint64_t z)
{
	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

/* Returns the seed of a body name: FNV-1a of its bytes, then mixed. */
static uint64_t
gen_seed(const char *name)
{
	uint64_t	 h = UINT64_C(0xcbf29ce484222325);

	for (; *name != '\0'; name++) {
		h ^= (unsigned char)*name;
		h *= UINT64_C(0x100000001b3);
	}
	return gen_mix(h);
}

/* Fills BUF with bytes [OFF, OFF + LEN) of the body with this seed. */
static void
gen_fill(uint64_t seed, uint64_t off, unsigned char *buf, size_t len)
{
	uint64_t	 word;
	size_t		 i = 0;

	while (i < len) {
		word = gen_mix(seed + (off >> 3) * GEN_STEP);
		word >>= (off & 7) * 8;
		do {
			buf[i++] = (unsigned char)(word & 0xff);
			word >>= 8;
			off++;
		} while (i < len && (off & 7) != 0);
	}
}

/* Writes all of BUF to file descriptor FD; -1 on error. */
static int
fd_write(int fd, const void *buf, size_t len)
{
	const char	*p = buf;
	ssize_t		 n;

	while (len > 0) {
		n = write(fd, p, len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Writes the body /data/SIZE/NAME would serve to stdout: the -g mode. */
static int
gen_write(uint64_t size, const char *name)
{
	unsigned char	*buf;
	uint64_t	 seed = gen_seed(name), off = 0;
	size_t		 n;

	if ((buf = malloc(BODY_BUF)) == NULL)
		fatal("malloc");
	for (; off < size; off += n) {
		n = size - off < BODY_BUF ? (size_t)(size - off) : BODY_BUF;
		gen_fill(seed, off, buf, n);
		if (fd_write(STDOUT_FILENO, buf, n) == -1)
			fatal("stdout");
	}
	free(buf);
	return 0;
}

/* ---------------------------------------------------------------------
 * Sending.
 */

/* Sends every byte of the CNT buffers in IOV; -1 if the client is gone. */
static int
net_sendv(int fd, struct iovec *iov, int cnt)
{
	struct msghdr	 msg;
	ssize_t		 n;

	while (cnt > 0) {
		memset(&msg, 0, sizeof msg);
		msg.msg_iov = iov;
		msg.msg_iovlen = (size_t)cnt;
		n = sendmsg(fd, &msg, MSG_NOSIGNAL);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			return -1;
		for (; cnt > 0 && (size_t)n >= iov->iov_len; iov++, cnt--)
			n -= (ssize_t)iov->iov_len;
		if (cnt > 0) {
			iov->iov_base = (char *)iov->iov_base + n;
			iov->iov_len -= (size_t)n;
		}
	}
	return 0;
}

/* Sends all of BUF; -1 if the client is gone. */
static int
net_send(int fd, const void *buf, size_t len)
{
	struct iovec	 iov;

	iov.iov_base = (void *)buf;
	iov.iov_len = len;
	return net_sendv(fd, &iov, 1);
}

/* ---------------------------------------------------------------------
 * Responses: a head built in a buffer, then sent in one piece.
 */

/* Returns the reason phrase of an HTTP status code. */
static const char *
reply_reason(int code)
{
	const struct reason	*r;

	for (r = reasons; r->code != 0; r++) {
		if (r->code == code)
			return r->text;
	}
	return "Unknown";
}

/* Appends formatted text to a response head, noting any overflow. */
static void __attribute__((format(printf, 2, 3)))
reply_add(struct reply *r, const char *fmt, ...)
{
	va_list	 ap;
	size_t	 room = sizeof r->buf - r->len;
	int	 n;

	va_start(ap, fmt);
	n = vsnprintf(r->buf + r->len, room, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= room)
		r->full = 1;
	else
		r->len += (size_t)n;
}

/* Writes time T as an HTTP date into BUF. */
static void
reply_date(time_t t, char *buf, size_t len)
{
	struct tm	 tm;

	gmtime_r(&t, &tm);
	strftime(buf, len, HTTP_DATE, &tm);
}

/*
 * Starts a response head: the status line (with REASON, or the usual
 * phrase when it is NULL) and the fixed headers.
 */
static void
reply_begin(struct reply *r, int code, const char *reason)
{
	char		 date[64];

	r->len = 0;
	r->code = code;
	r->full = 0;
	reply_date(time(NULL), date, sizeof date);
	reply_add(r, "HTTP/1.1 %d %s\r\n", code,
	    reason != NULL ? reason : reply_reason(code));
	reply_add(r, "Date: %s\r\nServer: testsrv\r\n", date);
}

/* Ends a response head and sends it; -1 if the client is gone. */
static int
reply_send(struct exchange *x, struct reply *r)
{
	if (x->close || !x->req->keep)
		reply_add(r, "Connection: close\r\n");
	else if (x->req->http10)
		reply_add(r, "Connection: keep-alive\r\n");
	reply_add(r, "%s\r\n", x->extra);
	if (r->full)
		return -1;
	if (opt.verbose)
		fprintf(stderr, "testsrv: #%lu answered %d\n", x->id, r->code);
	return net_send(x->fd, r->buf, r->len);
}

/* Sends a whole small response: status, headers HDRS, a text body. */
static int
reply_text(struct exchange *x, int code, const char *hdrs, const char *type,
    const char *text)
{
	struct reply	 r;
	size_t		 len = strlen(text);
	int		 bodyless = code == 204 || code == 304;

	reply_begin(&r, code, x->reason);
	if (hdrs != NULL)
		reply_add(&r, "%s", hdrs);
	if (!bodyless) {
		reply_add(&r, "Content-Type: %s\r\n", type);
		reply_add(&r, "Content-Length: %zu\r\n", len);
	}
	if (reply_send(x, &r) == -1)
		return -1;
	if (bodyless || x->req->head)
		return 0;
	return net_send(x->fd, text, len);
}

/* Answers with status CODE and a small HTML page that names it. */
static int
reply_page(struct exchange *x, int code, const char *hdrs)
{
	char		 page[256];
	const char	*why = reply_reason(code);

	snprintf(page, sizeof page, "<!DOCTYPE html>\n"
	    "<html><head><title>%d %s</title></head>\n"
	    "<body><h1>%d %s</h1></body></html>\n", code, why, code, why);
	return reply_text(x, code, hdrs, "text/html; charset=utf-8", page);
}

/* Adds header line BEFORE VALUE AFTER to every reply of an exchange. */
static int
reply_extra(struct exchange *x, const char *before, const char *value,
    const char *after)
{
	size_t	 room = sizeof x->extra - x->extralen;
	int	 n;

	n = snprintf(x->extra + x->extralen, room, "%s%s%s\r\n", before,
	    value, after);
	if (n < 0 || (size_t)n >= room) {
		x->extra[x->extralen] = '\0';
		return -1;
	}
	x->extralen += (size_t)n;
	return 0;
}

/* ---------------------------------------------------------------------
 * Generated bodies: ranges, framing and pacing.
 */

/* Starts pacing a body at BPS bytes a second (0: as fast as possible). */
static void
pacer_start(struct pacer *p, uint64_t bps)
{
	p->bps = bps;
	p->start = clock_ns();
	p->sent = 0;
}

/* Returns how many bytes to send next: about a tenth of a second's. */
static size_t
pacer_piece(const struct pacer *p)
{
	if (p->bps == 0 || p->bps / 10 >= BODY_BUF)
		return BODY_BUF;
	return p->bps < 10 ? 1 : (size_t)(p->bps / 10);
}

/* Counts N more bytes sent and sleeps until they are due. */
static void
pacer_wait(struct pacer *p, size_t n)
{
	uint64_t	 due, now;

	p->sent += n;
	if (p->bps == 0)
		return;
	due = p->start + p->sent / p->bps * NS +
	    p->sent % p->bps * NS / p->bps;
	now = clock_ns();
	if (due > now)
		clock_sleep(due - now);
}

/* Reads SIZE/NAME from a scenario's arguments; -1 if unusable. */
static int
body_args(const char *args, uint64_t *size, char *name, size_t namesize)
{
	if (num_arg(&args, SIZE_LIMIT, size) == -1 || *args++ != '/' ||
	    *args == '\0')
		return -1;
	return pct_decode(args, strlen(args), name, namesize);
}

/* Applies a suffix range "-N", the last N bytes: 1, or -1 if unusable. */
static int
body_suffix(const char *p, struct body *b)
{
	uint64_t	 n;

	if (num_parse(&p, &n) == -1 || *p != '\0')
		return 0;
	if (n == 0 || b->size == 0)
		return -1;
	if (n > b->size)
		n = b->size;
	b->from = b->size - n;
	b->len = n;
	return 1;
}

/*
 * Narrows B to the single range SPEC asks for: 1 if it did, 0 to send
 * the whole body (no Range, or one we do not serve), -1 when the range
 * is unsatisfiable.
 */
static int
body_range(const char *spec, struct body *b)
{
	const char	*p = spec;
	uint64_t	 first, last = UINT64_MAX;

	if (strncasecmp(p, "bytes=", 6) != 0 || strchr(p, ',') != NULL)
		return 0;
	p += 6;
	if (*p == '-')
		return body_suffix(p + 1, b);
	if (num_parse(&p, &first) == -1 || *p++ != '-')
		return 0;
	if (*p != '\0' && (num_parse(&p, &last) == -1 || last < first))
		return 0;
	if (*p != '\0')
		return 0;
	if (first >= b->size)
		return -1;
	if (last >= b->size)
		last = b->size - 1;
	b->from = first;
	b->len = last - first + 1;
	return 1;
}

/* Moves the start of a range B serves as /early and /late ask. */
static void
body_shift(const struct exchange *x, struct body *b)
{
	uint64_t	 last = b->from + b->len - 1;

	if (x->early > 0)
		b->from = b->from > x->early ? b->from - x->early : 0;
	if (x->late > 0)
		b->from = last - b->from > x->late ? b->from + x->late : last;
	b->len = last - b->from + 1;
}

/*
 * Narrows B to what this exchange serves of the request's Range: 1, 0
 * or -1 as body_range.  A Range is ignored under /norange, and when an
 * If-Range names neither the body's ETag nor its date.
 */
static int
body_ranged(const struct exchange *x, struct body *b)
{
	const char	*ifr = x->req->if_range;
	int		 r;

	if (x->norange)
		return 0;
	if (*ifr != '\0' && !x->noifrange && strcmp(ifr, b->etag) != 0 &&
	    strcmp(ifr, b->mtime) != 0)
		return 0;
	if ((r = body_range(x->req->range, b)) == 1)
		body_shift(x, b);
	return r;
}

/* Sets B up to send all SIZE bytes of the body made from NAME. */
static void
body_init(const struct exchange *x, struct body *b, uint64_t size,
    const char *name, enum body_mode mode)
{
	memset(b, 0, sizeof *b);
	b->seed = gen_seed(name);
	b->size = size;
	b->len = size;
	b->mode = mode;
	if (!x->noetag)
		snprintf(b->etag, sizeof b->etag, "\"%016" PRIx64 "-%" PRIx64
		    "\"", b->seed, size);
	reply_date((time_t)(BODY_EPOCH + (int64_t)x->days * DAY_SECS),
	    b->mtime, sizeof b->mtime);
}

/* Sends the response head for a generated body. */
static int
body_head(struct exchange *x, const struct body *b)
{
	struct reply	 r;

	reply_begin(&r, b->partial ? 206 : 200, NULL);
	reply_add(&r, "Content-Type: application/octet-stream\r\n");
	reply_add(&r, "Accept-Ranges: bytes\r\n");
	reply_add(&r, "Last-Modified: %s\r\n", b->mtime);
	if (b->etag[0] != '\0')
		reply_add(&r, "ETag: %s\r\n", b->etag);
	if (b->partial) {
		reply_add(&r, "Content-Range: bytes %" PRIu64 "-%" PRIu64
		    "/%" PRIu64 "\r\n", b->from, b->from + b->len - 1,
		    b->size);
	}
	if (b->mode == BODY_CHUNKED)
		reply_add(&r, "Transfer-Encoding: chunked\r\n");
	else if (b->mode != BODY_NOLEN)
		reply_add(&r, "Content-Length: %" PRIu64 "\r\n", b->len);
	return reply_send(x, &r);
}

/* Sends N body bytes from BUF, as a chunk if CHUNKED. */
static int
body_put(struct exchange *x, size_t n, int chunked)
{
	struct iovec	 iov[3];
	char		 size[32];

	if (!chunked)
		return net_send(x->fd, x->buf, n);
	snprintf(size, sizeof size, "%zx\r\n", n);
	iov[0].iov_base = size;
	iov[0].iov_len = strlen(size);
	iov[1].iov_base = x->buf;
	iov[1].iov_len = n;
	iov[2].iov_base = (void *)"\r\n";
	iov[2].iov_len = 2;
	return net_sendv(x->fd, iov, 3);
}

/* Makes and sends the bytes of B, paced by the exchange's rate. */
static int
body_stream(struct exchange *x, const struct body *b)
{
	struct pacer	 p;
	uint64_t	 off = b->from, left = b->len;
	size_t		 n;
	int		 chunked = b->mode == BODY_CHUNKED;

	pacer_start(&p, x->bps);
	for (; left > 0; off += n, left -= n) {
		n = pacer_piece(&p);
		if (n > left)
			n = (size_t)left;
		gen_fill(b->seed, off, x->buf, n);
		if (body_put(x, n, chunked) == -1)
			return -1;
		pacer_wait(&p, n);
	}
	return 0;
}

/*
 * Holds the connection open without sending anything until the client
 * goes away or STALL_SECS pass.
 */
static void
body_stall(struct exchange *x)
{
	struct timeval	 tv = { 1, 0 };
	uint64_t	 until = clock_ns() + STALL_SECS * NS;
	ssize_t		 n;

	setsockopt(x->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	while (clock_ns() < until) {
		n = recv(x->fd, x->buf, BODY_BUF, 0);
		if (n == 0 || (n == -1 && errno != EAGAIN &&
		    errno != EWOULDBLOCK && errno != EINTR))
			break;
	}
}

/* Sends the body of B, or as much of it as the exchange's cut lets by. */
static int
body_finish(struct exchange *x, struct body *b)
{
	if (x->cut == CUT_HALF)
		b->len /= 2;
	else if (x->cut == CUT_STALL && b->len > x->cut_after)
		b->len = x->cut_after;
	if (body_stream(x, b) == -1)
		return -1;
	if (x->cut == CUT_NONE && b->mode == BODY_CHUNKED)
		return net_send(x->fd, "0\r\n\r\n", 5);
	if (x->cut == CUT_NONE)
		return 0;
	if (opt.verbose)
		fprintf(stderr, "testsrv: #%lu cut after %" PRIu64 " bytes\n",
		    x->id, b->len);
	if (x->cut == CUT_STALL)
		body_stall(x);
	return -1;
}

/* Answers with the body made from NAME: ranges, validators and cuts. */
static int
body_send(struct exchange *x, uint64_t size, const char *name,
    enum body_mode mode)
{
	struct body	 b;
	char		 crange[64];
	int		 range;

	body_init(x, &b, size, name, mode);
	if ((range = body_ranged(x, &b)) == -1) {
		snprintf(crange, sizeof crange,
		    "Content-Range: bytes */%" PRIu64 "\r\n", b.size);
		return reply_page(x, 416, crange);
	}
	b.partial = range;
	if (mode == BODY_NOLEN)
		x->close = 1;
	if (body_head(x, &b) == -1)
		return -1;
	if (x->req->head)
		return 0;
	return body_finish(x, &b);
}

/* Answers /MODE/SIZE/NAME: a generated body, ranges honoured. */
static int
body_serve(struct exchange *x, const char *args, enum body_mode mode)
{
	char		 name[NAME_LEN];
	uint64_t	 size;

	if (body_args(args, &size, name, sizeof name) == -1)
		return reply_page(x, 404, NULL);
	return body_send(x, size, name, mode);
}

/* ---------------------------------------------------------------------
 * Scenarios.  Each handler answers one request (wrappers by serving the
 * path they wrap) and returns 0, or -1 to drop the connection.
 */

/* /data/SIZE/NAME: a body with Content-Length. */
static int
scen_data(struct exchange *x, const char *args)
{
	return body_serve(x, args, BODY_LENGTH);
}

/* /nolen/SIZE/NAME: a body ended by closing the connection. */
static int
scen_nolen(struct exchange *x, const char *args)
{
	return body_serve(x, args, BODY_NOLEN);
}

/* /chunked/SIZE/NAME: a body in chunked transfer coding. */
static int
scen_chunked(struct exchange *x, const char *args)
{
	return body_serve(x, args, BODY_CHUNKED);
}

/* /short/SIZE/NAME: promises SIZE bytes, sends half, hangs up. */
static int
scen_short(struct exchange *x, const char *args)
{
	x->cut = CUT_HALF;
	return body_serve(x, args, BODY_LENGTH);
}

/* /chunkcut/SIZE/NAME: chunked, every data chunk, but not the last. */
static int
scen_chunkcut(struct exchange *x, const char *args)
{
	x->cut = CUT_NOLAST;
	return body_serve(x, args, BODY_CHUNKED);
}

/*
 * /versioned/SIZE/NAME: the body /data/SIZE/NAME.vV, V being the number
 * of /bump requests so far, with that body's ETag and a Last-Modified
 * V days after the usual one.
 */
static int
scen_versioned(struct exchange *x, const char *args)
{
	char		 name[NAME_LEN], vname[NAME_LEN + 32];
	uint64_t	 size;

	if (body_args(args, &size, name, sizeof name) == -1)
		return reply_page(x, 404, NULL);
	x->days = atomic_load(&version);
	snprintf(vname, sizeof vname, "%s.v%" PRIu64, name, x->days);
	return body_send(x, size, vname, BODY_LENGTH);
}

/* /bump: moves every /versioned body on to its next version. */
static int
scen_bump(struct exchange *x, const char *args)
{
	char	 text[64];

	(void)args;
	snprintf(text, sizeof text, "version %lu\n",
	    atomic_fetch_add(&version, 1) + 1);
	return reply_text(x, 200, "Cache-Control: no-store\r\n",
	    "text/plain", text);
}

/* /status/CODE[/...]: answers with that status and a small page. */
static int
scen_status(struct exchange *x, const char *args)
{
	uint64_t	 code;

	if (num_arg(&args, 599, &code) == -1 || code < 200)
		return reply_page(x, 404, NULL);
	return reply_page(x, (int)code, NULL);
}

/* /delay/MS/PATH: waits, then serves /PATH. */
static int
scen_delay(struct exchange *x, const char *args)
{
	uint64_t	 ms;

	if (num_arg(&args, DELAY_MAX, &ms) == -1)
		return reply_page(x, 404, NULL);
	clock_sleep(ms * (NS / 1000));
	return scen_dispatch(x, args);
}

/* /slow/BPS/PATH: serves /PATH with its body at about BPS bytes/s. */
static int
scen_slow(struct exchange *x, const char *args)
{
	uint64_t	 bps;

	if (num_arg(&args, RATE_MAX, &bps) == -1 || bps == 0)
		return reply_page(x, 404, NULL);
	x->bps = bps;
	return scen_dispatch(x, args);
}

/* /redirect/N/PATH: a chain of N redirects that ends at /PATH. */
static int
scen_redirect(struct exchange *x, const char *args)
{
	char		 loc[TARGET_MAX + 64];
	uint64_t	 hops;

	if (num_arg(&args, HOPS_MAX, &hops) == -1)
		return reply_page(x, 404, NULL);
	if (hops == 0)
		return scen_dispatch(x, args);
	if (hops == 1) {
		snprintf(loc, sizeof loc, "Location: %s\r\n",
		    *args != '\0' ? args : "/");
	} else {
		snprintf(loc, sizeof loc, "Location: /redirect/%" PRIu64
		    "%s\r\n", hops - 1, args);
	}
	return reply_page(x, 302, loc);
}

/* /loop/X: redirects to itself. */
static int
scen_loop(struct exchange *x, const char *args)
{
	char	 loc[TARGET_MAX + 64];

	(void)args;
	snprintf(loc, sizeof loc, "Location: %s\r\n", x->req->target);
	return reply_page(x, 302, loc);
}

/*
 * Decodes the first argument of ARGS into VALUE; returns the path that
 * follows it, or NULL when there is none or the value is unusable.
 */
static const char *
scen_arg(const char *args, char *value, size_t size)
{
	const char	*end = strchr(args, '/');

	if (end == NULL ||
	    pct_decode(args, (size_t)(end - args), value, size) == -1)
		return NULL;
	return end;
}

/* Copies SRC into DST as the inside of a quoted-string; -1 if too long. */
static int
scen_quote(const char *src, char *dst, size_t size)
{
	size_t	 o = 0;

	for (; *src != '\0'; src++) {
		if (o + 3 > size)
			return -1;
		if (*src == '"' || *src == '\\')
			dst[o++] = '\\';
		dst[o++] = *src;
	}
	dst[o] = '\0';
	return 0;
}

/* /location/URL: 302 to URL, percent-decoded (any scheme, any bytes). */
static int
scen_location(struct exchange *x, const char *args)
{
	char	 url[TARGET_MAX], hdr[TARGET_MAX + 16];

	if (pct_decode(args, strlen(args), url, sizeof url) == -1)
		return reply_page(x, 404, NULL);
	snprintf(hdr, sizeof hdr, "Location: %s\r\n", url);
	return reply_page(x, 302, hdr);
}

/* /reason/CODE/TEXT: status CODE with TEXT (percent-decoded) as reason. */
static int
scen_reason(struct exchange *x, const char *args)
{
	char	 text[NAME_LEN];
	int	 code = atoi(args);
	const char *rest = strchr(args, '/');

	if (code < 200 || code > 599 || rest == NULL ||
	    pct_decode(rest + 1, strlen(rest + 1), text, sizeof text) == -1)
		return reply_page(x, 404, NULL);
	x->reason = text;
	return reply_page(x, code, NULL);
}

/* /cd/NAME/PATH: /PATH, offered as an attachment named NAME. */
static int
scen_cd(struct exchange *x, const char *args)
{
	char		 name[NAME_LEN], quoted[2 * NAME_LEN];
	const char	*path;

	if ((path = scen_arg(args, name, sizeof name)) == NULL ||
	    scen_quote(name, quoted, sizeof quoted) == -1 ||
	    reply_extra(x, "Content-Disposition: attachment; filename=\"",
	    quoted, "\"") == -1)
		return reply_page(x, 404, NULL);
	return scen_dispatch(x, path);
}

/* /cdraw/VALUE/PATH: /PATH with any Content-Disposition value. */
static int
scen_cdraw(struct exchange *x, const char *args)
{
	char		 value[NAME_LEN];
	const char	*path;

	if ((path = scen_arg(args, value, sizeof value)) == NULL ||
	    reply_extra(x, "Content-Disposition: ", value, "") == -1)
		return reply_page(x, 404, NULL);
	return scen_dispatch(x, path);
}

/* Serves ARGS, the path a wrapper without arguments wraps. */
static int
scen_inner(struct exchange *x, const char *args)
{
	char	 path[TARGET_MAX];

	snprintf(path, sizeof path, "/%s", args);
	return scen_dispatch(x, path);
}

/* /norange/PATH: /PATH, its Range ignored: always the whole body. */
static int
scen_norange(struct exchange *x, const char *args)
{
	x->norange = 1;
	return scen_inner(x, args);
}

/* /noifrange/PATH: /PATH, its If-Range ignored: the Range always holds. */
static int
scen_noifrange(struct exchange *x, const char *args)
{
	x->noifrange = 1;
	return scen_inner(x, args);
}

/* /noetag/PATH: /PATH without an ETag: Last-Modified is all it has. */
static int
scen_noetag(struct exchange *x, const char *args)
{
	x->noetag = 1;
	return scen_inner(x, args);
}

/* /early/BACK/PATH: /PATH, a 206 starting BACK bytes before the ask. */
static int
scen_early(struct exchange *x, const char *args)
{
	if (num_arg(&args, SIZE_LIMIT, &x->early) == -1)
		return reply_page(x, 404, NULL);
	return scen_dispatch(x, args);
}

/* /late/AHEAD/PATH: /PATH, a 206 starting AHEAD bytes after the ask. */
static int
scen_late(struct exchange *x, const char *args)
{
	if (num_arg(&args, SIZE_LIMIT, &x->late) == -1)
		return reply_page(x, 404, NULL);
	return scen_dispatch(x, args);
}

/*
 * Counts a request for the KEY that starts ARGS and sets *HITS to the
 * requests for it so far, this one included; returns what follows KEY,
 * or NULL when KEY is empty, too long or the table is full.
 */
static const char *
scen_key(const char *args, unsigned long *hits)
{
	size_t	 len = strcspn(args, "/"), i;

	if (len == 0 || len >= KEY_LEN || args[len] != '/')
		return NULL;
	pthread_mutex_lock(&keys.lock);
	for (i = 0; i < keys.n; i++) {
		if (strncmp(keys.name[i], args, len) == 0 &&
		    keys.name[i][len] == '\0')
			break;
	}
	if (i == keys.n && keys.n < KEYS_MAX) {
		memcpy(keys.name[i], args, len);
		keys.name[i][len] = '\0';
		keys.n++;
	}
	*hits = i < KEYS_MAX ? ++keys.hits[i] : 0;
	pthread_mutex_unlock(&keys.lock);
	return *hits == 0 ? NULL : args + len;
}

/* /failn/N/CODE/KEY/PATH: status CODE for N requests, then /PATH. */
static int
scen_failn(struct exchange *x, const char *args)
{
	const char	*path;
	uint64_t	 n, code;
	unsigned long	 hits;

	if (num_arg(&args, UINT32_MAX, &n) == -1 || *args++ != '/' ||
	    num_arg(&args, 599, &code) == -1 || code < 200 ||
	    *args++ != '/' || (path = scen_key(args, &hits)) == NULL)
		return reply_page(x, 404, NULL);
	if (hits <= n)
		return reply_page(x, (int)code, NULL);
	return scen_dispatch(x, path);
}

/*
 * Answers the first request for KEY with 503 and a Retry-After of SECS,
 * as a number or, with DATE, as an HTTP date; later ones with /PATH.
 */
static int
scen_retry(struct exchange *x, const char *args, int date)
{
	char		 when[64], hdr[96];
	const char	*path;
	uint64_t	 secs;
	unsigned long	 hits;

	if (num_arg(&args, RETRY_MAX, &secs) == -1 || *args++ != '/' ||
	    (path = scen_key(args, &hits)) == NULL)
		return reply_page(x, 404, NULL);
	if (hits > 1)
		return scen_dispatch(x, path);
	if (date)
		reply_date(time(NULL) + (time_t)secs, when, sizeof when);
	else
		snprintf(when, sizeof when, "%" PRIu64, secs);
	snprintf(hdr, sizeof hdr, "Retry-After: %s\r\n", when);
	return reply_page(x, 503, hdr);
}

/* /retryafter/SECS/KEY/PATH: 503 "Retry-After: SECS" once, then /PATH. */
static int
scen_retryafter(struct exchange *x, const char *args)
{
	return scen_retry(x, args, 0);
}

/* /retrydate/SECS/KEY/PATH: as /retryafter, the wait as a date. */
static int
scen_retrydate(struct exchange *x, const char *args)
{
	return scen_retry(x, args, 1);
}

/* /shortonce/KEY/PATH: /PATH, the first body for KEY cut in half. */
static int
scen_shortonce(struct exchange *x, const char *args)
{
	const char	*path;
	unsigned long	 hits;

	if ((path = scen_key(args, &hits)) == NULL)
		return reply_page(x, 404, NULL);
	if (hits == 1)
		x->cut = CUT_HALF;
	return scen_dispatch(x, path);
}

/* /stallonce/KEY/AFTER/PATH: /PATH, the first body for KEY stalling. */
static int
scen_stallonce(struct exchange *x, const char *args)
{
	const char	*path;
	uint64_t	 after;
	unsigned long	 hits;

	if ((path = scen_key(args, &hits)) == NULL || *path++ != '/' ||
	    num_arg(&path, SIZE_LIMIT, &after) == -1)
		return reply_page(x, 404, NULL);
	if (hits == 1) {
		x->cut = CUT_STALL;
		x->cut_after = after;
	}
	return scen_dispatch(x, path);
}

/* /stats: how many connections and requests the server has seen. */
static int
scen_stats(struct exchange *x, const char *args)
{
	char	 text[128];

	(void)args;
	snprintf(text, sizeof text, "connections %lu\nrequests %lu\n",
	    atomic_load(&n_conns), atomic_load(&n_requests));
	return reply_text(x, 200, "Cache-Control: no-store\r\n",
	    "text/plain", text);
}

static const struct scenario scenarios[] = {
	{ "/data", "SIZE/NAME", scen_data,
	    "SIZE bytes made from NAME; Range, ETag" },
	{ "/nolen", "SIZE/NAME", scen_nolen,
	    "as /data, no length: the body ends at close" },
	{ "/chunked", "SIZE/NAME", scen_chunked,
	    "as /data, Transfer-Encoding: chunked" },
	{ "/short", "SIZE/NAME", scen_short,
	    "as /data, but half the body, then close" },
	{ "/chunkcut", "SIZE/NAME", scen_chunkcut,
	    "as /chunked, closed before the last (empty) chunk" },
	{ "/versioned", "SIZE/NAME", scen_versioned,
	    "/data/SIZE/NAME.vV for version V; If-Range" },
	{ "/bump", "", scen_bump,
	    "moves /versioned on to the next version V" },
	{ "/norange", "PATH", scen_norange,
	    "/PATH, Range ignored: always 200 and all of it" },
	{ "/noifrange", "PATH", scen_noifrange,
	    "/PATH, If-Range ignored: a Range is always served" },
	{ "/noetag", "PATH", scen_noetag,
	    "/PATH without an ETag" },
	{ "/early", "BACK/PATH", scen_early,
	    "/PATH, a 206 starting BACK bytes before the ask" },
	{ "/late", "AHEAD/PATH", scen_late,
	    "/PATH, a 206 starting AHEAD bytes after the ask" },
	{ "/failn", "N/CODE/KEY/PATH", scen_failn,
	    "status CODE for the first N requests of KEY" },
	{ "/retryafter", "SECS/KEY/PATH", scen_retryafter,
	    "503, Retry-After: SECS for the first of KEY" },
	{ "/retrydate", "SECS/KEY/PATH", scen_retrydate,
	    "as /retryafter, the wait as an HTTP date" },
	{ "/shortonce", "KEY/PATH", scen_shortonce,
	    "/PATH, the first body of KEY cut in half" },
	{ "/stallonce", "KEY/AFTER/PATH", scen_stallonce,
	    "/PATH, the first body of KEY silent after AFTER" },
	{ "/status", "CODE[/...]", scen_status,
	    "status CODE with a small HTML page" },
	{ "/delay", "MS/PATH", scen_delay,
	    "waits MS milliseconds, then serves /PATH" },
	{ "/slow", "BPS/PATH", scen_slow,
	    "/PATH with its body at about BPS bytes a second" },
	{ "/redirect", "N/PATH", scen_redirect,
	    "N 302 redirects, the last one to /PATH" },
	{ "/loop", "X", scen_loop,
	    "302 to itself, forever" },
	{ "/location", "URL", scen_location,
	    "302 to URL (percent-decoded), whatever its scheme" },
	{ "/reason", "CODE/TEXT", scen_reason,
	    "status CODE with TEXT (percent-decoded) as its reason phrase" },
	{ "/cd", "NAME/PATH", scen_cd,
	    "/PATH as an attachment: filename=\"NAME\", quoted" },
	{ "/cdraw", "VALUE/PATH", scen_cdraw,
	    "/PATH, Content-Disposition: VALUE (percent-decoded)" },
	{ "/stats", "", scen_stats,
	    "\"connections N\" and \"requests M\" lines" },
	{ NULL, NULL, NULL, NULL }
};

/* Returns what follows PREFIX in PATH if PREFIX is its first component. */
static const char *
scen_match(const char *prefix, const char *path)
{
	size_t	 n = strlen(prefix);

	if (strncmp(path, prefix, n) != 0)
		return NULL;
	if (path[n] == '\0')
		return path + n;
	return path[n] == '/' ? path + n + 1 : NULL;
}

/* Answers a request for PATH with the scenario it names, or 404. */
static int
scen_dispatch(struct exchange *x, const char *path)
{
	const struct scenario	*s;
	const char		*args;

	if (++x->depth > DEPTH_MAX)
		return reply_page(x, 404, NULL);
	for (s = scenarios; s->prefix != NULL; s++) {
		if ((args = scen_match(s->prefix, path)) != NULL)
			return s->fn(x, args);
	}
	return reply_page(x, 404, NULL);
}

/* Prints the scenario table: the -l mode. */
static int
scen_list(void)
{
	const struct scenario	*s;
	char			 path[64];

	for (s = scenarios; s->prefix != NULL; s++) {
		snprintf(path, sizeof path, "%s%s%s", s->prefix,
		    *s->args != '\0' ? "/" : "", s->args);
		printf("%-26s %s\n", path, s->help);
	}
	return 0;
}

/* ---------------------------------------------------------------------
 * Request parsing.
 */

/* Returns the end of the blank line ending a request head, or 0. */
static size_t
req_head_end(const char *buf, size_t len)
{
	size_t	 i;

	for (i = 0; i + 1 < len; i++) {
		if (buf[i] != '\n')
			continue;
		if (buf[i + 1] == '\n')
			return i + 2;
		if (buf[i + 1] == '\r' && i + 2 < len && buf[i + 2] == '\n')
			return i + 3;
	}
	return 0;
}

/* Cuts the next line off *P, without its CR LF, and returns it. */
static char *
req_line(char **p)
{
	char	*s = *p, *end = strchr(s, '\n');

	if (end == NULL) {
		end = s + strlen(s);
		*p = end;
	} else {
		*end = '\0';
		*p = end + 1;
	}
	if (end > s && end[-1] == '\r')
		end[-1] = '\0';
	return s;
}

/* Reads the protocol version of a request line. */
static int
req_version(const char *v, struct request *r)
{
	if (strcmp(v, "HTTP/1.1") == 0)
		return 0;
	if (strcmp(v, "HTTP/1.0") == 0) {
		r->http10 = 1;
		return 0;
	}
	if (strncmp(v, "HTTP/", 5) == 0 && v[5] >= '0' && v[5] <= '9')
		return 505;
	return 400;
}

/* Reads the method of a request line: GET and HEAD are served. */
static int
req_method(const char *m, size_t len, struct request *r)
{
	size_t	 i;

	if (len == 3 && memcmp(m, "GET", 3) == 0)
		return 0;
	if (len == 4 && memcmp(m, "HEAD", 4) == 0) {
		r->head = 1;
		return 0;
	}
	for (i = 0; i < len; i++) {
		if (m[i] < 'A' || m[i] > 'Z')
			return 400;
	}
	return len > 0 ? 405 : 400;
}

/* Reads the target of a request line: its path, without the query. */
static int
req_target(const char *t, size_t len, struct request *r)
{
	const char	*end = t + len, *q;

	if (len > 7 && strncasecmp(t, "http://", 7) == 0) {
		for (t += 7; t < end && *t != '/'; t++)
			;
		if (t == end) {
			t = "/";
			end = t + 1;
		}
	}
	if (t == end || *t != '/')
		return 400;
	for (q = t; q < end && *q != '?' && *q != '#'; q++) {
		if ((unsigned char)*q <= ' ' || *q == 0x7f)
			return 400;
	}
	if ((size_t)(q - t) >= sizeof r->target)
		return 414;
	memcpy(r->target, t, (size_t)(q - t));
	r->target[q - t] = '\0';
	return 0;
}

/* Reads a request line: "METHOD TARGET VERSION". */
static int
req_start(const char *line, struct request *r)
{
	const char	*sp1, *sp2;
	int		 rc;

	r->line = line;
	if ((sp1 = strchr(line, ' ')) == NULL ||
	    (sp2 = strchr(sp1 + 1, ' ')) == NULL ||
	    strchr(sp2 + 1, ' ') != NULL)
		return 400;
	if ((rc = req_version(sp2 + 1, r)) != 0 ||
	    (rc = req_method(line, (size_t)(sp1 - line), r)) != 0)
		return rc;
	return req_target(sp1 + 1, (size_t)(sp2 - sp1 - 1), r);
}

/* Notes the "close" and "keep-alive" tokens of a Connection header. */
static void
req_connection(struct request *r, const char *v)
{
	size_t	 n;

	while (*v != '\0') {
		v += strspn(v, " \t,");
		n = strcspn(v, " \t,");
		if (n == 5 && strncasecmp(v, "close", n) == 0)
			r->closereq = 1;
		if (n == 10 && strncasecmp(v, "keep-alive", n) == 0)
			r->keepreq = 1;
		v += n;
	}
}

/* Notes a request body announced by Content-Length. */
static void
req_length(struct request *r, const char *v)
{
	if (v[strspn(v, "0")] != '\0' || *v == '\0')
		r->body = 1;
}

/* Notes a request body announced by Transfer-Encoding. */
static void
req_coding(struct request *r, const char *v)
{
	(void)v;
	r->body = 1;
}

/* Copies header value V into BUF, or empties BUF if V does not fit. */
static void
req_copy(char *buf, size_t size, const char *v)
{
	if (strlen(v) < size)
		strcpy(buf, v);
	else
		buf[0] = '\0';
}

/* Keeps the Range value if it is short enough to be one we serve. */
static void
req_range(struct request *r, const char *v)
{
	req_copy(r->range, sizeof r->range, v);
}

/* Keeps the If-Range value: the validator a resumed Range depends on. */
static void
req_if_range(struct request *r, const char *v)
{
	req_copy(r->if_range, sizeof r->if_range, v);
}

/* Keeps the Accept-Encoding value, for the log. */
static void
req_accept(struct request *r, const char *v)
{
	req_copy(r->accept, sizeof r->accept, v);
}

static const struct req_header req_headers[] = {
	{ "Accept-Encoding", req_accept },
	{ "Connection", req_connection },
	{ "Content-Length", req_length },
	{ "If-Range", req_if_range },
	{ "Range", req_range },
	{ "Transfer-Encoding", req_coding },
	{ NULL, NULL }
};

/* Reads one "Name: value" header line. */
static int
req_header(char *line, struct request *r)
{
	const struct req_header	*h;
	char			*colon = strchr(line, ':'), *v, *end;

	if (colon == NULL || colon == line ||
	    strcspn(line, " \t") < (size_t)(colon - line))
		return 400;
	*colon = '\0';
	v = colon + 1 + strspn(colon + 1, " \t");
	for (end = v + strlen(v); end > v && (end[-1] == ' ' ||
	    end[-1] == '\t'); end--)
		end[-1] = '\0';
	for (h = req_headers; h->name != NULL; h++) {
		if (strcasecmp(h->name, line) == 0)
			h->fn(r, v);
	}
	return 0;
}

/*
 * Parses the NUL-terminated request HEAD in place; 0, or the status to
 * refuse it with.
 */
static int
req_parse(char *head, struct request *r)
{
	char	*p = head, *line;
	int	 rc;

	if ((rc = req_start(req_line(&p), r)) != 0)
		return rc;
	while (*(line = req_line(&p)) != '\0') {
		if ((rc = req_header(line, r)) != 0)
			return rc;
	}
	if (r->http10)
		r->keep = r->keepreq && !r->closereq;
	else
		r->keep = !r->closereq;
	return 0;
}

/* ---------------------------------------------------------------------
 * Connections: one thread each, reading requests until one side stops.
 */

/* Forgets the first N buffered bytes of a connection. */
static void
conn_consume(struct conn *c, size_t n)
{
	memmove(c->in, c->in + n, c->have - n);
	c->have -= n;
}

/* Drops the empty lines a client may send between requests. */
static void
conn_skip_blank(struct conn *c)
{
	size_t	 n = 0;

	while (n < c->have && (c->in[n] == '\r' || c->in[n] == '\n'))
		n++;
	conn_consume(c, n);
}

/*
 * Reads until a whole request head is buffered; returns its length, -1
 * at end of file, error or idle timeout, -2 when it is too large.
 */
static ssize_t
conn_read_head(struct conn *c)
{
	size_t	 end;
	ssize_t	 n;

	for (;;) {
		conn_skip_blank(c);
		if ((end = req_head_end(c->in, c->have)) > 0)
			return (ssize_t)end;
		if (c->have == sizeof c->in)
			return -2;
		n = recv(c->fd, c->in + c->have, sizeof c->in - c->have, 0);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		c->have += (size_t)n;
	}
}

/* Answers a request we cannot serve with status CODE, then closes. */
static int
conn_refuse(struct exchange *x, int code)
{
	x->close = 1;
	reply_page(x, code, code == 405 ? "Allow: GET, HEAD\r\n" : NULL);
	return -1;
}

/*
 * Logs a request line to stderr when -v is given, with the Range,
 * If-Range and Accept-Encoding headers the request carried.
 */
static void
conn_log(const struct conn *c, const struct request *r)
{
	if (!opt.verbose)
		return;
	fprintf(stderr, "testsrv: #%lu %s%s%s%s%s%s%s\n", c->id, r->line,
	    *r->range != '\0' ? "; Range: " : "", r->range,
	    *r->if_range != '\0' ? "; If-Range: " : "", r->if_range,
	    *r->accept != '\0' ? "; Accept-Encoding: " : "", r->accept);
}

/* Reads and answers one request; 0 to wait for another, -1 to close. */
static int
conn_next(struct conn *c)
{
	struct request	 req;
	struct exchange	 x;
	ssize_t		 n;
	int		 rc = 431;

	if ((n = conn_read_head(c)) == -1)
		return -1;
	atomic_fetch_add(&n_requests, 1);
	memset(&req, 0, sizeof req);
	memset(&x, 0, sizeof x);
	x.fd = c->fd;
	x.id = c->id;
	x.req = &req;
	x.buf = c->body;
	if (n > 0) {
		c->in[n - 1] = '\0';
		rc = req_parse(c->in, &req);
	}
	if (rc != 0)
		return conn_refuse(&x, rc);
	conn_log(c, &req);
	x.close = req.body;
	if (scen_dispatch(&x, req.target) == -1)
		return -1;
	conn_consume(c, (size_t)n);
	return x.close || !req.keep ? -1 : 0;
}

/*
 * Closes a connection gently: sends our FIN, then reads what the client
 * still sends for a moment, so that it gets our last bytes rather than
 * a reset.
 */
static void
conn_close(struct conn *c)
{
	struct timeval	 tv = { 0, 100 * 1000 };
	uint64_t	 until = clock_ns() + LINGER_MS * (NS / 1000);

	shutdown(c->fd, SHUT_WR);
	setsockopt(c->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	while (clock_ns() < until &&
	    recv(c->fd, c->body, sizeof c->body, 0) > 0)
		;
	close(c->fd);
}

/* The thread of one connection: serves it, then frees it. */
static void *
conn_main(void *arg)
{
	struct conn	*c = arg;

	while (conn_next(c) == 0)
		;
	conn_close(c);
	free(c);
	return NULL;
}

/* ---------------------------------------------------------------------
 * The listener and the main thread.
 */

/* Sets the SIGTERM and SIGINT flag; all a handler should do. */
static void
srv_on_signal(int sig)
{
	stop_signal = sig;
}

/*
 * Ignores SIGPIPE, sends SIGTERM and SIGINT to srv_on_signal and blocks
 * them; *WAIT gets the mask to wait under, with both unblocked.
 */
static void
srv_signals(sigset_t *wait)
{
	struct sigaction	 sa;
	sigset_t		 block;

	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
	sa.sa_handler = srv_on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	pthread_sigmask(SIG_BLOCK, &block, wait);
	sigdelset(wait, SIGTERM);
	sigdelset(wait, SIGINT);
}

/* Returns a non-blocking socket listening on 127.0.0.1 at PORT. */
static int
srv_listen(int port)
{
	struct sockaddr_in	 sa;
	int			 fd, on = 1;

	if ((fd = socket(AF_INET, SOCK_STREAM, 0)) == -1)
		fatal("socket");
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(fd, (struct sockaddr *)&sa, sizeof sa) == -1)
		fatal("bind 127.0.0.1");
	if (listen(fd, 511) == -1)
		fatal("listen");
	if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) == -1)
		fatal("fcntl");
	return fd;
}

/* Writes the port into the -f file atomically: a temporary, renamed. */
static void
srv_portfile(const char *path, int port)
{
	char	 tmp[4096];
	FILE	*f;

	snprintf(tmp, sizeof tmp, "%s.%ld.tmp", path, (long)getpid());
	if ((f = fopen(tmp, "w")) == NULL)
		fatal(tmp);
	fprintf(f, "%d\n", port);
	if (fflush(f) != 0 || fsync(fileno(f)) != 0 || fclose(f) != 0)
		fatal(tmp);
	if (rename(tmp, path) == -1)
		fatal(path);
}

/* Tells the world the port: on stdout, and in the -f file if asked. */
static void
srv_announce(int fd)
{
	struct sockaddr_in	 sa;
	socklen_t		 len = sizeof sa;
	int			 port;

	if (getsockname(fd, (struct sockaddr *)&sa, &len) == -1)
		fatal("getsockname");
	port = ntohs(sa.sin_port);
	printf("%d\n", port);
	fflush(stdout);
	if (opt.portfile != NULL)
		srv_portfile(opt.portfile, port);
}

/* Readies an accepted socket: blocking, no Nagle delay, idle timeout. */
static void
srv_tune(int fd)
{
	struct timeval	 tv = { IDLE_SECS, 0 };
	int		 on = 1;

	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
}

/* Accepts one connection and starts its thread. */
static void
srv_accept(int lfd, pthread_attr_t *attr)
{
	struct conn	*c;
	pthread_t	 t;
	int		 fd;

	if ((fd = accept(lfd, NULL, NULL)) == -1) {
		if (errno == EMFILE || errno == ENFILE ||
		    errno == ENOBUFS || errno == ENOMEM)
			clock_sleep(NS / 100);
		return;
	}
	srv_tune(fd);
	if ((c = calloc(1, sizeof *c)) == NULL) {
		close(fd);
		return;
	}
	c->fd = fd;
	c->id = atomic_fetch_add(&n_conns, 1) + 1;
	if (pthread_create(&t, attr, conn_main, c) != 0) {
		close(fd);
		free(c);
	}
}

/* Waits for a connection until DEADLINE (0: none); 1 if one is ready. */
static int
srv_wait(int lfd, uint64_t deadline, const sigset_t *mask)
{
	struct timespec	 ts, *tp = NULL;
	fd_set		 rd;
	uint64_t	 now;
	int		 n;

	if (deadline != 0) {
		if ((now = clock_ns()) >= deadline)
			return -1;
		ts.tv_sec = (time_t)((deadline - now) / NS);
		ts.tv_nsec = (long)((deadline - now) % NS);
		tp = &ts;
	}
	FD_ZERO(&rd);
	FD_SET(lfd, &rd);
	n = pselect(lfd + 1, &rd, NULL, NULL, tp, mask);
	if (n == -1 && errno != EINTR)
		fatal("pselect");
	return n > 0;
}

/* Serves until a signal or the -t deadline: the server mode. */
static int
srv_run(void)
{
	pthread_attr_t	 attr;
	sigset_t	 mask;
	uint64_t	 deadline = 0;
	int		 lfd, n;

	srv_signals(&mask);
	lfd = srv_listen(opt.port);
	srv_announce(lfd);
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	pthread_attr_setstacksize(&attr, STACK_SIZE);
	if (opt.secs != 0)
		deadline = clock_ns() + opt.secs * NS;
	while (!stop_signal && (n = srv_wait(lfd, deadline, &mask)) >= 0) {
		if (n > 0)
			srv_accept(lfd, &attr);
	}
	close(lfd);
	return 0;
}

/* Reads a number option up to MAX, or exits with a usage message. */
static uint64_t
opt_num(const char *s, uint64_t max)
{
	const char	*p = s;
	uint64_t	 v;

	if (num_parse(&p, &v) == -1 || *p != '\0' || v > max) {
		fprintf(stderr, "testsrv: bad number: %s\n", s);
		usage();
	}
	return v;
}

/* Reads the command line into opt. */
static void
opt_parse(int argc, char **argv)
{
	int	 ch;

	while ((ch = getopt(argc, argv, "f:g:hlp:t:v")) != -1) {
		switch (ch) {
		case 'f':
			opt.portfile = optarg;
			break;
		case 'g':
			opt.gen = 1;
			opt.gensize = opt_num(optarg, SIZE_LIMIT);
			break;
		case 'l':
			opt.list = 1;
			break;
		case 'p':
			opt.port = (int)opt_num(optarg, 65535);
			break;
		case 't':
			opt.secs = opt_num(optarg, 365 * 24 * 3600);
			break;
		case 'v':
			opt.verbose = 1;
			break;
		default:
			usage();
		}
	}
	if (opt.gen && argc - optind == 1)
		opt.genname = argv[optind];
	else if (opt.gen || argc != optind)
		usage();
}

int
main(int argc, char **argv)
{
	opt_parse(argc, argv);
	if (opt.list)
		return scen_list();
	if (opt.gen)
		return gen_write(opt.gensize, opt.genname);
	return srv_run();
}
