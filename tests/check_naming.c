/*
 * Unit tests for naming.c: {input, expected} tables for sanitising,
 * names from URLs, variants and policies, then the claim protocol in a
 * scratch directory, including ten threads claiming one name at once.
 */
#include <check.h>
#include <dirent.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "naming.h"
#include "unit.h"

#define NITEMS(a) (sizeof (a) / sizeof (a)[0])

/* Threads in the stress tests, and files each one downloads. */
#define STRESS_THREADS 10
#define STRESS_FILES 20

/* The scratch directory of the running test. */
static char *tmp;

static const struct sanitize_case {
	const char	*raw;
	const char	*name;		/* NULL: nothing usable */
} sanitize_cases[] = {
	{ "file.txt", "file.txt" },
	{ "caf\xc3\xa9 menu.pdf", "caf\xc3\xa9 menu.pdf" },
	{ "emoji \xf0\x9f\x98\x80.png", "emoji \xf0\x9f\x98\x80.png" },
	{ "../../etc/passwd", "passwd" },
	{ "/etc/shadow", "shadow" },
	{ "dir/", NULL },
	{ "/", NULL },
	{ "x/..", NULL },
	{ "..", NULL },
	{ ".", NULL },
	{ "...", NULL },
	{ "", NULL },
	{ NULL, NULL },
	{ "-rf", "rf" },
	{ "--help", "help" },
	{ ".bashrc", "bashrc" },
	{ " .-x ", "x" },
	{ "  spaced name  ", "spaced name" },
	{ "name.", "name." },
	{ "a\x1b[31mb", "a[31mb" },
	{ "a\tb\nc\rd", "abcd" },
	{ "a\x7f", "a" },
	{ "\x1b.profile", "profile" },
	{ "\xff\xfe", NULL },
	{ "a\xffz", "az" },
	{ "x\xc3", "x" },
	{ "a\xc0\xafz", "az" },
	{ "a\xe0\x80\xafz", "az" },
	{ "a\xed\xa0\x80z", "az" },
	{ "a\xf4\x90\x80\x80z", "az" },
	{ "a\xc2\x85z", "az" },
	{ "a\xc2\x9fz", "az" },
	{ "a\xc2\xa0z", "a\xc2\xa0z" },
	{ "C:\\Users\\me\\evil.exe", "evil.exe" },
	{ "..\\..\\win.ini", "win.ini" },
	{ "a/b\\c", "c" },
	{ "ok\\", NULL },
};

/* Names made long on purpose: PREFIX, then UNIT COUNT times, then
 * SUFFIX; the result must be LEN bytes ending in END. */
static const struct long_case {
	const char	*prefix;
	const char	*unit;
	int		 count;
	const char	*suffix;
	size_t		 len;
	const char	*end;
} long_cases[] = {
	{ "", "a", 300, ".txt", 240, "a.txt" },
	{ "", "a", 240, "", 240, "a" },
	{ "", "a", 241, "", 240, "a" },
	{ "", "a", 236, ".txt", 240, "a.txt" },
	{ "", "\xc3\xa9", 150, ".txt", 240, "\xc3\xa9.txt" },
	{ "a", "\xc3\xa9", 150, ".txt", 239, "\xc3\xa9.txt" },
	{ "", "\xe2\x82\xac", 100, "", 240, "\xe2\x82\xac" },
	{ "x", "\xe2\x82\xac", 100, "", 238, "\xe2\x82\xac" },
	{ "xy", "\xf0\x9f\x98\x80", 75, ".png", 238, "\x80.png" },
	{ "", "a", 300, ".tar.gz", 240, "a.tar.gz" },
	{ "", "a", 300, ".\xc3\xa9t\xc3\xa9", 240, "a.\xc3\xa9t\xc3\xa9" },
	{ "", "a", 300, ".a-very-long-extension", 240, "aaaa" },
	{ "", "a b ", 100, ".txt", 239, "b.txt" },
	{ "-..", "b", 300, "", 240, "b" },
};

