/*
 * What every file name that haul would write to disk must be, checked
 * by the fuzz harnesses that make names from hostile text.  A name that
 * breaks a rule is printed (escaped) with the rule, and the process
 * aborts so that libFuzzer keeps the input.
 */
#ifndef HAUL_FUZZNAME_H
#define HAUL_FUZZNAME_H

#include <stddef.h>
#include <stdint.h>

/*
 * Checks NAME, which WHAT produced: one path component of 1 to MAX
 * bytes, valid UTF-8 without control characters, no '/' or '\\', not
 * starting with '.' or '-'.  Aborts when it is not.
 */
void	fuzzname_check(const char *what, const char *name, size_t max);

/* Returns the SIZE bytes at DATA as a string (malloc'd; aborts on OOM). */
char	*fuzzname_string(const uint8_t *data, size_t size);

/* Prints WHY and NAME, which WHAT produced, then aborts. */
void	fuzzname_fail(const char *what, const char *name, const char *why);

#endif
