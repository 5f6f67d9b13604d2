/*
 * Command-line options.  Each option is one row of options_table: its
 * names, its argument, its help line and the function that stores it.
 * getopt_long's table, its short-option string and --help are all built
 * from those rows.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "options.h"

/* Stores an option's argument; returns 0 or -1 (message printed). */
typedef int	(*options_set_fn)(struct options *, const char *);

struct options_row {
	const char	*name;		/* long name */
	int		 letter;	/* short letter, or 0 */
	const char	*arg;		/* argument name, or NULL for none */
	const char	*help;
	options_set_fn	 set;
};

/* Pseudo-letters for options that have only a long name. */
enum {
	OPT_ON_EXISTS = 256,
	OPT_NO_CONTINUE,
	OPT_RETRIES,
	OPT_TIMEOUT,
	OPT_CONNECT_TIMEOUT,
	OPT_MAX_WAIT,
	OPT_LIMIT_RATE,
	OPT_SESSION,
	OPT_KEEP_DONE,
	OPT_LOG,
	OPT_INSECURE,
	OPT_CA_FILE,
	OPT_NO_TUI
};

/* Prints "haul: MSG" to standard error and returns -1. */
static int
options_bad(const char *what, const char *value, const char *why)
{
	char safe[256];

	fprintf(stderr, "haul: %s '%s': %s\n", what,
	    format_escape(safe, sizeof safe, value), why);
	return -1;
}

/* Parses a whole number in [MIN, MAX] for option WHAT. */
static int
options_number(const char *what, const char *s, long min, long max, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < min || v > max) {
		char why[64];

		snprintf(why, sizeof why, "expected a whole number from %ld "
		    "to %ld", min, max);
		return options_bad(what, s, why);
	}
	*out = v;
	return 0;
}

/* Appends S to the string array *V of length *N. */
static int
options_push(char ***v, size_t *n, const char *s)
{
	char **grown;

	if ((grown = realloc(*v, (*n + 1) * sizeof *grown)) == NULL)
		return -1;
	*v = grown;
	if ((grown[*n] = strdup(s)) == NULL)
		return -1;
	(*n)++;
	return 0;
}

static int
options_set_input(struct options *o, const char *s)
{
	return options_push(&o->inputs, &o->ninputs, s);
}

static int
options_set_dir(struct options *o, const char *s)
{
	if (*s == '\0')
		return options_bad("--dir", s, "empty directory name");
	o->dir = s;
	return 0;
}

static int
options_set_jobs(struct options *o, const char *s)
{
	long v;

	if (options_number("--jobs", s, 1, OPTIONS_MAX_JOBS, &v) != 0)
		return -1;
	o->jobs = (unsigned)v;
	return 0;
}

static int
options_set_output(struct options *o, const char *s)
{
	o->output = s;
	return 0;
}

static int
options_set_on_exists(struct options *o, const char *s)
{
	if (naming_policy_parse(s, &o->on_exists) != 0)
		return options_bad("--on-exists", s,
		    "expected rename, overwrite, skip or fail");
	return 0;
}

static int
options_set_no_continue(struct options *o, const char *s)
{
	(void)s;
	o->resume = 0;
	return 0;
}

static int
options_set_retries(struct options *o, const char *s)
{
	long v;

	if (options_number("--retries", s, 0, 1000, &v) != 0)
		return -1;
	o->retries = (int)v;
	return 0;
}

static int
options_set_timeout(struct options *o, const char *s)
{
	return options_number("--timeout", s, 0, 86400, &o->timeout);
}

static int
options_set_connect_timeout(struct options *o, const char *s)
{
	return options_number("--connect-timeout", s, 0, 86400,
	    &o->connect_timeout);
}

static int
options_set_max_wait(struct options *o, const char *s)
{
	return options_number("--max-wait", s, 0, 86400, &o->max_wait);
}

static int
options_set_limit_rate(struct options *o, const char *s)
{
	if (format_parse_size(s, &o->limit_rate) != 0)
		return options_bad("--limit-rate", s,
		    "expected a rate such as 500K or 2M (0 for none)");
	return 0;
}

