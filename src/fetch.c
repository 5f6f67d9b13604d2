/*
 * One transfer.
 *
 * fetch_run() claims the file name (which opens and locks NAME.part),
 * then makes attempts until one succeeds, the error is not worth another
 * try, or the retries run out.  Each attempt asks for the rest of the
 * .part file with a Range request when there is one, with If-Range set to
 * the validator (ETag, else Last-Modified) that the first response had,
 * kept beside the part in NAME.part.meta.  The body is written with
 * pwrite() at the offset the server's answer says it starts at:
 *
 * - 206 whose Content-Range starts where the .part ends: append;
 * - 206 that starts earlier: cut the file there and write from that offset;
 * - 206 that starts later, or whose validator differs from ours: useless;
 *   the part is dropped and the next attempt starts from byte 0;
 * - 200 (range ignored, or If-Range said the resource changed): cut the
 *   file to nothing and write from byte 0, never appending a whole body to
 *   a partial one;
 * - 416 whose total equals the part's size: the part is complete already;
 *   any other 416: start again from byte 0;
 * - other 4xx/5xx: nothing is written; an error body never reaches disk.
 *
 * A checksum, when the queue gives one, is computed as the data streams;
 * when an attempt keeps bytes already on disk, those (and only those) are
 * read back first.  Only after the whole body arrived and every check
 * passed is the .part moved into place by naming_place(), so a file named
 * NAME never holds a partial body.
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
#include "httphdr.h"
#include "log.h"

#define FETCH_PROTOCOLS "http,https,ftp,ftps"
#define FETCH_MAX_REDIRS 10L
#define FETCH_PROGRESS_MS 100
#define FETCH_BACKOFF_MAX_MS 60000
#define FETCH_VALIDATOR_LEN 256
#define FETCH_ERR_LEN 1024
#define FETCH_WBUF (512 * 1024)	/* body bytes gathered per pwrite() */
#define FETCH_DIRECT (128 * 1024) /* pieces this big skip the buffer */

/* What one transfer knows, across its attempts. */
struct fetch_ctx {
	const struct job	*job;
	const struct fetch_opts	*opts;
	struct events		*ev;
	const atomic_int	*stop;
	CURL			*h;
	struct naming_claim	 claim;
	char			*meta_path;	/* NAME.part.meta */
	char			 validator[FETCH_VALIDATOR_LEN];
	struct checksum		*ck;

	/* Per attempt. */
	int64_t			 offset;	/* bytes asked to skip */
	int64_t			 pos;		/* next byte to write */
	int64_t			 total;		/* -1 unknown */
	int			 body_started;
	int			 restart;	/* drop the part, go again */
	int			 complete;	/* 416: the part is whole */
	int			 skipped;	/* the server's name exists */
	int			 write_errno;
	char			 problem[512];	/* why the body was refused */
	uint64_t		 last_progress_ms;
	int			 meta_pending;	/* validator not on disk yet */
	int			 meta_on_disk;	/* NAME.part.meta exists */
	char			*wbuf;		/* body bytes not yet written */
	size_t			 wlen;
	uint64_t		 last_flush_ms;
	int64_t			 last_dlnow;	/* body bytes at last_data_ms */
	uint64_t		 last_data_ms;	/* when a body byte last came */
	int			 stalled;	/* no byte for --timeout s */
	char			 curl_err[CURL_ERROR_SIZE];

	/* Of the latest response (reset by each status line). */
	long			 status;
	char			 reason[64];
	int64_t			 range_start;
	int64_t			 range_total;
	int64_t			 retry_after;	/* seconds, or -1 */
	char			 etag[FETCH_VALIDATOR_LEN];
	char			 modified[FETCH_VALIDATOR_LEN];
	char			*cd_name;	/* Content-Disposition */
};

