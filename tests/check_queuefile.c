/*
 * Unit tests for queuefile.c: a table of queue files, good and bad, with
 * the entries and warnings each must give, then loading from files and
 * standard input, and a large file that must load fast.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "queuefile.h"
#include "unit.h"

#define NITEMS(a) (sizeof (a) / sizeof (a)[0])

/* A string literal and its length, NUL bytes and all. */
#define LIT(s) s, sizeof (s) - 1

/* Entries in the large queue file. */
#define BIG_ENTRIES 100000

/*
 * A queue file (LEN bytes, or up to its NUL when LEN is 0) and what it
 * must give: ENTRIES has a line "LINE URL... [out=X] [dir=Y]" for each
 * entry, WARNINGS a line "LINE: message" for each warning.
 */
static const struct parse_case {
	const char	*text;
	size_t		 len;
	const char	*entries;
	const char	*warnings;
} parse_cases[] = {
	{ "", 0, "", "" },
	{ "\n\n", 0, "", "" },
	{ "https://example.org/a.iso\n", 0,
	    "1 https://example.org/a.iso\n", "" },
	{ "http://h/a", 0, "1 http://h/a\n", "" },
	{ "# a comment\n"
	  "https://example.org/a.iso\n"
	  "  out=debian.iso\n"
	  "  dir=isos\n"
	  "https://m1/b.tar.gz\thttps://m2/b.tar.gz\n", 0,
	    "2 https://example.org/a.iso out=debian.iso dir=isos\n"
	    "5 https://m1/b.tar.gz https://m2/b.tar.gz\n", "" },
	{ "http://h/a\r\n  out=x\r\n\r\nhttp://h/b\r\n", 0,
	    "1 http://h/a out=x\n4 http://h/b\n", "" },
	{ "\xef\xbb\xbfhttp://h/a\n", 0, "1 http://h/a\n", "" },
	{ "http://h/a\n\xef\xbb\xbfhttp://h/b\n", 0,
	    "1 http://h/a\n", "2: not a URL\n" },
	{ "\n   \n\t\nhttp://h/a\n\n  out=x\n", 0,
	    "4 http://h/a out=x\n", "" },
	{ "#x\n  # indented comment\nhttp://h/a\n# c\n  out=x\n", 0,
	    "3 http://h/a out=x\n", "" },
	{ "http://h/a\n\tout=x\n \tdir=y\n", 0,
	    "1 http://h/a out=x dir=y\n", "" },
	{ "http://h/a  \n  out=x  \t\n", 0, "1 http://h/a out=x\n", "" },
	{ "http://h/a\n  checksum=sha-256=abc\n  out=x\n", 0,
	    "1 http://h/a out=x checksum=sha-256=abc\n", "" },
	{ "http://h/a\n  max-speed=1K\n  out=x\n", 0,
	    "1 http://h/a out=x\n", "2: unknown option 'max-speed'\n" },
	{ "http://h/a\n  OUT=x\n", 0,
	    "1 http://h/a\n", "2: unknown option 'OUT'\n" },
	{ "  out=x\nhttp://h/a\n", 0,
	    "2 http://h/a\n", "1: option without a URL above it\n" },
	{ "http://h/a\n  out\n  dir=y\n", 0,
	    "1 http://h/a dir=y\n", "2: expected key=value\n" },
	{ "http://h/a\n  out=\n  dir=  \n", 0, "1 http://h/a\n",
	    "2: empty value for 'out'\n3: empty value for 'dir'\n" },
	{ "http://h/a\n  =x\n", 0,
	    "1 http://h/a\n", "2: option without a name\n" },
	{ "http://h/a\n  out=x\n  out=y\n", 0, "1 http://h/a out=y\n", "" },
	{ "http://h/a\n  out = x y \n", 0, "1 http://h/a out=x y\n", "" },
	{ "http://h/a\n  out=a=b\n", 0, "1 http://h/a out=a=b\n", "" },
	{ "example.org/a.iso\n  out=x\nhttp://h/b\n", 0,
	    "3 http://h/b\n",
	    "1: not a URL\n2: option for the skipped URL line 1\n" },
	{ "http://h/a b\n", 0, "", "1: not a URL\n" },
	{ "1http://h/\nht tp://h/\nhttp:/h/\nhttp://\n://h\nmailto:x\n", 0,
	    "", "1: not a URL\n2: not a URL\n3: not a URL\n4: not a URL\n"
	    "5: not a URL\n6: not a URL\n" },
	{ "svn+ssh.x-y://h/r\n", 0, "1 svn+ssh.x-y://h/r\n", "" },
	{ "http://h/\x1b[2J\n", 0, "", "1: not a URL\n" },
	{ "http://h/a\rhttp://h/b\n", 0, "", "1: not a URL\n" },
	{ "http://h/a\tnot-a-url\thttps://h/b\n", 0,
	    "1 http://h/a https://h/b\n", "1: mirror 2 is not a URL\n" },
	{ "http://h/a \t http://h/b  \n", 0, "1 http://h/a http://h/b\n", "" },
	{ "http://h/a\t\thttp://h/b\n", 0, "1 http://h/a http://h/b\n", "" },
	{ "bad\tworse\n  out=x\n", 0, "",
	    "1: mirror 1 is not a URL\n1: mirror 2 is not a URL\n"
	    "2: option for the skipped URL line 1\n" },
	{ LIT("http://h/a\n  out=x\0y\nhttp://h/b\n"),
	    "1 http://h/a\n3 http://h/b\n", "2: line holds a NUL byte\n" },
	{ LIT("http://h/\0a\n  out=x\nhttp://h/b"), "3 http://h/b\n",
	    "1: line holds a NUL byte\n"
	    "2: option for the skipped URL line 1\n" },
	{ "http://h/a\n  out=x\n  bogus\nnot a url\n  dir=d\nhttp://h/c\n"
	  "  dir=e\n", 0,
	    "1 http://h/a out=x\n6 http://h/c dir=e\n",
	    "3: expected key=value\n4: not a URL\n"
	    "5: option for the skipped URL line 4\n" },
};