static const struct url_case {
	const char	*url;
	const char	*name;
} url_cases[] = {
	{ "http://h/a.iso", "a.iso" },
	{ "https://h:8443/dir/file.tar.gz?x=1#frag", "file.tar.gz" },
	{ "http://h/a/b/", "index.html" },
	{ "http://h/", "index.html" },
	{ "http://h", "index.html" },
	{ "http://h:8080", "index.html" },
	{ "http://h?q=/x.iso", "index.html" },
	{ "http://h#/x.iso", "index.html" },
	{ "http://h/a#b/c", "a" },
	{ "http://h/a%20b.txt", "a b.txt" },
	{ "http://h/caf%C3%A9", "caf\xc3\xa9" },
	{ "http://h/a%2F..%2Fetc%2Fpasswd", "passwd" },
	{ "http://h/a%2f..%2f..%2f", "index.html" },
	{ "http://h/%2E%2E", "index.html" },
	{ "http://h/..", "index.html" },
	{ "http://h/a%5C..%5Cb", "b" },
	{ "http://h/x%00y", "xy" },
	{ "http://h/%zz.txt", "%zz.txt" },
	{ "http://h/a%2", "a%2" },
	{ "http://h/a%", "a%" },
	{ "http://h/a%2?%41", "a%2" },
	{ "http://h/%FF%FE", "index.html" },
	{ "http://h/%1b[31mred", "[31mred" },
	{ "http://h/-rf", "rf" },
	{ "http://h/.hidden", "hidden" },
	{ "http://h/a+b", "a+b" },
	{ "ftp://user:pw@h/pub/f.iso", "f.iso" },
	{ "file.txt", "file.txt" },
	{ "/a/b/c.txt", "c.txt" },
	{ "", "index.html" },
	{ NULL, "index.html" },
};

static const struct variant_case {
	const char	*name;
	unsigned	 n;
	const char	*variant;
} variant_cases[] = {
	{ "a.txt", 0, "a.txt" },
	{ "a.txt", 1, "a (1).txt" },
	{ "README", 2, "README (2)" },
	{ "a.tar.gz", 2, "a (2).tar.gz" },
	{ "a.tar.bz2", 1, "a (1).tar.bz2" },
	{ "a.tar.xz", 3, "a (3).tar.xz" },
	{ "a.tar.zst", 1, "a (1).tar.zst" },
	{ "a.TAR.GZ", 1, "a (1).TAR.GZ" },
	{ "archive.tar", 1, "archive (1).tar" },
	{ "x.gz", 1, "x (1).gz" },
	{ "x.tar.txt", 1, "x.tar (1).txt" },
	{ "a.b.c", 1, "a.b (1).c" },
	{ ".tar.gz", 1, ".tar (1).gz" },
	{ ".bashrc", 1, ".bashrc (1)" },
	{ "a.", 1, "a (1)." },
	{ "file.thisisaverylongext", 1, "file.thisisaverylongext (1)" },
	{ "My file. Final", 1, "My file. Final (1)" },
	{ "a", 4294967295u, "a (4294967295)" },
};

static const struct policy_case {
	const char		*word;
	int			 ok;
	enum naming_policy	 policy;
} policy_cases[] = {
	{ "rename", 1, NAMING_RENAME },
	{ "overwrite", 1, NAMING_OVERWRITE },
	{ "skip", 1, NAMING_SKIP },
	{ "fail", 1, NAMING_FAIL },
	{ "", 0, NAMING_RENAME },
	{ "Rename", 0, NAMING_RENAME },
	{ "renamed", 0, NAMING_RENAME },
	{ NULL, 0, NAMING_RENAME },
};

/* Returns a malloc'd string made as printf() would. */
static char *
strf(const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	ck_assert_int_ge(n, 0);
	ck_assert_ptr_nonnull(s = malloc((size_t)n + 1));
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return s;
}

/* Returns a malloc'd "DIR/NAME". */
static char *
join(const char *dir, const char *name)
{
	return strf("%s/%s", dir, name);
}

/* Writes TEXT as the file NAME in the scratch directory. */
static void
put_file(const char *name, const char *text)
{
	char *path;
	FILE *f;

	path = join(tmp, name);
	ck_assert_ptr_nonnull(f = fopen(path, "w"));
	fputs(text, f);
	ck_assert_int_eq(fclose(f), 0);
	free(path);
}

/* Returns the contents of NAME in the scratch directory, or NULL. */
static char *
get_file(const char *name)
{
	char *path, *buf;
	size_t len;
	FILE *f;

	path = join(tmp, name);
	f = fopen(path, "r");
	free(path);
	if (f == NULL)
		return NULL;
	ck_assert_ptr_nonnull(buf = calloc(1, 1 << 20));
	len = fread(buf, 1, (1 << 20) - 1, f);
	buf[len] = '\0';
	fclose(f);
	return buf;
}