/* How an attempt ended. */
enum fetch_outcome {
	FETCH_OK,
	FETCH_RETRY,		/* worth another attempt */
	FETCH_FATAL,		/* another attempt would fail the same way */
	FETCH_STOPPED,		/* the main thread asked us to stop */
	FETCH_SKIPPED		/* the file exists and the policy is skip */
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
	free(job->checksum);
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
		.serial = c->job->serial,
		.status = c->status,
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

/* Copies header value V into BUF, or empties BUF if V does not fit. */
static void
fetch_copy_value(char *buf, size_t len, const char *v)
{
	if (strlen(v) >= len)
		buf[0] = '\0';
	else
		memcpy(buf, v, strlen(v) + 1);
}

/* Forgets what the previous response of this attempt said. */
static void
fetch_new_response(struct fetch_ctx *c)
{
	c->range_start = -1;
	c->range_total = -1;
	c->retry_after = -1;
	c->etag[0] = '\0';
	c->modified[0] = '\0';
	free(c->cd_name);
	c->cd_name = NULL;
}

/* Notes one header of the current response that the transfer acts on. */
static void
fetch_header(struct fetch_ctx *c, const char *line)
{
	const char *v;
	int64_t a, b, t;

	if (httphdr_name_is(line, "Content-Range", &v)) {
		if (httphdr_content_range(v, &a, &b, &t) == 0) {
			c->range_start = a;
			c->range_total = t;
		}
	} else if (httphdr_name_is(line, "Retry-After", &v)) {
		if (httphdr_retry_after(v, time(NULL), &a) == 0)
			c->retry_after = a;
	} else if (httphdr_name_is(line, "ETag", &v))
		fetch_copy_value(c->etag, sizeof c->etag, v);
	else if (httphdr_name_is(line, "Last-Modified", &v))
		fetch_copy_value(c->modified, sizeof c->modified, v);
	else if (httphdr_name_is(line, "Content-Disposition", &v)) {
		free(c->cd_name);
		c->cd_name = httphdr_disposition_filename(v);
	}
}

/* Takes one header line; a status line starts a new response. */
static size_t
fetch_header_cb(char *buf, size_t size, size_t n, void *arg)
{
	struct fetch_ctx *c = arg;
	size_t len = size * n;
	char line[1024];

	if (len >= sizeof line)
		return len;
	memcpy(line, buf, len);
	line[len] = '\0';
	line[strcspn(line, "\r\n")] = '\0';
	if (httphdr_status_line(line, &c->status, c->reason,
	    sizeof c->reason) == 0)
		fetch_new_response(c);
	else
		fetch_header(c, line);
	return len;
}

/* Returns 1 if the transfer speaks HTTP or HTTPS. */
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

/* Removes NAME.part.meta if this transfer knows it is there. */
static void
fetch_meta_drop(struct fetch_ctx *c)
{
	if (c->meta_on_disk)
		unlink(c->meta_path);
	c->meta_on_disk = 0;
}

/*
 * Notes the validator of a fresh response.  It goes to disk only once a
 * part is worth resuming (fetch_meta_save), so a small file that arrives
 * at once costs no extra file.
 */
static void
fetch_meta_note(struct fetch_ctx *c)
{
	const char *v = c->etag[0] ? c->etag : c->modified;

	fetch_meta_drop(c);	/* an old part's, now stale */
	snprintf(c->validator, sizeof c->validator, "%s", v);
	c->meta_pending = *v != '\0';
}

/* Writes the noted validator beside the part, if not done yet. */
static void
fetch_meta_save(struct fetch_ctx *c)
{
	const char *v = c->validator;
	char *tmp;
	FILE *fp;

	if (!c->meta_pending)
		return;
	c->meta_pending = 0;
	if (asprintf(&tmp, "%s.tmp", c->meta_path) == -1)
		return;
	if ((fp = fopen(tmp, "w")) != NULL) {
		fprintf(fp, "%s\n", v);
		if (fclose(fp) == 0 && rename(tmp, c->meta_path) == 0)
			c->meta_on_disk = 1;
	}
	if (!c->meta_on_disk)
		unlink(tmp);
	free(tmp);
}

/* Reads the validator an earlier run saved beside the part. */
static void
fetch_meta_load(struct fetch_ctx *c)
{
	FILE *fp;

	c->validator[0] = '\0';
	if (c->claim.size == 0 || (fp = fopen(c->meta_path, "r")) == NULL)
		return;
	if (fgets(c->validator, sizeof c->validator, fp) == NULL)
		c->validator[0] = '\0';
	c->validator[strcspn(c->validator, "\r\n")] = '\0';
	c->meta_on_disk = 1;
	fclose(fp);
}

/* Refuses the body, saying why; the attempt then ends. */
static int
fetch_refuse(struct fetch_ctx *c, int restart, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->problem, sizeof c->problem, fmt, ap);
	va_end(ap);
	c->restart = restart;
	return -1;
}

