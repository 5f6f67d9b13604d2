/*
 * Unit tests for httphdr.c: {input, expected} tables of header values,
 * good, odd and hostile, plus every prefix of them in a buffer of its
 * exact size so that the sanitizers catch any read past the end.
 */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "httphdr.h"
#include "unit.h"

#define NITEMS(a) (sizeof (a) / sizeof (a)[0])

/* Sun, 06 Nov 1994 07:49:37 GMT: an hour before the RFC's example date. */
#define NOW ((time_t)784108177)

/* Sun, 29 Feb 2024 12:00:00 GMT, for two-digit years seen from 2024. */
#define NOW_2024 ((time_t)1709208000)

static const struct range_case {
	const char	*text;
	int		 ok;
	int64_t		 start;
	int64_t		 end;
	int64_t		 total;
} range_cases[] = {
	{ "bytes 0-499/1234", 1, 0, 499, 1234 },
	{ "bytes 500-1233/1234", 1, 500, 1233, 1234 },
	{ "bytes 0-0/1", 1, 0, 0, 1 },
	{ "BYTES 0-9/10", 1, 0, 9, 10 },
	{ "Bytes 5-9/*", 1, 5, 9, -1 },
	{ "bytes */1234", 1, -1, -1, 1234 },
	{ "bytes */0", 1, -1, -1, 0 },
	{ "  bytes  0 - 9 / 10  ", 1, 0, 9, 10 },
	{ "bytes\t0-9/10", 1, 0, 9, 10 },
	{ "bytes 0-9/10\r\n", 1, 0, 9, 10 },
	{ "bytes 007-008/0010", 1, 7, 8, 10 },
	{ "bytes 9223372036854775805-9223372036854775806/9223372036854775807",
	    1, INT64_C(9223372036854775805), INT64_C(9223372036854775806),
	    INT64_MAX },
	{ "", 0, 0, 0, 0 },
	{ "bytes", 0, 0, 0, 0 },
	{ "bytes ", 0, 0, 0, 0 },
	{ "bytes 0-9", 0, 0, 0, 0 },
	{ "bytes 0-9/", 0, 0, 0, 0 },
	{ "bytes 5-4/10", 0, 0, 0, 0 },
	{ "bytes 0-10/10", 0, 0, 0, 0 },
	{ "bytes 0-9/0", 0, 0, 0, 0 },
	{ "bytes -1-5/10", 0, 0, 0, 0 },
	{ "bytes +0-9/10", 0, 0, 0, 0 },
	{ "bytes 0--9/10", 0, 0, 0, 0 },
	{ "bytes 0-9/10x", 0, 0, 0, 0 },
	{ "bytes 0-9/10/11", 0, 0, 0, 0 },
	{ "bytes 0-9 10", 0, 0, 0, 0 },
	{ "bytes */*", 0, 0, 0, 0 },
	{ "bytes *", 0, 0, 0, 0 },
	{ "bytes *-5/10", 0, 0, 0, 0 },
	{ "bytes=0-9/10", 0, 0, 0, 0 },
	{ "items 0-9/10", 0, 0, 0, 0 },
	{ "0-9/10", 0, 0, 0, 0 },
	{ "bytes 0x0-0x9/10", 0, 0, 0, 0 },
	{ "bytes 9223372036854775808-9223372036854775809/*", 0, 0, 0, 0 },
	{ "bytes 0-9/99999999999999999999", 0, 0, 0, 0 },
	{ ";", 0, 0, 0, 0 },
};

