/*
 * Line output for non-terminals.
 */
#include <string.h>

#include "format.h"
#include "lineout.h"

/*
 * Returns the length of the valid UTF-8 sequence at S and stores its code
 * point in *CP, or returns 0 when S does not start one.
 */
static size_t
lineout_utf8(const unsigned char *s, unsigned long *cp)
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
lineout_printable(unsigned long cp)
{
	return cp >= 0x20 && cp != 0x7f && !(cp >= 0x80 && cp <= 0x9f) &&
	    !format_char_hidden(cp);
}

/* Escapes S into BUF; see lineout.h. */
char *
lineout_escape(char *buf, size_t len, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned long cp = 0;
	size_t o = 0, n;
	char esc[16];

	if (len == 0)
		return buf;
	while (*p != '\0') {
		const char *piece = (const char *)p;
		size_t plen;

		n = lineout_utf8(p, &cp);
		if (n > 0 && lineout_printable(cp))
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

/* Prints the line for a finished or failed task. */
void
lineout_task(const struct task *t, int quiet)
{
	char size[FORMAT_LEN], name[1024], url[2048], why[2048];

	lineout_escape(url, sizeof url, t->url);
	if (t->state == TASK_FAILED) {
		lineout_escape(why, sizeof why, t->error ? t->error : "failed");
		fprintf(stderr, "failed  %s: %s\n", url, why);
		return;
	}
	if (quiet)
		return;
	lineout_escape(name, sizeof name, t->name ? t->name : url);
	format_size(size, sizeof size, t->done);
	printf("%-7s %9s  %s%s%s\n", t->skipped ? "skipped" : "done", size,
	    strcmp(t->dir, ".") == 0 ? "" : t->dir,
	    strcmp(t->dir, ".") == 0 ? "" : "/", name);
	fflush(stdout);
}

/* Prints the summary line. */
void
lineout_summary(FILE *fp, const struct task_list *tl, uint64_t elapsed_ms)
{
	char size[FORMAT_LEN], rate[FORMAT_LEN];
	double secs = (double)elapsed_ms / 1000.0;

	format_size(size, sizeof size, tl->bytes);
	format_rate(rate, sizeof rate, secs > 0 ? (double)tl->bytes / secs :
	    0);
	fprintf(fp, "%u done, %u failed, %u not finished; %s in %.1f s (%s)\n",
	    tl->count[TASK_DONE], tl->count[TASK_FAILED],
	    task_list_pending(tl) + tl->count[TASK_PAUSED], size, secs, rate);
	fflush(fp);
}