/* Returns whether NAME exists in the scratch directory. */
static int
exists(const char *name)
{
	struct stat st;
	char *path;
	int r;

	path = join(tmp, name);
	r = lstat(path, &st) == 0;
	free(path);
	return r;
}

/* Returns how many entries the scratch directory holds, and in *PARTS
 * how many of them end in ".part". */
static int
count_entries(int *parts)
{
	struct dirent *de;
	size_t len;
	DIR *d;
	int n;

	ck_assert_ptr_nonnull(d = opendir(tmp));
	n = 0;
	*parts = 0;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		n++;
		len = strlen(de->d_name);
		if (len > 5 && strcmp(de->d_name + len - 5, ".part") == 0)
			(*parts)++;
	}
	closedir(d);
	return n;
}

/* Writes TEXT to the .part of CLAIM. */
static void
put_claim(struct naming_claim *claim, const char *text)
{
	size_t len;

	len = strlen(text);
	ck_assert_int_eq(pwrite(claim->fd, text, len, 0), (ssize_t)len);
}

/* Makes the scratch directory for one test. */
static void
setup(void)
{
	const char *base;

	base = getenv("TMPDIR");
	tmp = strf("%s/check_naming.XXXXXX",
	    base != NULL && *base != '\0' ? base : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(tmp));
}

/* Removes the scratch directory and everything in it. */
static void
teardown(void)
{
	struct dirent *de;
	char *path;
	DIR *d;

	if ((d = opendir(tmp)) != NULL) {
		while ((de = readdir(d)) != NULL) {
			if (strcmp(de->d_name, ".") == 0 ||
			    strcmp(de->d_name, "..") == 0)
				continue;
			path = join(tmp, de->d_name);
			unlink(path);
			free(path);
		}
		closedir(d);
	}
	rmdir(tmp);
	free(tmp);
	tmp = NULL;
}

/* Checks the rules every sanitised NAME keeps. */
static void
check_safe(const char *name)
{
	char *again;

	ck_assert_ptr_null(strchr(name, '/'));
	ck_assert_ptr_null(strchr(name, '\\'));
	ck_assert(name[0] != '.' && name[0] != '-' && name[0] != ' ');
	ck_assert_uint_le(strlen(name), NAMING_MAX);
	ck_assert_ptr_nonnull(again = naming_sanitize(name));
	ck_assert_str_eq(again, name);
	free(again);
}

/* naming_sanitize() reduces each raw name of the table as expected. */
START_TEST(test_sanitize)
{
	const struct sanitize_case *c = &sanitize_cases[_i];
	char *name;

	name = naming_sanitize(c->raw);
	if (c->name == NULL) {
		ck_assert_msg(name == NULL, "case %d gave \"%s\"", _i, name);
		return;
	}
	ck_assert_ptr_nonnull(name);
	ck_assert_str_eq(name, c->name);
	check_safe(name);
	free(name);
}
END_TEST

/* naming_sanitize() cuts long names on a character boundary, keeping
 * a short extension. */
START_TEST(test_sanitize_long)
{
	const struct long_case *c = &long_cases[_i];
	char raw[2048], *name;
	size_t len;
	int k;

	snprintf(raw, sizeof raw, "%s", c->prefix);
	for (k = 0; k < c->count; k++)
		strcat(raw, c->unit);
	strcat(raw, c->suffix);

	ck_assert_ptr_nonnull(name = naming_sanitize(raw));
	len = strlen(name);
	ck_assert_uint_eq(len, c->len);
	ck_assert_uint_ge(len, strlen(c->end));
	ck_assert_str_eq(name + len - strlen(c->end), c->end);
	check_safe(name);
	free(name);
}
END_TEST

/* naming_from_url() finds the name in each URL of the table. */
START_TEST(test_from_url)
{
	const struct url_case *c = &url_cases[_i];
	char *name;

	ck_assert_ptr_nonnull(name = naming_from_url(c->url));
	ck_assert_str_eq(name, c->name);
	check_safe(name);
	free(name);
}
END_TEST