static const struct retry_case {
	const char	*text;
	time_t		 now;
	int		 ok;
	int64_t		 secs;
} retry_cases[] = {
	{ "120", NOW, 1, 120 },
	{ "0", NOW, 1, 0 },
	{ " 5 ", NOW, 1, 5 },
	{ "5\r\n", NOW, 1, 5 },
	{ "0000000000000000000000000042", NOW, 1, 42 },
	{ "9223372036854775807", NOW, 1, INT64_MAX },
	{ "99999999999999999999999", NOW, 1, INT64_MAX },
	{ "Sun, 06 Nov 1994 08:49:37 GMT", NOW, 1, 3600 },
	{ "Sun, 06 Nov 1994 08:49:37 GMT", NOW + 3600, 1, 0 },
	{ "Sun, 06 Nov 1994 08:49:37 GMT", NOW + 7200, 1, 0 },
	{ "Sat, 05 Nov 1994 08:49:37 GMT", NOW, 1, 0 },
	{ "Thu, 01 Jan 1970 00:00:00 GMT", NOW, 1, 0 },
	{ "Sun, 6 Nov 1994 08:49:37 GMT", NOW, 1, 3600 },
	{ "sun, 06 nov 1994 08:49:37 gmt", NOW, 1, 3600 },
	{ "Sun, 06 Nov 1994 08:49:37 GMT  ", NOW, 1, 3600 },
	{ "  Sun,  06  Nov  1994  08:49:37  GMT", NOW, 1, 3600 },
	{ "Sunday, 06-Nov-94 08:49:37 GMT", NOW, 1, 3600 },
	{ "Sunday, 06-Nov-1994 08:49:37 GMT", NOW, 1, 3600 },
	{ "Sun Nov  6 08:49:37 1994", NOW, 1, 3600 },
	{ "Sun Nov 6 08:49:37 1994", NOW, 1, 3600 },
	{ "Sun Nov 06 08:49:37 1994", NOW, 1, 3600 },
	{ "Thu, 29 Feb 1996 00:00:00 GMT", NOW, 1, 41443823 },
	{ "Thursday, 29-Feb-96 00:00:00 GMT", NOW, 1, 41443823 },
	{ "Sat, 01 Jan 2000 00:00:00 GMT", NOW, 1, 162576623 },
	{ "Mon, 01 Mar 2100 00:00:00 GMT", NOW, 1, 3323434223 },
	{ "Sat, 31 Dec 2016 23:59:60 GMT", NOW, 1, 699120623 },
	{ "Fri, 31 Dec 9999 23:59:59 GMT", NOW, 1, INT64_C(252618192622) },
	{ "Sunday, 06-Nov-44 08:49:37 GMT", NOW, 1, 1577926800 },
	{ "Monday, 06-Nov-45 08:49:37 GMT", NOW, 1, 0 },
	{ "Thursday, 29-Feb-24 12:00:00 GMT", NOW_2024, 1, 0 },
	{ "Sunday, 06-Nov-94 08:49:37 GMT", NOW_2024, 1, 0 },
	{ "Thursday, 01-Jan-60 00:00:00 GMT", NOW_2024, 1, 1130932800 },
	{ "", NOW, 0, 0 },
	{ "   ", NOW, 0, 0 },
	{ "-5", NOW, 0, 0 },
	{ "+5", NOW, 0, 0 },
	{ "1.5", NOW, 0, 0 },
	{ "12 s", NOW, 0, 0 },
	{ "12s", NOW, 0, 0 },
	{ "abc", NOW, 0, 0 },
	{ "Sun", NOW, 0, 0 },
	{ "Sun,", NOW, 0, 0 },
	{ "Sun, 06 Nov 1994 08:49:37", NOW, 0, 0 },
	{ "Sun, 06 Nov 1994 08:49:37 PST", NOW, 0, 0 },
	{ "Sun, 06 Nov 1994 08:49:37 GMT junk", NOW, 0, 0 },
	{ "Sun, 06 Nov 1994 08:49:37 GMTX", NOW, 0, 0 },
	{ "Sun, 06 Nov 94 08:49:37 GMT", NOW, 0, 0 },
	{ "Sun, 06 Nov 19940 08:49:37 GMT", NOW, 0, 0 },
	{ "Sun, 006 Nov 1994 08:49:37 GMT", NOW, 0, 0 },
	{ "Sun, 00 Nov 1994 08:49:37 GMT", NOW, 0, 0 },
	{ "Sun, 31 Nov 1994 08:49:37 GMT", NOW, 0, 0 },
	{ "Sun, 29 Feb 1995 08:49:37 GMT", NOW, 0, 0 },
	{ "Mon, 29 Feb 2100 00:00:00 GMT", NOW, 0, 0 },
	{ "Sun, 06 Foo 1994 08:49:37 GMT", NOW, 0, 0 },
	{ "Sun, 06 November 1994 08:49:37 GMT", NOW, 0, 0 },
	{ "Sun, 06 Nov 1994 24:00:00 GMT", NOW, 0, 0 },
	{ "Sun, 06 Nov 1994 08:60:00 GMT", NOW, 0, 0 },
	{ "Sun, 06 Nov 1994 08:49:61 GMT", NOW, 0, 0 },
	{ "Sun, 06 Nov 1994 8:49:37 GMT", NOW, 0, 0 },
	{ "Sun, 06 Nov 1994 08-49-37 GMT", NOW, 0, 0 },
	{ "Sun, 06 Nov 0000 08:49:37 GMT", NOW, 0, 0 },
	{ "Xyz, 06 Nov 1994 08:49:37 GMT", NOW, 0, 0 },
	{ "Sun 06 Nov 1994 08:49:37 GMT", NOW, 0, 0 },
	{ "Sunday, 06-Nov-194 08:49:37 GMT", NOW, 0, 0 },
	{ "Sunday, 06-Nov-94 08:49:37", NOW, 0, 0 },
	{ "Sunday, 06-Nov 94 08:49:37 GMT", NOW, 0, 0 },
	{ "Sun Nov  6 08:49:37", NOW, 0, 0 },
	{ "Sun Nov  6 08:49:37 94", NOW, 0, 0 },
	{ "Sun Nov  6 08:49:37 1994 GMT", NOW, 0, 0 },
	{ "Sun Nov 6", NOW, 0, 0 },
	{ "Sun, 06 Nov 1994 08:49:37 GMT\r\nX", NOW, 0, 0 },
};

