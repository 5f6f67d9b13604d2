/*
 * Sizes, rates and durations as text, and sizes typed by a person back
 * into bytes; and text from the network made safe to print.  Sizes use
 * binary units; the text stays within 8 columns so the screen can give it
 * a fixed width.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "format.h"

/* Unit names for format_size(), each 1024 times the one before. */
static const char *const format_units[] = {
	"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"
};

#define FORMAT_NUNITS (sizeof format_units / sizeof format_units[0])

/* Multiplier letters format_parse_size() accepts, in upper case. */
static const char format_prefixes[] = "KMGT";

/* Writes a non-negative byte count V with a unit and SUFFIX into BUF. */
static char *
format_scaled(char *buf, size_t len, double v, const char *suffix)
{
	size_t unit;

	unit = 0;
	while (unit + 1 < FORMAT_NUNITS && v >= 1023.5) {
		v /= 1024;
		unit++;
	}

	if (unit == 0)
		snprintf(buf, len, "%.0f B%s", v, suffix);
	else if (v < 9.95)
		snprintf(buf, len, "%.1f %s%s", v, format_units[unit], suffix);
	else
		snprintf(buf, len, "%.0f %s%s", v, format_units[unit], suffix);
	return buf;
}

/* Writes a size such as "12 MiB"; a negative one is unknown: "?". */
char *
format_size(char *buf, size_t len, int64_t bytes)
{
	if (bytes < 0) {
		snprintf(buf, len, "?");
		return buf;
	}
	return format_scaled(buf, len, (double)bytes, "");
}

/* Writes a rate such as "1.5 MiB/s"; a negative one is unknown: "?". */
char *
format_rate(char *buf, size_t len, double bytes_per_sec)
{
	if (!(bytes_per_sec >= 0) || isinf(bytes_per_sec)) {
		snprintf(buf, len, "?");
		return buf;
	}
	return format_scaled(buf, len, bytes_per_sec, "/s");
}

/* Writes a duration such as "3m07s"; a negative one is unknown: "--". */
char *
format_eta(char *buf, size_t len, int64_t secs)
{
	long long s;

	s = secs;
	if (s < 0)
		snprintf(buf, len, "--");
	else if (s < 60)
		snprintf(buf, len, "%llds", s);
	else if (s < 3600)
		snprintf(buf, len, "%lldm%02llds", s / 60, s % 60);
	else if (s < 86400)
		snprintf(buf, len, "%lldh%02lldm", s / 3600, s % 3600 / 60);
	else
		snprintf(buf, len, "%lldd%02lldh", s / 86400, s % 86400 / 3600);
	return buf;
}

/* Returns the upper-case form of ASCII letter C. */
static int
format_upper(int c)
{
	return c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c;
}

/*
 * Reads the unit after a number at S into *MULT: nothing, "B", or one of
 * K, M, G, T optionally followed by "B" or "iB".  Returns 0 or -1.
 */
static int
format_parse_unit(const char *s, uint64_t *mult, int *has_prefix)
{
	int i;

	*mult = 1;
	*has_prefix = 0;
	for (i = 0; format_prefixes[i] != '\0'; i++) {
		if (format_upper(*s) == format_prefixes[i]) {
			*mult = (uint64_t)1 << (10 * (i + 1));
			*has_prefix = 1;
			s++;
			break;
		}
	}

	if (*has_prefix && format_upper(s[0]) == 'I' &&
	    format_upper(s[1]) == 'B')
		s += 2;
	else if (format_upper(s[0]) == 'B')
		s++;
	return *s == '\0' ? 0 : -1;
}

/*
 * Returns the whole bytes in the fraction of a unit written by the digits
 * FRAC[0..N) (after the point) times MULT, rounding down.  Working from
 * the last digit keeps every step exact: floor((d + floor(x)) / 10)
 * equals floor((d + x) / 10).
 */
static uint64_t
format_fraction(const char *frac, size_t n, uint64_t mult)
{
	uint64_t acc;

	acc = 0;
	while (n > 0) {
		n--;
		acc = ((uint64_t)(frac[n] - '0') * mult + acc) / 10;
	}
	return acc;
}

