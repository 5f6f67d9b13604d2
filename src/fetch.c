/*
 * One transfer.
 *
 * fetch_run() claims the file name (which opens and locks NAME.part),
 * then makes attempts until one succeeds, the error is not worth another
 * try, or the retries run out.  Each attempt asks for the rest of the
 * .part file with a Range request when there is one.  The body is written
 * with pwrite() at the offset the server's answer says it starts at:
 *
 * - 206 whose Content-Range starts where the .part ends: append;
 * - 206 that starts earlier: cut the file there and write from that offset;
 * - 200 (the server ignored the range): cut the file to nothing and write
 *   from byte 0, never appending a full body to a partial one;
 * - 4xx/5xx: nothing is written; the body of an error never reaches disk.
 *
 * Only after the whole body arrived is the .part moved into place by
 * naming_place(), so a file named NAME never holds a partial body.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "fetch.h"

#define FETCH_PROTOCOLS "http,https,ftp,ftps"
#define FETCH_MAX_REDIRS 10L
#define FETCH_PROGRESS_MS 100
#define FETCH_BACKOFF_MAX_MS 30000

/* What one attempt learned and where it writes. */
struct fetch_ctx {
	const struct job	*job;
	struct events		*ev;
	const atomic_int	*stop;
	CURL			*h;
	struct naming_claim	 claim;

	int64_t			 offset;	/* bytes asked to skip */
	int64_t			 pos;		/* next byte to write */
	int64_t			 total;		/* -1 unknown */
	int			 body_started;

	long			 status;	/* of the latest response */
	char			 reason[64];
	int64_t			 range_start;	/* Content-Range, or -1 */
	int64_t			 range_total;

	int			 write_errno;	/* a failed pwrite/ftruncate */
	char			 bad_range[128];
	uint64_t		 last_progress_ms;
	char			 curl_err[CURL_ERROR_SIZE];
};

/* Frees a job. */
void
fetch_job_free(struct job *job)
{
	if (job == NULL)
		return;
	free(job->url);
	free(job->dir);
	free(job->name);
	free(job);
}

/* Returns a monotonic time in milliseconds. */
static uint64_t
fetch_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* Pushes an event of KIND for the context's task. */
static void
fetch_event(struct fetch_ctx *c, enum event_kind kind, long value, char *text)
{
	struct event e = {
		.kind = kind,
		.task = c->job->task,
		.done = c->pos,
		.total = c->total,
		.value = value,
		.text = text
	};

	events_push(c->ev, &e);
}