/* naming_variant() numbers each name of the table as expected. */
START_TEST(test_variant)
{
	const struct variant_case *c = &variant_cases[_i];
	char *name;

	ck_assert_ptr_nonnull(name = naming_variant(c->name, c->n));
	ck_assert_str_eq(name, c->variant);
	free(name);
}
END_TEST

/* naming_policy_parse() knows exactly the four policy words. */
START_TEST(test_policy)
{
	const struct policy_case *c = &policy_cases[_i];
	enum naming_policy p;

	p = NAMING_RENAME;
	ck_assert_int_eq(naming_policy_parse(c->word, &p), c->ok ? 0 : -1);
	ck_assert_int_eq(p, c->policy);
}
END_TEST

/* A free name is claimed as it is, and placing it leaves one file. */
START_TEST(test_claim_fresh)
{
	struct naming_claim c;
	char err[256], *path, *text;
	int parts;

	ck_assert_int_eq(naming_claim(tmp, "a.txt", NAMING_RENAME, 0, &c, err,
	    sizeof err), NAMING_OK);
	ck_assert_str_eq(c.name, "a.txt");
	path = join(tmp, "a.txt");
	ck_assert_str_eq(c.path, path);
	free(path);
	path = join(tmp, "a.txt.part");
	ck_assert_str_eq(c.part_path, path);
	free(path);
	ck_assert_int_ge(c.fd, 0);
	ck_assert_int_eq(c.size, 0);
	ck_assert(exists("a.txt.part") && !exists("a.txt"));

	put_claim(&c, "hello");
	ck_assert_int_eq(naming_place(&c, NAMING_RENAME, err, sizeof err),
	    NAMING_OK);
	naming_release(&c);
	naming_release(&c);

	ck_assert_ptr_nonnull(text = get_file("a.txt"));
	ck_assert_str_eq(text, "hello");
	free(text);
	ck_assert_int_eq(count_entries(&parts), 1);
	ck_assert_int_eq(parts, 0);
}
END_TEST

/* A directory given with a trailing slash, or none, still joins well. */
START_TEST(test_claim_dirs)
{
	struct naming_claim c;
	char err[256], *dir, *path;

	dir = strf("%s/", tmp);
	ck_assert_int_eq(naming_claim(dir, "x", NAMING_RENAME, 0, &c, err,
	    sizeof err), NAMING_OK);
	path = join(tmp, "x");
	ck_assert_str_eq(c.path, path);
	free(path);
	naming_release(&c);
	free(dir);

	ck_assert_int_eq(chdir(tmp), 0);
	ck_assert_int_eq(naming_claim("", "y", NAMING_RENAME, 0, &c, err,
	    sizeof err), NAMING_OK);
	ck_assert_str_eq(c.path, "y");
	ck_assert_str_eq(c.part_path, "y.part");
	naming_release(&c);
	ck_assert(exists("y.part"));
}
END_TEST

/* Under rename an existing file pushes the claim to the next variant. */
START_TEST(test_claim_rename)
{
	struct naming_claim c;
	char err[256], *text;

	put_file("a.tar.gz", "old");
	put_file("a (1).tar.gz", "old");
	ck_assert_int_eq(naming_claim(tmp, "a.tar.gz", NAMING_RENAME, 0, &c,
	    err, sizeof err), NAMING_OK);
	ck_assert_str_eq(c.name, "a (2).tar.gz");
	put_claim(&c, "new");
	ck_assert_int_eq(naming_place(&c, NAMING_RENAME, err, sizeof err),
	    NAMING_OK);
	naming_release(&c);

	ck_assert_ptr_nonnull(text = get_file("a (2).tar.gz"));
	ck_assert_str_eq(text, "new");
	free(text);
	ck_assert_ptr_nonnull(text = get_file("a.tar.gz"));
	ck_assert_str_eq(text, "old");
	free(text);
}
END_TEST

/* Under skip an existing file ends the claim without a .part. */
START_TEST(test_claim_skip)
{
	struct naming_claim c;
	char err[256];
	int parts;

	put_file("a", "old");
	ck_assert_int_eq(naming_claim(tmp, "a", NAMING_SKIP, 0, &c, err,
	    sizeof err), NAMING_SKIPPED);
	naming_release(&c);
	ck_assert_int_eq(count_entries(&parts), 1);
	ck_assert_int_eq(parts, 0);
}
END_TEST