/* What the callbacks saw. */
struct seen {
	char	*entries;
	char	*warnings;
	char	*file;
	size_t	 count;
};

/* Appends text made as printf() would to the malloc'd string *S. */
static void
append(char **s, const char *fmt, ...)
{
	va_list ap;
	size_t old;
	int n;

	old = *s != NULL ? strlen(*s) : 0;
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	ck_assert_int_ge(n, 0);
	ck_assert_ptr_nonnull(*s = realloc(*s, old + (size_t)n + 1));
	va_start(ap, fmt);
	vsnprintf(*s + old, (size_t)n + 1, fmt, ap);
	va_end(ap);
}

/* Records ENTRY in the form the table uses, then frees it. */
static void
on_entry(struct queue_entry *entry, void *arg)
{
	struct seen *seen = arg;
	size_t i;

	ck_assert_uint_ge(entry->nurls, 1);
	append(&seen->entries, "%u", entry->line);
	for (i = 0; i < entry->nurls; i++)
		append(&seen->entries, " %s", entry->urls[i]);
	if (entry->out != NULL)
		append(&seen->entries, " out=%s", entry->out);
	if (entry->dir != NULL)
		append(&seen->entries, " dir=%s", entry->dir);
	if (entry->checksum != NULL)
		append(&seen->entries, " checksum=%s", entry->checksum);
	append(&seen->entries, "\n");
	seen->count++;
	queuefile_entry_free(entry);
}

/* Records a warning in the form the table uses. */
static void
on_warn(const char *file, unsigned line, const char *msg, void *arg)
{
	struct seen *seen = arg;

	if (seen->file == NULL)
		ck_assert_ptr_nonnull(seen->file = strdup(file));
	else
		ck_assert_str_eq(seen->file, file);
	append(&seen->warnings, "%u: %s\n", line, msg);
}

/* Frees what the callbacks recorded. */
static void
seen_free(struct seen *seen)
{
	free(seen->entries);
	free(seen->warnings);
	free(seen->file);
	memset(seen, 0, sizeof *seen);
}