/* Pushes an event whose text is formatted like printf. */
static void
fetch_eventf(struct fetch_ctx *c, enum event_kind kind, long value,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void
fetch_eventf(struct fetch_ctx *c, enum event_kind kind, long value,
    const char *fmt, ...)
{
	va_list ap;
	char *text;

	va_start(ap, fmt);
	if (vasprintf(&text, fmt, ap) == -1)
		text = NULL;
	va_end(ap);
	fetch_event(c, kind, value, text);
}

/* Parses "bytes A-B/T" (T may be "*") into the context. */
static void
fetch_parse_range(struct fetch_ctx *c, const char *v)
{
	int64_t a, b, t = -1;

	while (*v == ' ' || *v == '\t')
		v++;
	if (strncasecmp(v, "bytes", 5) != 0)
		return;
	v += 5;
	if (sscanf(v, " %" SCNd64 "-%" SCNd64 "/%" SCNd64, &a, &b, &t) >= 2 &&
	    a >= 0 && b >= a) {
		c->range_start = a;
		c->range_total = t;
	}
}

/* Takes one header line of a response; a status line starts a new one. */
static size_t
fetch_header_cb(char *buf, size_t size, size_t n, void *arg)
{
	struct fetch_ctx *c = arg;
	size_t len = size * n;
	char line[512];
	int code = 0, skip = 0;

	if (len >= sizeof line)
		return len;
	memcpy(line, buf, len);
	line[len] = '\0';
	line[strcspn(line, "\r\n")] = '\0';

	if (strncmp(line, "HTTP/", 5) == 0) {
		if (sscanf(line, "HTTP/%*s %d %n", &code, &skip) >= 1) {
			c->status = code;
			snprintf(c->reason, sizeof c->reason, "%s",
			    skip > 0 ? line + skip : "");
		}
		c->range_start = -1;
		c->range_total = -1;
	} else if (strncasecmp(line, "Content-Range:", 14) == 0)
		fetch_parse_range(c, line + 14);
	return len;
}

/* Returns 1 if the scheme of the transfer is HTTP or HTTPS. */
static int
fetch_is_http(struct fetch_ctx *c)
{
	char *scheme = NULL;

	if (curl_easy_getinfo(c->h, CURLINFO_SCHEME, &scheme) != CURLE_OK ||
	    scheme == NULL)
		return 1;
	return strncasecmp(scheme, "http", 4) == 0;
}

/* Cuts the .part file to LEN bytes; returns 0 or -1 (errno saved). */
static int
fetch_truncate(struct fetch_ctx *c, int64_t len)
{
	if (ftruncate(c->claim.fd, (off_t)len) == -1) {
		c->write_errno = errno;
		return -1;
	}
	c->pos = len;
	return 0;
}

/*
 * Decides, at the first byte of the body, where it goes.  Returns 0 to
 * write, -1 to abort the transfer (error status, or a range we did not
 * ask for).
 */
static int
fetch_body_start(struct fetch_ctx *c)
{
	curl_off_t len = -1;
	int64_t start = 0;

	c->body_started = 1;
	if (fetch_is_http(c) && c->status >= 300)
		return -1;
	if (fetch_is_http(c) && c->status == 206) {
		start = c->range_start;
		if (start < 0 || start > c->offset) {
			snprintf(c->bad_range, sizeof c->bad_range,
			    "server sent bytes from %" PRId64
			    " when asked for %" PRId64, start, c->offset);
			return -1;
		}
		if (c->range_total >= 0)
			c->total = c->range_total;
	} else {
		start = fetch_is_http(c) ? 0 : c->offset;
	}
	curl_easy_getinfo(c->h, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &len);
	if (c->total < 0 && len >= 0)
		c->total = start + len;
	if (start != c->offset || start != c->pos)
		return fetch_truncate(c, start);
	return 0;
}

/* Writes a piece of the body at the current position. */
static size_t
fetch_write_cb(char *buf, size_t size, size_t n, void *arg)
{
	struct fetch_ctx *c = arg;
	size_t len = size * n, off = 0;

	if (!c->body_started && fetch_body_start(c) != 0)
		return CURL_WRITEFUNC_ERROR;
	while (off < len) {
		ssize_t w = pwrite(c->claim.fd, buf + off, len - off,
		    (off_t)c->pos);

		if (w == -1 && errno == EINTR)
			continue;
		if (w == -1) {
			c->write_errno = errno;
			return CURL_WRITEFUNC_ERROR;
		}
		off += (size_t)w;
		c->pos += w;
	}
	return len;
}

/* Reports progress now and then, and stops the transfer when asked. */
static int
fetch_progress_cb(void *arg, curl_off_t dltotal, curl_off_t dlnow,
    curl_off_t ultotal, curl_off_t ulnow)
{
	struct fetch_ctx *c = arg;
	uint64_t now;

	(void)dltotal;
	(void)dlnow;
	(void)ultotal;
	(void)ulnow;
	if (atomic_load_explicit(c->stop, memory_order_relaxed))
		return 1;
	if (!c->body_started)
		return 0;
	now = fetch_now_ms();
	if (now - c->last_progress_ms >= FETCH_PROGRESS_MS) {
		c->last_progress_ms = now;
		fetch_event(c, EVENT_PROGRESS, 0, NULL);
	}
	return 0;
}

/* Sets the handle up for one attempt. */
static void
fetch_setup(struct fetch_ctx *c, const struct fetch_opts *opts,
    struct curl_slist *headers)
{
	CURL *h = c->h;

	curl_easy_reset(h);
	curl_easy_setopt(h, CURLOPT_URL, c->job->url);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, FETCH_PROTOCOLS);
	curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, FETCH_PROTOCOLS);
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(h, CURLOPT_MAXREDIRS, FETCH_MAX_REDIRS);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(h, CURLOPT_USERAGENT, opts->user_agent);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, c->curl_err);
	curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, fetch_header_cb);
	curl_easy_setopt(h, CURLOPT_HEADERDATA, c);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, fetch_write_cb);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, c);
	curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, fetch_progress_cb);
	curl_easy_setopt(h, CURLOPT_XFERINFODATA, c);
	curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(h, CURLOPT_BUFFERSIZE, 256L * 1024);
	if (opts->connect_timeout > 0)
		curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT,
		    opts->connect_timeout);
	if (opts->timeout > 0) {
		curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, 1L);
		curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, opts->timeout);
	}
	if (c->offset > 0)
		curl_easy_setopt(h, CURLOPT_RESUME_FROM_LARGE,
		    (curl_off_t)c->offset);
}

/* Resets the per-attempt fields and sets the resume offset. */
static void
fetch_reset_attempt(struct fetch_ctx *c)
{
	c->offset = c->pos;
	c->body_started = 0;
	c->status = 0;
	c->reason[0] = '\0';
	c->range_start = -1;
	c->range_total = -1;
	c->write_errno = 0;
	c->bad_range[0] = '\0';
	c->curl_err[0] = '\0';
}