/* Under fail an existing file is an error that names it. */
START_TEST(test_claim_fail)
{
	struct naming_claim c;
	char err[256], *want;
	int parts;

	put_file("a", "old");
	ck_assert_int_eq(naming_claim(tmp, "a", NAMING_FAIL, 0, &c, err,
	    sizeof err), NAMING_ERROR);
	want = strf("%s/a already exists", tmp);
	ck_assert_str_eq(err, want);
	free(want);
	naming_release(&c);
	ck_assert_int_eq(count_entries(&parts), 1);
}
END_TEST

/* Under overwrite the existing file is replaced once the body is in. */
START_TEST(test_claim_overwrite)
{
	struct naming_claim c;
	char err[256], *text;
	int parts;

	put_file("a", "old");
	ck_assert_int_eq(naming_claim(tmp, "a", NAMING_OVERWRITE, 0, &c, err,
	    sizeof err), NAMING_OK);
	ck_assert_str_eq(c.name, "a");
	ck_assert_ptr_nonnull(text = get_file("a"));
	ck_assert_str_eq(text, "old");
	free(text);

	put_claim(&c, "new");
	ck_assert_int_eq(naming_place(&c, NAMING_OVERWRITE, err, sizeof err),
	    NAMING_OK);
	naming_release(&c);
	ck_assert_ptr_nonnull(text = get_file("a"));
	ck_assert_str_eq(text, "new");
	free(text);
	ck_assert_int_eq(count_entries(&parts), 1);
	ck_assert_int_eq(parts, 0);
}
END_TEST

/* With resume a .part keeps its bytes; without, it starts empty. */
START_TEST(test_claim_resume)
{
	struct naming_claim c;
	char err[256], *text;

	put_file("a.part", "hello");
	ck_assert_int_eq(naming_claim(tmp, "a", NAMING_RENAME, 1, &c, err,
	    sizeof err), NAMING_OK);
	ck_assert_str_eq(c.name, "a");
	ck_assert_int_eq(c.size, 5);
	naming_release(&c);
	ck_assert_ptr_nonnull(text = get_file("a.part"));
	ck_assert_str_eq(text, "hello");
	free(text);

	ck_assert_int_eq(naming_claim(tmp, "a", NAMING_RENAME, 0, &c, err,
	    sizeof err), NAMING_OK);
	ck_assert_int_eq(c.size, 0);
	naming_release(&c);
	ck_assert_ptr_nonnull(text = get_file("a.part"));
	ck_assert_str_eq(text, "");
	free(text);
}
END_TEST

/* A .part locked by another task is passed over or refused. */
START_TEST(test_claim_busy)
{
	static const enum naming_policy refuse[] = {
		NAMING_FAIL, NAMING_SKIP, NAMING_OVERWRITE
	};
	struct naming_claim held, c;
	char err[256], *want;
	size_t i;

	ck_assert_int_eq(naming_claim(tmp, "a", NAMING_FAIL, 0, &held, err,
	    sizeof err), NAMING_OK);
	want = strf("%s/a.part is in use by another download", tmp);
	for (i = 0; i < NITEMS(refuse); i++) {
		ck_assert_int_eq(naming_claim(tmp, "a", refuse[i], 1, &c, err,
		    sizeof err), NAMING_ERROR);
		ck_assert_str_eq(err, want);
	}
	free(want);

	ck_assert_int_eq(naming_claim(tmp, "a", NAMING_RENAME, 0, &c, err,
	    sizeof err), NAMING_OK);
	ck_assert_str_eq(c.name, "a (1)");
	naming_release(&c);
	naming_release(&held);

	ck_assert_int_eq(naming_claim(tmp, "a", NAMING_RENAME, 0, &c, err,
	    sizeof err), NAMING_OK);
	ck_assert_str_eq(c.name, "a");
	naming_release(&c);
}
END_TEST

/* Under rename a file that appears while downloading is not replaced;
 * the next free variant is used. */
