/*
 * Parsers for the HTTP response headers a transfer acts on: the status
 * line, Content-Range, Retry-After and Content-Disposition.
 *
 * Each takes the text of one header value (what follows "Name:") as a C
 * string that the caller has already cut off before its CR/LF, and never
 * reads past its terminating NUL however the text is malformed.  Nothing
 * here keeps state; only httphdr_disposition_filename() allocates.
 */
#ifndef HAUL_HTTPHDR_H
#define HAUL_HTTPHDR_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

/*
 * Parses a Content-Range value: "bytes A-B/T", or "bytes A-B/" and a
 * '*' (length unknown: *TOTAL is -1), or "bytes ", a '*' and "/T" (the
 * form of a 416 answer: *START and *END are -1).  "bytes" may be in any
 * case; spaces may surround the parts.  Returns 0, or -1 when V is
 * malformed: B before A, B not below T, a sign, a number past INT64_MAX
 * or anything after the total.  The outputs are written only on success.
 */
int	 httphdr_content_range(const char *v, int64_t *start, int64_t *end,
	    int64_t *total);

/*
 * Parses a Retry-After value into the seconds to wait from NOW: either
 * delta-seconds ("120"; a number past INT64_MAX gives INT64_MAX) or an
 * HTTP-date in any of the three forms of RFC 9110 (IMF-fixdate, RFC 850,
 * asctime); a date in the past gives 0.  Names of days and months may be
 * in any case.  Returns 0, or -1 when V is neither; *SECS is written only
 * on success.
 */
int	 httphdr_retry_after(const char *v, time_t now, int64_t *secs);

/*
 * Returns the file name a Content-Disposition value carries (malloc'd;
 * the caller frees it), or NULL when it has none.  filename*= (RFC 8187:
 * charset UTF-8 or ISO-8859-1, the latter converted to UTF-8, percent-
 * decoded) wins over filename= wherever each appears; when filename*= is
 * malformed or names another charset, filename= is used.  The name is
 * raw: it may hold '/', ".." or control characters, so the caller must
 * pass it through naming_sanitize().  An empty name counts as none.
 */
char	*httphdr_disposition_filename(const char *v);

/*
 * Parses a status line such as "HTTP/1.1 404 Not Found", "HTTP/2 200" or
 * "HTTP/1.0 200" into *CODE and the reason phrase, which is copied into
 * REASON (LEN bytes, cut to fit and always terminated when LEN > 0; empty
 * when there is none) with trailing white space and CR/LF removed.
 * REASON may be NULL when LEN is 0.  Returns 0, or -1 when LINE is not a
 * status line; the outputs are written only on success.
 */
int	 httphdr_status_line(const char *line, long *code, char *reason,
	    size_t len);

/*
 * Returns 1 if the header line LINE ("Name: value") is the header NAME,
 * compared without regard to case, and points *VALUE (unless VALUE is
 * NULL) at its value inside LINE with leading spaces and tabs skipped;
 * returns 0 otherwise.  The value runs to the end of LINE, so a caller
 * holding a raw line copies it without its CR/LF first.
 */
int	 httphdr_name_is(const char *line, const char *name,
	    const char **value);

#endif