static const struct cd_case {
	const char	*text;
	const char	*name;		/* NULL: none */
} cd_cases[] = {
	{ "attachment; filename=\"a b.txt\"", "a b.txt" },
	{ "attachment; filename=\"a\\\"b\"", "a\"b" },
	{ "attachment; filename=\"a\\\\b\"", "a\\b" },
	{ "attachment; filename=\"\\a\\b\\c\"", "abc" },
	{ "attachment; filename=\"semi;colon.txt\"", "semi;colon.txt" },
	{ "attachment; filename=plain.txt", "plain.txt" },
	{ "attachment; filename=plain.txt;", "plain.txt" },
	{ "attachment; filename=\"q.txt\";", "q.txt" },
	{ "attachment; filename=a b.txt", "a b.txt" },
	{ "attachment; filename=plain.txt   ", "plain.txt" },
	{ "attachment; size=42; filename=\"x.bin\"; "
	    "creation-date=\"Wed, 12 Feb 1997 16:29:51 -0500\"", "x.bin" },
	{ "attachment; foo=\"a;filename=evil\"; filename=good", "good" },
	{ "attachment; foo=\"a\\\";filename=evil\"; filename=good", "good" },
	{ "attachment; FileName=\"up.txt\"", "up.txt" },
	{ "ATTACHMENT; FILENAME=up.txt", "up.txt" },
	{ "attachment ; filename = \"sp.txt\" ; ", "sp.txt" },
	{ "attachment;filename=tight.txt", "tight.txt" },
	{ "attachment;\tfilename\t=\ttab.txt", "tab.txt" },
	{ "attachment; filename*=UTF-8''%e2%82%ac%20rates.txt",
	    "\xe2\x82\xac rates.txt" },
	{ "attachment; filename=\"fallback.txt\"; "
	    "filename*=UTF-8''%e2%82%ac%20rates.txt",
	    "\xe2\x82\xac rates.txt" },
	{ "attachment; filename*=UTF-8''%e2%82%ac%20rates.txt; "
	    "filename=\"fallback.txt\"", "\xe2\x82\xac rates.txt" },
	{ "attachment; filename*=utf-8''%E2%82%AC", "\xe2\x82\xac" },
	{ "attachment; FILENAME*=UTF-8''x.txt", "x.txt" },
	{ "attachment; filename*=UTF-8'en-US'x.txt", "x.txt" },
	{ "attachment; filename*=iso-8859-1'en'%A3%20rates.txt",
	    "\xc2\xa3 rates.txt" },
	{ "attachment; filename*=ISO-8859-1''caf%E9%FF",
	    "caf\xc3\xa9\xc3\xbf" },
	{ "attachment; filename*=ISO-8859-1''plain", "plain" },
	{ "attachment; filename*=\"UTF-8''quoted.txt\"", "quoted.txt" },
	{ "attachment; filename * =UTF-8''spaced.txt", NULL },
	{ "attachment; filename*=KOI8-R''%F0; filename=fb.txt", "fb.txt" },
	{ "attachment; filename*=UTF8''x; filename=fb.txt", "fb.txt" },
	{ "attachment; filename*=UTF-8''%zz.txt; filename=fb.txt", "fb.txt" },
	{ "attachment; filename*=UTF-8''%e2%8; filename=fb.txt", "fb.txt" },
	{ "attachment; filename*=UTF-8''%e; filename=fb.txt", "fb.txt" },
	{ "attachment; filename*=UTF-8''%; filename=fb.txt", "fb.txt" },
	{ "attachment; filename*=UTF-8''%00x; filename=fb.txt", "fb.txt" },
	{ "attachment; filename*=UTF-8''a%00b; filename=fb.txt", "fb.txt" },
	{ "attachment; filename*=UTF-8'x.txt; filename=fb.txt", "fb.txt" },
	{ "attachment; filename*=x.txt; filename=fb.txt", "fb.txt" },
	{ "attachment; filename*=''x.txt; filename=fb.txt", "fb.txt" },
	{ "attachment; filename*=UTF-8''; filename=fb.txt", "fb.txt" },
	{ "attachment; filename*=UTF-8''abc%", NULL },
	{ "attachment; filename*=UTF-8''", NULL },
	{ "attachment; filename*=", NULL },
	{ "inline; filename=\"in.txt\"", "in.txt" },
	{ "inline", NULL },
	{ "filename=bare.txt", "bare.txt" },
	{ "attachment; filename=../../etc/passwd", "../../etc/passwd" },
	{ "attachment; filename=\"a.txt\"; filename=\"b.txt\"", "a.txt" },
	{ "attachment; filenames=x; filename=y", "y" },
	{ "attachment; xfilename=x", NULL },
	{ "attachment; filename=\"a\"junk; x=y", "a" },
	{ "attachment; foo; filename=after.txt", "after.txt" },
	{ "attachment; =x; filename=after.txt", "after.txt" },
	{ "", NULL },
	{ ";", NULL },
	{ ";;;", NULL },
	{ "=", NULL },
	{ "\"", NULL },
	{ "attachment", NULL },
	{ "attachment;", NULL },
	{ "attachment; filename", NULL },
	{ "attachment; filename=", NULL },
	{ "attachment; filename=;", NULL },
	{ "attachment; filename=\"\"", NULL },
	{ "attachment; filename=\"unclosed", NULL },
	{ "attachment; filename=\"unclosed; x=y", NULL },
	{ "attachment; filename=\"a\\", NULL },
	{ "attachment; filename=\"a\\\"", NULL },
	{ "attachment; filename=ok.txt; x=\"unclosed", "ok.txt" },
	{ "attachment; x=\"unclosed; filename=ok.txt", NULL },
	{ "attachment; filename*=UTF-8''%e2%82%ac; filename*=UTF-8''x",
	    "\xe2\x82\xac" },
};