START_TEST(test_place_rename_race)
{
	struct naming_claim c;
	char err[256], *text, *path;

	put_file("a.txt", "first");
	ck_assert_int_eq(naming_claim(tmp, "a.txt", NAMING_RENAME, 0, &c, err,
	    sizeof err), NAMING_OK);
	ck_assert_str_eq(c.name, "a (1).txt");
	put_file("a (1).txt", "theirs");
	put_file("a (2).txt", "theirs");
	put_claim(&c, "mine");
	ck_assert_int_eq(naming_place(&c, NAMING_RENAME, err, sizeof err),
	    NAMING_OK);
	ck_assert_str_eq(c.name, "a (3).txt");
	path = join(tmp, "a (3).txt");
	ck_assert_str_eq(c.path, path);
	free(path);
	naming_release(&c);

	ck_assert_ptr_nonnull(text = get_file("a (3).txt"));
	ck_assert_str_eq(text, "mine");
	free(text);
	ck_assert_ptr_nonnull(text = get_file("a (1).txt"));
	ck_assert_str_eq(text, "theirs");
	free(text);
	ck_assert(!exists("a (1).txt.part"));
}
END_TEST

/* Under skip a file that appears while downloading wins. */
START_TEST(test_place_skip_race)
{
	struct naming_claim c;
	char err[256], *text;
	int parts;

	ck_assert_int_eq(naming_claim(tmp, "b", NAMING_SKIP, 0, &c, err,
	    sizeof err), NAMING_OK);
	put_file("b", "theirs");
	put_claim(&c, "mine");
	ck_assert_int_eq(naming_place(&c, NAMING_SKIP, err, sizeof err),
	    NAMING_SKIPPED);
	naming_release(&c);
	ck_assert_ptr_nonnull(text = get_file("b"));
	ck_assert_str_eq(text, "theirs");
	free(text);
	ck_assert_int_eq(count_entries(&parts), 1);
	ck_assert_int_eq(parts, 0);
}
END_TEST

/* Under fail a file that appears while downloading is an error, and
 * the .part is kept. */
START_TEST(test_place_fail_race)
{
	struct naming_claim c;
	char err[256], *text, *want;

	ck_assert_int_eq(naming_claim(tmp, "b", NAMING_FAIL, 0, &c, err,
	    sizeof err), NAMING_OK);
	put_file("b", "theirs");
	put_claim(&c, "mine");
	ck_assert_int_eq(naming_place(&c, NAMING_FAIL, err, sizeof err),
	    NAMING_ERROR);
	want = strf("%s/b already exists", tmp);
	ck_assert_str_eq(err, want);
	free(want);
	naming_release(&c);
	ck_assert_ptr_nonnull(text = get_file("b.part"));
	ck_assert_str_eq(text, "mine");
	free(text);
}
END_TEST

/* A missing directory is an error in words. */
START_TEST(test_claim_no_dir)
{
	struct naming_claim c;
	char err[256], *dir, *want;

	dir = join(tmp, "missing");
	ck_assert_int_eq(naming_claim(dir, "a", NAMING_RENAME, 0, &c, err,
	    sizeof err), NAMING_ERROR);
	want = strf("cannot create %s/a.part: %s", dir,
	    strerror(ENOENT));
	ck_assert_str_eq(err, want);
	ck_assert_int_eq(c.fd, -1);
	ck_assert_ptr_null(c.name);
	free(want);
	free(dir);
}
END_TEST

/* Names that are not one path component are refused. */
START_TEST(test_claim_bad_name)
{
	static const char *const bad[] = { "", ".", "..", "a/b", "../a" };
	struct naming_claim c;
	char err[256];
	size_t i;

	for (i = 0; i < NITEMS(bad); i++)
		ck_assert_int_eq(naming_claim(tmp, bad[i], NAMING_RENAME, 0,
		    &c, err, sizeof err), NAMING_ERROR);
	ck_assert_int_eq(naming_claim(tmp, NULL, NAMING_RENAME, 0, &c, err,
	    sizeof err), NAMING_ERROR);
}
END_TEST

/* A .part that is a symbolic link is never followed. */
START_TEST(test_claim_symlink_part)
{
	struct naming_claim c;
	char err[256], *target, *link_path, *text;

	put_file("victim", "precious");
	target = join(tmp, "victim");
	link_path = join(tmp, "a.part");
	ck_assert_int_eq(symlink(target, link_path), 0);
	ck_assert_int_eq(naming_claim(tmp, "a", NAMING_RENAME, 0, &c, err,
	    sizeof err), NAMING_ERROR);
	ck_assert_ptr_nonnull(strstr(err, "a.part"));
	ck_assert_ptr_nonnull(text = get_file("victim"));
	ck_assert_str_eq(text, "precious");
	free(text);
	free(target);
	free(link_path);
}
END_TEST

