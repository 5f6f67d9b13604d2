/*
 * Header values read by hand, one character at a time.
 *
 * Every parser walks its input with a cursor (a const char **) and small
 * steps that each either consume what they expect and return 0, or leave
 * the cursor alone and return -1; a parser is the list of its steps.  No
 * step looks past a NUL, so malformed or truncated text fails cleanly.
 * Dates are taken apart here and turned into seconds by plain arithmetic
 * so that neither the locale nor the time zone can change the result.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "httphdr.h"
#include "format.h"

/* Optional white space, as RFC 9110 calls it. */
#define HTTPHDR_OWS " \t"

/* What may trail a value the caller did not trim. */
#define HTTPHDR_TRAIL " \t\r\n"

/* Seconds in a day. */
#define HTTPHDR_DAY INT64_C(86400)

/* Names of the months and the days in an HTTP-date. */
static const char *const httphdr_months[] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun",
	"Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
};
static const char *const httphdr_days[] = {
	"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun",
	"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
	"Sunday"
};

/* Days before the first of each month in a year that is not leap. */
static const int httphdr_month_start[] = {
	0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334
};

#define HTTPHDR_NITEMS(a) (sizeof (a) / sizeof (a)[0])

/* The parts of an HTTP-date; MON counts from 0. */
struct httphdr_date {
	int	 year;
	int	 mon;
	int	 mday;
	int	 hour;
	int	 min;
	int	 sec;
};

/* A parameter value as written in the header, quotes and escapes left
 * in: the LEN bytes at P, quoted or not. */
struct httphdr_span {
	const char	*p;
	size_t		 len;
	int		 quoted;
	int		 found;
};

/* Returns S past any spaces and tabs. */
static const char *
httphdr_skip_ows(const char *s)
{
	return s + strspn(s, HTTPHDR_OWS);
}

/* Consumes the character C; returns 0, or -1 when it is not next. */
static int
httphdr_char(const char **pp, char c)
{
	if (**pp != c)
		return -1;
	(*pp)++;
	return 0;
}

/* Consumes at least one space or tab; returns 0 or -1. */
static int
httphdr_space(const char **pp)
{
	size_t n;

	n = strspn(*pp, HTTPHDR_OWS);
	if (n == 0)
		return -1;
	*pp += n;
	return 0;
}

/* Returns 0 if only white space is left at P, -1 otherwise. */
static int
httphdr_end(const char *p)
{
	return p[strspn(p, HTTPHDR_TRAIL)] == '\0' ? 0 : -1;
}

/*
 * Consumes a run of decimal digits into *OUT.  Returns 0, or -1 when
 * there is no digit or the number passes INT64_MAX; with SATURATE an
 * overflow gives INT64_MAX instead.
 */
static int
httphdr_number(const char **pp, int64_t *out, int saturate)
{
	const char *p = *pp;
	int64_t n = 0;
	int d;

	if (!isdigit((unsigned char)*p))
		return -1;
	for (; isdigit((unsigned char)*p); p++) {
		d = *p - '0';
		if (n > (INT64_MAX - d) / 10) {
			if (!saturate)
				return -1;
			n = INT64_MAX;
		} else
			n = n * 10 + d;
	}
	*pp = p;
	*out = n;
	return 0;
}

/* Consumes MIN to MAX decimal digits, no more, into *OUT; returns 0/-1. */
static int
httphdr_digits(const char **pp, int min, int max, int *out)
{
	const char *p = *pp;
	int n = 0, count = 0;

	while (count < max && isdigit((unsigned char)*p)) {
		n = n * 10 + (*p++ - '0');
		count++;
	}
	if (count < min || isdigit((unsigned char)*p))
		return -1;
	*pp = p;
	*out = n;
	return 0;
}

/*
 * Consumes a run of letters that equals, in any case, one word of
 * TABLE; returns its index, or -1.
 */