/*
 * Switches to the name the server gave in Content-Disposition, unless the
 * job has a name of its own.  Returns 0, or -1 to stop the attempt.
 */
static int
fetch_rename_to_server_name(struct fetch_ctx *c)
{
	struct naming_claim fresh;
	char err[512], *name;
	enum naming_result r;

	if (c->job->name != NULL || c->cd_name == NULL)
		return 0;
	if ((name = naming_sanitize(c->cd_name)) == NULL)
		return 0;
	if (strcmp(name, c->claim.name) == 0) {
		free(name);
		return 0;
	}
	r = naming_claim(c->job->dir, name, c->opts->on_exists, 0, &fresh,
	    err, sizeof err);
	free(name);
	if (r == NAMING_SKIPPED) {
		c->skipped = 1;
		return -1;
	}
	if (r == NAMING_ERROR)
		return fetch_refuse(c, 0, "%s", err);
	if (c->pos == 0)
		unlink(c->claim.part_path);
	fetch_meta_drop(c);
	naming_release(&c->claim);
	c->claim = fresh;
	free(c->meta_path);
	if (asprintf(&c->meta_path, "%s.meta", c->claim.part_path) == -1)
		c->meta_path = NULL;
	c->pos = 0;
	fetch_eventf(c, EVENT_NAMED, 0, "%s", c->claim.name);
	return c->meta_path ? 0 : fetch_refuse(c, 0, "out of memory");
}

/* Handles a 416: the part may be complete already. */
static int
fetch_range_not_satisfiable(struct fetch_ctx *c)
{
	if (c->offset > 0 && c->range_total == c->offset) {
		c->complete = 1;
		c->total = c->offset;
		return -1;
	}
	return fetch_refuse(c, 1, "HTTP 416: the server cannot send bytes "
	    "from %" PRId64 "; starting over", c->offset);
}

/* Works out where a 206 body starts; returns it, or -1 (refused). */
static int64_t
fetch_partial_start(struct fetch_ctx *c)
{
	int64_t start = c->range_start;

	if (start < 0)
		return fetch_refuse(c, 1, "206 without a usable "
		    "Content-Range; starting over");
	if (start > c->offset)
		return fetch_refuse(c, 1, "server sent bytes from %" PRId64
		    " when asked for %" PRId64 "; starting over", start,
		    c->offset);
	if (c->validator[0] != '\0' && c->etag[0] != '\0' &&
	    strcmp(c->validator, c->etag) != 0)
		return fetch_refuse(c, 1, "the file changed on the server "
		    "(ETag %s, was %s); starting over", c->etag, c->validator);
	if (c->range_total >= 0)
		c->total = c->range_total;
	return start;
}

/* Starts the checksum, reading back the START bytes kept on disk. */
static int
fetch_checksum_start(struct fetch_ctx *c, int64_t start)
{
	checksum_free(c->ck);
	c->ck = NULL;
	if (c->job->checksum == NULL)
		return 0;
	if ((c->ck = checksum_start(c->job->checksum)) == NULL)
		return fetch_refuse(c, 0, "cannot compute %s digests here",
		    checksum_type_name(c->job->checksum));
	if (start > 0 && checksum_file(c->ck, c->claim.fd, start) != 0)
		return fetch_refuse(c, 0, "cannot read back %s: %s",
		    c->claim.part_path, strerror(errno));
	return 0;
}

/*
 * Decides, once the headers of the final response are in, where the body
 * goes.  Returns 0 to write it, -1 to end the attempt.
 */