/* What one stress thread did: its number and the names it ended with. */
struct stress {
	pthread_t		 thread;
	pthread_barrier_t	*start;
	int			 id;
	int			 files;
	char			*names[STRESS_FILES];
	char			 err[256];
};

/* Returns the content stress thread ID writes as its file number K. */
static char *
stress_content(int id, int k)
{
	char *text, line[64];
	size_t len;
	int n;

	n = snprintf(line, sizeof line, "thread %d file %d\n", id, k);
	ck_assert_ptr_nonnull(text = malloc(100 * (size_t)n + 1));
	for (len = 0; len < 100 * (size_t)n; len += (size_t)n)
		memcpy(text + len, line, (size_t)n);
	text[len] = '\0';
	return text;
}

/* Claims, fills and places the files of one stress thread. */
static void *
stress_run(void *arg)
{
	struct stress *s = arg;
	struct naming_claim c;
	char *text;
	int k;

	pthread_barrier_wait(s->start);
	for (k = 0; k < s->files; k++) {
		if (naming_claim(tmp, "a", NAMING_RENAME, 0, &c, s->err,
		    sizeof s->err) != NAMING_OK)
			return NULL;
		text = stress_content(s->id, k);
		if (write(c.fd, text, strlen(text)) != (ssize_t)strlen(text))
			snprintf(s->err, sizeof s->err, "short write");
		free(text);
		if (naming_place(&c, NAMING_RENAME, s->err, sizeof s->err) !=
		    NAMING_OK)
			return NULL;
		s->names[k] = strdup(c.name);
		naming_release(&c);
	}
	return NULL;
}

/*
 * Runs STRESS_THREADS threads that each claim "a" FILES times at once,
 * and checks that every file landed under its own name with the right
 * content, names "a" to "a (N-1)" with no gap, and no .part left.
 */
static void
stress(int files)
{
	struct stress s[STRESS_THREADS];
	pthread_barrier_t start;
	char *seen, *want, *text, variant[64];
	int i, k, n, total, parts;

	total = STRESS_THREADS * files;
	ck_assert_ptr_nonnull(seen = calloc((size_t)total, 1));
	pthread_barrier_init(&start, NULL, STRESS_THREADS);
	memset(s, 0, sizeof s);
	for (i = 0; i < STRESS_THREADS; i++) {
		s[i].start = &start;
		s[i].id = i;
		s[i].files = files;
		ck_assert_int_eq(pthread_create(&s[i].thread, NULL, stress_run,
		    &s[i]), 0);
	}
	for (i = 0; i < STRESS_THREADS; i++)
		pthread_join(s[i].thread, NULL);
	pthread_barrier_destroy(&start);

	for (i = 0; i < STRESS_THREADS; i++) {
		for (k = 0; k < files; k++) {
			ck_assert_msg(s[i].names[k] != NULL,
			    "thread %d: %s", i, s[i].err);
			n = 0;
			if (strcmp(s[i].names[k], "a") != 0)
				ck_assert_int_eq(sscanf(s[i].names[k],
				    "a (%d)", &n), 1);
			ck_assert_int_lt(n, total);
			snprintf(variant, sizeof variant, n == 0 ? "a" :
			    "a (%d)", n);
			ck_assert_str_eq(s[i].names[k], variant);
			ck_assert_msg(!seen[n], "%s used twice", variant);
			seen[n] = 1;

			want = stress_content(i, k);
			ck_assert_ptr_nonnull(text = get_file(variant));
			ck_assert_str_eq(text, want);
			free(text);
			free(want);
			free(s[i].names[k]);
		}
	}
	free(seen);
	ck_assert_int_eq(count_entries(&parts), total);
	ck_assert_int_eq(parts, 0);
}

/* Overwrites "a" from one stress thread again and again, retrying
 * while another thread holds it. */