static const struct status_case {
	const char	*text;
	int		 ok;
	long		 code;
	const char	*reason;
} status_cases[] = {
	{ "HTTP/1.1 404 Not Found", 1, 404, "Not Found" },
	{ "HTTP/1.1 200 OK\r\n", 1, 200, "OK" },
	{ "HTTP/1.1 200 OK  \r\n", 1, 200, "OK" },
	{ "HTTP/2 200", 1, 200, "" },
	{ "HTTP/2 200 ", 1, 200, "" },
	{ "HTTP/2 200\r\n", 1, 200, "" },
	{ "HTTP/1.0 200", 1, 200, "" },
	{ "HTTP/3 204 No Content", 1, 204, "No Content" },
	{ "HTTP/2.0 301 Moved", 1, 301, "Moved" },
	{ "HTTP/1.1 503 Service  Unavailable", 1, 503,
	    "Service  Unavailable" },
	{ "HTTP/1.1  206   Partial Content", 1, 206, "Partial Content" },
	{ "HTTP/1.1 599 x", 1, 599, "x" },
	{ "HTTP/1.1 100 Continue", 1, 100, "Continue" },
	{ "", 0, 0, NULL },
	{ "HTTP/", 0, 0, NULL },
	{ "HTTP/1.1", 0, 0, NULL },
	{ "HTTP/1.1 ", 0, 0, NULL },
	{ "HTTP/1.1 20", 0, 0, NULL },
	{ "HTTP/1.1 2000", 0, 0, NULL },
	{ "HTTP/1.1 abc", 0, 0, NULL },
	{ "HTTP/1.1 200OK", 0, 0, NULL },
	{ "HTTP/1.1 099 Low", 0, 0, NULL },
	{ "HTTP/1.1 -20 x", 0, 0, NULL },
	{ "HTTP/1.12 200 OK", 0, 0, NULL },
	{ "HTTP/1. 200 OK", 0, 0, NULL },
	{ "HTTP/x 200 OK", 0, 0, NULL },
	{ "HTTP/1.1200 OK", 0, 0, NULL },
	{ "http/1.1 200 OK", 0, 0, NULL },
	{ " HTTP/1.1 200 OK", 0, 0, NULL },
	{ "ICY 200 OK", 0, 0, NULL },
	{ "Content-Type: text/html", 0, 0, NULL },
};