/* How an attempt ended. */
enum fetch_outcome {
	FETCH_OK,
	FETCH_RETRY,		/* worth another attempt */
	FETCH_FATAL,		/* another attempt would fail the same way */
	FETCH_STOPPED		/* the main thread asked us to stop */
};

/* Returns 1 if HTTP status CODE is worth retrying. */
static int
fetch_status_transient(long code)
{
	static const long transient[] = { 408, 429, 500, 502, 503, 504 };
	size_t i;

	for (i = 0; i < sizeof transient / sizeof transient[0]; i++)
		if (transient[i] == code)
			return 1;
	return 0;
}

/* Returns 1 if curl error RES is worth retrying. */
static int
fetch_curl_transient(CURLcode res)
{
	switch (res) {
	case CURLE_COULDNT_CONNECT:
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_PARTIAL_FILE:
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
	case CURLE_GOT_NOTHING:
	case CURLE_HTTP2:
	case CURLE_HTTP2_STREAM:
	case CURLE_SSL_CONNECT_ERROR:
		return 1;
	default:
		return 0;
	}
}

/* Describes a failed curl call in words into BUF. */
static void
fetch_describe_curl(struct fetch_ctx *c, CURLcode res, long timeout,
    char *buf, size_t len)
{
	const char *detail = c->curl_err[0] ? c->curl_err :
	    curl_easy_strerror(res);

	switch (res) {
	case CURLE_COULDNT_RESOLVE_HOST:
		snprintf(buf, len, "host not found (DNS): %s", detail);
		break;
	case CURLE_COULDNT_CONNECT:
		snprintf(buf, len, "connection refused or unreachable: %s",
		    detail);
		break;
	case CURLE_OPERATION_TIMEDOUT:
		snprintf(buf, len, "timed out (no data for %ld s): %s",
		    timeout, detail);
		break;
	case CURLE_TOO_MANY_REDIRECTS:
		snprintf(buf, len, "too many redirects (more than %ld)",
		    FETCH_MAX_REDIRS);
		break;
	case CURLE_UNSUPPORTED_PROTOCOL:
		snprintf(buf, len, "protocol not allowed (only %s): %s",
		    FETCH_PROTOCOLS, detail);
		break;
	case CURLE_PARTIAL_FILE:
		snprintf(buf, len, "connection closed early: got %" PRId64
		    " of %" PRId64 " bytes", c->pos, c->total);
		break;
	default:
		snprintf(buf, len, "%s", detail);
		break;
	}
}

/* Classifies the result of one attempt and describes any error in BUF. */
static enum fetch_outcome
fetch_judge(struct fetch_ctx *c, CURLcode res, const struct fetch_opts *opts,
    char *buf, size_t len)
{
	int http = fetch_is_http(c);

	if (atomic_load(c->stop))
		return FETCH_STOPPED;
	if (c->write_errno != 0) {
		snprintf(buf, len, "cannot write %s: %s", c->claim.part_path,
		    strerror(c->write_errno));
		return FETCH_FATAL;
	}
	if (c->bad_range[0] != '\0') {
		snprintf(buf, len, "%s", c->bad_range);
		return FETCH_RETRY;
	}
	if (http && c->status >= 400) {
		snprintf(buf, len, "HTTP %ld%s%s", c->status,
		    c->reason[0] ? " " : "", c->reason);
		return fetch_status_transient(c->status) ? FETCH_RETRY :
		    FETCH_FATAL;
	}
	if (res != CURLE_OK) {
		fetch_describe_curl(c, res, opts->timeout, buf, len);
		return fetch_curl_transient(res) ? FETCH_RETRY : FETCH_FATAL;
	}
	if (http && c->status >= 300) {
		snprintf(buf, len, "HTTP %ld redirect without a usable "
		    "Location", c->status);
		return FETCH_FATAL;
	}
	if (c->total >= 0 && c->pos != c->total) {
		snprintf(buf, len, "body ended early: got %" PRId64 " of %"
		    PRId64 " bytes", c->pos, c->total);
		return FETCH_RETRY;
	}
	return FETCH_OK;
}

/* Runs one attempt and judges it. */
static enum fetch_outcome
fetch_attempt(struct fetch_ctx *c, const struct fetch_opts *opts,
    struct curl_slist *headers, char *buf, size_t len)
{
	CURLcode res;

	fetch_reset_attempt(c);
	fetch_setup(c, opts, headers);
	res = curl_easy_perform(c->h);
	if (!c->body_started && res == CURLE_OK)
		(void)fetch_body_start(c);	/* an empty body */
	return fetch_judge(c, res, opts, buf, len);
}