static void *
stress_overwrite_run(void *arg)
{
	struct stress *s = arg;
	struct naming_claim c;
	enum naming_result r;
	char *text;
	int k;

	pthread_barrier_wait(s->start);
	for (k = 0; k < s->files; k++) {
		while ((r = naming_claim(tmp, "a", NAMING_OVERWRITE, 0, &c,
		    s->err, sizeof s->err)) == NAMING_ERROR &&
		    strstr(s->err, "in use") != NULL)
			continue;
		if (r != NAMING_OK)
			return NULL;
		text = stress_content(s->id, k);
		if (write(c.fd, text, strlen(text)) != (ssize_t)strlen(text))
			snprintf(s->err, sizeof s->err, "short write");
		free(text);
		r = naming_place(&c, NAMING_OVERWRITE, s->err, sizeof s->err);
		naming_release(&c);
		if (r != NAMING_OK)
			return NULL;
	}
	s->names[0] = strdup("done");
	return NULL;
}

/* Threads overwriting one name never clobber a placed file and never
 * fail to place their own. */
START_TEST(test_stress_overwrite)
{
	struct stress s[STRESS_THREADS];
	pthread_barrier_t start;
	char *text, *want;
	int i, id, k, parts;

	pthread_barrier_init(&start, NULL, STRESS_THREADS);
	memset(s, 0, sizeof s);
	for (i = 0; i < STRESS_THREADS; i++) {
		s[i].start = &start;
		s[i].id = i;
		s[i].files = 300;
		ck_assert_int_eq(pthread_create(&s[i].thread, NULL,
		    stress_overwrite_run, &s[i]), 0);
	}
	for (i = 0; i < STRESS_THREADS; i++)
		pthread_join(s[i].thread, NULL);
	pthread_barrier_destroy(&start);

	for (i = 0; i < STRESS_THREADS; i++) {
		ck_assert_msg(s[i].names[0] != NULL, "thread %d: %s", i,
		    s[i].err);
		free(s[i].names[0]);
	}
	ck_assert_ptr_nonnull(text = get_file("a"));
	ck_assert_int_eq(sscanf(text, "thread %d file %d", &id, &k), 2);
	want = stress_content(id, k);
	ck_assert_str_eq(text, want);
	free(want);
	free(text);
	ck_assert_int_eq(count_entries(&parts), 1);
	ck_assert_int_eq(parts, 0);
}
END_TEST

/* Ten threads claiming "a" at once get "a" to "a (9)", one each. */
START_TEST(test_stress_once)
{
	int round;

	for (round = 0; round < 20; round++) {
		teardown();
		setup();
		stress(1);
	}
}
END_TEST

/* Ten threads claiming "a" over and over never share a name. */
START_TEST(test_stress_many)
{
	stress(STRESS_FILES);
}
END_TEST

/* Collects the naming tests. */
static Suite *
naming_suite(void)
{
	Suite *s;
	TCase *tc;

	s = suite_create("naming");
	tc = tcase_create("names");
	tcase_add_loop_test(tc, test_sanitize, 0, (int)NITEMS(sanitize_cases));
	tcase_add_loop_test(tc, test_sanitize_long, 0,
	    (int)NITEMS(long_cases));
	tcase_add_loop_test(tc, test_from_url, 0, (int)NITEMS(url_cases));
	tcase_add_loop_test(tc, test_variant, 0, (int)NITEMS(variant_cases));
	tcase_add_loop_test(tc, test_policy, 0, (int)NITEMS(policy_cases));
	suite_add_tcase(s, tc);

	tc = tcase_create("claim");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_claim_fresh);
	tcase_add_test(tc, test_claim_dirs);
	tcase_add_test(tc, test_claim_rename);
	tcase_add_test(tc, test_claim_skip);
	tcase_add_test(tc, test_claim_fail);
	tcase_add_test(tc, test_claim_overwrite);
	tcase_add_test(tc, test_claim_resume);
	tcase_add_test(tc, test_claim_busy);
	tcase_add_test(tc, test_place_rename_race);
	tcase_add_test(tc, test_place_skip_race);
	tcase_add_test(tc, test_place_fail_race);
	tcase_add_test(tc, test_claim_no_dir);
	tcase_add_test(tc, test_claim_bad_name);
	tcase_add_test(tc, test_claim_symlink_part);
	tcase_add_test(tc, test_stress_once);
	tcase_add_test(tc, test_stress_many);
	tcase_add_test(tc, test_stress_overwrite);
	suite_add_tcase(s, tc);
	return s;
}

/* Runs the naming tests; fails when any test does. */
int
main(void)
{

	return unit_run(naming_suite());
}
