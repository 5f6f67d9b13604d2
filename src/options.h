/*
 * The command line.  options_parse() fills struct options from argv using
 * one table that also writes --help, so the two cannot disagree.
 */
#ifndef HAUL_OPTIONS_H
#define HAUL_OPTIONS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "naming.h"

/* The most concurrent downloads -j and the + key allow. */
#define OPTIONS_MAX_JOBS 64

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
	int64_t			  limit_rate;	/* bytes/s, 0 for none */
	const char		 *session;	/* --session, or NULL */
	int			  keep_done;
	const char		 *log;		/* --log, or NULL */
	int			  insecure;	/* no TLS certificate checks */
	const char		 *ca_file;	/* --ca-certificate, or NULL */
	char			**kept;		/* config values options point
						 * into, freed with the rest */
	size_t			  nkept;
};

/* What options_parse() decided. */
enum options_result {
	OPTIONS_RUN,		/* go on and download */
	OPTIONS_EXIT,		/* --help or --version was printed */
	OPTIONS_BAD		/* a usage error was printed */
};

/*
 * Sets the defaults, then reads the config file
 * ($XDG_CONFIG_HOME/haul/config, else ~/.config/haul/config; "key = value"
 * lines with the long option names), then parses ARGV, which wins.  A bad
 * config line is reported with its line number and skipped.  Messages go
 * to standard output or standard error.
 */
enum options_result options_parse(int argc, char **argv, struct options *o);

/* Frees what options_parse() allocated. */
void	options_free(struct options *o);

/* Prints the --help text to FP. */
void	options_usage(FILE *fp);

#endif
