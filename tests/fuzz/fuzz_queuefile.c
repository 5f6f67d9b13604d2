/*
 * Fuzzes the queue file parser, which reads files people paste
 * together from anywhere.  Every entry it hands over is checked field by
 * field and freed, as haul itself would, so that a leak, a bad pointer
 * or a URL with white space in it shows up.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "queuefile.h"

/* What one parse has seen. */
struct fuzz_queuefile_seen {
	size_t		 entries;
	unsigned	 last_line;
	unsigned	 lines;		/* newlines in the input, plus one */
};

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Says which property of the parse broke, and aborts. */
static void
fuzz_queuefile_fail(const char *why, unsigned line)
{
	fprintf(stderr, "fuzz: queuefile_parse: line %u: %s\n", line, why);
	abort();
}

/* Checks that URL is "scheme://..." with no blank or control byte. */
static void
fuzz_queuefile_url(const char *url, unsigned line)
{
	const unsigned char *p;

	if (strstr(url, "://") == NULL || strstr(url, "://") == url)
		fuzz_queuefile_fail("URL without a scheme", line);
	for (p = (const unsigned char *)url; *p != '\0'; p++) {
		if (*p <= ' ' || *p == 0x7f)
			fuzz_queuefile_fail("URL with a blank or control byte",
			    line);
	}
}

/* Checks an option value: absent, or non-empty on one line. */
static void
fuzz_queuefile_value(const char *value, unsigned line)
{
	if (value == NULL)
		return;
	if (value[0] == '\0')
		fuzz_queuefile_fail("empty option value", line);
	if (strchr(value, '\n') != NULL)
		fuzz_queuefile_fail("option value with a newline", line);
	if (value[0] == ' ' || value[0] == '\t')
		fuzz_queuefile_fail("option value starts blank", line);
}

/* Checks one entry the parser handed over, then frees it. */
static void
fuzz_queuefile_entry(struct queue_entry *e, void *arg)
{
	struct fuzz_queuefile_seen *seen = arg;
	size_t i;

	if (e == NULL)
		fuzz_queuefile_fail("NULL entry", 0);
	if (e->line == 0 || e->line > seen->lines)
		fuzz_queuefile_fail("line number out of range", e->line);
	if (e->line <= seen->last_line)
		fuzz_queuefile_fail("entries out of order", e->line);
	if (e->nurls == 0 || e->urls == NULL)
		fuzz_queuefile_fail("entry without URLs", e->line);
	for (i = 0; i < e->nurls; i++)
		fuzz_queuefile_url(e->urls[i], e->line);
	fuzz_queuefile_value(e->out, e->line);
	fuzz_queuefile_value(e->dir, e->line);
	fuzz_queuefile_value(e->checksum, e->line);
	fuzz_queuefile_value(e->pause, e->line);
	fuzz_queuefile_value(e->done, e->line);
	seen->last_line = e->line;
	seen->entries++;
	queuefile_entry_free(e);
}

/* Checks one warning the parser gave. */
static void
fuzz_queuefile_warn(const char *file, unsigned line, const char *msg,
    void *arg)
{
	struct fuzz_queuefile_seen *seen = arg;

	if (file == NULL || strcmp(file, "fuzz") != 0)
		fuzz_queuefile_fail("warning names the wrong file", line);
	if (line == 0 || line > seen->lines)
		fuzz_queuefile_fail("warning line out of range", line);
	if (msg == NULL || msg[0] == '\0' || strchr(msg, '\n') != NULL)
		fuzz_queuefile_fail("empty or multi-line warning", line);
}

/* Returns how many lines the SIZE bytes at DATA hold, at most. */
static unsigned
fuzz_queuefile_lines(const uint8_t *data, size_t size)
{
	unsigned n;
	size_t i;

	n = 1;
	for (i = 0; i < size; i++)
		n += data[i] == '\n';
	return n;
}

/* Parses one input as a queue file, without a NUL after it. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_queuefile_seen seen;
	size_t n;

	memset(&seen, 0, sizeof seen);
	seen.lines = fuzz_queuefile_lines(data, size);
	n = queuefile_parse((const char *)data, size, "fuzz",
	    fuzz_queuefile_entry, fuzz_queuefile_warn, &seen);
	if (n != seen.entries)
		fuzz_queuefile_fail("count differs from the entries seen", 0);
	n = queuefile_parse((const char *)data, size, "fuzz", NULL, NULL,
	    NULL);
	if (n != seen.entries)
		fuzz_queuefile_fail("count differs without callbacks", 0);
	return 0;
}