static const struct name_case {
	const char	*line;
	const char	*name;
	int		 is;
	const char	*value;
} name_cases[] = {
	{ "Content-Range: bytes 0-1/2", "content-range", 1, "bytes 0-1/2" },
	{ "content-range:bytes", "Content-Range", 1, "bytes" },
	{ "Retry-After: \t 120", "Retry-After", 1, "120" },
	{ "Retry-After:", "Retry-After", 1, "" },
	{ "Retry-After:   ", "Retry-After", 1, "" },
	{ "ETag: \"x y\"", "etag", 1, "\"x y\"" },
	{ "Content-Range :x", "Content-Range", 0, NULL },
	{ "Content-Ranges: x", "Content-Range", 0, NULL },
	{ "Content-Rang: x", "Content-Range", 0, NULL },
	{ "Content-Rang", "Content-Range", 0, NULL },
	{ " Content-Range: x", "Content-Range", 0, NULL },
	{ "X-Content-Range: x", "Content-Range", 0, NULL },
	{ "", "Content-Range", 0, NULL },
	{ "HTTP/1.1 200 OK", "HTTP/1.1 200 OK", 0, NULL },
};

/* Returns a copy of the first LEN bytes of S in a buffer of exactly
 * LEN + 1 bytes, so that reading past its end is caught. */
