/*
 * Queue files: the aria2-style list of URLs, each followed by indented
 * key=value options.  The parser makes one pass over the text, one line
 * at a time, building the entry of the last URL line and handing it over
 * when the next URL line (or the end) arrives.  Bad lines are reported
 * and skipped; nothing in a queue file stops the rest from loading.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "queuefile.h"

/* Longest part of a key quoted back in a warning. */
#define QUEUEFILE_KEY_SHOWN 64

/* Room for a warning. */
#define QUEUEFILE_MSG_LEN 160

/* Name that warnings give standard input. */
#define QUEUEFILE_STDIN "(standard input)"

/* The options a queue file may give a URL, and where each one goes. */
static const struct queuefile_option {
	const char	*key;
	size_t		 offset;	/* of the char * in queue_entry */
} queuefile_options[] = {
	{ "out", offsetof(struct queue_entry, out) },
	{ "dir", offsetof(struct queue_entry, dir) },
	{ "checksum", offsetof(struct queue_entry, checksum) },
	{ "pause", offsetof(struct queue_entry, pause) },
	{ "done", offsetof(struct queue_entry, done) },
};

#define QUEUEFILE_NOPTIONS \
	(sizeof queuefile_options / sizeof queuefile_options[0])

/* Where one parse has got to. */
struct queuefile_parser {
	const char		*file;
	queuefile_entry_cb	 entry_cb;
	queuefile_warn_cb	 warn_cb;
	void			*arg;
	struct queue_entry	*cur;		/* being built, or NULL */
	unsigned		 skipped;	/* last URL line, if skipped */
	unsigned		 line;
	size_t			 count;
};

/* Reports the current line of P as skipped, because of MSG. */
static void
queuefile_warn(struct queuefile_parser *p, const char *msg)
{
	if (p->warn_cb != NULL)
		p->warn_cb(p->file, p->line, msg, p->arg);
}

/* Returns the N bytes at S as a string (malloc'd), or NULL. */
static char *
queuefile_strndup(const char *s, size_t n)
{
	char *out;

	if ((out = malloc(n + 1)) == NULL)
		return NULL;
	memcpy(out, s, n);
	out[n] = '\0';
	return out;
}

/* Returns whether C is a space or a tab. */
static int
queuefile_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Returns whether C may appear in a URL scheme after its first letter. */
static int
queuefile_scheme_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '+' || c == '.' || c == '-';
}

/* Returns whether the N bytes at S are a URL: "scheme://something". */
static int
queuefile_is_url(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || !((s[0] >= 'a' && s[0] <= 'z') ||
	    (s[0] >= 'A' && s[0] <= 'Z')))
		return 0;
	for (i = 1; i < n && queuefile_scheme_char(s[i]); i++)
		continue;
	if (n - i <= 3 || memcmp(s + i, "://", 3) != 0)
		return 0;

	for (; i < n; i++) {
		if ((unsigned char)s[i] <= ' ' || s[i] == 0x7f)
			return 0;
	}
	return 1;
}

/* Hands the entry being built, if any, to the caller. */
static void
queuefile_flush(struct queuefile_parser *p)
{
	if (p->cur == NULL)
		return;
	if (p->entry_cb != NULL)
		p->entry_cb(p->cur, p->arg);
	else
		queuefile_entry_free(p->cur);
	p->cur = NULL;
	p->count++;
}

/* Returns a new entry for line LINE with room for MAX URLs, or NULL. */
static struct queue_entry *
queuefile_entry_new(unsigned line, size_t max)
{
	struct queue_entry *e;

	if ((e = calloc(1, sizeof *e)) == NULL)
		return NULL;
	if ((e->urls = calloc(max, sizeof *e->urls)) == NULL) {
		free(e);
		return NULL;
	}
	e->line = line;
	return e;
}