/* Parses "1500", "500K", "1.5G", "2MiB" and the like into *OUT. */
int
format_parse_size(const char *s, int64_t *out)
{
	uint64_t whole, digit, mult, bytes;
	const char *frac;
	size_t nfrac;
	int has_prefix;

	if (s == NULL || *s < '0' || *s > '9')
		return -1;

	whole = 0;
	for (; *s >= '0' && *s <= '9'; s++) {
		digit = (uint64_t)(*s - '0');
		if (whole > (INT64_MAX - digit) / 10)
			return -1;
		whole = whole * 10 + digit;
	}

	frac = NULL;
	nfrac = 0;
	if (*s == '.') {
		frac = ++s;
		while (*s >= '0' && *s <= '9')
			s++;
		nfrac = (size_t)(s - frac);
		if (nfrac == 0)
			return -1;
	}

	if (format_parse_unit(s, &mult, &has_prefix) == -1)
		return -1;
	if (frac != NULL && !has_prefix)
		return -1;
	if (whole > INT64_MAX / mult)
		return -1;
	bytes = whole * mult;
	if (frac != NULL)
		bytes += format_fraction(frac, nfrac, mult);
	if (bytes > INT64_MAX)
		return -1;

	*out = (int64_t)bytes;
	return 0;
}

/*
 * Invisible characters that reorder or hide text; they are shown escaped
 * even where wcwidth() calls them harmless.
 */
static const struct {
	unsigned long	 lo;
	unsigned long	 hi;
} format_hidden[] = {
	{ 0x061c, 0x061c },	/* Arabic letter mark */
	{ 0x180e, 0x180e },	/* Mongolian vowel separator */
	{ 0x200b, 0x200f },	/* zero width space .. right-to-left mark */
	{ 0x2028, 0x202e },	/* line separator .. bidi override */
	{ 0x2060, 0x206f },	/* word joiner .. bidi isolates */
	{ 0xfeff, 0xfeff },	/* byte order mark */
	{ 0xfff9, 0xfffb }	/* interlinear annotation */
};

/* Returns whether C is one of the invisible characters shown escaped. */
int
format_char_hidden(unsigned long c)
{
	size_t i;

	for (i = 0; i < sizeof format_hidden / sizeof format_hidden[0]; i++)
		if (c >= format_hidden[i].lo && c <= format_hidden[i].hi)
			return 1;
	return 0;
}

/* Returns the value of hex digit C, or -1. */
int
format_hex_digit(char c)
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
 * Returns the length of the valid UTF-8 sequence at S and stores its code
 * point in *CP, or returns 0 when S does not start one.
 */
static size_t
format_utf8(const unsigned char *s, unsigned long *cp)
{
	size_t n, i;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4;
	else
		return 0;
	*cp = s[0] & (0x7f >> n);
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		*cp = *cp << 6 | (s[i] & 0x3f);
	}
	if ((n == 3 && *cp < 0x800) || (n == 4 && *cp < 0x10000) ||
	    (*cp >= 0xd800 && *cp <= 0xdfff) || *cp > 0x10ffff)
		return 0;
	return n;
}

/* Returns 1 if code point CP may be printed as it is. */
static int
format_printable(unsigned long cp)
{
	return cp >= 0x20 && cp != 0x7f && !(cp >= 0x80 && cp <= 0x9f) &&
	    !format_char_hidden(cp);
}

/* Escapes S into BUF; see format.h. */
char *
format_escape(char *buf, size_t len, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned long cp = 0;
	size_t o = 0, n;
	char esc[24];

	if (len == 0)
		return buf;
	while (*p != '\0') {
		const char *piece = (const char *)p;
		size_t plen;

		n = format_utf8(p, &cp);
		if (n > 0 && format_printable(cp))
			plen = n;
		else {
			if (n == 0 || cp < 0x80)
				snprintf(esc, sizeof esc, "\\x%02x", *p);
			else
				snprintf(esc, sizeof esc, "\\u%04lx", cp);
			n = n == 0 ? 1 : n;
			piece = esc;
			plen = strlen(esc);
		}
		if (o + plen + 1 > len)
			break;
		memcpy(buf + o, piece, plen);
		o += plen;
		p += n;
	}
	buf[o] = '\0';
	return buf;
}