static char *
exact_copy(const char *s, size_t len)
{
	char *c;

	c = malloc(len + 1);
	ck_assert_ptr_nonnull(c);
	memcpy(c, s, len);
	c[len] = '\0';
	return c;
}

/* Runs every parser on TEXT, for the sanitizers to watch. */
static void
run_all(const char *text)
{
	int64_t a, b, c;
	long code;
	char reason[8];
	const char *v;

	(void)httphdr_content_range(text, &a, &b, &c);
	(void)httphdr_retry_after(text, NOW, &a);
	free(httphdr_disposition_filename(text));
	(void)httphdr_status_line(text, &code, reason, sizeof reason);
	(void)httphdr_name_is(text, "Content-Range", &v);
}

/* Runs every parser on every prefix of TEXT, each in an exact buffer. */
static void
run_prefixes(const char *text)
{
	size_t n, len;
	char *c;

	len = strlen(text);
	for (n = 0; n <= len; n++) {
		c = exact_copy(text, n);
		run_all(c);
		free(c);
	}
}

/* httphdr_content_range() accepts and rejects what the table says. */
START_TEST(test_content_range)
{
	const struct range_case *c = &range_cases[_i];
	int64_t start = -42, end = -42, total = -42;
	int rc;

	rc = httphdr_content_range(c->text, &start, &end, &total);
	if (!c->ok) {
		ck_assert_msg(rc == -1, "\"%s\" was accepted", c->text);
		ck_assert(start == -42 && end == -42 && total == -42);
		return;
	}
	ck_assert_msg(rc == 0, "\"%s\" was rejected", c->text);
	ck_assert_int_eq(start, c->start);
	ck_assert_int_eq(end, c->end);
	ck_assert_int_eq(total, c->total);
}
END_TEST

/* httphdr_retry_after() gives the waits the table says. */
START_TEST(test_retry_after)
{
	const struct retry_case *c = &retry_cases[_i];
	int64_t secs = -42;
	int rc;

	rc = httphdr_retry_after(c->text, c->now, &secs);
	if (!c->ok) {
		ck_assert_msg(rc == -1, "\"%s\" was accepted", c->text);
		ck_assert_int_eq(secs, -42);
		return;
	}
	ck_assert_msg(rc == 0, "\"%s\" was rejected", c->text);
	ck_assert_msg(secs == c->secs, "\"%s\" gave %lld, not %lld", c->text,
	    (long long)secs, (long long)c->secs);
}
END_TEST