/* Adds the URL in the N bytes at S to E, or warns that it is none. */
static int
queuefile_add_url(struct queuefile_parser *p, struct queue_entry *e,
    const char *s, size_t n, size_t mirror, size_t mirrors)
{
	char msg[QUEUEFILE_MSG_LEN];

	if (!queuefile_is_url(s, n)) {
		if (mirrors == 1)
			queuefile_warn(p, "not a URL");
		else {
			snprintf(msg, sizeof msg, "mirror %zu is not a URL",
			    mirror);
			queuefile_warn(p, msg);
		}
		return 0;
	}
	if ((e->urls[e->nurls] = queuefile_strndup(s, n)) == NULL) {
		queuefile_warn(p, "out of memory");
		return -1;
	}
	e->nurls++;
	return 0;
}

/* Starts a new entry from the tab-separated URLs in the N bytes at S. */
static void
queuefile_urls(struct queuefile_parser *p, const char *s, size_t n)
{
	struct queue_entry *e;
	const char *end, *tab;
	size_t k, max, len;

	queuefile_flush(p);
	p->skipped = p->line;
	end = s + n;
	max = 1;
	for (tab = s; (tab = memchr(tab, '\t', (size_t)(end - tab))) != NULL;
	    tab++)
		max++;
	if ((e = queuefile_entry_new(p->line, max)) == NULL) {
		queuefile_warn(p, "out of memory");
		return;
	}

	for (k = 1; s < end; k++) {
		tab = memchr(s, '\t', (size_t)(end - s));
		len = (size_t)((tab != NULL ? tab : end) - s);
		while (len > 0 && s[len - 1] == ' ')
			len--;
		if (len > 0 && queuefile_add_url(p, e, s, len, k, max) == -1)
			break;
		s = tab != NULL ? tab + 1 : end;
		while (s < end && *s == ' ')
			s++;
	}

	if (e->nurls == 0 || s < end) {
		queuefile_entry_free(e);
		return;
	}
	p->cur = e;
	p->skipped = 0;
}

/* Returns the option named by the N bytes at KEY, or NULL. */
static const struct queuefile_option *
queuefile_option_find(const char *key, size_t n)
{
	size_t i;

	for (i = 0; i < QUEUEFILE_NOPTIONS; i++) {
		if (strlen(queuefile_options[i].key) == n &&
		    memcmp(queuefile_options[i].key, key, n) == 0)
			return &queuefile_options[i];
	}
	return NULL;
}

/*
 * Checks the option line "KEY=VALUE" in the N bytes at S for the entry
 * being built; returns the option it sets, or NULL after a warning.
 */
static const struct queuefile_option *
queuefile_option_check(struct queuefile_parser *p, const char *s,
    size_t klen, size_t vlen)
{
	const struct queuefile_option *opt;
	char msg[QUEUEFILE_MSG_LEN];
	int shown;

	shown = klen > QUEUEFILE_KEY_SHOWN ? QUEUEFILE_KEY_SHOWN : (int)klen;
	if (p->cur == NULL && p->skipped != 0) {
		snprintf(msg, sizeof msg, "option for the skipped URL line %u",
		    p->skipped);
		queuefile_warn(p, msg);
	} else if (p->cur == NULL)
		queuefile_warn(p, "option without a URL above it");
	else if (klen == 0)
		queuefile_warn(p, "option without a name");
	else if ((opt = queuefile_option_find(s, klen)) == NULL) {
		snprintf(msg, sizeof msg, "unknown option '%.*s'", shown, s);
		queuefile_warn(p, msg);
	} else if (vlen == 0) {
		snprintf(msg, sizeof msg, "empty value for '%.*s'", shown, s);
		queuefile_warn(p, msg);
	} else
		return opt;
	return NULL;
}

/* Applies the option line in the N bytes at S, indentation removed. */
static void
queuefile_option(struct queuefile_parser *p, const char *s, size_t n)
{
	const struct queuefile_option *opt;
	const char *eq, *value;
	size_t klen, vlen;
	char **slot, *copy;

	if ((eq = memchr(s, '=', n)) == NULL) {
		queuefile_warn(p, "expected key=value");
		return;
	}
	klen = (size_t)(eq - s);
	while (klen > 0 && queuefile_blank(s[klen - 1]))
		klen--;
	value = eq + 1;
	vlen = n - (size_t)(value - s);
	while (vlen > 0 && queuefile_blank(*value)) {
		value++;
		vlen--;
	}

	if ((opt = queuefile_option_check(p, s, klen, vlen)) == NULL)
		return;
	if ((copy = queuefile_strndup(value, vlen)) == NULL) {
		queuefile_warn(p, "out of memory");
		return;
	}
	slot = (char **)(void *)((char *)p->cur + opt->offset);
	free(*slot);
	*slot = copy;
}

