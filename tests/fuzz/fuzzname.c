/*
 * The rules for a safe file name, written apart from naming.c so that
 * the fuzz harnesses do not trust the code they test: UTF-8 is decoded
 * here from scratch, with its own tables.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzzname.h"

/* The shapes of a UTF-8 sequence: bytes, least and greatest code point. */
static const struct fuzzname_seq {
	size_t		 len;
	unsigned long	 min;
	unsigned long	 max;
} fuzzname_seqs[] = {
	{ 1, 0x0, 0x7f },
	{ 2, 0x80, 0x7ff },
	{ 3, 0x800, 0xffff },
	{ 4, 0x10000, 0x10ffff },
};

#define FUZZNAME_NSEQS (sizeof fuzzname_seqs / sizeof fuzzname_seqs[0])

/* Prints NAME to standard error with every unusual byte as \xHH. */
static void
fuzzname_dump(const char *name)
{
	const unsigned char *p;

	fputc('"', stderr);
	for (p = (const unsigned char *)name; *p != '\0'; p++) {
		if (*p < 0x20 || *p >= 0x7f || *p == '"' || *p == '\\')
			fprintf(stderr, "\\x%02x", *p);
		else
			fputc(*p, stderr);
	}
	fputs("\"\n", stderr);
}

/* Prints WHY and NAME, which WHAT produced, then aborts. */
void
fuzzname_fail(const char *what, const char *name, const char *why)
{
	fprintf(stderr, "fuzz: %s: %s: ", what, why);
	if (name != NULL)
		fuzzname_dump(name);
	else
		fputs("(null)\n", stderr);
	abort();
}

/* Returns how many bytes a UTF-8 sequence that starts with byte B has. */
static size_t
fuzzname_seq_len(unsigned char b)
{
	if (b < 0x80)
		return 1;
	if (b >= 0xc0 && b < 0xe0)
		return 2;
	if (b >= 0xe0 && b < 0xf0)
		return 3;
	if (b >= 0xf0 && b < 0xf8)
		return 4;
	return 0;
}

/*
 * Decodes the character at S into *CP and returns its length, or 0 when
 * the bytes there are not well-formed UTF-8 (overlong, a surrogate,
 * past U+10FFFF, cut short).
 */
static size_t
fuzzname_decode(const unsigned char *s, unsigned long *cp)
{
	const struct fuzzname_seq *seq;
	unsigned long c;
	size_t len, i;

	if ((len = fuzzname_seq_len(s[0])) == 0)
		return 0;
	seq = &fuzzname_seqs[len - 1];
	c = len == 1 ? s[0] : s[0] & (0x3fu >> (len - 1));
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3fu);
	}
	if (c < seq->min || c > seq->max || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

/* Returns whether CP is a C0 or C1 control character or DEL. */
static int
fuzzname_control(unsigned long cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f);
}

/* Checks that NAME is valid UTF-8 without control characters. */
static void
fuzzname_check_chars(const char *what, const char *name)
{
	const unsigned char *p;
	unsigned long cp;
	size_t n;

	for (p = (const unsigned char *)name; *p != '\0'; p += n) {
		if ((n = fuzzname_decode(p, &cp)) == 0)
			fuzzname_fail(what, name, "invalid UTF-8");
		if (fuzzname_control(cp))
			fuzzname_fail(what, name, "control character");
	}
}

/* Checks that NAME is a safe file name of at most MAX bytes. */
void
fuzzname_check(const char *what, const char *name, size_t max)
{
	size_t len;

	if (name == NULL)
		fuzzname_fail(what, name, "no name");
	len = strlen(name);
	if (len == 0)
		fuzzname_fail(what, name, "empty name");
	if (len > max)
		fuzzname_fail(what, name, "name too long");
	if (strchr(name, '/') != NULL || strchr(name, '\\') != NULL)
		fuzzname_fail(what, name, "name holds a path separator");
	if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		fuzzname_fail(what, name, "name is . or ..");
	if (name[0] == '.' || name[0] == '-')
		fuzzname_fail(what, name, "name starts with '.' or '-'");
	fuzzname_check_chars(what, name);
}

/* Returns the SIZE bytes at DATA as a string. */
char *
fuzzname_string(const uint8_t *data, size_t size)
{
	char *s;

	if ((s = malloc(size + 1)) == NULL)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}