static int
httphdr_word(const char **pp, const char *const *table, size_t n)
{
	const char *p = *pp;
	size_t len, i;

	for (len = 0; isalpha((unsigned char)p[len]); len++)
		continue;
	for (i = 0; i < n; i++) {
		if (strlen(table[i]) == len &&
		    strncasecmp(p, table[i], len) == 0) {
			*pp = p + len;
			return (int)i;
		}
	}
	return -1;
}

/* Parses the "A-B" of a Content-Range, or its '*', into *START, *END. */
static int
httphdr_range_pair(const char **pp, int64_t *start, int64_t *end)
{
	const char *p = httphdr_skip_ows(*pp);

	if (httphdr_char(&p, '*') == 0) {
		*start = *end = -1;
		*pp = p;
		return 0;
	}
	if (httphdr_number(&p, start, 0) == -1)
		return -1;
	p = httphdr_skip_ows(p);
	if (httphdr_char(&p, '-') == -1)
		return -1;
	p = httphdr_skip_ows(p);
	if (httphdr_number(&p, end, 0) == -1 || *end < *start)
		return -1;
	*pp = p;
	return 0;
}

/* Parses "bytes A-B/T" and its two other forms (see httphdr.h). */
int
httphdr_content_range(const char *v, int64_t *start, int64_t *end,
    int64_t *total)
{
	const char *p = httphdr_skip_ows(v);
	int64_t a, b, t = -1;

	if (strncasecmp(p, "bytes", 5) != 0)
		return -1;
	p += 5;
	if (httphdr_range_pair(&p, &a, &b) == -1)
		return -1;
	p = httphdr_skip_ows(p);
	if (httphdr_char(&p, '/') == -1)
		return -1;
	p = httphdr_skip_ows(p);
	if (httphdr_char(&p, '*') == -1 && httphdr_number(&p, &t, 0) == -1)
		return -1;
	if (httphdr_end(p) == -1 || (a < 0 && t < 0) || (t >= 0 && b >= t))
		return -1;

	*start = a;
	*end = b;
	*total = t;
	return 0;
}