/* Parses the N bytes of one line at S, its newline removed. */
static void
queuefile_line(struct queuefile_parser *p, const char *s, size_t n)
{
	size_t start;
	int indented;

	if (n > 0 && s[n - 1] == '\r')
		n--;
	indented = n > 0 && queuefile_blank(s[0]);
	if (memchr(s, '\0', n) != NULL) {
		if (!indented) {
			queuefile_flush(p);
			p->skipped = p->line;
		}
		queuefile_warn(p, "line holds a NUL byte");
		return;
	}

	for (start = 0; start < n && queuefile_blank(s[start]); start++)
		continue;
	while (n > start && queuefile_blank(s[n - 1]))
		n--;
	if (start == n || s[start] == '#')
		return;

	if (indented)
		queuefile_option(p, s + start, n - start);
	else
		queuefile_urls(p, s, n);
}

/* Parses the LEN bytes of TEXT as a queue file called FILE. */
size_t
queuefile_parse(const char *text, size_t len, const char *file,
    queuefile_entry_cb entry, queuefile_warn_cb warn, void *arg)
{
	struct queuefile_parser p;
	const char *nl;
	size_t off, n;

	memset(&p, 0, sizeof p);
	p.file = file;
	p.entry_cb = entry;
	p.warn_cb = warn;
	p.arg = arg;

	off = 0;
	if (text == NULL)
		len = 0;
	else if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		off = 3;
	while (off < len) {
		p.line++;
		nl = memchr(text + off, '\n', len - off);
		n = nl != NULL ? (size_t)(nl - (text + off)) : len - off;
		queuefile_line(&p, text + off, n);
		off += n + 1;
	}
	queuefile_flush(&p);
	return p.count;
}

/* Reads all of FD into *TEXT (malloc'd) and *LEN; returns 0 or -1. */
static int
queuefile_slurp(int fd, char **text, size_t *len)
{
	struct stat st;
	size_t cap;
	ssize_t r;
	char *buf, *bigger;

	cap = 65536;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0)
		cap = (size_t)st.st_size + 1;
	if ((buf = malloc(cap)) == NULL)
		return -1;

	*len = 0;
	for (;;) {
		if (*len == cap) {
			if ((bigger = realloc(buf, cap * 2)) == NULL)
				break;
			buf = bigger;
			cap *= 2;
		}
		r = read(fd, buf + *len, cap - *len);
		if (r == -1 && errno == EINTR)
			continue;
		if (r <= 0) {
			if (r == -1)
				break;
			*text = buf;
			return 0;
		}
		*len += (size_t)r;
	}
	free(buf);
	return -1;
}

/* Reads and parses the queue file at PATH ("-": standard input). */
long
queuefile_load(const char *path, queuefile_entry_cb entry,
    queuefile_warn_cb warn, void *arg)
{
	const char *name;
	char *text;
	size_t len, n;
	int fd, saved;

	if (strcmp(path, "-") == 0) {
		fd = STDIN_FILENO;
		name = QUEUEFILE_STDIN;
	} else if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	else
		name = path;

	if (queuefile_slurp(fd, &text, &len) == -1) {
		saved = errno;
		if (fd != STDIN_FILENO)
			close(fd);
		errno = saved;
		return -1;
	}
	if (fd != STDIN_FILENO)
		close(fd);

	n = queuefile_parse(text, len, name, entry, warn, arg);
	free(text);
	return (long)n;
}

/* Frees ENTRY, its URLs and its options. */
void
queuefile_entry_free(struct queue_entry *entry)
{
	size_t i;

	if (entry == NULL)
		return;
	for (i = 0; i < entry->nurls; i++)
		free(entry->urls[i]);
	free(entry->urls);
	free(entry->out);
	free(entry->dir);
	free(entry->checksum);
	free(entry->pause);
	free(entry->done);
	free(entry);
}