static int
fetch_body_start(struct fetch_ctx *c)
{
	curl_off_t len = -1;
	int64_t start;
	int http = fetch_is_http(c);

	c->body_started = 1;
	if (http && c->status == 416)
		return fetch_range_not_satisfiable(c);
	if (http && c->status >= 300)
		return -1;
	if (fetch_rename_to_server_name(c) != 0)
		return -1;
	if (http && c->status == 206)
		start = fetch_partial_start(c);
	else
		start = http ? 0 : c->offset;
	if (start < 0)
		return -1;
	curl_easy_getinfo(c->h, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &len);
	if (c->total < 0 && len >= 0)
		c->total = start + len;
	if (start == 0)
		fetch_meta_note(c);
	c->last_progress_ms = fetch_now_ms();
	if ((start != c->offset || start != c->pos) &&
	    fetch_truncate(c, start) != 0)
		return -1;
	return fetch_checksum_start(c, start);
}

/* Writes LEN bytes at DATA to the part at offset AT; 0, or -1 (saved). */
static int
fetch_pwrite(struct fetch_ctx *c, const char *data, size_t len, int64_t at)
{
	size_t off = 0;

	while (off < len) {
		ssize_t w = pwrite(c->claim.fd, data + off, len - off,
		    (off_t)(at + (int64_t)off));

		if (w == -1 && errno == EINTR)
			continue;
		if (w == -1) {
			c->write_errno = errno;
			return -1;
		}
		off += (size_t)w;
	}
	return 0;
}

/*
 * Writes the buffered body bytes out, so the part holds c->pos bytes.
 * Returns 0, or -1 with the error saved.
 */
static int
fetch_flush(struct fetch_ctx *c)
{
	int64_t at = c->pos - (int64_t)c->wlen;
	int rc;

	rc = fetch_pwrite(c, c->wbuf, c->wlen, at);
	c->wlen = 0;
	c->last_flush_ms = fetch_now_ms();
	return rc;
}

/*
 * Reports progress every FETCH_PROGRESS_MS and keeps the part on disk
 * close behind it.  Returns 0, or 1 when a write failed.
 */
static int
fetch_report(struct fetch_ctx *c, uint64_t now)
{
	if (c->wlen > 0 && now - c->last_flush_ms >= 2 * FETCH_PROGRESS_MS &&
	    fetch_flush(c) != 0)
		return 1;
	if (now - c->last_progress_ms >= FETCH_PROGRESS_MS) {
		c->last_progress_ms = now;
		fetch_meta_save(c);
		fetch_event(c, EVENT_PROGRESS, 0, NULL);
	}
	return 0;
}

/*
 * Takes a piece of the body.  Small pieces gather in a buffer written out
 * when full, one pwrite() instead of a dozen; big ones, and every piece
 * under a speed limit (so the part grows at the limited pace), go
 * straight to the file.  c->pos counts them at once, and every path that
 * ends an attempt or reads the part flushes first.
 */
static size_t
fetch_write_cb(char *buf, size_t size, size_t n, void *arg)
{
	struct fetch_ctx *c = arg;
	size_t len = size * n;
	int direct;

	if (!c->body_started && fetch_body_start(c) != 0)
		return CURL_WRITEFUNC_ERROR;
	/* A big piece, or any under a speed limit, goes straight out. */
	direct = len >= FETCH_DIRECT || ratelimit_get(c->opts->limit) > 0;
	if ((c->wlen + len > FETCH_WBUF || direct) && fetch_flush(c) != 0)
		return CURL_WRITEFUNC_ERROR;
	if (direct) {
		if (fetch_pwrite(c, buf, len, c->pos) != 0)
			return CURL_WRITEFUNC_ERROR;
	} else {
		memcpy(c->wbuf + c->wlen, buf, len);
		c->wlen += len;
	}
	c->pos += (int64_t)len;
	if (c->ck != NULL && checksum_update(c->ck, buf, len) != 0) {
		fetch_refuse(c, 0, "checksum computation failed");
		return CURL_WRITEFUNC_ERROR;
	}
	if (ratelimit_get(c->opts->limit) > 0) {
		/* Sleeping here keeps curl from its transfer-info callback. */
		ratelimit_take(c->opts->limit, len, c->stop);
		if (fetch_report(c, fetch_now_ms()) != 0)
			return CURL_WRITEFUNC_ERROR;
	}
	return len;
}