/* Returns 1 if YEAR is a leap year of the Gregorian calendar. */
static int
httphdr_leap(int64_t year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

/* Returns the leap years from year 1 up to, not including, YEAR. */
static int64_t
httphdr_leaps_before(int64_t year)
{
	year--;
	return year / 4 - year / 100 + year / 400;
}

/* Returns the seconds since 1970 (UTC) of a validated date D. */
static int64_t
httphdr_date_secs(const struct httphdr_date *d)
{
	int64_t days;

	days = 365 * ((int64_t)d->year - 1970) +
	    httphdr_leaps_before(d->year) - httphdr_leaps_before(1970);
	days += httphdr_month_start[d->mon] + d->mday - 1;
	if (d->mon > 1 && httphdr_leap(d->year))
		days++;
	return days * HTTPHDR_DAY + d->hour * 3600 + d->min * 60 + d->sec;
}

/* Returns 0 if D names a real day and time (leap second allowed). */
static int
httphdr_date_check(const struct httphdr_date *d)
{
	int mdays;

	if (d->mon == 11)
		mdays = 31;
	else
		mdays = httphdr_month_start[d->mon + 1] -
		    httphdr_month_start[d->mon];
	if (d->mon == 1 && httphdr_leap(d->year))
		mdays++;
	if (d->year < 1 || d->mday < 1 || d->mday > mdays)
		return -1;
	if (d->hour > 23 || d->min > 59 || d->sec > 60)
		return -1;
	return 0;
}

/* Parses "hh:mm:ss" into D. */
static int
httphdr_time(const char **pp, struct httphdr_date *d)
{
	const char *p = *pp;

	if (httphdr_digits(&p, 2, 2, &d->hour) == -1 ||
	    httphdr_char(&p, ':') == -1 ||
	    httphdr_digits(&p, 2, 2, &d->min) == -1 ||
	    httphdr_char(&p, ':') == -1 ||
	    httphdr_digits(&p, 2, 2, &d->sec) == -1)
		return -1;
	*pp = p;
	return 0;
}

/* Parses a month name into D. */
static int
httphdr_month(const char **pp, struct httphdr_date *d)
{
	d->mon = httphdr_word(pp, httphdr_months,
	    HTTPHDR_NITEMS(httphdr_months));
	return d->mon < 0 ? -1 : 0;
}

/*
 * Turns the two-digit year YY of an RFC 850 date into a full one: the
 * year with those last digits that is less than 50 years before NOW's
 * and at most 50 years after it.
 */
static int
httphdr_full_year(int yy, time_t now)
{
	struct tm tm;
	int this, year;

	if (gmtime_r(&now, &tm) == NULL)
		return 1900 + yy;
	this = tm.tm_year + 1900;
	year = this - this % 100 + yy;
	if (year > this + 50)
		year -= 100;
	else if (year <= this - 50)
		year += 100;
	return year;
}

/*
 * Parses what follows "Day," in an IMF-fixdate ("06 Nov 1994 08:49:37
 * GMT") or an RFC 850 date ("06-Nov-94 08:49:37 GMT") into D.
 */
static int
httphdr_after_comma(const char **pp, struct httphdr_date *d, time_t now)
{
	const char *p = *pp;
	const char *y;

	if (httphdr_space(&p) == -1 ||
	    httphdr_digits(&p, 1, 2, &d->mday) == -1)
		return -1;
	if (httphdr_char(&p, '-') == 0) {
		if (httphdr_month(&p, d) == -1 || httphdr_char(&p, '-') == -1)
			return -1;
		y = p;
		if (httphdr_digits(&p, 2, 4, &d->year) == -1 || p - y == 3)
			return -1;
		if (p - y == 2)
			d->year = httphdr_full_year(d->year, now);
	} else if (httphdr_space(&p) == -1 || httphdr_month(&p, d) == -1 ||
	    httphdr_space(&p) == -1 ||
	    httphdr_digits(&p, 4, 4, &d->year) == -1)
		return -1;
	if (httphdr_space(&p) == -1 || httphdr_time(&p, d) == -1 ||
	    httphdr_space(&p) == -1 || strncasecmp(p, "GMT", 3) != 0)
		return -1;
	*pp = p + 3;
	return 0;
}

/* Parses what follows "Day " in an asctime date ("Nov  6 08:49:37
 * 1994") into D. */
static int
httphdr_asctime(const char **pp, struct httphdr_date *d)
{
	const char *p = *pp;

	if (httphdr_month(&p, d) == -1 || httphdr_space(&p) == -1 ||
	    httphdr_digits(&p, 1, 2, &d->mday) == -1 ||
	    httphdr_space(&p) == -1 || httphdr_time(&p, d) == -1 ||
	    httphdr_space(&p) == -1 ||
	    httphdr_digits(&p, 4, 4, &d->year) == -1)
		return -1;
	*pp = p;
	return 0;
}

/* Parses an HTTP-date in any of its three forms into *WHEN (UTC). */
static int
httphdr_date(const char *p, time_t now, int64_t *when)
{
	struct httphdr_date d;
	int rc;

	memset(&d, 0, sizeof d);
	if (httphdr_word(&p, httphdr_days, HTTPHDR_NITEMS(httphdr_days)) < 0)
		return -1;
	if (httphdr_char(&p, ',') == 0)
		rc = httphdr_after_comma(&p, &d, now);
	else if (httphdr_space(&p) == 0)
		rc = httphdr_asctime(&p, &d);
	else
		rc = -1;
	if (rc == -1 || httphdr_end(p) == -1 || httphdr_date_check(&d) == -1)
		return -1;
	*when = httphdr_date_secs(&d);
	return 0;
}

/* Parses delta-seconds or an HTTP-date (see httphdr.h). */
int
httphdr_retry_after(const char *v, time_t now, int64_t *secs)
{
	const char *p = httphdr_skip_ows(v);
	int64_t n;

	if (isdigit((unsigned char)*p)) {
		if (httphdr_number(&p, &n, 1) == -1 || httphdr_end(p) == -1)
			return -1;
		*secs = n;
		return 0;
	}
	if (httphdr_date(p, now, &n) == -1)
		return -1;
	*secs = n > (int64_t)now ? n - (int64_t)now : 0;
	return 0;
}

/*
 * Consumes a parameter value, quoted or not, into SPAN (without the
 * quotes).  Returns -1 when a quoted string has no closing quote.
 */
static int
httphdr_param_value(const char **pp, struct httphdr_span *span)
{
	const char *p = *pp;
	size_t len;

	if (*p != '"') {
		len = strcspn(p, ";");
		*pp = p + len;
		while (len > 0 && strchr(HTTPHDR_OWS, p[len - 1]) != NULL)
			len--;
		span->p = p;
		span->len = len;
		span->quoted = 0;
		return 0;
	}
	for (p++; *p != '"'; p++) {
		if (*p == '\0' || (*p == '\\' && *++p == '\0'))
			return -1;
	}
	span->p = *pp + 1;
	span->len = (size_t)(p - span->p);
	span->quoted = 1;
	*pp = p + 1;
	return 0;
}

/* Keeps VAL in the first of PLAIN or EXT that NAME (LEN bytes) is. */
static void
httphdr_keep_param(const char *name, size_t len,
    const struct httphdr_span *val, struct httphdr_span *plain,
    struct httphdr_span *ext)
{
	struct httphdr_span *to = NULL;

	if (len == 8 && strncasecmp(name, "filename", 8) == 0)
		to = plain;
	else if (len == 9 && strncasecmp(name, "filename*", 9) == 0)
		to = ext;
	if (to == NULL || to->found)
		return;
	*to = *val;
	to->found = 1;
}

/*
 * Walks the ';'-separated parameters of a Content-Disposition value and
 * finds the first filename= and filename*= in it.  The disposition type
 * and parameters without '=' are passed over; a quoted string without
 * its closing quote ends the walk.
 */
static void
httphdr_scan_params(const char *p, struct httphdr_span *plain,
    struct httphdr_span *ext)
{
	struct httphdr_span val;
	const char *name;
	size_t len;

	while (*p != '\0') {
		name = httphdr_skip_ows(p);
		len = strcspn(name, "=;");
		p = name + len;
		while (len > 0 && strchr(HTTPHDR_OWS, name[len - 1]) != NULL)
			len--;
		if (httphdr_char(&p, '=') == 0) {
			p = httphdr_skip_ows(p);
			if (httphdr_param_value(&p, &val) == -1)
				return;
			httphdr_keep_param(name, len, &val, plain, ext);
			p += strcspn(p, ";");
		}
		if (*p == ';')
			p++;
	}
}

/* Returns SPAN as a string (malloc'd), backslash escapes resolved. */
static char *
httphdr_unquote(const struct httphdr_span *span)
{
	char *s, *o;
	size_t i;

	if ((s = malloc(span->len + 1)) == NULL)
		return NULL;
	o = s;
	for (i = 0; i < span->len; i++) {
		if (span->quoted && span->p[i] == '\\' && i + 1 < span->len)
			i++;
		*o++ = span->p[i];
	}
	*o = '\0';
	return s;
}

/*
 * Percent-decodes S into OUT (room for twice S's length plus one),
 * re-encoding each byte from 0x80 as UTF-8 when LATIN1 is set.  Returns
 * 0, or -1 on a bad escape or an encoded NUL.
 */
static int
httphdr_percent_decode(const char *s, int latin1, char *out)
{
	unsigned char b;
	int hi, lo;

	for (; *s != '\0'; s++) {
		b = (unsigned char)*s;
		if (b == '%') {
			if ((hi = format_hex_digit(s[1])) == -1 ||
			    (lo = format_hex_digit(s[2])) == -1)
				return -1;
			b = (unsigned char)(hi << 4 | lo);
			s += 2;
			if (b == 0)
				return -1;
		}
		if (latin1 && b >= 0x80) {
			*out++ = (char)(0xc0 | b >> 6);
			b = 0x80 | (b & 0x3f);
		}
		*out++ = (char)b;
	}
	*out = '\0';
	return 0;
}

/*
 * Decodes an RFC 8187 ext-value, "charset'language'percent-text", into
 * a UTF-8 name (malloc'd), or NULL when the charset is not UTF-8 or
 * ISO-8859-1 or the text is malformed.
 */
static char *
httphdr_ext_value(const char *s)
{
	const char *lang, *text;
	size_t cslen;
	char *out;
	int latin1;

	if ((lang = strchr(s, '\'')) == NULL ||
	    (text = strchr(lang + 1, '\'')) == NULL)
		return NULL;
	cslen = (size_t)(lang - s);
	if (cslen == 5 && strncasecmp(s, "UTF-8", 5) == 0)
		latin1 = 0;
	else if (cslen == 10 && strncasecmp(s, "ISO-8859-1", 10) == 0)
		latin1 = 1;
	else
		return NULL;
	text++;
	if ((out = malloc(2 * strlen(text) + 1)) == NULL)
		return NULL;
	if (httphdr_percent_decode(text, latin1, out) == -1) {
		free(out);
		return NULL;
	}
	return out;
}

/* Returns NAME, or NULL (freeing it) when it is empty. */
static char *
httphdr_nonempty(char *name)
{
	if (name != NULL && *name == '\0') {
		free(name);
		return NULL;
	}
	return name;
}

/* Finds the file name of a Content-Disposition value (see httphdr.h). */
char *
httphdr_disposition_filename(const char *v)
{
	struct httphdr_span plain, ext;
	char *raw, *name = NULL;

	memset(&plain, 0, sizeof plain);
	memset(&ext, 0, sizeof ext);
	httphdr_scan_params(v, &plain, &ext);

	if (ext.found && (raw = httphdr_unquote(&ext)) != NULL) {
		name = httphdr_nonempty(httphdr_ext_value(raw));
		free(raw);
	}
	if (name == NULL && plain.found)
		name = httphdr_nonempty(httphdr_unquote(&plain));
	return name;
}

/* Consumes "HTTP/" and a version such as "1.1" or "2". */
static int
httphdr_version(const char **pp)
{
	const char *p = *pp;
	int major, minor;

	if (strncmp(p, "HTTP/", 5) != 0)
		return -1;
	p += 5;
	if (httphdr_digits(&p, 1, 1, &major) == -1)
		return -1;
	if (httphdr_char(&p, '.') == 0 &&
	    httphdr_digits(&p, 1, 1, &minor) == -1)
		return -1;
	*pp = p;
	return 0;
}

/* Parses "HTTP/1.1 404 Not Found" and the like (see httphdr.h). */
int
httphdr_status_line(const char *line, long *code, char *reason,
    size_t len)
{
	const char *p = line;
	size_t n;
	int c;

	if (httphdr_version(&p) == -1 || httphdr_space(&p) == -1 ||
	    httphdr_digits(&p, 3, 3, &c) == -1 || c < 100)
		return -1;
	if (*p != '\0' && strchr(HTTPHDR_TRAIL, *p) == NULL)
		return -1;
	p += strspn(p, HTTPHDR_TRAIL);
	n = strlen(p);
	while (n > 0 && strchr(HTTPHDR_TRAIL, p[n - 1]) != NULL)
		n--;

	*code = c;
	if (len > 0) {
		if (n >= len)
			n = len - 1;
		memcpy(reason, p, n);
		reason[n] = '\0';
	}
	return 0;
}

/* Tells whether header LINE is NAME and where its value starts. */
int
httphdr_name_is(const char *line, const char *name, const char **value)
{
	size_t n;

	n = strlen(name);
	if (strncasecmp(line, name, n) != 0 || line[n] != ':')
		return 0;
	if (value != NULL)
		*value = httphdr_skip_ows(line + n + 1);
	return 1;
}
