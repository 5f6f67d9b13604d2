/*
 * Fuzzes the config file parser.  It is private to options.c, so each
 * input is written to the config file of a scratch $XDG_CONFIG_HOME and
 * read back through options_parse() with a fixed command line, exactly
 * as haul reads it at start-up.  Whatever the file holds, the options
 * must come out within their documented ranges.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "options.h"

/* The URL of the fixed command line. */
#define FUZZ_CONFIG_URL "http://127.0.0.1/f"

/* The scratch directory, its haul/ and the config file in it. */
static char	fuzz_config_home[4096];
static char	fuzz_config_dir[4096 + 8];
static char	fuzz_config_file[4096 + 16];

int	LLVMFuzzerInitialize(int *argc, char ***argv);
int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Says which property of the parsed options broke, and aborts. */
static void
fuzz_config_fail(const char *why)
{
	fprintf(stderr, "fuzz: options_parse: %s\n", why);
	abort();
}

/* Removes the scratch directory at exit. */
static void
fuzz_config_cleanup(void)
{
	unlink(fuzz_config_file);
	rmdir(fuzz_config_dir);
	rmdir(fuzz_config_home);
}

/* Makes the scratch $XDG_CONFIG_HOME/haul and points haul at it. */
int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *tmp;

	(void)argc;
	(void)argv;
	if ((tmp = getenv("TMPDIR")) == NULL || *tmp != '/')
		tmp = "/tmp";
	snprintf(fuzz_config_home, sizeof fuzz_config_home,
	    "%s/haul-fuzz-config.XXXXXX", tmp);
	if (mkdtemp(fuzz_config_home) == NULL) {
		perror("fuzz: mkdtemp");
		exit(1);
	}
	snprintf(fuzz_config_dir, sizeof fuzz_config_dir, "%s/haul",
	    fuzz_config_home);
	snprintf(fuzz_config_file, sizeof fuzz_config_file, "%s/config",
	    fuzz_config_dir);
	if (mkdir(fuzz_config_dir, 0700) == -1 ||
	    setenv("XDG_CONFIG_HOME", fuzz_config_home, 1) == -1) {
		perror("fuzz: config directory");
		exit(1);
	}
	atexit(fuzz_config_cleanup);
	return 0;
}

/* Replaces the config file with the SIZE bytes at DATA. */
static void
fuzz_config_write(const uint8_t *data, size_t size)
{
	ssize_t n;
	int fd;

	fd = open(fuzz_config_file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0600);
	if (fd == -1) {
		perror("fuzz: config file");
		abort();
	}
	while (size > 0) {
		if ((n = write(fd, data, size)) == -1 && errno == EINTR)
			continue;
		if (n <= 0) {
			perror("fuzz: writing the config file");
			abort();
		}
		data += n;
		size -= (size_t)n;
	}
	close(fd);
}

/*
 * Checks that the string option S, if set, is one of the config values
 * O keeps, no longer than the SIZE bytes of the file.
 */
static void
fuzz_config_kept(const struct options *o, const char *s, size_t size)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < o->nkept; i++)
		if (o->kept[i] == s)
			break;
	if (i == o->nkept)
		fuzz_config_fail("a string option is not a kept value");
	if (strlen(s) > size)
		fuzz_config_fail("a value longer than the config file");
}

/* Checks the numbers in O against the ranges options.h and --help give. */
static void
fuzz_config_ranges(const struct options *o)
{
	if (o->jobs < 1 || o->jobs > OPTIONS_MAX_JOBS)
		fuzz_config_fail("jobs out of range");
	if (o->retries < 0 || o->retries > 1000)
		fuzz_config_fail("retries out of range");
	if (o->timeout < 0 || o->timeout > 86400 ||
	    o->connect_timeout < 0 || o->connect_timeout > 86400 ||
	    o->max_wait < 0 || o->max_wait > 86400)
		fuzz_config_fail("a time out of range");
	if (o->limit_rate < 0)
		fuzz_config_fail("negative rate limit");
	if (o->on_exists != NAMING_RENAME && o->on_exists != NAMING_OVERWRITE &&
	    o->on_exists != NAMING_SKIP && o->on_exists != NAMING_FAIL)
		fuzz_config_fail("unknown --on-exists policy");
	if ((o->resume | o->no_tui | o->quiet | o->keep_done) & ~1)
		fuzz_config_fail("a flag that is neither 0 nor 1");
}

/* Checks every field of the options that a config file of SIZE bytes
 * gave. */
static void
fuzz_config_check(const struct options *o, size_t size)
{
	size_t i;

	fuzz_config_ranges(o);
	if (o->dir == NULL || o->dir[0] == '\0')
		fuzz_config_fail("no download directory");
	if (o->nurls != 1 || strcmp(o->urls[0], FUZZ_CONFIG_URL) != 0)
		fuzz_config_fail("the command-line URL was lost");
	for (i = 0; i < o->ninputs; i++)
		if (o->inputs[i] == NULL || o->inputs[i][0] == '\0')
			fuzz_config_fail("empty input file name");
	for (i = 0; i < o->nkept; i++)
		if (strlen(o->kept[i]) > size)
			fuzz_config_fail("a value longer than the config file");
	if (strcmp(o->dir, ".") != 0)
		fuzz_config_kept(o, o->dir, size);
	fuzz_config_kept(o, o->output, size);
	fuzz_config_kept(o, o->session, size);
	fuzz_config_kept(o, o->log, size);
}

/* Reads one input as the config file behind a fixed command line. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char prog[] = "haul", url[] = FUZZ_CONFIG_URL;
	char *argv[] = { prog, url, NULL };
	struct options o;
	enum options_result r;

	fuzz_config_write(data, size);
	optind = 1;
	r = options_parse(2, argv, &o);
	if (r == OPTIONS_EXIT)
		fuzz_config_fail("the config file printed help or version");
	if (r == OPTIONS_RUN)
		fuzz_config_check(&o, size);
	options_free(&o);
	return 0;
}