/* Returns 1, noting it, once the body has stalled for --timeout s. */
static int
fetch_stalled(struct fetch_ctx *c, curl_off_t dlnow, uint64_t now)
{
	if (dlnow != c->last_dlnow || c->last_data_ms == 0) {
		c->last_dlnow = dlnow;
		c->last_data_ms = now;
	}
	if (c->opts->timeout <= 0 ||
	    now - c->last_data_ms < (uint64_t)c->opts->timeout * 1000)
		return 0;
	c->stalled = 1;
	return 1;
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
	if (fetch_stalled(c, dlnow, now))
		return 1;
	return fetch_report(c, now);
}

/* Builds the request headers for this attempt. */
static struct curl_slist *
fetch_headers(struct fetch_ctx *c)
{
	struct curl_slist *h;
	char line[FETCH_VALIDATOR_LEN + 16];

	h = curl_slist_append(NULL, "Accept-Encoding: identity");
	if (h != NULL && c->offset > 0 && c->validator[0] != '\0') {
		snprintf(line, sizeof line, "If-Range: %s", c->validator);
		h = curl_slist_append(h, line);
	}
	return h;
}

/* Sets the handle up for one attempt. */
static void
fetch_setup(struct fetch_ctx *c, struct curl_slist *headers)
{
	const struct fetch_opts *opts = c->opts;
	CURL *h = c->h;
	char range[32];

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
	/* Small pieces under a speed limit keep the flow smooth. */
	curl_easy_setopt(h, CURLOPT_BUFFERSIZE,
	    ratelimit_get(opts->limit) > 0 ? 16L * 1024 : 256L * 1024);
	/* The address in a PASV reply may be unreachable: use the host's. */
	curl_easy_setopt(h, CURLOPT_FTP_SKIP_PASV_IP, 1L);
	if (opts->insecure) {
		curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
		curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 0L);
	}
	if (opts->ca_file != NULL)
		curl_easy_setopt(h, CURLOPT_CAINFO, opts->ca_file);
	if (opts->connect_timeout > 0)
		curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT,
		    opts->connect_timeout);
	if (opts->timeout > 0) {
		curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, 1L);
		curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, opts->timeout);
	}
	if (c->offset > 0) {
		snprintf(range, sizeof range, "%" PRId64 "-", c->offset);
		curl_easy_setopt(h, CURLOPT_RANGE, range);
	}
}

/* Resets the per-attempt fields; the attempt resumes where the part ends. */
static void
fetch_reset_attempt(struct fetch_ctx *c)
{
	c->offset = c->pos;
	c->wlen = 0;
	c->total = -1;
	c->body_started = 0;
	c->last_dlnow = 0;
	c->last_data_ms = 0;
	c->stalled = 0;
	c->restart = 0;
	c->complete = 0;
	c->skipped = 0;
	c->write_errno = 0;
	c->problem[0] = '\0';
	c->curl_err[0] = '\0';
	c->status = 0;
	c->reason[0] = '\0';
	fetch_new_response(c);
}

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
	static const CURLcode transient[] = {
		CURLE_COULDNT_CONNECT, CURLE_OPERATION_TIMEDOUT,
		CURLE_PARTIAL_FILE, CURLE_RECV_ERROR, CURLE_SEND_ERROR,
		CURLE_GOT_NOTHING, CURLE_HTTP2, CURLE_HTTP2_STREAM,
		CURLE_SSL_CONNECT_ERROR, CURLE_FTP_ACCEPT_TIMEOUT
	};
	size_t i;

	for (i = 0; i < sizeof transient / sizeof transient[0]; i++)
		if (transient[i] == res)
			return 1;
	return 0;
}