/* Writes the date at T in the three HTTP-date forms into the buffers. */
static void
date_texts(time_t t, char *imf, char *rfc850, char *asc, size_t len)
{
	static const char *const days[] = {
		"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"
	};
	static const char *const long_days[] = {
		"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday",
		"Friday", "Saturday"
	};
	static const char *const months[] = {
		"Jan", "Feb", "Mar", "Apr", "May", "Jun",
		"Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
	};
	struct tm tm;

	ck_assert_ptr_nonnull(gmtime_r(&t, &tm));
	snprintf(imf, len, "%s, %02d %s %04d %02d:%02d:%02d GMT",
	    days[tm.tm_wday], tm.tm_mday, months[tm.tm_mon],
	    tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
	snprintf(rfc850, len, "%s, %02d-%s-%02d %02d:%02d:%02d GMT",
	    long_days[tm.tm_wday], tm.tm_mday, months[tm.tm_mon],
	    (tm.tm_year + 1900) % 100, tm.tm_hour, tm.tm_min, tm.tm_sec);
	snprintf(asc, len, "%s %s %2d %02d:%02d:%02d %04d",
	    days[tm.tm_wday], months[tm.tm_mon], tm.tm_mday, tm.tm_hour,
	    tm.tm_min, tm.tm_sec, tm.tm_year + 1900);
}

/* Dates across four centuries read back as the times they were made
 * from, in all three forms, compared with the C library's calendar. */
START_TEST(test_retry_after_calendar)
{
	char imf[64], rfc850[64], asc[64];
	int64_t t, secs;

	for (t = 0; t < INT64_C(253402300799); t += INT64_C(7777777) + 13) {
		date_texts((time_t)t, imf, rfc850, asc, sizeof imf);
		ck_assert_int_eq(httphdr_retry_after(imf, 0, &secs), 0);
		ck_assert_msg(secs == t, "%s gave %lld", imf, (long long)secs);
		ck_assert_int_eq(httphdr_retry_after(asc, 0, &secs), 0);
		ck_assert_msg(secs == t, "%s gave %lld", asc, (long long)secs);
		ck_assert_int_eq(httphdr_retry_after(rfc850, (time_t)t - 1,
		    &secs), 0);
		ck_assert_msg(secs == 1, "%s gave %lld", rfc850,
		    (long long)secs);
	}
}
END_TEST

/* httphdr_disposition_filename() finds the names the table says. */
START_TEST(test_disposition)
{
	const struct cd_case *c = &cd_cases[_i];
	char *name;

	name = httphdr_disposition_filename(c->text);
	if (c->name == NULL)
		ck_assert_msg(name == NULL, "\"%s\" gave \"%s\"", c->text,
		    name);
	else {
		ck_assert_msg(name != NULL, "\"%s\" gave nothing", c->text);
		ck_assert_str_eq(name, c->name);
	}
	free(name);
}
END_TEST

/* A very long name comes back whole, in either parameter. */
START_TEST(test_disposition_long)
{
	size_t n = 100000;
	char *text, *name;

	text = malloc(n + 64);
	ck_assert_ptr_nonnull(text);
	strcpy(text, "attachment; filename=\"");
	memset(text + strlen(text), 'a', n);
	strcpy(text + 22 + n, "\"");
	name = httphdr_disposition_filename(text);
	ck_assert_ptr_nonnull(name);
	ck_assert_uint_eq(strlen(name), n);
	free(name);

	strcpy(text, "attachment; filename*=UTF-8''");
	memset(text + 29, 'b', n);
	text[29 + n] = '\0';
	name = httphdr_disposition_filename(text);
	ck_assert_ptr_nonnull(name);
	ck_assert_uint_eq(strlen(name), n);
	ck_assert_int_eq(name[n - 1], 'b');
	free(name);
	free(text);
}
END_TEST

/* Long runs of separators and quotes give nothing and do not crash. */
START_TEST(test_disposition_junk)
{
	static const char *const fills[] = { ";", "\"", "\\", "=", "'", "%",
	    "; filename=", "filename*=", "\"\\" };
	size_t n = 20000, i, k, flen;
	char *text;

	text = malloc(n + 1);
	ck_assert_ptr_nonnull(text);
	for (i = 0; i < NITEMS(fills); i++) {
		flen = strlen(fills[i]);
		for (k = 0; k + flen <= n; k += flen)
			memcpy(text + k, fills[i], flen);
		text[k] = '\0';
		free(httphdr_disposition_filename(text));
		run_all(text);
	}
	free(text);
}
END_TEST

/* httphdr_status_line() parses what the table says. */
START_TEST(test_status_line)
{
	const struct status_case *c = &status_cases[_i];
	char reason[64] = "untouched";
	long code = -42;
	int rc;

	rc = httphdr_status_line(c->text, &code, reason, sizeof reason);
	if (!c->ok) {
		ck_assert_msg(rc == -1, "\"%s\" was accepted", c->text);
		ck_assert_int_eq(code, -42);
		ck_assert_str_eq(reason, "untouched");
		return;
	}
	ck_assert_msg(rc == 0, "\"%s\" was rejected", c->text);
	ck_assert_int_eq(code, c->code);
	ck_assert_str_eq(reason, c->reason);
}
END_TEST

/* A reason phrase is cut to the buffer, and no buffer is allowed. */
START_TEST(test_status_line_short)
{
	char reason[4];
	long code;

	ck_assert_int_eq(httphdr_status_line("HTTP/1.1 404 Not Found", &code,
	    reason, sizeof reason), 0);
	ck_assert_str_eq(reason, "Not");
	ck_assert_int_eq(httphdr_status_line("HTTP/1.1 404 Not Found", &code,
	    reason, 1), 0);
	ck_assert_str_eq(reason, "");
	ck_assert_int_eq(httphdr_status_line("HTTP/1.1 404 Not Found", &code,
	    NULL, 0), 0);
	ck_assert_int_eq(code, 404);
}
END_TEST

/* httphdr_name_is() matches the names the table says. */
START_TEST(test_name_is)
{
	const struct name_case *c = &name_cases[_i];
	const char *value = NULL;

	ck_assert_int_eq(httphdr_name_is(c->line, c->name, &value), c->is);
	if (c->is) {
		ck_assert_ptr_nonnull(value);
		ck_assert_str_eq(value, c->value);
		ck_assert_int_eq(httphdr_name_is(c->line, c->name, NULL), 1);
	} else
		ck_assert_ptr_null(value);
}
END_TEST

/* No prefix of any table entry makes a parser read past its end. */
START_TEST(test_prefixes)
{
	size_t i;

	for (i = 0; i < NITEMS(range_cases); i++)
		run_prefixes(range_cases[i].text);
	for (i = 0; i < NITEMS(retry_cases); i++)
		run_prefixes(retry_cases[i].text);
	for (i = 0; i < NITEMS(cd_cases); i++)
		run_prefixes(cd_cases[i].text);
	for (i = 0; i < NITEMS(status_cases); i++)
		run_prefixes(status_cases[i].text);
	for (i = 0; i < NITEMS(name_cases); i++)
		run_prefixes(name_cases[i].line);
}
END_TEST

/* Random strings over the characters the grammars care about do no
 * harm; the sequence is fixed so that a failure repeats. */
START_TEST(test_random)
{
	static const char alphabet[] = "bytes */-0123456789;=\"\\'%eE2aF,:"
	    "filename*UTF-8GMTSunNov\t\r\n\x80\xff";
	unsigned long seed = 12345;
	char buf[48];
	size_t i, n, k;

	for (i = 0; i < 20000; i++) {
		seed = seed * 1103515245 + 12345;
		n = (seed >> 16) % sizeof buf;
		for (k = 0; k < n; k++) {
			seed = seed * 1103515245 + 12345;
			buf[k] = alphabet[(seed >> 16) % (sizeof alphabet - 1)];
		}
		buf[n] = '\0';
		run_prefixes(buf);
	}
}
END_TEST

/* Collects the httphdr tests. */
static Suite *
httphdr_suite(void)
{
	Suite *s;
	TCase *tc;

	s = suite_create("httphdr");
	tc = tcase_create("httphdr");
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_content_range, 0,
	    (int)NITEMS(range_cases));
	tcase_add_loop_test(tc, test_retry_after, 0, (int)NITEMS(retry_cases));
	tcase_add_test(tc, test_retry_after_calendar);
	tcase_add_loop_test(tc, test_disposition, 0, (int)NITEMS(cd_cases));
	tcase_add_test(tc, test_disposition_long);
	tcase_add_test(tc, test_disposition_junk);
	tcase_add_loop_test(tc, test_status_line, 0,
	    (int)NITEMS(status_cases));
	tcase_add_test(tc, test_status_line_short);
	tcase_add_loop_test(tc, test_name_is, 0, (int)NITEMS(name_cases));
	tcase_add_test(tc, test_prefixes);
	tcase_add_test(tc, test_random);
	suite_add_tcase(s, tc);
	return s;
}

/* Runs the httphdr tests; fails when any test does. */
int
main(void)
{

	return unit_run(httphdr_suite());
}