static int
options_set_session(struct options *o, const char *s)
{
	o->session = s;
	return 0;
}

static int
options_set_keep_done(struct options *o, const char *s)
{
	(void)s;
	o->keep_done = 1;
	return 0;
}

static int
options_set_log(struct options *o, const char *s)
{
	o->log = s;
	return 0;
}

static int
options_set_insecure(struct options *o, const char *s)
{
	(void)s;
	o->insecure = 1;
	return 0;
}

static int
options_set_ca_file(struct options *o, const char *s)
{
	o->ca_file = s;
	return 0;
}

static int
options_set_no_tui(struct options *o, const char *s)
{
	(void)s;
	o->no_tui = 1;
	return 0;
}

static int
options_set_quiet(struct options *o, const char *s)
{
	(void)s;
	o->quiet = 1;
	return 0;
}

static const struct options_row options_table[] = {
	{ "input-file", 'i', "FILE", "load a queue file (repeatable; - is "
	    "standard input)", options_set_input },
	{ "dir", 'd', "DIR", "download directory (default: current "
	    "directory)", options_set_dir },
	{ "jobs", 'j', "N", "concurrent downloads, 1 to 64 (default 4)",
	    options_set_jobs },
	{ "output", 'o', "NAME", "file name (one URL only)",
	    options_set_output },
	{ "on-exists", OPT_ON_EXISTS, "POLICY", "rename (default), "
	    "overwrite, skip or fail", options_set_on_exists },
	{ "no-continue", OPT_NO_CONTINUE, NULL, "ignore existing .part "
	    "files", options_set_no_continue },
	{ "retries", OPT_RETRIES, "N", "attempts after the first (default 5)",
	    options_set_retries },
	{ "timeout", OPT_TIMEOUT, "SECS", "give up on a transfer stalled this "
	    "long (default 30)", options_set_timeout },
	{ "connect-timeout", OPT_CONNECT_TIMEOUT, "SECS", "give up on a "
	    "connection after this long (default 30)",
	    options_set_connect_timeout },
	{ "max-wait", OPT_MAX_WAIT, "SECS", "longest Retry-After to obey "
	    "(default 300)",
	    options_set_max_wait },
	{ "limit-rate", OPT_LIMIT_RATE, "RATE", "overall speed limit, e.g. "
	    "500K or 2M (0: none)", options_set_limit_rate },
	{ "session", OPT_SESSION, "FILE", "load the queue from FILE and keep "
	    "its state there", options_set_session },
	{ "keep-done", OPT_KEEP_DONE, NULL, "keep finished downloads in the "
	    "session file", options_set_keep_done },
	{ "log", OPT_LOG, "FILE", "write a log of requests, responses and "
	    "errors to FILE", options_set_log },
	{ "ca-certificate", OPT_CA_FILE, "FILE", "trust the certificate "
	    "authorities in FILE (PEM)", options_set_ca_file },
	{ "insecure", OPT_INSECURE, NULL, "do not check TLS certificates "
	    "(unsafe: anyone on the path can read and change the data)",
	    options_set_insecure },
	{ "no-tui", OPT_NO_TUI, NULL, "line output even on a terminal",
	    options_set_no_tui },
	{ "quiet", 'q', NULL, "line output: errors and the summary only",
	    options_set_quiet },
	{ "help", 'h', NULL, "show this help and exit", NULL },
	{ "version", 'V', NULL, "show the version and exit", NULL },
};

#define OPTIONS_N (sizeof options_table / sizeof options_table[0])

/* Prints TEXT wrapped at 79 columns, continuing lines at column INDENT. */
static void
options_wrap(FILE *fp, const char *text, int indent)
{
	int col = indent, n;

	while (*text != '\0') {
		n = (int)strcspn(text, " ");
		if (col > indent && col + 1 + n > 79) {
			fprintf(fp, "\n%*s", indent, "");
			col = indent;
		} else if (col > indent) {
			fputc(' ', fp);
			col++;
		}
		fprintf(fp, "%.*s", n, text);
		col += n;
		text += n;
		text += strspn(text, " ");
	}
	fputc('\n', fp);
}