/* Describes a failed curl call in words into BUF. */
static void
fetch_describe_curl(struct fetch_ctx *c, CURLcode res, char *buf, size_t len)
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
		    c->opts->timeout, detail);
		break;
	case CURLE_TOO_MANY_REDIRECTS:
		snprintf(buf, len, "too many redirects (more than %ld; a "
		    "redirect loop?)", FETCH_MAX_REDIRS);
		break;
	case CURLE_UNSUPPORTED_PROTOCOL:
		snprintf(buf, len, "protocol not allowed (only %s): %s",
		    FETCH_PROTOCOLS, detail);
		break;
	case CURLE_PEER_FAILED_VERIFICATION:
		snprintf(buf, len, "TLS certificate not trusted: %s (see "
		    "--ca-certificate)", detail);
		break;
	case CURLE_PARTIAL_FILE:
		if (c->total < 0)
			snprintf(buf, len, "connection closed early: got %"
			    PRId64 " bytes, not the end of the body", c->pos);
		else
			snprintf(buf, len, "connection closed early: got %"
			    PRId64 " of %" PRId64 " bytes", c->pos, c->total);
		break;
	default:
		snprintf(buf, len, "%s", detail);
		break;
	}
}

/* Judges an HTTP error status; Retry-After may make it final. */
static enum fetch_outcome
fetch_judge_status(struct fetch_ctx *c, char *buf, size_t len)
{
	int n;

	n = snprintf(buf, len, "HTTP %ld%s%s", c->status,
	    c->reason[0] ? " " : "", c->reason);
	if (!fetch_status_transient(c->status))
		return FETCH_FATAL;
	if (c->retry_after > c->opts->max_wait) {
		if (n > 0 && (size_t)n < len)
			snprintf(buf + n, len - (size_t)n, "; the server asks "
			    "to wait %" PRId64 " s, more than --max-wait=%ld",
			    c->retry_after, c->opts->max_wait);
		return FETCH_FATAL;
	}
	return FETCH_RETRY;
}

/* Compares the finished file with the expected checksum. */
static enum fetch_outcome
fetch_judge_checksum(struct fetch_ctx *c, char *buf, size_t len)
{
	char got[CHECKSUM_HEX_LEN], want[CHECKSUM_TEXT_LEN];
	int r;

	if (c->ck == NULL)
		return FETCH_OK;
	r = checksum_finish(c->ck, got, sizeof got);
	checksum_free(c->ck);
	c->ck = NULL;
	if (r == 1)
		return FETCH_OK;
	checksum_spec_text(c->job->checksum, want, sizeof want);
	snprintf(buf, len, "checksum mismatch: expected %s, got %s; the data "
	    "is kept in %s", want, got, c->claim.part_path);
	return FETCH_FATAL;
}