/* Waits before attempt number ATTEMPT; returns -1 if asked to stop. */
static int
fetch_backoff(struct fetch_ctx *c, int attempt)
{
	uint64_t wait = 1000, end;
	int i;

	for (i = 1; i < attempt && wait < FETCH_BACKOFF_MAX_MS; i++)
		wait *= 2;
	if (wait > FETCH_BACKOFF_MAX_MS)
		wait = FETCH_BACKOFF_MAX_MS;
	wait = wait / 2 + (uint64_t)(random() % (long)(wait / 2 + 1));
	end = fetch_now_ms() + wait;
	while (fetch_now_ms() < end) {
		if (atomic_load(c->stop))
			return -1;
		usleep(50 * 1000);
	}
	return 0;
}

/* Creates DIR and its parents as needed. */
int
fetch_mkdirs(const char *dir, char *err, size_t errlen)
{
	char *path, *p;
	int rc = 0;

	if ((path = strdup(dir)) == NULL)
		return -1;
	for (p = path + 1; rc == 0; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		int last = *p == '\0';

		*p = '\0';
		if (mkdir(path, 0777) == -1 && errno != EEXIST) {
			snprintf(err, errlen, "cannot create directory %s: %s",
			    path, strerror(errno));
			rc = -1;
		}
		if (last)
			break;
		*p = '/';
	}
	free(path);
	return rc;
}

/* Claims the file for the job; returns 0, or 1 if done (skipped/failed). */
static int
fetch_claim(struct fetch_ctx *c, const struct fetch_opts *opts)
{
	char err[512], *name;
	enum naming_result r;

	if (fetch_mkdirs(c->job->dir, err, sizeof err) != 0) {
		fetch_event(c, EVENT_FAILED, 0, strdup(err));
		return 1;
	}
	name = c->job->name ? naming_sanitize(c->job->name) :
	    naming_from_url(c->job->url);
	if (name == NULL) {
		fetch_eventf(c, EVENT_FAILED, 0, "unusable file name '%s'",
		    c->job->name ? c->job->name : c->job->url);
		return 1;
	}
	r = naming_claim(c->job->dir, name, opts->on_exists, opts->resume,
	    &c->claim, err, sizeof err);
	if (r == NAMING_SKIPPED) {
		fetch_eventf(c, EVENT_NAMED, 0, "%s", name);
		fetch_event(c, EVENT_DONE, 1, NULL);
	} else if (r == NAMING_ERROR)
		fetch_event(c, EVENT_FAILED, 0, strdup(err));
	free(name);
	if (r != NAMING_OK)
		return 1;
	c->pos = c->claim.size;
	fetch_eventf(c, EVENT_NAMED, 0, "%s", c->claim.name);
	return 0;
}

/* Moves the finished file into place and reports the end of the task. */
static void
fetch_finish(struct fetch_ctx *c, const struct fetch_opts *opts)
{
	char err[512];
	enum naming_result r;

	r = naming_place(&c->claim, opts->on_exists, err, sizeof err);
	if (r == NAMING_ERROR) {
		fetch_event(c, EVENT_FAILED, 0, strdup(err));
		return;
	}
	fetch_eventf(c, EVENT_NAMED, 0, "%s", c->claim.name);
	fetch_event(c, EVENT_DONE, r == NAMING_SKIPPED, NULL);
}

/* Removes an empty .part that a failed task leaves behind. */
static void
fetch_drop_empty(struct fetch_ctx *c)
{
	struct stat st;

	if (fstat(c->claim.fd, &st) == 0 && st.st_size == 0)
		unlink(c->claim.part_path);
}

/* Runs the job; see fetch.h. */
void
fetch_run(CURL *h, const struct job *job, const struct fetch_opts *opts,
    struct events *ev, const atomic_int *stop)
{
	struct fetch_ctx c = { .job = job, .ev = ev, .stop = stop, .h = h };
	struct curl_slist *headers;
	enum fetch_outcome out = FETCH_RETRY;
	char err[1024] = "";
	int attempt;

	c.total = -1;
	c.claim.fd = -1;
	fetch_event(&c, EVENT_STARTED, 0, NULL);
	if (fetch_claim(&c, opts) != 0)
		return;
	headers = curl_slist_append(NULL, "Accept-Encoding: identity");

	for (attempt = 1; out == FETCH_RETRY; attempt++) {
		if (attempt > 1) {
			fetch_eventf(&c, EVENT_RETRYING, attempt, "%s", err);
			if (fetch_backoff(&c, attempt - 1) != 0) {
				out = FETCH_STOPPED;
				break;
			}
		}
		out = fetch_attempt(&c, opts, headers, err, sizeof err);
		if (out == FETCH_RETRY && attempt > opts->retries)
			break;
	}
	curl_slist_free_all(headers);

	if (out == FETCH_OK)
		fetch_finish(&c, opts);
	else if (out == FETCH_STOPPED)
		fetch_event(&c, EVENT_FAILED, 0, strdup("stopped"));
	else {
		fetch_drop_empty(&c);
		fetch_event(&c, EVENT_FAILED, 0, strdup(err));
	}
	naming_release(&c.claim);
}