/* Prints the help text, one line per table row. */
void
options_usage(FILE *fp)
{
	size_t i;

	fprintf(fp, "Usage: haul [OPTION]... [URL]...\n"
	    "Download URLs in parallel, with a live screen on a terminal.\n\n");
	for (i = 0; i < OPTIONS_N; i++) {
		const struct options_row *r = &options_table[i];
		char left[48];
		int n;

		if (r->letter > 0 && r->letter < 256)
			n = snprintf(left, sizeof left, "  -%c, --%s",
			    r->letter, r->name);
		else
			n = snprintf(left, sizeof left, "      --%s", r->name);
		if (r->arg != NULL && n > 0 && (size_t)n < sizeof left)
			snprintf(left + n, sizeof left - (size_t)n, "=%s",
			    r->arg);
		fprintf(fp, "%-28s", left);
		if (strlen(left) > 27)
			fprintf(fp, "\n%28s", "");
		options_wrap(fp, r->help, 28);
	}
	fprintf(fp, "\nExit status: 0 every download finished, 1 at least "
	    "one failed,\n2 bad usage or a queue file that could not be "
	    "read.\nSee haul(1) for queue files and keys.\n");
}

/* Builds getopt_long's tables from options_table. */
static void
options_getopt_tables(struct option *longs, char *shorts)
{
	size_t i;

	for (i = 0; i < OPTIONS_N; i++) {
		const struct options_row *r = &options_table[i];

		longs[i].name = r->name;
		longs[i].has_arg = r->arg ? required_argument : no_argument;
		longs[i].flag = NULL;
		longs[i].val = r->letter;
		if (r->letter > 0 && r->letter < 256) {
			*shorts++ = (char)r->letter;
			if (r->arg != NULL)
				*shorts++ = ':';
		}
	}
	memset(&longs[OPTIONS_N], 0, sizeof longs[OPTIONS_N]);
	*shorts = '\0';
}

/* Returns the row for getopt's value C. */
static const struct options_row *
options_find(int c)
{
	size_t i;

	for (i = 0; i < OPTIONS_N; i++)
		if (options_table[i].letter == c)
			return &options_table[i];
	return NULL;
}

/* Sets the defaults DESIGN.md gives. */
static void
options_defaults(struct options *o)
{
	memset(o, 0, sizeof *o);
	o->dir = ".";
	o->jobs = 4;
	o->on_exists = NAMING_RENAME;
	o->resume = 1;
	o->retries = 5;
	o->timeout = 30;
	o->connect_timeout = 30;
	o->max_wait = 300;
}

/* Returns the row with long name NAME, or NULL. */
static const struct options_row *
options_named(const char *name)
{
	size_t i;

	for (i = 0; i < OPTIONS_N; i++)
		if (strcmp(options_table[i].name, name) == 0)
			return &options_table[i];
	return NULL;
}

/* Trims white space from both ends of S in place and returns it. */
static char *
options_trim(char *s)
{
	char *end;

	while (*s == ' ' || *s == '\t')
		s++;
	end = s + strlen(s);
	while (end > s && strchr(" \t\r\n", end[-1]) != NULL)
		*--end = '\0';
	return s;
}