/* Classifies the result of one attempt and describes any error in BUF. */
static enum fetch_outcome
fetch_judge(struct fetch_ctx *c, CURLcode res, char *buf, size_t len)
{
	int http = fetch_is_http(c);

	if (atomic_load(c->stop))
		return FETCH_STOPPED;
	if (c->skipped)
		return FETCH_SKIPPED;
	if (c->write_errno != 0) {
		snprintf(buf, len, "cannot write %s: %s", c->claim.part_path,
		    strerror(c->write_errno));
		return FETCH_FATAL;
	}
	if (c->complete)
		return fetch_judge_checksum(c, buf, len);
	if (c->problem[0] != '\0') {
		snprintf(buf, len, "%s", c->problem);
		return c->restart ? FETCH_RETRY : FETCH_FATAL;
	}
	if (c->stalled) {
		snprintf(buf, len, "timed out (no data for %ld s)",
		    c->opts->timeout);
		return FETCH_RETRY;
	}
	if (http && c->status >= 400)
		return fetch_judge_status(c, buf, len);
	if (res != CURLE_OK) {
		fetch_describe_curl(c, res, buf, len);
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
	return fetch_judge_checksum(c, buf, len);
}

/* Runs one attempt and judges it. */
static enum fetch_outcome
fetch_attempt(struct fetch_ctx *c, char *buf, size_t len)
{
	struct curl_slist *headers;
	CURLcode res;
	enum fetch_outcome out;

	fetch_reset_attempt(c);
	headers = fetch_headers(c);
	fetch_setup(c, headers);
	log_msg("task %u: GET %s (from byte %" PRId64 "%s%s)", c->job->task,
	    c->job->url, c->offset, c->offset > 0 && c->validator[0] ?
	    ", If-Range " : "", c->offset > 0 ? c->validator : "");
	res = curl_easy_perform(c->h);
	(void)fetch_flush(c);	/* a failure is judged below */
	log_msg("task %u: HTTP %ld %s; curl: %s; %" PRId64 " bytes on disk",
	    c->job->task, c->status, c->reason, res == CURLE_OK ? "ok" :
	    c->curl_err[0] ? c->curl_err : curl_easy_strerror(res), c->pos);
	if (!c->body_started && res == CURLE_OK)
		(void)fetch_body_start(c);	/* an empty body */
	if (c->complete && c->job->checksum != NULL &&
	    fetch_checksum_start(c, c->pos) != 0)
		c->complete = 0;
	out = fetch_judge(c, res, buf, len);
	if (out == FETCH_RETRY && c->restart && c->write_errno == 0) {
		fetch_truncate(c, 0);
		fetch_meta_drop(c);
		c->validator[0] = '\0';
		c->meta_pending = 0;
	} else if (out != FETCH_OK && c->pos > 0)
		fetch_meta_save(c);	/* the part will be resumed */
	curl_easy_setopt(c->h, CURLOPT_HTTPHEADER, NULL);
	curl_slist_free_all(headers);
	return out;
}

/* Returns how long to wait before attempt number NEXT (2 or more). */
static uint64_t
fetch_backoff_ms(struct fetch_ctx *c, int next)
{
	uint64_t wait = (uint64_t)c->opts->retry_wait_ms;
	int i;

	if (c->retry_after >= 0)
		return (uint64_t)c->retry_after * 1000;
	if (c->restart)
		return 0;
	for (i = 2; i < next && wait < FETCH_BACKOFF_MAX_MS; i++)
		wait *= 2;
	if (wait > FETCH_BACKOFF_MAX_MS)
		wait = FETCH_BACKOFF_MAX_MS;
	/* Full jitter over the upper half keeps clients from marching. */
	return wait / 2 + (uint64_t)random() % (wait / 2 + 1);
}

/* Announces and waits out the pause before attempt NEXT. */
static int
fetch_backoff(struct fetch_ctx *c, int next, const char *why)
{
	uint64_t end = fetch_now_ms() + fetch_backoff_ms(c, next);
	struct event e = {
		.kind = EVENT_RETRYING,
		.task = c->job->task,
		.serial = c->job->serial,
		.status = c->status,
		.done = c->pos,
		.total = c->total,
		.value = next,
		.at_ms = end,
		.text = strdup(why)
	};

	events_push(c->ev, &e);
	log_msg("task %u: attempt %d in %" PRIu64 " ms: %s", c->job->task,
	    next, end - fetch_now_ms(), why);
	while (fetch_now_ms() < end) {
		if (atomic_load(c->stop))
			return -1;
		usleep(20 * 1000);
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

/* Claims the file for the job; returns 0, or 1 if the task has ended. */
static int
fetch_claim(struct fetch_ctx *c)
{
	char err[512], *name;
	enum naming_result r;

	if (access(c->job->dir, F_OK) != 0 &&
	    fetch_mkdirs(c->job->dir, err, sizeof err) != 0) {
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
	r = naming_claim(c->job->dir, name, c->opts->on_exists,
	    c->opts->resume, &c->claim, err, sizeof err);
	if (r == NAMING_SKIPPED)
		fetch_event(c, EVENT_DONE, 1, strdup(name));
	else if (r == NAMING_ERROR)
		fetch_event(c, EVENT_FAILED, 0, strdup(err));
	/* The main thread guessed NAME; say so only if the claim differs. */
	if (r == NAMING_OK && strcmp(name, c->claim.name) != 0)
		fetch_eventf(c, EVENT_NAMED, 0, "%s", c->claim.name);
	free(name);
	if (r != NAMING_OK)
		return 1;
	if (asprintf(&c->meta_path, "%s.meta", c->claim.part_path) == -1) {
		naming_release(&c->claim);
		fetch_event(c, EVENT_FAILED, 0, strdup("out of memory"));
		return 1;
	}
	c->pos = c->claim.size;
	if (!c->opts->resume)
		unlink(c->meta_path);
	fetch_meta_load(c);
	return 0;
}

/* Moves the finished file into place and reports the end of the task. */
static void
fetch_finish(struct fetch_ctx *c)
{
	char err[512];
	enum naming_result r;

	r = naming_place(&c->claim, c->opts->on_exists, err, sizeof err);
	if (r == NAMING_ERROR) {
		fetch_event(c, EVENT_FAILED, 0, strdup(err));
		return;
	}
	fetch_meta_drop(c);
	fetch_event(c, EVENT_DONE, r == NAMING_SKIPPED,
	    strdup(c->claim.name));
}

/* Reports a failure, removing an empty .part that nothing will resume. */
static void
fetch_fail(struct fetch_ctx *c, const char *why)
{
	struct stat st;

	if (fstat(c->claim.fd, &st) == 0 && st.st_size == 0) {
		unlink(c->claim.part_path);
		fetch_meta_drop(c);
	}
	fetch_event(c, EVENT_FAILED, 0, strdup(why));
}

/* Ends the task after the last attempt, by how it went. */
static void
fetch_conclude(struct fetch_ctx *c, enum fetch_outcome out, const char *err)
{
	if (out == FETCH_OK)
		log_msg("task %u: complete, %" PRId64 " bytes", c->job->task,
		    c->pos);
	else if (out != FETCH_SKIPPED)
		log_msg("task %u: failed: %s", c->job->task,
		    out == FETCH_STOPPED ? "stopped" : err);
	switch (out) {
	case FETCH_OK:
		fetch_finish(c);
		break;
	case FETCH_SKIPPED:
		unlink(c->claim.part_path);
		fetch_meta_drop(c);
		fetch_event(c, EVENT_DONE, 1, NULL);
		break;
	case FETCH_STOPPED:
		fetch_fail(c, "stopped");
		break;
	default:
		fetch_fail(c, err);
		break;
	}
}

struct fetch_worker {
	CURL	*h;
	char	*wbuf;		/* FETCH_WBUF bytes */
};

/* Makes a worker's handle and buffer. */
struct fetch_worker *
fetch_worker_new(void)
{
	struct fetch_worker *fw;

	if ((fw = calloc(1, sizeof *fw)) == NULL)
		return NULL;
	fw->h = curl_easy_init();
	fw->wbuf = malloc(FETCH_WBUF);
	if (fw->h == NULL || fw->wbuf == NULL) {
		fetch_worker_free(fw);
		return NULL;
	}
	return fw;
}

/* Frees a worker's handle and buffer. */
void
fetch_worker_free(struct fetch_worker *fw)
{
	if (fw == NULL)
		return;
	if (fw->h != NULL)
		curl_easy_cleanup(fw->h);
	free(fw->wbuf);
	free(fw);
}

/* Runs the job; see fetch.h. */
void
fetch_run(struct fetch_worker *fw, const struct job *job,
    const struct fetch_opts *opts, struct events *ev, const atomic_int *stop)
{
	struct fetch_ctx c = {
		.job = job, .opts = opts, .ev = ev, .stop = stop, .h = fw->h,
		.wbuf = fw->wbuf
	};
	enum fetch_outcome out = FETCH_RETRY;
	char err[FETCH_ERR_LEN] = "";
	int attempt;

	c.total = -1;
	c.claim.fd = -1;
	if (fetch_claim(&c) != 0)
		return;
	fetch_event(&c, EVENT_STARTED, 0, NULL);	/* c.pos: kept bytes */
	for (attempt = 1; out == FETCH_RETRY; attempt++) {
		if (attempt > 1 && fetch_backoff(&c, attempt, err) != 0) {
			out = FETCH_STOPPED;
			break;
		}
		out = fetch_attempt(&c, err, sizeof err);
		if (out == FETCH_RETRY && attempt > opts->retries)
			break;
	}
	fetch_conclude(&c, out, err);
	checksum_free(c.ck);
	free(c.cd_name);
	free(c.meta_path);
	naming_release(&c.claim);
}
