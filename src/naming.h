/*
 * File names: what a download is called on disk and how it gets there.
 *
 * A name may come from a person (out=, -o), from the server, or from the
 * URL; whichever it is, naming_sanitize() reduces it to one safe path
 * component before it touches the disk.  naming_claim() then picks the
 * name a task will really use under the --on-exists policy and opens its
 * NAME.part, holding a lock on it so that no other worker (or other haul
 * process) can write the same file.  naming_place() moves the finished
 * .part into place without ever replacing a file that appeared meanwhile,
 * unless the policy is overwrite.
 */
#ifndef HAUL_NAMING_H
#define HAUL_NAMING_H

#include <stddef.h>
#include <stdint.h>

/* What to do when the target name is taken (--on-exists). */
enum naming_policy {
	NAMING_RENAME,		/* use "stem (1).ext", "stem (2).ext", ... */
	NAMING_OVERWRITE,	/* replace the existing file when done */
	NAMING_SKIP,		/* leave it alone; the task counts as done */
	NAMING_FAIL		/* leave it alone; the task fails */
};

/* Results of naming_claim() and naming_place(). */
enum naming_result {
	NAMING_OK,
	NAMING_SKIPPED,		/* target exists and the policy is skip */
	NAMING_ERROR		/* see the message in ERR */
};

/* A claimed name: the open, locked NAME.part of one task. */
struct naming_claim {
	int	 fd;		/* NAME.part, open for reading and writing */
	char	*name;		/* the chosen file name, no directory */
	char	*path;		/* DIR/NAME */
	char	*part_path;	/* DIR/NAME.part */
	int64_t	 size;		/* bytes already in NAME.part */
};

/*
 * Returns a safe file name made from RAW (malloc'd), or NULL when nothing
 * usable is left: the last path component only ('/' and '\\' separate),
 * control characters and invalid UTF-8 dropped, no leading '-' or '.',
 * never "." or "..", at most NAMING_MAX bytes cut on a character boundary
 * with the extension kept.
 */
char	*naming_sanitize(const char *raw);

/* Longest name naming_sanitize() returns: leaves room for " (NN)" and
 * ".part" within the usual 255-byte limit. */
#define NAMING_MAX 240

/*
 * Returns the file name a URL asks for (malloc'd): its last path segment,
 * query and fragment dropped, percent-decoded, sanitised; "index.html"
 * when nothing usable is left.
 */
char	*naming_from_url(const char *url);

/* Returns "stem (N).ext" for NAME (malloc'd); N = 0 gives NAME itself. */
char	*naming_variant(const char *name, unsigned n);

/* Parses a policy word ("rename", ...) into *OUT; returns 0 or -1. */
int	 naming_policy_parse(const char *word, enum naming_policy *out);

/*
 * Chooses the name for NAME in directory DIR under POLICY and opens its
 * .part file, locked.  With RESUME a .part left by an earlier run is kept
 * (CLAIM->size says how much it holds); without it is truncated.  On
 * NAMING_OK the caller owns CLAIM and must naming_release() it.  On
 * NAMING_ERROR a sentence saying why is written to ERR.
 */
enum naming_result naming_claim(const char *dir, const char *name,
	    enum naming_policy policy, int resume, struct naming_claim *claim,
	    char *err, size_t errlen);

/*
 * Moves the completed CLAIM->part_path into place.  Under rename, if
 * CLAIM->name appeared meanwhile the next free variant is used and
 * CLAIM->name and CLAIM->path are updated.  Under skip the existing file
 * wins (NAMING_SKIPPED, the .part is removed); under fail it is an error
 * (the .part is kept).
 */
enum naming_result naming_place(struct naming_claim *claim,
	    enum naming_policy policy, char *err, size_t errlen);

/* Closes the .part (dropping its lock) and frees CLAIM's strings. */
void	 naming_release(struct naming_claim *claim);

#endif
