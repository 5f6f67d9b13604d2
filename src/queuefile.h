/*
 * Queue files: the aria2-compatible list of URLs that haul loads at
 * start-up (and, later, writes as its session).
 *
 *	# a comment; blank lines are ignored
 *	https://example.org/a.iso
 *	  out=debian.iso
 *	  dir=isos
 *	  checksum=sha-256=<hex>
 *	https://mirror1/b.tar.gz<TAB>https://mirror2/b.tar.gz
 *
 * A URL line starts in column 0 and may hold several tab-separated URLs
 * (mirrors of one file).  Indented key=value lines belong to the URL line
 * above them.  A malformed line or an unknown key is reported through
 * the warning callback with its line number and skipped; every good entry
 * still loads.
 */
#ifndef HAUL_QUEUEFILE_H
#define HAUL_QUEUEFILE_H

#include <stddef.h>

/* One download as a queue file describes it. */
struct queue_entry {
	char		**urls;		/* NURLS mirrors, at least one */
	size_t		  nurls;
	char		 *out;		/* out=: file name, or NULL */
	char		 *dir;		/* dir=: directory, or NULL */
	char		 *checksum;	/* checksum=: TYPE=HEX, or NULL */
	char		 *pause;	/* pause=: "true" in sessions */
	char		 *done;		/* done=: "true" in sessions */
	unsigned	  line;		/* line of the URL in the file */
};

/*
 * Called for every complete entry; the callee owns ENTRY and must free it
 * with queuefile_entry_free().
 */
typedef void	(*queuefile_entry_cb)(struct queue_entry *entry, void *arg);

/* Called for every line that was skipped, with the reason in words. */
typedef void	(*queuefile_warn_cb)(const char *file, unsigned line,
		    const char *msg, void *arg);

/*
 * Parses LEN bytes of TEXT, named FILE in warnings.  Returns the number of
 * entries passed to ENTRY.
 */
size_t	queuefile_parse(const char *text, size_t len, const char *file,
	    queuefile_entry_cb entry, queuefile_warn_cb warn, void *arg);

/*
 * Reads and parses the file at PATH ("-" is standard input).  Returns the
 * number of entries, or -1 with errno set when the file cannot be read.
 */
long	queuefile_load(const char *path, queuefile_entry_cb entry,
	    queuefile_warn_cb warn, void *arg);

/* Frees an entry and everything it owns. */
void	queuefile_entry_free(struct queue_entry *entry);

#endif