/* Each queue file of the table gives exactly its entries and warnings. */
START_TEST(test_parse)
{
	const struct parse_case *c = &parse_cases[_i];
	struct seen seen;
	size_t len, n;

	memset(&seen, 0, sizeof seen);
	len = c->len != 0 ? c->len : strlen(c->text);
	n = queuefile_parse(c->text, len, "q.txt", on_entry, on_warn, &seen);
	ck_assert_uint_eq(n, seen.count);
	ck_assert_str_eq(seen.entries != NULL ? seen.entries : "", c->entries);
	ck_assert_str_eq(seen.warnings != NULL ? seen.warnings : "",
	    c->warnings);
	if (seen.file != NULL)
		ck_assert_str_eq(seen.file, "q.txt");
	seen_free(&seen);
}
END_TEST

/* Without callbacks entries are still counted, and freed. */
START_TEST(test_parse_no_callbacks)
{
	static const char text[] = "http://h/a\n  bad\nhttp://h/b\n";

	ck_assert_uint_eq(queuefile_parse(text, strlen(text), "q", NULL, NULL,
	    NULL), 2);
	ck_assert_uint_eq(queuefile_parse(NULL, 0, "q", NULL, NULL, NULL), 0);
}
END_TEST

/* A long key is quoted only in part. */
START_TEST(test_parse_long_key)
{
	struct seen seen;
	char text[256], want[256];

	memset(&seen, 0, sizeof seen);
	snprintf(text, sizeof text, "http://h/a\n  %0100d=1\n", 0);
	snprintf(want, sizeof want, "2: unknown option '%064d'\n", 0);
	queuefile_parse(text, strlen(text), "q", on_entry, on_warn, &seen);
	ck_assert_str_eq(seen.warnings, want);
	seen_free(&seen);
}
END_TEST

/* Lines have no length limit. */
START_TEST(test_parse_long_line)
{
	struct seen seen;
	size_t len, ulen;
	char *text;

	ulen = 4 << 20;
	ck_assert_ptr_nonnull(text = malloc(ulen + 64));
	memcpy(text, "http://h/", 9);
	memset(text + 9, 'x', ulen - 9);
	len = ulen;
	len += (size_t)sprintf(text + len, "\n  out=y\n");

	memset(&seen, 0, sizeof seen);
	ck_assert_uint_eq(queuefile_parse(text, len, "q", on_entry, on_warn,
	    &seen), 1);
	ck_assert_ptr_null(seen.warnings);
	ck_assert_uint_eq(strlen(seen.entries), 2 + ulen + 7);
	ck_assert_str_eq(seen.entries + 2 + ulen, " out=y\n");
	seen_free(&seen);
	free(text);
}
END_TEST

/* Returns the big queue file in *LEN bytes (malloc'd). */
static char *
big_text(size_t *len)
{
	char *text;
	size_t cap;
	int i;

	cap = (size_t)BIG_ENTRIES * 80;
	ck_assert_ptr_nonnull(text = malloc(cap));
	*len = 0;
	for (i = 0; i < BIG_ENTRIES; i++)
		*len += (size_t)snprintf(text + *len, cap - *len,
		    "https://example.org/f%d.bin\n  out=f%d\n  dir=d\n", i, i);
	return text;
}

/* Counts an entry and frees it. */
static void
count_entry(struct queue_entry *entry, void *arg)
{
	(*(size_t *)arg)++;
	queuefile_entry_free(entry);
}

/* Returns seconds on the monotonic clock. */
static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A queue file of 100,000 entries loads well under a second. */
START_TEST(test_parse_big)
{
	size_t len, count;
	char *text;
	double t;

	text = big_text(&len);
	count = 0;
	t = now();
	ck_assert_uint_eq(queuefile_parse(text, len, "big", count_entry, NULL,
	    &count), BIG_ENTRIES);
	t = now() - t;
	ck_assert_uint_eq(count, BIG_ENTRIES);
	ck_assert_msg(t < 1.0, "took %.3f s", t);
	free(text);
}
END_TEST

/* Writes LEN bytes of TEXT to a new temporary file; returns its path. */
static char *
temp_file(const char *text, size_t len)
{
	const char *base;
	char *path;
	int fd;

	base = getenv("TMPDIR");
	if (base == NULL || *base == '\0')
		base = "/tmp";
	ck_assert_ptr_nonnull(path = malloc(strlen(base) + 32));
	sprintf(path, "%s/check_queuefile.XXXXXX", base);
	ck_assert_int_ge(fd = mkstemp(path), 0);
	ck_assert_int_eq(write(fd, text, len), (ssize_t)len);
	ck_assert_int_eq(close(fd), 0);
	return path;
}