/* Applies one "key = value" line of the config file; returns 0 or -1. */
static int
options_config_line(struct options *o, char *line, const char *path,
    unsigned n)
{
	const struct options_row *r;
	char *key, *value = NULL, *eq, safe[256];

	if ((eq = strchr(line, '=')) != NULL) {
		*eq = '\0';
		value = options_trim(eq + 1);
	}
	key = options_trim(line);
	if ((r = options_named(key)) == NULL || r->set == NULL) {
		fprintf(stderr, "haul: %s:%u: unknown option '%s'\n", path, n,
		    format_escape(safe, sizeof safe, key));
		return -1;
	}
	if (r->arg != NULL && (value == NULL || *value == '\0')) {
		fprintf(stderr, "haul: %s:%u: %s needs a value\n", path, n,
		    key);
		return -1;
	}
	if (r->arg == NULL && value != NULL && strcmp(value, "true") != 0) {
		fprintf(stderr, "haul: %s:%u: %s takes no value (or true)\n",
		    path, n, key);
		return -1;
	}
	if (value != NULL && options_push(&o->kept, &o->nkept, value) != 0)
		return -1;
	if (r->set(o, value ? o->kept[o->nkept - 1] : NULL) != 0) {
		fprintf(stderr, "haul: %s:%u: line ignored\n", path, n);
		return -1;
	}
	return 0;
}

/* Returns the config file's path (malloc'd), or NULL. */
static char *
options_config_path(void)
{
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	char *path;
	int n;

	if (xdg != NULL && *xdg == '/')
		n = asprintf(&path, "%s/haul/config", xdg);
	else if (home != NULL && *home != '\0')
		n = asprintf(&path, "%s/.config/haul/config", home);
	else
		return NULL;
	return n == -1 ? NULL : path;
}

/* Reads the config file, if there is one. */
static void
options_config(struct options *o)
{
	char *path, *line = NULL, *text;
	size_t cap = 0;
	unsigned n = 0;
	FILE *fp;

	if ((path = options_config_path()) == NULL)
		return;
	if ((fp = fopen(path, "re")) == NULL) {
		if (errno != ENOENT)
			fprintf(stderr, "haul: cannot read %s: %s\n", path,
			    strerror(errno));
		free(path);
		return;
	}
	while (getline(&line, &cap, fp) != -1) {
		n++;
		text = line;
		if (n == 1 && strncmp(text, "\xef\xbb\xbf", 3) == 0)
			text += 3;	/* a UTF-8 byte order mark */
		text = options_trim(text);
		if (*text != '\0' && *text != '#')
			(void)options_config_line(o, text, path, n);
	}
	free(line);
	fclose(fp);
	free(path);
}

/* Parses the command line; see options.h. */
enum options_result
options_parse(int argc, char **argv, struct options *o)
{
	struct option longs[OPTIONS_N + 1];
	char shorts[2 * OPTIONS_N + 2];
	const struct options_row *r;
	int c;

	options_defaults(o);
	options_config(o);
	options_getopt_tables(longs, shorts);
	while ((c = getopt_long(argc, argv, shorts, longs, NULL)) != -1) {
		if (c == 'h') {
			options_usage(stdout);
			return OPTIONS_EXIT;
		}
		if (c == 'V') {
			printf("haul %s\n", PACKAGE_VERSION);
			return OPTIONS_EXIT;
		}
		if ((r = options_find(c)) == NULL || r->set == NULL) {
			fprintf(stderr, "Try 'haul --help' for more "
			    "information.\n");
			return OPTIONS_BAD;
		}
		if (r->set(o, optarg) != 0)
			return OPTIONS_BAD;
	}
	for (; optind < argc; optind++)
		if (options_push(&o->urls, &o->nurls, argv[optind]) != 0)
			return OPTIONS_BAD;
	if (o->output != NULL && o->ninputs > 0) {
		fprintf(stderr, "haul: --output goes with a URL on the command "
		    "line, not with -i (use out= in the queue file)\n");
		return OPTIONS_BAD;
	}
	if (o->output != NULL && o->nurls != 1) {
		fprintf(stderr, "haul: --output names one file: give exactly "
		    "one URL\n");
		return OPTIONS_BAD;
	}
	return OPTIONS_RUN;
}

/* Frees the arrays options_parse() built. */
void
options_free(struct options *o)
{
	size_t i;

	for (i = 0; i < o->ninputs; i++)
		free(o->inputs[i]);
	for (i = 0; i < o->nurls; i++)
		free(o->urls[i]);
	for (i = 0; i < o->nkept; i++)
		free(o->kept[i]);
	free(o->inputs);
	free(o->urls);
	free(o->kept);
}
