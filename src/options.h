/*
 * The command line.  options_parse() fills struct options from argv using
 * one table that also writes --help, so the two cannot disagree.
 */
#ifndef HAUL_OPTIONS_H
#define HAUL_OPTIONS_H

#include <stddef.h>
#include <stdio.h>

#include "naming.h"

struct options {
	char			**inputs;	/* -i files, in order */
	size_t			  ninputs;
	char			**urls;		/* URLs from the command line */
	size_t			  nurls;
	const char		 *dir;		/* -d, default "." */
	unsigned		  jobs;		/* -j */
	const char		 *output;	/* -o */
	enum naming_policy	  on_exists;
	int			  resume;	/* cleared by --no-continue */
	int			  retries;
	long			  timeout;
	long			  connect_timeout;
	long			  max_wait;	/* longest Retry-After obeyed */
	int			  no_tui;
	int			  quiet;
};

/* What options_parse() decided. */
enum options_result {
	OPTIONS_RUN,		/* go on and download */
	OPTIONS_EXIT,		/* --help or --version was printed */
	OPTIONS_BAD		/* a usage error was printed */
};

/* Parses ARGV into O; messages go to standard output or standard error. */
enum options_result options_parse(int argc, char **argv, struct options *o);

/* Frees what options_parse() allocated. */
void	options_free(struct options *o);

/* Prints the --help text to FP. */
void	options_usage(FILE *fp);

#endif