/* queuefile_load() reads a file and names it in warnings. */
START_TEST(test_load_file)
{
	static const char text[] = "http://h/a\n  zap=1\n";
	struct seen seen;
	char *path;

	path = temp_file(text, strlen(text));
	memset(&seen, 0, sizeof seen);
	ck_assert_int_eq(queuefile_load(path, on_entry, on_warn, &seen), 1);
	ck_assert_str_eq(seen.entries, "1 http://h/a\n");
	ck_assert_str_eq(seen.warnings, "2: unknown option 'zap'\n");
	ck_assert_str_eq(seen.file, path);
	seen_free(&seen);
	unlink(path);
	free(path);
}
END_TEST

/* queuefile_load() reads a large file fast. */
START_TEST(test_load_big)
{
	size_t len, count;
	char *text, *path;
	double t;

	text = big_text(&len);
	path = temp_file(text, len);
	free(text);
	count = 0;
	t = now();
	ck_assert_int_eq(queuefile_load(path, count_entry, NULL, &count),
	    BIG_ENTRIES);
	t = now() - t;
	ck_assert_msg(t < 1.0, "took %.3f s", t);
	unlink(path);
	free(path);
}
END_TEST

/* queuefile_load("-") reads standard input. */
START_TEST(test_load_stdin)
{
	static const char text[] = "http://h/a\n  out=x\n  zap\n";
	struct seen seen;
	char *path;
	int fd, saved;

	path = temp_file(text, strlen(text));
	ck_assert_int_ge(fd = open(path, O_RDONLY), 0);
	ck_assert_int_ge(saved = dup(STDIN_FILENO), 0);
	ck_assert_int_eq(dup2(fd, STDIN_FILENO), STDIN_FILENO);
	close(fd);

	memset(&seen, 0, sizeof seen);
	ck_assert_int_eq(queuefile_load("-", on_entry, on_warn, &seen), 1);
	ck_assert_int_eq(dup2(saved, STDIN_FILENO), STDIN_FILENO);
	close(saved);
	ck_assert_str_eq(seen.entries, "1 http://h/a out=x\n");
	ck_assert_str_eq(seen.warnings, "3: expected key=value\n");
	ck_assert_str_eq(seen.file, "(standard input)");
	seen_free(&seen);
	unlink(path);
	free(path);
}
END_TEST

/* queuefile_load() fails with errno set when it cannot read. */
START_TEST(test_load_errors)
{
	errno = 0;
	ck_assert_int_eq(queuefile_load("/nonexistent/queue", on_entry,
	    on_warn, NULL), -1);
	ck_assert_int_eq(errno, ENOENT);
	errno = 0;
	ck_assert_int_eq(queuefile_load("/", on_entry, on_warn, NULL), -1);
	ck_assert_int_eq(errno, EISDIR);
}
END_TEST

/* queuefile_entry_free() takes NULL. */
START_TEST(test_entry_free_null)
{
	queuefile_entry_free(NULL);
}
END_TEST

/* Collects the queue file tests. */
static Suite *
queuefile_suite(void)
{
	Suite *s;
	TCase *tc;

	s = suite_create("queuefile");
	tc = tcase_create("parse");
	tcase_add_loop_test(tc, test_parse, 0, (int)NITEMS(parse_cases));
	tcase_add_test(tc, test_parse_no_callbacks);
	tcase_add_test(tc, test_parse_long_key);
	tcase_add_test(tc, test_parse_long_line);
	tcase_add_test(tc, test_entry_free_null);
	suite_add_tcase(s, tc);

	tc = tcase_create("load");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_parse_big);
	tcase_add_test(tc, test_load_file);
	tcase_add_test(tc, test_load_big);
	tcase_add_test(tc, test_load_stdin);
	tcase_add_test(tc, test_load_errors);
	suite_add_tcase(s, tc);
	return s;
}

/* Runs the queue file tests; fails when any test does. */
int
main(void)
{

	return unit_run(queuefile_suite());
}
